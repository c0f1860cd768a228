//! Two images, or two Dockerfiles, side by side: what grew, what shrank, what is shared. The
//! engine computes the comparison; the CLI (`layerlens diff`) and the app only show it.
//!
//! `images.rs` — two analyses: layers matched by position and digest, the final filesystems
//! compared path by path. `dockerfiles.rs` — two estimates: instructions aligned, each with its
//! estimate before and after. `gate.rs` — the CI gate (`--fail-on-increase`). `render.rs` — the
//! text and the markdown (a pull-request comment).

mod dockerfiles;
mod gate;
mod images;
mod render;

pub use dockerfiles::{dockerfiles, DockerfileDiff, InstructionDiff};
pub use gate::{Increase, IncreaseError};
pub use images::{
    images, parent_dir, ChangeOrder, ChangeRow, DirDelta, HogDelta, ImageDiff, LayerDiff,
    PathChange, PathSize, Paths, DEEP_DIRS,
};
pub use render::{markdown, signed_size, text, Diff};

use serde::{Deserialize, Serialize};

/// A figure before and after.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Delta {
    pub before: u64,
    pub after: u64,
    /// `after - before`.
    pub delta: i64,
}

impl Delta {
    pub fn new(before: u64, after: u64) -> Delta {
        Delta {
            before,
            after,
            delta: after as i64 - before as i64,
        }
    }
}

/// How a layer or an instruction compares.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// The same on both sides (a layer: the same digest at the same position).
    Shared,
    Changed,
    /// Only in the second.
    Added,
    /// Only in the first.
    Removed,
}

impl Status {
    pub fn name(self) -> &'static str {
        match self {
            Status::Shared => "shared",
            Status::Changed => "changed",
            Status::Added => "added",
            Status::Removed => "removed",
        }
    }
}
