//! The Optimize view as its own wasm: the page fetches it (with `optimize_view_loader.js`) only
//! when the Optimize tab is first opened, so the first load does not carry the optimizer. See
//! `src/optimize_view/mod.rs`; what it and the page say to each other: `src/optimize_view/wire.rs`.

#![cfg_attr(not(target_arch = "wasm32"), allow(dead_code, unused_imports))]

#[cfg(target_arch = "wasm32")]
#[path = "../components/bars.rs"]
mod bars;
#[cfg(target_arch = "wasm32")]
#[path = "../components/export.rs"]
mod export;
#[cfg(target_arch = "wasm32")]
#[path = "../fetch.rs"]
mod fetch;
#[cfg(target_arch = "wasm32")]
#[allow(dead_code)]
#[path = "../components/rich.rs"]
mod rich;
#[cfg(target_arch = "wasm32")]
#[path = "../components/side_by_side.rs"]
mod side_by_side;
#[allow(dead_code)]
#[path = "../shared.rs"]
mod state;
#[cfg(target_arch = "wasm32")]
#[path = "../optimize_view/mod.rs"]
mod view;
#[allow(dead_code)]
#[path = "../optimize_view/wire.rs"]
mod wire;

fn main() {
    #[cfg(target_arch = "wasm32")]
    view::mount();
}
