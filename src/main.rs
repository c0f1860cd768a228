//! The layerlens web app. Everything runs here, in the browser: nothing typed, pasted or
//! dropped is sent anywhere.

mod app;
mod components;
mod examples;
mod highlight;
mod state;

fn main() {
    #[cfg(target_arch = "wasm32")]
    yew::Renderer::<app::App>::new().render();
}
