//! Two image analyses compared: the layers position by position (the same digest at the same
//! position is shared), the final filesystems path by path. Paths are matched through the
//! readers' interned paths (each of the second image's looked up by parent and name in the
//! first's index), so no path is spelled out unless it is reported; memory is a few words per
//! interned path of each image.

use super::{Delta, Status};
use crate::image::{Analysis, Kind};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
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
    /// The final filesystems' top-level directories and theirs (two levels), each with
    /// everything under it before and after — what a treemap of the change is drawn from.
    pub dirs: Vec<DirDelta>,
}

/// A directory (or a file at the top) with its bytes in each image (0 where it is absent).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DirDelta {
    pub path: String,
    pub before_bytes: u64,
    pub after_bytes: u64,
    /// A directory in either image (a top-level entry can be a file).
    pub dir: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
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
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Paths {
    pub added: Vec<PathSize>,
    pub removed: Vec<PathSize>,
    pub changed: Vec<PathChange>,
    /// How many paths each list had before any was cut ([`Paths::cut`]).
    pub added_count: usize,
    pub removed_count: usize,
    pub changed_count: usize,
    /// Bytes the added, removed and changed paths account for.
    pub added_bytes: u64,
    pub removed_bytes: u64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PathSize {
    pub path: String,
    pub size_bytes: u64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PathChange {
    pub path: String,
    pub before_bytes: u64,
    pub after_bytes: u64,
}

impl ImageDiff {
    /// The totals every surface shows, named: the image size, the pull size when both archives
    /// say it, the wasted bytes.
    pub fn totals(&self) -> Vec<(&'static str, Delta)> {
        let mut v = vec![("image size", self.size_bytes)];
        if let Some(s) = self.stored_bytes {
            v.push(("pull size (compressed)", s));
        }
        v.push(("wasted bytes", self.wasted_bytes));
        v
    }
}

impl LayerDiff {
    /// The instruction that made it, as `dive` prints it (the second image's when both have it).
    pub fn made_by(&self) -> &str {
        crate::image::dive_command(
            self.after_created_by
                .as_deref()
                .or(self.before_created_by.as_deref())
                .unwrap_or(""),
        )
    }
}

impl Paths {
    /// The same with each list cut to its `n` biggest (the counts and bytes stay the whole's):
    /// what a page shows, and what a worker sends it.
    pub fn cut(&mut self, n: usize) {
        self.added.truncate(n);
        self.removed.truncate(n);
        self.changed.truncate(n);
    }
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
        dirs: dirs(a, b),
    }
}

/// Two levels of the final trees side by side: `/x` and `/x/y` with their totals.
fn dirs(a: &Analysis, b: &Analysis) -> Vec<DirDelta> {
    use std::collections::BTreeMap;
    let mut out: BTreeMap<String, DirDelta> = BTreeMap::new();
    for (side, x) in [(0, a), (1, b)] {
        for top in x.children(0) {
            let is_dir = top.kind == Kind::Dir;
            let mut add = |path: String, total: u64, dir: bool| {
                let e = out.entry(path.clone()).or_insert(DirDelta {
                    path,
                    before_bytes: 0,
                    after_bytes: 0,
                    dir,
                });
                e.dir |= dir;
                if side == 0 {
                    e.before_bytes = total;
                } else {
                    e.after_bytes = total;
                }
            };
            add(top.path.clone(), top.total_bytes, is_dir);
            if is_dir {
                for c in x.children(top.id) {
                    add(c.path.clone(), c.total_bytes, c.kind == Kind::Dir);
                }
            }
        }
    }
    out.into_values().collect()
}

/// For each path of `b`'s interned paths, the same path in `a`'s (`None` when `a` never saw it):
/// parents first, each looked up by (parent, name) in `a`'s own index — no path is spelled out.
fn translate(a: &crate::image::Paths, b: &crate::image::Paths) -> Vec<Option<u32>> {
    let mut map: Vec<Option<Option<u32>>> = vec![None; b.len()];
    if let Some(root) = map.first_mut() {
        *root = Some(Some(0));
    }
    let mut chain = Vec::new();
    for id in 1..b.len() as u32 {
        // Walk up to the first resolved ancestor, then resolve back down.
        let mut cur = id;
        while map[cur as usize].is_none() {
            chain.push(cur);
            match b.parent(cur) {
                Some(p) if (p as usize) < map.len() => cur = p,
                _ => break,
            }
        }
        while let Some(c) = chain.pop() {
            let parent = b
                .parent(c)
                .and_then(|p| map.get(p as usize).copied().flatten())
                .flatten();
            map[c as usize] = Some(parent.and_then(|p| a.lookup(p, b.name(c))));
        }
    }
    map.into_iter().map(Option::flatten).collect()
}

fn paths(a: &Analysis, b: &Analysis) -> Paths {
    // The first image's files by node; the second's found through `translate`.
    let mut before: Vec<Option<(Kind, u64, Option<&str>)>> = vec![None; a.paths().len()];
    for (node, kind, size, link) in a.final_files() {
        before[node as usize] = Some((kind, size, link));
    }
    let to_a = translate(a.paths(), b.paths());
    let mut out = Paths::default();
    for (node, kind, size, link) in b.final_files() {
        let was = to_a
            .get(node as usize)
            .copied()
            .flatten()
            .and_then(|n| before.get_mut(n as usize).and_then(Option::take));
        match was {
            None => {
                out.added_bytes += size;
                out.added.push(PathSize {
                    path: b.paths().path(node),
                    size_bytes: size,
                });
            }
            Some((k, s, l)) => {
                if k != kind || s != size || l != link {
                    out.changed.push(PathChange {
                        path: b.paths().path(node),
                        before_bytes: s,
                        after_bytes: size,
                    });
                }
            }
        }
    }
    for (node, left) in before.iter().enumerate() {
        if let Some((_, size, _)) = left {
            out.removed_bytes += size;
            out.removed.push(PathSize {
                path: a.paths().path(node as u32),
                size_bytes: *size,
            });
        }
    }
    let by_size = |x: &PathSize, y: &PathSize| {
        y.size_bytes
            .cmp(&x.size_bytes)
            .then_with(|| x.path.cmp(&y.path))
    };
    out.added.sort_by(by_size);
    out.removed.sort_by(by_size);
    out.added_count = out.added.len();
    out.removed_count = out.removed.len();
    out.changed_count = out.changed.len();
    out.changed.sort_by(|x, y| {
        y.delta()
            .unsigned_abs()
            .cmp(&x.delta().unsigned_abs())
            .then_with(|| x.path.cmp(&y.path))
    });
    out
}
