//! Dockerfile syntax: a faithful, never-failing reading of the text into [`Dockerfile`].

mod args;
pub mod json;
mod model;
mod parser;
pub mod words;

pub use model::*;
pub use parser::parse;
