//! The layerlens web app. Everything runs here, in the browser: nothing typed, pasted or
//! dropped is sent anywhere.

// Natively only the pure modules are exercised (by tests); the components run in the browser.
#![cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]

mod address;
mod app;
mod bridge;
mod clock;
mod components;
mod examples;
mod fetch;
mod highlight;
mod lessons;
mod report;
mod share;
// Also the Optimize view's (src/bin/optimize_view.rs); the rewrite itself is only used there.
#[allow(dead_code)]
#[path = "optimize_view/wire.rs"]
mod optimize_wire;
#[allow(dead_code)]
mod shared;
mod state;

fn main() {
    #[cfg(target_arch = "wasm32")]
    yew::Renderer::<app::App>::new().render();
}

#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
#[global_allocator]
static TALC: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();
