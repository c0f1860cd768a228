// Starts the image explorer's worker: wasm-bindgen's no-modules output for src/bin/image_worker.rs
// (built by Trunk, index.html). Its main() installs the message handler and says "ready".
// The coordinator compiles the module once and hands it to its helper workers (named
// layerlens-layer-N), so they share its compiled code instead of compiling their own.
importScripts('./image_worker.js');
if (self.name.startsWith('layerlens-layer')) {
  self.onmessage = (e) => { self.onmessage = null; wasm_bindgen({ module_or_path: e.data }); };
} else {
  const url = './image_worker_bg.wasm';
  self.layerlensModule = WebAssembly.compileStreaming(fetch(url))
    .catch(() => fetch(url).then((r) => r.arrayBuffer()).then((b) => WebAssembly.compile(b)));
  self.layerlensModule.then((m) => wasm_bindgen({ module_or_path: m }));
}
