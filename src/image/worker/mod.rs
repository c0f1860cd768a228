//! The worker's pure half — which bytes to read next (`plan.rs`), the summary sent to the page
//! and dive's CI verdict (`summary.rs`), the file-tree queries answered from the analysis the
//! worker keeps (`trees.rs`), the warm-up image (`warm_up.rs`) — and its web half (`web/`:
//! messages, helpers, reading the `File`), which only a browser runs.

mod plan;
mod summary;
mod trees;
mod warm_up;
#[cfg(target_arch = "wasm32")]
pub mod web;

pub use plan::{restart_at, Block, Passed, RESTART_GAP};
pub use summary::{dive_rules, summarize, ReadStats};
pub use trees::Trees;
pub use warm_up::warm_up_image;

#[cfg(test)]
mod tests;
