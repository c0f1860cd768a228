//! Two image analyses compared: the layers position by position (the same digest at the same
//! position is shared), the final filesystems path by path. Paths are matched through the
//! readers' interned paths (each of the second image's looked up by parent and name in the
//! first's index), so no path is spelled out unless it is reported; memory is a few words per
//! interned path of each image.

use super::{Delta, Status};
use crate::image::{Analysis, Compression, Kind};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ImageDiff {
    /// Σ layer sizes (unpacked), before and after.
    pub size_bytes: Delta,
    /// Σ blob sizes in the archives (what a pull downloads), when both images' layers are all
    /// stored compressed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stored_bytes: Option<Delta>,
    pub wasted_bytes: Delta,
    pub final_files: Delta,
    pub shared_layers: usize,
    /// The hogs (`Analysis::hogs`) of either image, with what each would save in each.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub hogs: Vec<HogDelta>,
    pub layers: Vec<LayerDiff>,
    pub paths: Paths,
    /// The final filesystems' directories, each with everything under it before and after: the
    /// top two levels whole, and below them every directory whose content changed (the
    /// [`DEEP_DIRS`] biggest changes and their ancestors) — what the treemap of the change and
    /// the tree of changes by folder are drawn from. Sorted by path.
    pub dirs: Vec<DirDelta>,
}

/// A hog of either image: what its fix would save before and after (0 where it is absent).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HogDelta {
    pub id: String,
    pub title: String,
    pub before_bytes: u64,
    pub after_bytes: u64,
}

impl HogDelta {
    pub fn delta(&self) -> i64 {
        self.after_bytes as i64 - self.before_bytes as i64
    }
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
    // What a pull downloads: the compressed blobs (an uncompressed layer's tar is not that).
    let stored = |x: &Analysis| -> Option<u64> {
        x.layers
            .iter()
            .all(|l| l.stored_bytes > 0 && l.compression.is_some_and(|c| c != Compression::None))
            .then(|| x.layers.iter().map(|l| l.stored_bytes).sum())
    };
    let paths = paths(a, b);
    ImageDiff {
        size_bytes: Delta::new(a.size_bytes, b.size_bytes),
        stored_bytes: stored(a).zip(stored(b)).map(|(x, y)| Delta::new(x, y)),
        wasted_bytes: Delta::new(a.wasted_bytes, b.wasted_bytes),
        final_files: Delta::new(a.final_files, b.final_files),
        shared_layers: shared,
        hogs: hogs(a, b),
        layers,
        dirs: dirs(a, b, &paths),
        paths,
    }
}

/// The hogs of both images by id, the biggest (either side) first.
fn hogs(a: &Analysis, b: &Analysis) -> Vec<HogDelta> {
    let mut out: Vec<HogDelta> = Vec::new();
    for (side, x) in [(0, a), (1, b)] {
        for h in &x.hogs {
            let i = match out.iter().position(|d| d.id == h.id) {
                Some(i) => i,
                None => {
                    out.push(HogDelta {
                        id: h.id.to_string(),
                        title: h.title.to_string(),
                        before_bytes: 0,
                        after_bytes: 0,
                    });
                    out.len() - 1
                }
            };
            if side == 0 {
                out[i].before_bytes = h.size_bytes;
            } else {
                out[i].after_bytes = h.size_bytes;
            }
        }
    }
    out.sort_by(|x, y| {
        (y.before_bytes.max(y.after_bytes))
            .cmp(&x.before_bytes.max(x.after_bytes))
            .then_with(|| x.id.cmp(&y.id))
    });
    out
}

/// How many directories below the top two levels the comparison keeps (the biggest changes),
/// so two images of 100,000 different paths still give a bounded list.
pub const DEEP_DIRS: usize = 2_000;

/// The final trees' directories side by side: `/x` and `/x/y` with their totals, and the
/// deeper directories the changed paths sit in.
fn dirs(a: &Analysis, b: &Analysis, changes: &Paths) -> Vec<DirDelta> {
    use std::collections::{BTreeMap, HashMap};
    let mut out: BTreeMap<String, DirDelta> = BTreeMap::new();
    // Every ancestor of a changed path, with the net change under it (borrowed slices: no
    // path is copied unless kept).
    let mut deep: HashMap<&str, i64> = HashMap::new();
    let changed = (changes
        .added
        .iter()
        .map(|x| (x.path.as_str(), x.size_bytes as i64)))
    .chain(
        changes
            .removed
            .iter()
            .map(|x| (x.path.as_str(), -(x.size_bytes as i64))),
    )
    .chain(changes.changed.iter().map(|x| (x.path.as_str(), x.delta())));
    for (path, delta) in changed {
        let mut p = path;
        while let Some((dir, _)) = p.rsplit_once('/') {
            if dir.is_empty() {
                break;
            }
            // The top two levels are there whole already.
            if dir.matches('/').count() > 2 {
                *deep.entry(dir).or_default() += delta;
            }
            p = dir;
        }
    }
    let mut deep: Vec<(&str, i64)> = deep.into_iter().collect();
    deep.sort_by(|x, y| {
        y.1.unsigned_abs()
            .cmp(&x.1.unsigned_abs())
            .then_with(|| x.0.cmp(y.0))
    });
    let mut keep: std::collections::BTreeSet<&str> = std::collections::BTreeSet::new();
    for (dir, _) in deep.iter().take(DEEP_DIRS) {
        let mut d = *dir;
        while d.matches('/').count() > 2 && keep.insert(d) {
            match d.rsplit_once('/') {
                Some((up, _)) => d = up,
                None => break,
            }
        }
    }
    for dir in keep {
        let total = |x: &Analysis| {
            x.paths()
                .find(dir)
                .and_then(|id| x.node(id))
                .filter(|n| n.kind == Kind::Dir)
                .map_or(0, |n| n.total_bytes)
        };
        out.insert(
            dir.to_string(),
            DirDelta {
                path: dir.to_string(),
                before_bytes: total(a),
                after_bytes: total(b),
                dir: true,
            },
        );
    }
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

/// One row of the tree of changes: a directory or a file with its bytes on each side.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChangeRow {
    pub path: String,
    pub before_bytes: u64,
    pub after_bytes: u64,
    pub dir: bool,
    /// Added, removed or changed (a directory: added or removed when one side has none of it).
    pub status: Status,
}

impl ChangeRow {
    pub fn delta(&self) -> i64 {
        self.after_bytes as i64 - self.before_bytes as i64
    }

    /// The last component.
    pub fn name(&self) -> &str {
        self.path.rsplit('/').next().unwrap_or("")
    }
}

/// How the tree of changes is ordered.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ChangeOrder {
    /// The biggest change first, growth or shrink.
    #[default]
    Delta,
    /// The bigger side first.
    Size,
    Name,
}

/// The directory a `/`-path is in (`/` for a top-level entry and for the root itself).
pub fn parent_dir(path: &str) -> &str {
    match path.rsplit_once('/') {
        Some(("", _)) | None => "/",
        Some((d, _)) => d,
    }
}

fn status_of(before: u64, after: u64) -> Status {
    match (before, after) {
        (0, _) => Status::Added,
        (_, 0) => Status::Removed,
        _ => Status::Changed,
    }
}

impl ImageDiff {
    /// What changed directly under `dir` (`/` for the root): its directories whose content
    /// changed ([`ImageDiff::dirs`]) and its files added, removed or changed (from the path
    /// lists, as far as they were kept), in `order`. A tree of changes opens one of these a
    /// directory at a time; with `needle` (lower case), every row whose path contains it.
    pub fn changes_under(&self, dir: &str, needle: &str, order: ChangeOrder) -> Vec<ChangeRow> {
        let wanted = |path: &str| {
            if needle.is_empty() {
                parent_dir(path) == dir
            } else {
                path.to_ascii_lowercase().contains(needle)
            }
        };
        let mut rows: Vec<ChangeRow> = Vec::new();
        let mut seen = std::collections::HashSet::new();
        let p = &self.paths;
        let files = (p
            .added
            .iter()
            .map(|x| (&x.path, 0, x.size_bytes, Status::Added)))
        .chain(
            p.removed
                .iter()
                .map(|x| (&x.path, x.size_bytes, 0, Status::Removed)),
        )
        .chain(
            p.changed
                .iter()
                .map(|x| (&x.path, x.before_bytes, x.after_bytes, Status::Changed)),
        );
        for (path, before, after, status) in files {
            if wanted(path) && seen.insert(path.as_str()) {
                rows.push(ChangeRow {
                    path: path.clone(),
                    before_bytes: before,
                    after_bytes: after,
                    dir: false,
                    status,
                });
            }
        }
        for d in &self.dirs {
            if d.before_bytes != d.after_bytes && wanted(&d.path) && seen.insert(d.path.as_str()) {
                rows.push(ChangeRow {
                    path: d.path.clone(),
                    before_bytes: d.before_bytes,
                    after_bytes: d.after_bytes,
                    dir: d.dir,
                    status: status_of(d.before_bytes, d.after_bytes),
                });
            }
        }
        rows.sort_by(|x, y| {
            let by = match order {
                ChangeOrder::Delta => y.delta().unsigned_abs().cmp(&x.delta().unsigned_abs()),
                ChangeOrder::Size => y
                    .before_bytes
                    .max(y.after_bytes)
                    .cmp(&x.before_bytes.max(x.after_bytes)),
                ChangeOrder::Name => std::cmp::Ordering::Equal,
            };
            by.then_with(|| x.path.cmp(&y.path))
        });
        rows
    }

    /// Whether `dir` has rows under it in the tree of changes.
    pub fn has_changes_under(&self, dir: &str) -> bool {
        let under = |path: &str| parent_dir(path) == dir;
        self.dirs
            .iter()
            .any(|d| d.before_bytes != d.after_bytes && under(&d.path))
            || self.paths.added.iter().any(|x| under(&x.path))
            || self.paths.removed.iter().any(|x| under(&x.path))
            || self.paths.changed.iter().any(|x| under(&x.path))
    }
}
