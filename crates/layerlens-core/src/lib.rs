//! layerlens-core: everything layerlens knows, as pure functions over text and bytes.
//!
//! **Architecture invariant:** no IO, no threads, no `web-sys`; builds for `wasm32-unknown-unknown`
//! and native. The web app and the CLI are thin shells over this crate.

pub mod compare;
pub mod estimate;
pub mod explain;
pub mod image;
pub mod knowledge;
pub mod lint;
pub mod optimize;
pub mod report;
pub mod shell;
pub mod sort;
pub mod span;
pub mod stages;
pub mod syntax;

pub use span::Span;
pub use syntax::{parse, Dockerfile};
