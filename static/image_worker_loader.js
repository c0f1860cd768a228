// Starts the image explorer's worker: wasm-bindgen's no-modules output for src/bin/image_worker.rs
// (built by Trunk, index.html). Its main() installs the message handler and says "ready".
importScripts('./image_worker.js');
wasm_bindgen({ module_or_path: './image_worker_bg.wasm' });
