//! The Image view as its own wasm: the page fetches it (with `image_view_loader.js`) only when
//! the Image tab is first opened, so the first load stays small. See `src/image/view/mod.rs`.

#![cfg_attr(not(target_arch = "wasm32"), allow(dead_code, unused_imports))]

#[path = "../image/human.rs"]
mod human;
// Each side uses its half of the messages.
#[allow(dead_code)]
#[path = "../image/protocol.rs"]
mod protocol;
#[path = "../image/state.rs"]
mod state;
#[cfg(target_arch = "wasm32")]
#[path = "../image/view/mod.rs"]
mod view;

fn main() {
    #[cfg(target_arch = "wasm32")]
    view::mount();
}
