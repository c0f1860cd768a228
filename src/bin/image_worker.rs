//! The image explorer's web worker: reads a dropped `File` in the byte ranges the engine asks for
//! (streams over slices, so only headers and compressed streams are read), reports progress,
//! analyzes, and then answers file-tree questions (`src/image/worker/`: the web half in `web/`, the
//! pure half beside it). Built by Trunk as its own wasm
//! (`index.html`: `data-type="worker"`) and started only when the Image view is opened, so the
//! inflaters never weigh on the app's first load. Messages: `src/image/protocol.rs`.
//!
//! The same wasm runs in two roles. The page starts the *coordinator*, which reads the archive's
//! index and JSON and starts a pool of *helpers* (the same script, named `layerlens-layer-N`):
//! each helper reads whole layers (`ToWorker::ReadLayer`, the engine's `LayerReader`) and hands
//! the layer back as bytes; the coordinator merges them in layer order (`put_layer`), so the
//! analysis is the one a single reader would make. Layers are read several at once: inflating
//! gzip layers is bound by the CPU and streaming a `File` by the browser's per-stream pace.

#![cfg_attr(not(target_arch = "wasm32"), allow(dead_code, unused_imports))]

fn main() {
    #[cfg(target_arch = "wasm32")]
    layerlens_app::image::worker::web::start();
}
