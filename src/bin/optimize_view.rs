//! The Optimize view as its own wasm: the page fetches it (with `optimize_view_loader.js`) only
//! when the Optimize tab is first opened, so the first load does not carry the optimizer. See
//! `src/optimize_view/`.

fn main() {
    #[cfg(target_arch = "wasm32")]
    layerlens_app::optimize_view::mount();
}
