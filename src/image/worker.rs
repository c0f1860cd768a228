//! The worker's pure half: which bytes to read next, the summary sent to the page, dive's CI
//! verdict, and the file-tree queries answered from the analysis the worker keeps. The web half
//! (messages, `FileReaderSync`) is `src/bin/image_worker.rs`.

use super::protocol::{
    self, Node, Nodes, PathHistory, PathSize, PathStep, Query, Rule, Sort, Summary, Tally, Tree,
    LIST_CAP, NODE_CAP,
};
use layerlens_core::image::{Analysis, ChangeKind, Format, Kind};
use std::collections::HashMap;
use std::ops::Range;

/// The bytes the engine asks for come from a stream over the file (`Blob.stream()`), which a
/// browser delivers far faster than separate reads: in Chromium each `slice().arrayBuffer()` or
/// `FileReaderSync` read costs about a millisecond whatever its size, while a stream runs at
/// about 1 GB/s. So the worker reads on through the file, skipping what the engine does not
/// want without copying it, and opens a new stream only to go back or to jump further than
/// [`RESTART_GAP`] (a big file's body): reading through that much costs more than a new stream.
pub const RESTART_GAP: u64 = 4 * 1024 * 1024;

/// Whether to open a new stream at `want` rather than read on from `stream_pos`.
pub fn restart_at(stream_pos: Option<u64>, want: u64) -> bool {
    match stream_pos {
        None => true,
        Some(p) => want < p || want - p > RESTART_GAP,
    }
}

/// The last chunk of the file copied in, from where the engine wanted it.
#[derive(Default)]
pub struct Block {
    pub start: u64,
    pub data: Vec<u8>,
}

impl Block {
    /// The bytes from `want.start` (at most up to `want.end`), if the block holds them.
    pub fn get(&self, want: &Range<u64>) -> Option<&[u8]> {
        let end = self.start + self.data.len() as u64;
        if want.start < self.start || want.start >= end {
            return None;
        }
        let a = (want.start - self.start) as usize;
        let b = (want.end.min(end) - self.start) as usize;
        Some(&self.data[a..b])
    }
}

/// How much of the file has been gone through, for the progress bar. The reader's own position
/// jumps to the end while it looks for the manifest (often last in the archive), and layers may
/// lie in any order; so per layer this counts how far its reads have gone (skipped bodies
/// included), which summed over the layers comes to about the file's size whatever their order.
/// A compressed archive is read once from start to end: there the position is exact.
#[derive(Default)]
pub struct Passed {
    layer: Option<usize>,
    start: u64,
    far: u64,
    done: u64,
}

impl Passed {
    /// Notes a read the engine asks for, in `stage` with `layers_done` layers read.
    pub fn see(&mut self, stage: &str, layers_done: usize, want: &Range<u64>) {
        if stage != "layers" {
            return;
        }
        if self.layer != Some(layers_done) {
            self.done += self.far - self.start;
            self.layer = Some(layers_done);
            self.start = want.start;
            self.far = want.start;
        }
        self.far = self.far.max(want.end);
    }

    /// Bytes gone through (0 while the archive's index and manifest are read).
    pub fn bytes(&self, stage: &str, position: u64, total: u64) -> u64 {
        match stage {
            "streaming" | "done" => position.min(total),
            "layers" => (self.done + self.far - self.start).min(total),
            _ => 0,
        }
    }
}

fn kind_name(k: Kind) -> &'static str {
    match k {
        Kind::File => "file",
        Kind::Dir => "dir",
        Kind::Symlink => "symlink",
        Kind::Hardlink => "hardlink",
        Kind::Other => "other",
        Kind::Whiteout => "whiteout",
        Kind::Opaque => "opaque",
    }
}

fn change_name(c: ChangeKind) -> &'static str {
    match c {
        ChangeKind::Added => "added",
        ChangeKind::Changed => "changed",
        ChangeKind::Removed => "removed",
    }
}

pub fn format_name(f: &Format) -> &'static str {
    match f {
        Format::DockerArchive => "docker save",
        Format::DockerOciArchive => "docker save (Docker 25+, OCI layout)",
        Format::OciLayout => "OCI image layout",
    }
}

/// dive's CI rules with dive's defaults (`dive --ci`, `options/ci_rules.go`): efficiency at
/// least 0.9, wasted bytes not checked, user wasted percent at most 0.1. (The CLI's
/// `layerlens image --ci` applies the same defaults.)
pub fn dive_rules(a: &Analysis) -> (Vec<Rule>, bool) {
    use layerlens_core::image::ci;
    // dive's defaults, as `layerlens image --ci` applies them.
    let Ok(t) = ci::Thresholds::new(None, None, None) else {
        return (Vec::new(), true);
    };
    let results = ci::evaluate(a, &t);
    let pass = ci::passed(&results);
    let rules = results
        .into_iter()
        .map(|r| Rule {
            name: r.name.into(),
            status: r.status.into(),
            threshold: r.threshold,
            message: r.message,
        })
        .collect();
    (rules, pass)
}

/// How the read went, for the summary.
pub struct ReadStats {
    pub file_bytes: u64,
    pub bytes_read: u64,
    pub reads: u64,
    pub elapsed_ms: f64,
    pub timing: protocol::Timing,
}

fn finite(x: f64) -> f64 {
    if x.is_finite() {
        x
    } else {
        0.0
    }
}

pub fn summarize(a: &Analysis, read: &ReadStats) -> Summary {
    let (rules, pass) = dive_rules(a);
    let tally = |t: &layerlens_core::image::Tally| Tally {
        count: t.count,
        bytes: t.bytes,
    };
    let sized = |v: &[layerlens_core::image::SizedPath]| {
        v.iter()
            .take(LIST_CAP)
            .map(|p| PathSize {
                path: p.path.clone(),
                size_bytes: p.size_bytes,
                n: p.layer as u64,
            })
            .collect()
    };
    Summary {
        format: format_name(&a.format).into(),
        compressed_archive: a.compressed_archive,
        platform: a.platform.clone(),
        platforms: a.platforms.clone(),
        repo_tags: a.repo_tags.clone(),
        size_bytes: a.size_bytes,
        user_size_bytes: a.user_size_bytes,
        wasted_bytes: a.wasted_bytes,
        // JSON has no NaN: a ratio that could not be computed is 0.
        efficiency: finite(a.efficiency),
        user_wasted_percent: finite(a.user_wasted_percent),
        final_files: a.final_files,
        final_bytes: a.final_bytes,
        rules,
        pass,
        layers: a
            .layers
            .iter()
            .map(|l| protocol::Layer {
                index: l.index,
                digest: l.digest.clone(),
                created_by: l.created_by.clone(),
                instruction: l.instruction.clone(),
                size_bytes: l.size_bytes,
                entries: l.entries,
                added: tally(&l.added),
                changed: tally(&l.changed),
                removed: tally(&l.removed),
                compression: l.compression.and_then(|c| match c {
                    layerlens_core::image::Compression::None => None,
                    layerlens_core::image::Compression::Gzip => Some("gzip".to_string()),
                    layerlens_core::image::Compression::Zstd => Some("zstd".to_string()),
                }),
                stored_bytes: l.stored_bytes,
                metadata_steps: l
                    .metadata_steps
                    .iter()
                    .filter(|s| !s.is_empty())
                    .cloned()
                    .collect(),
            })
            .collect(),
        trailing_steps: {
            let last = a
                .steps
                .iter()
                .rposition(|st| st.layer.is_some())
                .map_or(0, |i| i + 1);
            a.steps[last..]
                .iter()
                .filter(|st| st.empty_layer && !st.instruction.is_empty())
                .map(|st| st.instruction.clone())
                .collect()
        },
        inefficient_files: a
            .inefficient_files
            .iter()
            .take(LIST_CAP)
            .map(|f| PathSize {
                path: f.path.clone(),
                size_bytes: f.size_bytes,
                n: f.count as u64,
            })
            .collect(),
        inefficient_total: a.inefficient_files.len(),
        biggest_files: sized(&a.biggest_files),
        biggest_dirs: sized(&a.biggest_dirs),
        deleted_later_bytes: a.deleted_later_bytes,
        hogs: a
            .hogs
            .iter()
            .map(|h| protocol::Hog {
                id: h.id.into(),
                title: h.title.into(),
                size_bytes: h.size_bytes,
                fix: h.fix.into(),
                paths: h.paths.clone(),
            })
            .collect(),
        checks: a
            .checks
            .iter()
            .map(|c| protocol::Check {
                id: c.id.into(),
                dockle: c.dockle.into(),
                severity: c.severity.into(),
                title: c.title.into(),
                detail: c.detail.clone(),
                fix: c.fix.into(),
            })
            .collect(),
        dockerfile: a.dockerfile.clone(),
        warnings: a.warnings.clone(),
        file_bytes: read.file_bytes,
        bytes_read: read.bytes_read,
        reads: read.reads,
        elapsed_ms: read.elapsed_ms,
        timing: read.timing.clone(),
    }
}

const SETUID: u32 = 0o6000;

/// One layer's changes as a tree (node ids are the analysis's interned paths).
struct LayerTree {
    layer: usize,
    nodes: Vec<LayerNode>,
    /// Path node → index in `nodes`.
    at: HashMap<u32, u32>,
}

struct LayerNode {
    node: u32,
    kind: Kind,
    change: Option<ChangeKind>,
    size: u64,
    total: u64,
    files: u64,
    setuid: bool,
    children: Vec<u32>,
}

impl LayerTree {
    fn build(a: &Analysis, layer: usize) -> LayerTree {
        let paths = a.paths();
        let mut nodes = vec![LayerNode {
            node: 0,
            kind: Kind::Dir,
            change: None,
            size: 0,
            total: 0,
            files: 0,
            setuid: false,
            children: Vec::new(),
        }];
        let mut at: HashMap<u32, u32> = HashMap::new();
        at.insert(0, 0);
        let setuid: HashMap<u32, bool> = a
            .image
            .layers
            .get(layer)
            .map(|l| {
                l.contents
                    .entries
                    .iter()
                    .filter(|e| e.mode & SETUID != 0 && e.kind == Kind::File)
                    .map(|e| (e.node, true))
                    .collect()
            })
            .unwrap_or_default();
        for ch in a.layer_changes(layer) {
            let Some(id) = paths.find(&ch.path) else {
                continue;
            };
            // Make the node and any missing ancestors (parents before children).
            let mut chain = Vec::new();
            let mut cur = id;
            while !at.contains_key(&cur) {
                chain.push(cur);
                match paths.parent(cur) {
                    Some(p) => cur = p,
                    None => break,
                }
            }
            let mut parent = at.get(&cur).copied().unwrap_or(0);
            for &n in chain.iter().rev() {
                let i = nodes.len() as u32;
                nodes.push(LayerNode {
                    node: n,
                    kind: Kind::Dir,
                    change: None,
                    size: 0,
                    total: 0,
                    files: 0,
                    setuid: false,
                    children: Vec::new(),
                });
                nodes[parent as usize].children.push(i);
                at.insert(n, i);
                parent = i;
            }
            let i = at[&id] as usize;
            let n = &mut nodes[i];
            n.kind = ch.kind;
            n.change = Some(ch.change);
            n.size = ch.size_bytes;
            n.setuid = setuid.contains_key(&id);
        }
        // Totals bottom-up: children always come after their parent.
        for i in (0..nodes.len()).rev() {
            let own = &nodes[i];
            let (mut total, mut files) = (own.total, own.files);
            if own.kind != Kind::Dir
                && own.change != Some(ChangeKind::Removed)
                && own.change.is_some()
            {
                total += own.size;
                files += 1;
            }
            nodes[i].total = total;
            nodes[i].files = files;
            if i > 0 {
                let p = paths
                    .parent(nodes[i].node)
                    .and_then(|p| at.get(&p).copied())
                    .unwrap_or(0) as usize;
                nodes[p].total += total;
                nodes[p].files += files;
            }
        }
        LayerTree { layer, nodes, at }
    }

    fn node(&self, a: &Analysis, i: u32) -> Node {
        let n = &self.nodes[i as usize];
        let paths = a.paths();
        let removed = n.change == Some(ChangeKind::Removed);
        Node {
            path: paths.path(n.node),
            name: paths.name(n.node).to_string(),
            kind: kind_name(n.kind).into(),
            size_bytes: if removed || n.kind != Kind::Dir {
                n.size.max(n.total)
            } else {
                n.total
            },
            files: n.files,
            change: n.change.map(|c| change_name(c).to_string()),
            layer: Some(self.layer),
            link: None,
            setuid: n.setuid,
        }
    }
}

/// Answers the page's file-tree questions from the analysis the worker keeps.
pub struct Trees {
    pub analysis: Analysis,
    layer: Option<LayerTree>,
}

fn sort_nodes(v: &mut [Node], sort: Sort) {
    match sort {
        Sort::Size => v.sort_by(|a, b| {
            b.size_bytes
                .cmp(&a.size_bytes)
                .then_with(|| a.path.cmp(&b.path))
        }),
        Sort::Name => v.sort_by(|a, b| a.name.cmp(&b.name).then_with(|| a.path.cmp(&b.path))),
    }
}

fn final_node(i: layerlens_core::image::NodeInfo) -> Node {
    let dir = i.kind == Kind::Dir;
    Node {
        path: i.path,
        name: i.name,
        kind: kind_name(i.kind).into(),
        size_bytes: if dir { i.total_bytes } else { i.size_bytes },
        files: i.files,
        change: None,
        layer: i.layer,
        link: i.link,
        setuid: !dir && i.mode & SETUID != 0,
    }
}

/// `text` in a path: with a `/` the whole path is searched, else the name.
fn matches(path_or_name: &str, text_lower: &str) -> bool {
    path_or_name.to_lowercase().contains(text_lower)
}

impl Trees {
    pub fn new(analysis: Analysis) -> Trees {
        Trees {
            analysis,
            layer: None,
        }
    }

    /// The layer's tree, built on first use; one is kept (the layer shown).
    fn layer_tree(&mut self, layer: usize) {
        if self.layer.as_ref().map(|t| t.layer) != Some(layer) {
            self.layer = Some(LayerTree::build(&self.analysis, layer));
        }
    }

    pub fn answer(&mut self, req: u32, q: &Query) -> Nodes {
        let (tree, path, mut nodes, sort) = match q {
            Query::Children { tree, path, sort } => {
                (*tree, Some(path.clone()), self.children(*tree, path), *sort)
            }
            Query::Filter { tree, text, sort } => (*tree, None, self.filter(*tree, text), *sort),
        };
        sort_nodes(&mut nodes, sort);
        let total = nodes.len();
        nodes.truncate(NODE_CAP);
        Nodes {
            req,
            tree,
            path,
            nodes,
            total,
        }
    }

    pub fn history(&self, req: u32, path: &str) -> PathHistory {
        let steps = self
            .analysis
            .path_history(path)
            .into_iter()
            .map(|(layer, change, size_bytes)| PathStep {
                layer,
                change: change_name(change).into(),
                size_bytes,
            })
            .collect();
        PathHistory {
            req,
            path: path.to_string(),
            steps,
        }
    }

    fn children(&mut self, tree: Tree, path: &str) -> Vec<Node> {
        match tree {
            Tree::Final => {
                let a = &self.analysis;
                match a.paths().find(path) {
                    Some(id) if a.node(id).is_some() => {
                        a.children(id).into_iter().map(final_node).collect()
                    }
                    _ => Vec::new(),
                }
            }
            Tree::Layer(k) => {
                let id = self.analysis.paths().find(path);
                self.layer_tree(k);
                let (Some(t), a) = (&self.layer, &self.analysis) else {
                    return Vec::new();
                };
                let Some(&local) = id.and_then(|id| t.at.get(&id)) else {
                    return Vec::new();
                };
                t.nodes[local as usize]
                    .children
                    .iter()
                    .map(|&c| t.node(a, c))
                    .collect()
            }
        }
    }

    fn filter(&mut self, tree: Tree, text: &str) -> Vec<Node> {
        let text = text.trim().to_lowercase();
        if text.is_empty() {
            return Vec::new();
        }
        let whole_path = text.contains('/');
        match tree {
            Tree::Final => {
                let a = &self.analysis;
                let paths = a.paths();
                (1..paths.len() as u32)
                    .filter(|&id| {
                        if whole_path {
                            matches(&paths.path(id), &text)
                        } else {
                            matches(paths.name(id), &text)
                        }
                    })
                    .filter_map(|id| a.node(id))
                    .map(final_node)
                    .collect()
            }
            Tree::Layer(k) => {
                self.layer_tree(k);
                let (Some(t), a) = (&self.layer, &self.analysis) else {
                    return Vec::new();
                };
                let paths = a.paths();
                (1..t.nodes.len() as u32)
                    .filter(|&i| {
                        let n = t.nodes[i as usize].node;
                        if whole_path {
                            matches(&paths.path(n), &text)
                        } else {
                            matches(paths.name(n), &text)
                        }
                    })
                    .map(|i| t.node(a, i))
                    .collect()
            }
        }
    }
}

/// A small `docker save` made up here, in pieces of at most one layer: `layers` layers of
/// `files` empty files each (headers only), for the worker's warm-up read.
pub fn warm_up_image(layers: usize, files: usize) -> Vec<Vec<u8>> {
    fn header(name: &str, size: usize, kind: u8) -> [u8; 512] {
        let mut h = [0u8; 512];
        h[..name.len().min(100)].copy_from_slice(&name.as_bytes()[..name.len().min(100)]);
        h[100..107].copy_from_slice(b"0000644");
        h[108..115].copy_from_slice(b"0000000");
        h[116..123].copy_from_slice(b"0000000");
        h[124..135].copy_from_slice(format!("{size:011o}").as_bytes());
        h[136..147].copy_from_slice(b"00000000000");
        h[156] = kind;
        h[257..263].copy_from_slice(b"ustar\0");
        h[263..265].copy_from_slice(b"00");
        h[148..156].copy_from_slice(b"        ");
        let sum: u32 = h.iter().map(|&b| b as u32).sum();
        h[148..155].copy_from_slice(format!("{sum:06o}\0").as_bytes());
        h
    }
    fn file(out: &mut Vec<u8>, name: &str, body: &[u8]) {
        out.extend_from_slice(&header(name, body.len(), b'0'));
        out.extend_from_slice(body);
        out.resize(out.len().next_multiple_of(512), 0);
    }
    let mut pieces = Vec::new();
    let mut names = Vec::new();
    for l in 0..layers {
        let mut layer = Vec::with_capacity((files + 3) * 512);
        layer.extend_from_slice(&header(&format!("l{l}/"), 0, b'5'));
        for f in 0..files {
            layer.extend_from_slice(&header(&format!("l{l}/d{}/f{f}", f % 16), 0, b'0'));
        }
        layer.extend_from_slice(&[0u8; 1024]);
        let name = format!("{l}/layer.tar");
        let mut piece = header(&name, layer.len(), b'0').to_vec();
        piece.extend_from_slice(&layer);
        pieces.push(piece);
        names.push(format!("\"{name}\""));
    }
    let mut meta = Vec::new();
    let config = r#"{"architecture":"amd64","os":"linux","config":{},"rootfs":{"type":"layers","diff_ids":[]},"history":[]}"#;
    file(&mut meta, "config.json", config.as_bytes());
    let manifest = format!(
        r#"[{{"Config":"config.json","RepoTags":["layerlens/warm-up:1"],"Layers":[{}]}}]"#,
        names.join(",")
    );
    file(&mut meta, "manifest.json", manifest.as_bytes());
    meta.extend_from_slice(&[0u8; 1024]);
    pieces.push(meta);
    pieces
}

#[cfg(test)]
mod tests {

    #[test]
    fn the_warm_up_image_is_an_image() {
        let bytes: Vec<u8> = warm_up_image(8, 2_000).concat();
        let image = layerlens_core::image::read_all(&bytes, Default::default()).expect("reads");
        assert_eq!(image.layers.len(), 8);
        let a = layerlens_core::image::analyze(image);
        assert_eq!(a.final_files, 16_000);
        assert!(warm_up_image(8, 2_000).iter().all(|p| p.len() <= 1_100_000));
    }

    use super::*;
    use layerlens_core::image::{analyze, read_all, Options};

    fn fixture(name: &str) -> Option<Vec<u8>> {
        let dir = std::env::var_os("LAYERLENS_SHARED")
            .map(std::path::PathBuf::from)
            .unwrap_or_else(|| std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared"));
        std::fs::read(dir.join("fixtures/images").join(name)).ok()
    }

    #[test]
    fn reads_on_through_small_gaps_and_restarts_for_big_ones() {
        assert!(restart_at(None, 0), "nothing open yet");
        assert!(!restart_at(Some(1000), 1000));
        assert!(
            !restart_at(Some(1000), 1000 + RESTART_GAP),
            "a gap read through"
        );
        assert!(
            restart_at(Some(1000), 1001 + RESTART_GAP),
            "a big file's body skipped"
        );
        assert!(restart_at(Some(1000), 999), "backwards");
        let b = Block {
            start: 100,
            data: vec![7; 50],
        };
        assert_eq!(b.get(&(120..130)).map(<[u8]>::len), Some(10));
        assert_eq!(
            b.get(&(140..200)).map(<[u8]>::len),
            Some(10),
            "what the block has"
        );
        assert!(b.get(&(150..160)).is_none() && b.get(&(99..110)).is_none());
    }

    #[test]
    fn progress_counts_layers_gone_through_in_any_order() {
        let mut p = Passed::default();
        p.see("scanning", 0, &(999_000..999_512));
        assert_eq!(
            p.bytes("scanning", 999_512, 1_000_000),
            0,
            "not the jump to the manifest"
        );
        // Layer 0 lies at 500,000..900,000, layer 1 before it at 1,000..400,000.
        p.see("layers", 0, &(500_000..500_512));
        p.see("layers", 0, &(899_488..900_000));
        assert_eq!(p.bytes("layers", 999_512, 1_000_000), 400_000);
        p.see("layers", 1, &(1_000..1_512));
        p.see("layers", 1, &(200_000..200_512));
        assert_eq!(p.bytes("layers", 999_512, 1_000_000), 599_512);
        assert_eq!(p.bytes("streaming", 1234, 1_000_000), 1234);
    }

    #[test]
    fn summary_and_trees_of_dives_test_image() {
        let Some(bytes) = fixture("test-docker-image.tar") else {
            eprintln!("SKIPPED: ../shared/fixtures/images is absent");
            return;
        };
        let a = analyze(read_all(&bytes, Options::default()).expect("reads"));
        let s = summarize(
            &a,
            &ReadStats {
                file_bytes: bytes.len() as u64,
                bytes_read: 0,
                reads: 0,
                elapsed_ms: 0.0,
                timing: Default::default(),
            },
        );
        assert_eq!(s.layers.len(), 14);
        assert_eq!(s.wasted_bytes, 32_025);
        assert_eq!(s.inefficient_total, 3);
        assert!(
            s.trailing_steps.is_empty(),
            "dive's image ends with a layer"
        );
        // dive --ci on this image: efficiency passes, user wasted percent (48 %) fails.
        assert!(!s.pass);
        assert_eq!(
            s.rules
                .iter()
                .map(|r| r.status.as_str())
                .collect::<Vec<_>>(),
            ["pass", "skip", "fail"]
        );
        let back: protocol::FromWorker =
            protocol::decode(&protocol::encode(&protocol::FromWorker::Done {
                job: 1,
                summary: Box::new(s),
            }))
            .expect("round trip");
        assert!(matches!(back, protocol::FromWorker::Done { job: 1, .. }));

        let mut t = Trees::new(a);
        let top = t.answer(
            1,
            &Query::Children {
                tree: Tree::Final,
                path: "/".into(),
                sort: Sort::Size,
            },
        );
        assert!(top
            .nodes
            .iter()
            .any(|n| n.path == "/root" && n.kind == "dir"));
        assert!(
            top.nodes
                .windows(2)
                .all(|w| w[0].size_bytes >= w[1].size_bytes),
            "biggest first"
        );
        let by_name = t.answer(
            2,
            &Query::Children {
                tree: Tree::Final,
                path: "/".into(),
                sort: Sort::Name,
            },
        );
        assert!(by_name.nodes.windows(2).all(|w| w[0].name <= w[1].name));
        // Layer 1 (the second) adds /somefile.txt-like files: its tree has what it added.
        let layer_top = t.answer(
            3,
            &Query::Children {
                tree: Tree::Layer(1),
                path: "/".into(),
                sort: Sort::Size,
            },
        );
        assert!(!layer_top.nodes.is_empty());
        assert!(layer_top.nodes.iter().all(|n| n.layer == Some(1)));
        let hits = t.answer(
            4,
            &Query::Filter {
                tree: Tree::Final,
                text: "somefile".into(),
                sort: Sort::Size,
            },
        );
        assert!(
            hits.total >= 1 && hits.nodes.iter().all(|n| n.name.contains("somefile")),
            "{hits:?}"
        );
        let by_path = t.answer(
            5,
            &Query::Filter {
                tree: Tree::Final,
                text: "root/example/".into(),
                sort: Sort::Size,
            },
        );
        assert!(by_path
            .nodes
            .iter()
            .all(|n| n.path.contains("/root/example/")));
        // /root/saved.txt: moved there in layer 7, chmod-ed in layer 13.
        let h = t.history(7, "/root/saved.txt");
        assert_eq!(
            h.steps
                .iter()
                .map(|s| (s.layer, s.change.as_str()))
                .collect::<Vec<_>>(),
            [(7, "added"), (13, "changed")]
        );
        // A removal shows in the layer that made it.
        let removed = (0..14).find_map(|k| {
            let r = t.answer(
                6,
                &Query::Filter {
                    tree: Tree::Layer(k),
                    text: "somefile".into(),
                    sort: Sort::Size,
                },
            );
            r.nodes
                .into_iter()
                .find(|n| n.change.as_deref() == Some("removed"))
        });
        assert!(removed.is_some(), "a layer removes a somefile");
    }
}
