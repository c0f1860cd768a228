//! One component a file; each takes `Callback`s, never the reducer.

pub mod editor;
pub mod explanation;
pub mod findings;
pub mod folder;
pub mod learn;
pub mod problems;
pub mod rich;
pub mod size;
