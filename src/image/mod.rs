//! The Image view and its worker: two wasm binaries of their own (`src/bin/image_view.rs`,
//! `src/bin/image_worker.rs`), loaded when the Image tab first opens. `protocol.rs` — the
//! messages between them; `state.rs` — the view's reducer; `view/` — its components;
//! `worker/` — the worker (its pure half and its browser half); `treemap.rs` — the treemap's
//! layout; `human.rs` — numbers as the view writes them.

pub mod human;
pub mod protocol;
pub mod state;
pub mod treemap;
#[cfg(target_arch = "wasm32")]
pub mod view;
pub mod worker;
