//! The layerlens web app's modules. Everything runs in the browser: nothing typed, pasted or
//! dropped is sent anywhere. Four wasm binaries share them — the app (`src/main.rs`), the
//! Optimize view and the Image view (each fetched when its tab first opens) and the image
//! worker (`src/bin/`); each links only what it uses.

// Natively only the pure modules are exercised (by tests); the components run in the browser.
#![cfg_attr(not(target_arch = "wasm32"), allow(dead_code, unused_imports))]

pub mod address;
pub mod app;
pub mod bridge;
pub mod clock;
pub mod components;
pub mod examples;
pub mod fetch;
pub mod highlight;
pub mod image;
pub mod lessons;
pub mod optimize_view;
pub mod report;
pub mod share;
pub mod shared;
pub mod state;
