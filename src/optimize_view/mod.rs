//! The Optimize view: its own wasm (`src/bin/optimize_view.rs`), fetched the first time the
//! Optimize tab opens. `view.rs` — the view; `wire.rs` — what it and the page say to each other
//! (the page's side is `components/optimize.rs`).

pub mod wire;

#[cfg(target_arch = "wasm32")]
mod view;
#[cfg(target_arch = "wasm32")]
pub use view::mount;
