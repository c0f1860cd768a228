//! The analysis, computed the way dive computes it (`dive/filetree/efficiency.go`), plus the
//! per-layer changes, the final filesystem and what the hogs, checks and Dockerfile views read.
//!
//! **Efficiency** (dive's formula): for every path that is a leaf of some layer's tree (the
//! whiteout prefix stripped), sum its size over the layers it appears in and take the smallest
//! size seen; `efficiency = Σ smallest / Σ summed` (1.0 when nothing was seen). A whiteout counts
//! 0, unless it removes a directory that existed below: then the size of everything under it.
//! A path seen in two or more layers is an *inefficient file*; `wasted bytes` is the sum of
//! those paths' summed sizes (the copy that survives included). Layer size = Σ regular-file sizes
//! in its tar; user size = all layers but the first; user wasted percent = wasted / user size.
//!
//! Where we differ from dive (docs/image.md): an opaque whiteout (`.wh..wh..opq`) hides the
//! directory's lower contents (dive drops the marker), and counts in the efficiency as the
//! explicit whiteouts it stands for; a whiteout of a path that does not exist below counts 0
//! (dive stops reading that layer's tree there).

use super::model::{Entry, Kind, Paths};
use super::Image;
use serde::Serialize;

const NONE: u32 = u32::MAX;
/// (node, change, bytes, kind, files): `files` is how many non-directories a removal hides.
type ChangeRec = (u32, ChangeKind, u64, Kind, u64);
/// `kind` of a node that exists only because something below it does.
const IMPLICIT: u8 = 255;

fn kind_code(k: Kind) -> u8 {
    k as u8
}

fn is_dir_code(c: u8) -> bool {
    c == Kind::Dir as u8
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    Added,
    Changed,
    Removed,
}

impl ChangeKind {
    /// Its name in the JSON (the serde name).
    pub fn name(self) -> &'static str {
        match self {
            ChangeKind::Added => "added",
            ChangeKind::Changed => "changed",
            ChangeKind::Removed => "removed",
        }
    }
}

/// One path a layer adds, changes or removes.
#[derive(Clone, Debug, Serialize)]
pub struct Change {
    pub path: String,
    pub change: ChangeKind,
    pub kind: Kind,
    /// The file's size (added, changed) or what the removal hides (removed).
    pub size_bytes: u64,
}

#[derive(Clone, Copy, Debug, Default, Serialize)]
pub struct Tally {
    pub count: u64,
    pub bytes: u64,
}

#[derive(Clone, Debug, Serialize)]
pub struct LayerReport {
    pub index: usize,
    /// The layer's diff ID (sha256 of its uncompressed tar) when the config has it, else the blob digest.
    pub digest: String,
    /// The history entry that made the layer, as written (`(missing)` when there is none).
    pub created_by: String,
    /// The same as a Dockerfile instruction (`RUN apt-get …`, `COPY …`).
    pub instruction: String,
    /// Σ regular-file sizes in the layer's tar (dive's layer size).
    pub size_bytes: u64,
    /// Entries in the layer's tar.
    pub entries: usize,
    /// Non-directory paths added, changed and removed.
    pub added: Tally,
    pub changed: Tally,
    pub removed: Tally,
    pub compression: Option<super::decode::Compression>,
    /// The blob's size in the archive.
    pub stored_bytes: u64,
    /// Metadata-only steps (ENV, CMD, …) between the previous layer and this one.
    pub metadata_steps: Vec<String>,
}

/// A history entry, in order, with the layer it made (None for metadata-only steps).
#[derive(Clone, Debug, Serialize)]
pub struct StepReport {
    pub created_by: String,
    pub instruction: String,
    pub empty_layer: bool,
    pub layer: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created: Option<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct InefficientFile {
    pub path: String,
    /// Layers the path appears in (whiteouts included).
    pub count: u32,
    /// Σ of its sizes over those layers.
    pub size_bytes: u64,
}

#[derive(Clone, Debug, Serialize)]
pub struct SizedPath {
    pub path: String,
    pub size_bytes: u64,
    /// The layer that last wrote it.
    pub layer: usize,
}

/// A file that a layer added and a later layer deleted: it still ships in the earlier layer.
#[derive(Clone, Debug, Serialize)]
pub struct Deleted {
    pub path: String,
    pub size_bytes: u64,
    pub added_in: usize,
    pub removed_in: usize,
}

/// The final filesystem (all layers stacked), addressed by node id (0 is `/`).
#[derive(Clone, Debug, Serialize)]
pub struct NodeInfo {
    pub id: u32,
    pub path: String,
    pub name: String,
    pub kind: Kind,
    /// The file's own size (0 for directories).
    pub size_bytes: u64,
    /// Everything under it, itself included.
    pub total_bytes: u64,
    /// Non-directory paths under it, itself included.
    pub files: u64,
    /// The layer that last wrote it (None for directories that only exist implicitly).
    pub layer: Option<usize>,
    pub mode: u32,
    pub uid: u32,
    pub gid: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub link: Option<String>,
}

pub struct FsTree {
    present: Vec<bool>,
    kind: Vec<u8>,
    size: Vec<u64>,
    total: Vec<u64>,
    files: Vec<u64>,
    /// (layer, entry index) of the entry that wrote the node; NONE for implicit nodes.
    src: Vec<(u32, u32)>,
    first_child: Vec<u32>,
    next_sibling: Vec<u32>,
}

#[derive(Serialize)]
pub struct Analysis {
    pub format: super::format::Format,
    pub compressed_archive: bool,
    pub platform: Option<String>,
    pub platforms: Vec<String>,
    pub repo_tags: Vec<String>,
    pub layers: Vec<LayerReport>,
    pub steps: Vec<StepReport>,
    /// Σ layer sizes (dive's image size).
    pub size_bytes: u64,
    /// Σ sizes of all layers but the first.
    pub user_size_bytes: u64,
    pub wasted_bytes: u64,
    pub efficiency: f64,
    pub user_wasted_percent: f64,
    pub inefficient_files: Vec<InefficientFile>,
    /// Non-directory paths in the final filesystem, and their bytes.
    pub final_files: u64,
    pub final_bytes: u64,
    pub biggest_files: Vec<SizedPath>,
    pub biggest_dirs: Vec<SizedPath>,
    pub deleted_later: Vec<Deleted>,
    pub deleted_later_bytes: u64,
    pub hogs: Vec<super::hogs::Hog>,
    pub checks: Vec<super::checks::Check>,
    pub dockerfile: String,
    pub warnings: Vec<String>,
    #[serde(skip)]
    pub image: Image,
    #[serde(skip)]
    pub tree: FsTree,
    #[serde(skip)]
    /// (node, change, bytes, kind, files): `files` is how many non-directories a removal hides.
    changes: Vec<Vec<ChangeRec>>,
}

/// dive's `created_by` → command: the `/bin/sh -c ` prefix removed.
pub fn dive_command(created_by: &str) -> &str {
    created_by.strip_prefix("/bin/sh -c ").unwrap_or(created_by)
}

struct Stack<'a> {
    paths: &'a Paths,
    t: FsTree,
}

impl Stack<'_> {
    fn children(&self, id: u32) -> impl Iterator<Item = u32> + '_ {
        let mut c = self.t.first_child[id as usize];
        std::iter::from_fn(move || {
            if c == NONE {
                return None;
            }
            let r = c;
            c = self.t.next_sibling[c as usize];
            Some(r)
        })
    }

    /// Present nodes under `id`, itself included (iterative: paths may nest deeply).
    fn subtree(&self, id: u32, mut f: impl FnMut(u32)) {
        let mut stack = vec![id];
        while let Some(n) = stack.pop() {
            if !self.t.present[n as usize] {
                continue;
            }
            f(n);
            stack.extend(self.children(n));
        }
    }

    fn remove(&mut self, id: u32, mut removed: impl FnMut(u32, u64, u8, (u32, u32))) {
        let mut nodes = Vec::new();
        self.subtree(id, |n| nodes.push(n));
        for n in nodes {
            let i = n as usize;
            removed(n, self.t.size[i], self.t.kind[i], self.t.src[i]);
            self.t.present[i] = false;
        }
    }

    fn add(&mut self, id: u32) {
        let mut p = self.paths.parent(id);
        while let Some(a) = p {
            if a == 0 || self.t.present[a as usize] {
                break;
            }
            let i = a as usize;
            self.t.present[i] = true;
            self.t.kind[i] = IMPLICIT;
            self.t.size[i] = 0;
            self.t.src[i] = (NONE, NONE);
            p = self.paths.parent(a);
        }
        self.t.present[id as usize] = true;
    }
}

/// Runs the whole analysis. Linear in the number of entries (plus the sort of the results).
pub fn analyze(image: Image) -> Analysis {
    let n = image.paths.len();
    let mut first_child = vec![NONE; n];
    let mut next_sibling = vec![NONE; n];
    for id in (1..n as u32).rev() {
        if let Some(p) = image.paths.parent(id) {
            next_sibling[id as usize] = first_child[p as usize];
            first_child[p as usize] = id;
        }
    }
    let mut st = Stack {
        paths: &image.paths,
        t: FsTree {
            present: vec![false; n],
            kind: vec![IMPLICIT; n],
            size: vec![0; n],
            total: vec![0; n],
            files: vec![0; n],
            src: vec![(NONE, NONE); n],
            first_child,
            next_sibling,
        },
    };
    st.t.present[0] = true;
    st.t.kind[0] = kind_code(Kind::Dir);

    // Efficiency bookkeeping per path.
    let mut cum = vec![0u64; n];
    let mut min = vec![u64::MAX; n];
    let mut cnt = vec![0u32; n];
    let mut events: Vec<(usize, String, u32)> = Vec::new();
    // Per-layer stamps (layer index + 1).
    let mut has_child = vec![0u32; n];
    let mut seen_leaf = vec![0u32; n];
    let mut seen_wh = vec![0u32; n];
    let mut is_entry = vec![0u32; n];

    let mut changes: Vec<Vec<ChangeRec>> = Vec::new();
    let mut deleted: Vec<Deleted> = Vec::new();
    let mut deleted_bytes = 0u64;

    for (k, layer) in image.layers.iter().enumerate() {
        let stamp = k as u32 + 1;
        let entries = &layer.contents.entries;
        for e in entries {
            let mut p = if e.kind == Kind::Opaque {
                Some(e.node)
            } else {
                image.paths.parent(e.node)
            };
            while let Some(a) = p {
                if has_child[a as usize] == stamp {
                    break;
                }
                has_child[a as usize] = stamp;
                p = image.paths.parent(a);
            }
            if !matches!(e.kind, Kind::Whiteout | Kind::Opaque) {
                is_entry[e.node as usize] = stamp;
            }
        }
        // Whiteouts: the layer's own and those an opaque marker stands for.
        let mut whiteouts: Vec<u32> = Vec::new();
        for e in entries {
            match e.kind {
                Kind::Whiteout => whiteouts.push(e.node),
                Kind::Opaque => {
                    let kids: Vec<u32> = st
                        .children(e.node)
                        .filter(|&c| {
                            st.t.present[c as usize]
                                && has_child[c as usize] != stamp
                                && is_entry[c as usize] != stamp
                        })
                        .collect();
                    whiteouts.extend(kids);
                }
                _ => {}
            }
        }
        // Efficiency visits, against the filesystem below this layer.
        let mut visit = |node: u32,
                         size: u64,
                         wh: bool,
                         cum: &mut Vec<u64>,
                         min: &mut Vec<u64>,
                         cnt: &mut Vec<u32>| {
            let i = node as usize;
            cum[i] = cum[i].saturating_add(size);
            min[i] = min[i].min(size);
            cnt[i] += 1;
            if cnt[i] == 2 {
                events.push((k, dive_sort_key(&image.paths, node, wh), node));
            }
        };
        for &w in &whiteouts {
            if seen_wh[w as usize] == stamp {
                continue;
            }
            seen_wh[w as usize] = stamp;
            let mut size = 0u64;
            if st.t.present[w as usize] && is_dir_code(st.t.kind[w as usize]) {
                st.subtree(w, |x| size = size.saturating_add(st.t.size[x as usize]));
            }
            visit(w, size, true, &mut cum, &mut min, &mut cnt);
        }
        for e in entries.iter().rev() {
            if matches!(e.kind, Kind::Whiteout | Kind::Opaque)
                || has_child[e.node as usize] == stamp
                || seen_leaf[e.node as usize] == stamp
            {
                continue;
            }
            seen_leaf[e.node as usize] = stamp;
            visit(e.node, e.size, false, &mut cum, &mut min, &mut cnt);
        }
        // Apply the layer.
        let mut ch: Vec<ChangeRec> = Vec::new();
        for &w in &whiteouts {
            if !st.t.present[w as usize] {
                continue;
            }
            let mut hidden = 0u64;
            let mut files = 0u64;
            let mut kind = Kind::Dir;
            let top = w;
            st.remove(w, |node, size, kc, src| {
                hidden = hidden.saturating_add(size);
                if !is_dir_code(kc) && kc != IMPLICIT {
                    files += 1;
                }
                if node == top {
                    kind = code_kind(kc);
                }
                if kc == kind_code(Kind::File) && size > 0 && src.0 != NONE {
                    deleted_bytes = deleted_bytes.saturating_add(size);
                    deleted.push(Deleted {
                        path: image.paths.path(node),
                        size_bytes: size,
                        added_in: src.0 as usize,
                        removed_in: k,
                    });
                }
            });
            ch.push((w, ChangeKind::Removed, hidden, kind, files));
        }
        for e in entries.iter().filter(|e| e.kind == Kind::Opaque) {
            let kids: Vec<u32> = st
                .children(e.node)
                .filter(|&c| st.t.present[c as usize])
                .collect();
            for c in kids {
                st.remove(c, |_, _, _, _| {});
            }
        }
        for (idx, e) in entries.iter().enumerate() {
            if matches!(e.kind, Kind::Whiteout | Kind::Opaque) {
                continue;
            }
            let i = e.node as usize;
            let was = st.t.present[i] && st.t.kind[i] != IMPLICIT;
            if st.t.present[i]
                && e.kind != Kind::Dir
                && (is_dir_code(st.t.kind[i]) || st.t.kind[i] == IMPLICIT)
            {
                // A file replacing a directory hides what was under it.
                let kids: Vec<u32> = st.children(e.node).collect();
                for c in kids {
                    st.remove(c, |_, _, _, _| {});
                }
            }
            st.add(e.node);
            st.t.kind[i] = kind_code(e.kind);
            st.t.size[i] = e.size;
            st.t.src[i] = (k as u32, idx as u32);
            ch.push((
                e.node,
                if was {
                    ChangeKind::Changed
                } else {
                    ChangeKind::Added
                },
                e.size,
                e.kind,
                u64::from(e.kind != Kind::Dir),
            ));
        }
        // Duplicate entries of one path in a layer: keep the last.
        let mut seen = std::collections::HashSet::new();
        ch.reverse();
        ch.retain(|c| seen.insert((c.0, c.1 == ChangeKind::Removed)));
        ch.reverse();
        changes.push(ch);
    }

    // Final tree totals (children have larger ids than their parents).
    for id in (0..n).rev() {
        if !st.t.present[id] {
            continue;
        }
        let own = st.t.size[id];
        let file = u64::from(!is_dir_code(st.t.kind[id]) && st.t.kind[id] != IMPLICIT);
        st.t.total[id] = st.t.total[id].saturating_add(own);
        st.t.files[id] += file;
        if let Some(p) = image.paths.parent(id as u32) {
            let (t, f) = (st.t.total[id], st.t.files[id]);
            st.t.total[p as usize] = st.t.total[p as usize].saturating_add(t);
            st.t.files[p as usize] += f;
        }
    }
    let tree = st.t;

    // Score and inefficient files, as dive.
    let (mut smallest, mut summed) = (0u64, 0u64);
    let mut wasted = 0u64;
    for i in 0..n {
        if cnt[i] > 0 {
            smallest = smallest.saturating_add(min[i]);
            summed = summed.saturating_add(cum[i]);
        }
        if cnt[i] >= 2 {
            wasted = wasted.saturating_add(cum[i]);
        }
    }
    let efficiency = if summed == 0 {
        1.0
    } else {
        smallest as f64 / summed as f64
    };
    // dive lists them in the order they became inefficient (layer by layer, each layer's tree
    // depth-first in name order), stable-sorted by summed size, then reversed.
    events.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.cmp(&b.1)));
    let mut ineff: Vec<(usize, u32)> = events
        .iter()
        .enumerate()
        .map(|(order, e)| (order, e.2))
        .collect();
    ineff.sort_by(|a, b| {
        cum[b.1 as usize]
            .cmp(&cum[a.1 as usize])
            .then(b.0.cmp(&a.0))
    });
    let inefficient_files = ineff
        .iter()
        .map(|&(_, node)| InefficientFile {
            path: image.paths.path(node),
            count: cnt[node as usize],
            size_bytes: cum[node as usize],
        })
        .collect();

    let size_bytes: u64 = image
        .layers
        .iter()
        .map(|l| l.contents.size_bytes)
        .fold(0, u64::saturating_add);
    let user_size_bytes: u64 = image
        .layers
        .iter()
        .skip(1)
        .map(|l| l.contents.size_bytes)
        .fold(0, u64::saturating_add);
    let user_wasted_percent = if user_size_bytes == 0 {
        0.0
    } else {
        wasted as f64 / user_size_bytes as f64
    };

    // History → layers, the way dive matches them: each layer takes the next history entry
    // that is not `empty_layer`; entries in between are metadata steps.
    let history = &image.config.history;
    let mut steps: Vec<StepReport> = history
        .iter()
        .map(|h| StepReport {
            created_by: h.created_by.clone(),
            instruction: super::dockerfile::instruction(&h.created_by),
            empty_layer: h.empty_layer,
            layer: None,
            created: h.created.clone(),
        })
        .collect();
    let mut layers = Vec::new();
    let mut hist = 0usize;
    for (k, l) in image.layers.iter().enumerate() {
        let mut meta = Vec::new();
        while hist < history.len() && history[hist].empty_layer {
            meta.push(steps[hist].instruction.clone());
            hist += 1;
        }
        let created_by = if hist < history.len() {
            steps[hist].layer = Some(k);
            hist += 1;
            history[hist - 1].created_by.clone()
        } else {
            "(missing)".to_string()
        };
        let mut t = [Tally::default(); 3];
        for &(_, c, size, _, files) in &changes[k] {
            let slot = &mut t[c as usize];
            slot.count += files;
            slot.bytes = slot.bytes.saturating_add(size);
        }
        layers.push(LayerReport {
            index: k,
            digest: l.digest.clone(),
            instruction: if created_by == "(missing)" {
                created_by.clone()
            } else {
                super::dockerfile::instruction(&created_by)
            },
            created_by,
            size_bytes: l.contents.size_bytes,
            entries: l.contents.entries.len(),
            added: t[0],
            changed: t[1],
            removed: t[2],
            compression: l.contents.compression,
            stored_bytes: l.contents.stored_bytes,
            metadata_steps: meta,
        });
    }

    // Biggest files and directories of the final filesystem.
    let top = |want_dir: bool| -> Vec<SizedPath> {
        let mut v: Vec<u32> = (1..n as u32)
            .filter(|&i| {
                let i = i as usize;
                tree.present[i]
                    && (if want_dir {
                        is_dir_code(tree.kind[i]) || tree.kind[i] == IMPLICIT
                    } else {
                        tree.kind[i] == kind_code(Kind::File)
                    })
            })
            .collect();
        let key = |i: u32| {
            if want_dir {
                tree.total[i as usize]
            } else {
                tree.size[i as usize]
            }
        };
        v.sort_by(|&a, &b| key(b).cmp(&key(a)).then(a.cmp(&b)));
        v.truncate(20);
        v.into_iter()
            .filter(|&i| key(i) > 0)
            .map(|i| SizedPath {
                path: image.paths.path(i),
                size_bytes: key(i),
                layer: tree.src[i as usize]
                    .0
                    .min(image.layers.len().saturating_sub(1) as u32)
                    as usize,
            })
            .collect()
    };
    let biggest_files = top(false);
    let biggest_dirs = top(true);
    deleted.sort_by(|a, b| {
        b.size_bytes
            .cmp(&a.size_bytes)
            .then_with(|| a.path.cmp(&b.path))
    });

    let mut a = Analysis {
        format: image.format.clone(),
        compressed_archive: image.compressed_archive,
        platform: image.platform.as_ref().map(|p| p.to_string()),
        platforms: image.platforms.iter().map(|p| p.to_string()).collect(),
        repo_tags: image.repo_tags.clone(),
        layers,
        steps,
        size_bytes,
        user_size_bytes,
        wasted_bytes: wasted,
        efficiency,
        user_wasted_percent,
        inefficient_files,
        final_files: tree.files[0],
        final_bytes: tree.total[0],
        biggest_files,
        biggest_dirs,
        deleted_later: Vec::new(),
        deleted_later_bytes: deleted_bytes,
        hogs: Vec::new(),
        checks: Vec::new(),
        dockerfile: String::new(),
        warnings: image.warnings.clone(),
        image,
        tree,
        changes,
    };
    a.deleted_later = deleted;
    a.hogs = super::hogs::hogs(&a);
    a.deleted_later.truncate(100);
    a.checks = super::checks::checks(&a);
    a.dockerfile = super::dockerfile::dockerfile(&a);
    a
}

fn code_kind(c: u8) -> Kind {
    match c {
        0 => Kind::File,
        1 => Kind::Dir,
        2 => Kind::Symlink,
        3 => Kind::Hardlink,
        4 => Kind::Other,
        5 => Kind::Whiteout,
        6 => Kind::Opaque,
        _ => Kind::Dir,
    }
}

/// dive visits a layer's tree depth-first with children in byte order of their names (a
/// whiteout keeps its `.wh.` prefix there): component-wise order, i.e. `/` sorting before
/// every other byte.
fn dive_sort_key(paths: &Paths, node: u32, whiteout: bool) -> String {
    let p = paths.path(node);
    let p = if whiteout {
        match p.rsplit_once('/') {
            Some((dir, name)) => format!("{dir}/.wh.{name}"),
            None => p,
        }
    } else {
        p
    };
    p.replace('/', "\u{0}")
}

impl Analysis {
    pub fn paths(&self) -> &Paths {
        &self.image.paths
    }

    /// Everything one layer adds, changes and removes (directories included), in tar order.
    pub fn layer_changes(&self, layer: usize) -> Vec<Change> {
        self.changes
            .get(layer)
            .map(|v| {
                v.iter()
                    .map(|&(node, change, size, kind, _)| Change {
                        path: self.image.paths.path(node),
                        change,
                        kind,
                        size_bytes: size,
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Every layer's entry for one path: (layer, what it did, size).
    pub fn path_history(&self, path: &str) -> Vec<(usize, ChangeKind, u64)> {
        let Some(node) = self.image.paths.find(path) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for (k, ch) in self.changes.iter().enumerate() {
            for &(n, c, size, _, _) in ch {
                if n == node {
                    out.push((k, c, size));
                }
            }
        }
        out
    }

    /// Every non-directory path of the final filesystem: (node, kind, size, link target).
    pub fn final_files(&self) -> impl Iterator<Item = (u32, Kind, u64, Option<&str>)> + '_ {
        let t = &self.tree;
        (1..t.present.len()).filter_map(move |i| {
            let k = t.kind[i];
            if !t.present[i] || is_dir_code(k) || k == IMPLICIT {
                return None;
            }
            let link = match t.src[i] {
                (NONE, _) => None,
                (l, e) => self
                    .image
                    .layers
                    .get(l as usize)
                    .and_then(|l| l.contents.entries.get(e as usize))
                    .and_then(|e| e.link.as_deref()),
            };
            Some((i as u32, code_kind(k), t.size[i], link))
        })
    }

    /// A node of the final filesystem (None if absent).
    pub fn node(&self, id: u32) -> Option<NodeInfo> {
        let t = &self.tree;
        let i = id as usize;
        if i >= t.present.len() || !t.present[i] {
            return None;
        }
        let entry: Option<&Entry> = match t.src[i] {
            (NONE, _) => None,
            (l, e) => self
                .image
                .layers
                .get(l as usize)
                .and_then(|l| l.contents.entries.get(e as usize)),
        };
        Some(NodeInfo {
            id,
            path: self.image.paths.path(id),
            name: self.image.paths.name(id).to_string(),
            kind: if t.kind[i] == IMPLICIT {
                Kind::Dir
            } else {
                code_kind(t.kind[i])
            },
            size_bytes: t.size[i],
            total_bytes: t.total[i],
            files: t.files[i],
            layer: (t.src[i].0 != NONE).then_some(t.src[i].0 as usize),
            mode: entry.map(|e| e.mode).unwrap_or(0o755),
            uid: entry.map(|e| e.uid).unwrap_or(0),
            gid: entry.map(|e| e.gid).unwrap_or(0),
            link: entry.and_then(|e| e.link.as_deref().map(str::to_string)),
        })
    }

    /// The children of a directory of the final filesystem, biggest first.
    pub fn children(&self, id: u32) -> Vec<NodeInfo> {
        let t = &self.tree;
        let mut out = Vec::new();
        let mut c = t.first_child.get(id as usize).copied().unwrap_or(NONE);
        while c != NONE {
            if let Some(info) = self.node(c) {
                out.push(info);
            }
            c = t.next_sibling[c as usize];
        }
        out.sort_by(|a, b| {
            b.total_bytes
                .cmp(&a.total_bytes)
                .then_with(|| a.name.cmp(&b.name))
        });
        out
    }

    /// Final-filesystem paths containing `query` (case-insensitive), biggest first, at most `limit`.
    pub fn search(&self, query: &str, limit: usize) -> Vec<NodeInfo> {
        let q = query.to_lowercase();
        let mut hits: Vec<u32> = (1..self.tree.present.len() as u32)
            .filter(|&i| {
                self.tree.present[i as usize]
                    && self.image.paths.name(i).to_lowercase().contains(&q)
            })
            .collect();
        hits.sort_by(|&a, &b| {
            self.tree.total[b as usize]
                .cmp(&self.tree.total[a as usize])
                .then(a.cmp(&b))
        });
        hits.truncate(limit);
        hits.into_iter().filter_map(|i| self.node(i)).collect()
    }

    /// Present regular files of the final filesystem: (node, size, mode, layer).
    pub(crate) fn final_files_iter(&self) -> impl Iterator<Item = (u32, u64, &Entry, usize)> + '_ {
        let t = &self.tree;
        (1..t.present.len()).filter_map(move |i| {
            if !t.present[i] || t.src[i].0 == NONE {
                return None;
            }
            let (l, e) = t.src[i];
            let entry = self
                .image
                .layers
                .get(l as usize)?
                .contents
                .entries
                .get(e as usize)?;
            Some((i as u32, t.size[i], entry, l as usize))
        })
    }

    pub(crate) fn total_under(&self, id: u32) -> u64 {
        self.tree.total.get(id as usize).copied().unwrap_or(0)
    }

    pub(crate) fn is_present(&self, id: u32) -> bool {
        self.tree.present.get(id as usize).copied().unwrap_or(false)
    }
}

#[cfg(test)]
mod names {
    use crate::image::{ChangeKind, Kind};

    /// The names front ends pass on are the JSON's.
    #[test]
    fn kind_and_change_names_are_the_serde_names() {
        for k in [
            Kind::File,
            Kind::Dir,
            Kind::Symlink,
            Kind::Hardlink,
            Kind::Other,
            Kind::Whiteout,
            Kind::Opaque,
        ] {
            assert_eq!(serde_json::to_value(k).unwrap(), k.name());
        }
        for c in [ChangeKind::Added, ChangeKind::Changed, ChangeKind::Removed] {
            assert_eq!(serde_json::to_value(c).unwrap(), c.name());
        }
    }
}
