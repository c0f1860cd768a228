//! The layerlens web app (see `src/lib.rs`).

fn main() {
    #[cfg(target_arch = "wasm32")]
    yew::Renderer::<layerlens_app::app::App>::new().render();
}

#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
#[global_allocator]
static TALC: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();
