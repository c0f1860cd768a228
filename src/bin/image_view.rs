//! The Image view as its own wasm: the page fetches it (with `image_view_loader.js`) only when
//! the Image tab is first opened, so the first load stays small. See `src/image/view/mod.rs`.

fn main() {
    #[cfg(target_arch = "wasm32")]
    layerlens_app::image::view::mount();
}
