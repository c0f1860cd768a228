//! Two image analyses compared: the layers position by position (the same digest at the same
//! position is shared), the final filesystems path by path. Paths are matched by their text; each
//! side's interned paths are walked once, so memory is one entry per path of the first image.

use super::{Delta, Status};
use crate::image::{Analysis, Kind};
use serde::Serialize;
use std::collections::HashMap;

#[derive(Clone, Debug, Serialize)]
pub struct ImageDiff {
    /// Σ layer sizes (unpacked), before and after.
    pub size_bytes: Delta,
    /// Σ blob sizes in the archives (what a pull downloads), when both archives say.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stored_bytes: Option<Delta>,
    pub wasted_bytes: Delta,
    pub final_files: Delta,
    pub shared_layers: usize,
    pub layers: Vec<LayerDiff>,
    pub paths: Paths,
}

#[derive(Clone, Debug, Serialize)]
pub struct LayerDiff {
    /// 0-based position in both images.
    pub position: usize,
    pub status: Status,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub before_digest: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub after_digest: Option<String>,
    pub before_bytes: u64,
    pub after_bytes: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub before_created_by: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub after_created_by: Option<String>,
}

/// The final filesystems' differences, each list biggest change first. Directories are not
/// listed (their files are); a change is a different size, type or link target — two files of
/// the same size and type count as the same (the archive gives no content hash per file).
#[derive(Clone, Debug, Default, Serialize)]
pub struct Paths {
    pub added: Vec<PathSize>,
    pub removed: Vec<PathSize>,
    pub changed: Vec<PathChange>,
    /// Bytes the added, removed and changed paths account for.
    pub added_bytes: u64,
    pub removed_bytes: u64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PathSize {
    pub path: String,
    pub size_bytes: u64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PathChange {
    pub path: String,
    pub before_bytes: u64,
    pub after_bytes: u64,
}

impl PathChange {
    pub fn delta(&self) -> i64 {
        self.after_bytes as i64 - self.before_bytes as i64
    }
}

/// `a` before, `b` after.
pub fn images(a: &Analysis, b: &Analysis) -> ImageDiff {
    let n = a.layers.len().max(b.layers.len());
    let mut layers = Vec::with_capacity(n);
    let mut shared = 0;
    for position in 0..n {
        let (la, lb) = (a.layers.get(position), b.layers.get(position));
        let status = match (la, lb) {
            (Some(x), Some(y)) if x.digest == y.digest => Status::Shared,
            (Some(_), Some(_)) => Status::Changed,
            (Some(_), None) => Status::Removed,
            _ => Status::Added,
        };
        shared += usize::from(status == Status::Shared);
        layers.push(LayerDiff {
            position,
            status,
            before_digest: la.map(|l| l.digest.clone()),
            after_digest: lb.map(|l| l.digest.clone()),
            before_bytes: la.map_or(0, |l| l.size_bytes),
            after_bytes: lb.map_or(0, |l| l.size_bytes),
            before_created_by: la.map(|l| l.created_by.clone()),
            after_created_by: lb.map(|l| l.created_by.clone()),
        });
    }
    let stored = |x: &Analysis| -> Option<u64> {
        x.layers
            .iter()
            .all(|l| l.stored_bytes > 0)
            .then(|| x.layers.iter().map(|l| l.stored_bytes).sum())
    };
    ImageDiff {
        size_bytes: Delta::new(a.size_bytes, b.size_bytes),
        stored_bytes: stored(a).zip(stored(b)).map(|(x, y)| Delta::new(x, y)),
        wasted_bytes: Delta::new(a.wasted_bytes, b.wasted_bytes),
        final_files: Delta::new(a.final_files, b.final_files),
        shared_layers: shared,
        layers,
        paths: paths(a, b),
    }
}

fn paths(a: &Analysis, b: &Analysis) -> Paths {
    // The first image's files by path; what the second has too is taken out as it is met.
    let mut before: HashMap<String, (Kind, u64, Option<String>)> = a
        .final_files()
        .map(|(node, kind, size, link)| {
            (a.paths().path(node), (kind, size, link.map(str::to_string)))
        })
        .collect();
    let mut out = Paths::default();
    for (node, kind, size, link) in b.final_files() {
        let path = b.paths().path(node);
        match before.remove(&path) {
            None => {
                out.added_bytes += size;
                out.added.push(PathSize {
                    path,
                    size_bytes: size,
                });
            }
            Some((k, s, l)) => {
                if k != kind || s != size || l.as_deref() != link {
                    out.changed.push(PathChange {
                        path,
                        before_bytes: s,
                        after_bytes: size,
                    });
                }
            }
        }
    }
    for (path, (_, size, _)) in before {
        out.removed_bytes += size;
        out.removed.push(PathSize {
            path,
            size_bytes: size,
        });
    }
    let by_size = |x: &PathSize, y: &PathSize| {
        y.size_bytes
            .cmp(&x.size_bytes)
            .then_with(|| x.path.cmp(&y.path))
    };
    out.added.sort_by(by_size);
    out.removed.sort_by(by_size);
    out.changed.sort_by(|x, y| {
        y.delta()
            .unsigned_abs()
            .cmp(&x.delta().unsigned_abs())
            .then_with(|| x.path.cmp(&y.path))
    });
    out
}
