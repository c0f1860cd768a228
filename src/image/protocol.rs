//! What the image view and its worker say to each other. Every message is one JSON string (the
//! `File` to read travels beside it, as the structured-clone `file` property of the page's message).
//!
//! ```text
//! page → worker: Open { platform }  (+ file) · Cancel · Query { req, query }
//! worker → page: Ready · Progress · Done(Summary) · Failed · Cancelled · Nodes { req, … }
//! ```
//!
//! The worker keeps the analysis; the page gets a capped summary and asks for file trees a
//! directory (or a filter) at a time, so a 100,000-file image never crosses the boundary whole.

use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ToWorker {
    /// Read the `file` sent with this message as job `job` (the page's counter, from 1);
    /// `platform` is `os/arch[/variant]` or none (the default).
    Open {
        job: u32,
        platform: Option<String>,
        /// How many helper workers read layers at once (default: the machine's cores, 2–4;
        /// 0 reads every layer in this worker). The page's `?helpers=N` sets it, for benchmarks.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        helpers: Option<u32>,
        /// Read it as the image to compare the open one with (answered with `Compared`; the
        /// open image stays the one the trees show).
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        compare: bool,
    },
    /// To a helper worker: read this layer of the `file` sent with the message; answers
    /// `LayerProgress`es and `LayerRead`s (each a part of the layer's entries, which travel
    /// beside it as the transferred `scan` bytes, `LayerScan::encode`; the last part says so
    /// and carries the totals), or `LayerFailed`.
    ReadLayer {
        job: u32,
        span: layerlens_core::image::LayerSpan,
    },
    /// Stop reading (the worker answers `Cancelled` for the job it stopped).
    Cancel,
    /// To a helper: stop reading for `job` (a later job's layer is not stopped by it).
    StopLayer {
        job: u32,
    },
    Query {
        req: u32,
        query: Query,
    },
    /// What every layer did to one path (answered with `History`).
    History {
        req: u32,
        path: String,
    },
}

/// Which file tree: the final filesystem, or what one layer adds, changes and removes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Tree {
    Final,
    Layer(usize),
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Sort {
    #[default]
    Size,
    Name,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Query {
    /// The entries of one directory (`/` for the top).
    Children {
        tree: Tree,
        path: String,
        sort: Sort,
    },
    /// Paths containing `text` (case-insensitive), biggest first.
    Filter {
        tree: Tree,
        text: String,
        sort: Sort,
    },
}

/// Messages about a job carry its number: the page ignores those of a job it gave up.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FromWorker {
    /// The worker's message handler is installed (messages sent before this are lost).
    Ready,
    Progress {
        job: u32,
        progress: Progress,
    },
    Done {
        job: u32,
        summary: Box<Summary>,
    },
    Failed {
        job: u32,
        failure: Failure,
    },
    Cancelled {
        job: u32,
    },
    /// The open image against the one read as `job` (each path list cut to `LIST_CAP`).
    Compared {
        job: u32,
        diff: Box<layerlens_core::compare::ImageDiff>,
    },
    Nodes(Nodes),
    History(PathHistory),
    /// From a helper: how far into its layer it is (bytes from the layer's start).
    LayerProgress {
        job: u32,
        index: usize,
        position: u64,
    },
    LayerRead {
        job: u32,
        index: usize,
        read_ms: f64,
        feed_ms: f64,
        /// Bytes streamed from the file, and streams opened.
        bytes: u64,
        streams: u64,
        /// The helper's wasm memory after reading it.
        #[serde(default)]
        memory: u64,
    },
    LayerFailed {
        job: u32,
        index: usize,
        failure: Failure,
    },
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Progress {
    /// Bytes read from the file so far.
    pub bytes_read: u64,
    /// Bytes of the file gone through, skipped bodies included (see `worker::Passed`).
    pub position: u64,
    pub total: u64,
    /// `scanning`, `metadata`, `layers`, `streaming`, `analyzing`.
    pub stage: String,
    pub layers_done: usize,
    pub layers_total: usize,
    pub elapsed_ms: f64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Failure {
    /// The engine's `ErrorKind` in snake_case (`not_an_image`, `truncated`, `hostile`, …), or
    /// `worker` when the worker itself failed.
    pub kind: String,
    pub message: String,
    /// Platforms the image offers, when the manifest was read before the failure.
    pub platforms: Vec<String>,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Tally {
    pub count: u64,
    pub bytes: u64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Layer {
    pub index: usize,
    pub digest: String,
    pub created_by: String,
    /// The history entry as a Dockerfile instruction.
    pub instruction: String,
    pub size_bytes: u64,
    pub entries: usize,
    pub added: Tally,
    pub changed: Tally,
    pub removed: Tally,
    /// `gzip`, `zstd`, or none.
    pub compression: Option<String>,
    pub stored_bytes: u64,
    /// Metadata-only history steps (ENV, CMD, …) just before this layer.
    pub metadata_steps: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PathSize {
    pub path: String,
    pub size_bytes: u64,
    /// Layers it appears in (inefficient files) or the layer that last wrote it.
    pub n: u64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Hog {
    pub id: String,
    pub title: String,
    pub size_bytes: u64,
    pub fix: String,
    pub paths: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Check {
    pub id: String,
    pub dockle: String,
    /// `warning` or `info`.
    pub severity: String,
    pub title: String,
    pub detail: String,
    pub fix: String,
}

/// One of dive's CI rules with its default threshold (`dive --ci`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Rule {
    /// dive's name: `lowestEfficiency`, `highestWastedBytes`, `highestUserWastedPercent`.
    pub name: String,
    /// `pass`, `fail` or `skip`.
    pub status: String,
    pub threshold: String,
    pub message: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    /// `docker save`, `docker save (Docker 25+, OCI layout)` or `OCI image layout`.
    pub format: String,
    pub compressed_archive: bool,
    pub platform: Option<String>,
    pub platforms: Vec<String>,
    pub repo_tags: Vec<String>,
    pub size_bytes: u64,
    pub user_size_bytes: u64,
    pub wasted_bytes: u64,
    pub efficiency: f64,
    pub user_wasted_percent: f64,
    pub final_files: u64,
    pub final_bytes: u64,
    /// dive's three CI rules with dive's defaults, and whether all pass.
    pub rules: Vec<Rule>,
    pub pass: bool,
    pub layers: Vec<Layer>,
    /// Metadata-only history steps after the last layer (CMD, ENTRYPOINT, …).
    pub trailing_steps: Vec<String>,
    /// The biggest first, at most [`LIST_CAP`]; `inefficient_total` says how many there are.
    pub inefficient_files: Vec<PathSize>,
    pub inefficient_total: usize,
    pub biggest_files: Vec<PathSize>,
    pub biggest_dirs: Vec<PathSize>,
    pub deleted_later_bytes: u64,
    pub hogs: Vec<Hog>,
    pub checks: Vec<Check>,
    /// The history rebuilt as a Dockerfile.
    pub dockerfile: String,
    pub warnings: Vec<String>,
    /// How the read went: bytes read of the file, streams opened, milliseconds.
    pub file_bytes: u64,
    pub bytes_read: u64,
    pub reads: u64,
    pub elapsed_ms: f64,
    /// Where the time went, and the worker's memory (for the figures in docs/image.md).
    pub timing: Timing,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Timing {
    /// Waiting for the file's bytes (streams), summed over the workers that read.
    pub read_ms: f64,
    /// The engine reading tar headers and inflating, summed over the workers that read.
    pub feed_ms: f64,
    /// Helper workers that read layers at once (0: all in one worker).
    #[serde(default)]
    pub helpers: u32,
    /// Their wasm memory, summed.
    #[serde(default)]
    pub helper_memory_bytes: u64,
    pub analyze_ms: f64,
    /// The worker's wasm memory after the analysis (it only grows).
    pub wasm_memory_bytes: u64,
}

/// Lists in the summary are capped: a hostile or huge image must not make a huge message.
pub const LIST_CAP: usize = 200;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Node {
    pub path: String,
    pub name: String,
    /// `file`, `dir`, `symlink`, `hardlink`, `other`, `whiteout`, `opaque`.
    pub kind: String,
    /// The file's size, or everything under a directory.
    pub size_bytes: u64,
    /// Non-directory paths under it (1 for a file).
    pub files: u64,
    /// `added`, `changed`, `removed` in a layer's tree; none in the final tree.
    pub change: Option<String>,
    /// The layer that last wrote it (final tree).
    pub layer: Option<usize>,
    pub link: Option<String>,
    /// Set-user-ID or set-group-ID.
    pub setuid: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Nodes {
    pub req: u32,
    pub tree: Tree,
    /// The directory listed, or none for a filter's hits.
    pub path: Option<String>,
    pub nodes: Vec<Node>,
    /// How many there are in all (more than `nodes.len()` when capped at [`NODE_CAP`]).
    pub total: usize,
}

/// One path across the layers: each layer that added, changed or removed it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PathHistory {
    pub req: u32,
    pub path: String,
    pub steps: Vec<PathStep>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PathStep {
    pub layer: usize,
    /// `added`, `changed` or `removed`.
    pub change: String,
    pub size_bytes: u64,
}

/// Entries sent for one directory or one filter.
pub const NODE_CAP: usize = 500;

pub fn encode<T: Serialize>(v: &T) -> String {
    serde_json::to_string(v).unwrap_or_else(|e| unencodable(&e.to_string()))
}

/// What is sent instead of a message that cannot be encoded (it never should be).
fn unencodable(why: &str) -> String {
    let why = why.replace(['"', '\\'], "'");
    format!("{{\"failed\":{{\"job\":0,\"failure\":{{\"kind\":\"worker\",\"message\":\"could not encode a message: {why}\",\"platforms\":[]}}}}}}")
}

pub fn decode<'a, T: Deserialize<'a>>(s: &'a str) -> Result<T, String> {
    serde_json::from_str(s).map_err(|e| format!("bad message: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_round_trip() {
        assert!(matches!(
            decode::<FromWorker>(&unencodable("a \"quoted\" \\ reason")),
            Ok(FromWorker::Failed { job: 0, .. })
        ));
        let m = ToWorker::Query {
            req: 3,
            query: Query::Children {
                tree: Tree::Layer(2),
                path: "/usr".into(),
                sort: Sort::Size,
            },
        };
        assert_eq!(decode::<ToWorker>(&encode(&m)).unwrap(), m);
        let f = FromWorker::Failed {
            job: 2,
            failure: Failure {
                kind: "truncated".into(),
                message: "ends".into(),
                platforms: vec![],
            },
        };
        assert_eq!(decode::<FromWorker>(&encode(&f)).unwrap(), f);
        assert!(encode(&FromWorker::Ready).contains("\"ready\""));
    }
}
