//! One component a file; each takes `Callback`s, never the reducer.

pub mod bars;
pub mod editor;
pub mod explanation;
pub mod export;
pub mod findings;
pub mod folder;
pub mod image_host;
pub mod lazy_view;
pub mod learn;
pub mod lessons;
pub mod optimize;
pub mod problems;
pub mod rich;
pub mod share;
pub mod side_by_side;
pub mod size;
pub mod theme;
