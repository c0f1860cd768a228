//! Saved images (`docker save`, OCI layout, gzip-compressed or not): read them from bytes the
//! caller supplies on request, then analyze them the way dive does.
//!
//! The reader never does IO: [`ImageReader::want`] names the next byte range it needs and
//! [`ImageReader::feed`] takes it. A browser reads a `File` in slices, the CLI seeks and reads;
//! both drive the same state machine. Uncompressed layers cost one small read per file header
//! (bodies are skipped by offset); gzip and zstd layers are streamed in bounded chunks.
//! Memory is bounded by [`Limits`] whatever the input.
//!
//! ```text
//! ImageReader::new(len, Options) → loop { want() → feed(offset, bytes) } → finish() → Image
//! analyze(Image) → Analysis (dive's numbers, per-layer changes, final tree, hogs, checks, Dockerfile)
//! ```
//! See docs/image.md.

mod analysis;
mod checks;
pub mod ci;
mod decode;
mod dockerfile;
mod format;
mod hogs;
mod model;
mod reader;
pub mod tar;
pub mod units;
mod wire;

pub use analysis::{
    analyze, dive_command, Analysis, Change, ChangeKind, Deleted, InefficientFile, LayerReport,
    NodeInfo, SizedPath, StepReport, Tally,
};
pub use checks::Check;
pub use decode::Compression;
pub use dockerfile::instruction;
pub use format::{Config, Format, History, Platform};
pub use hogs::Hog;
pub use model::{Entry, Kind, LayerContents, Paths};
pub use reader::{ImageReader, LayerReader, LayerScan, LayerSpan, Options, Progress};

/// Bounds on what a hostile archive can make the reader do.
#[derive(Clone, Debug)]
pub struct Limits {
    /// Files (tar entries) in all layers together.
    pub max_entries: u64,
    /// Bytes of a path after PAX / GNU long names (Linux's PATH_MAX is 4096).
    pub max_path_bytes: usize,
    /// Directories in one path.
    pub max_depth: usize,
    /// Bytes of one PAX or GNU long-name header.
    pub max_extended_header_bytes: u64,
    /// Bytes of one JSON file (manifest, index, config).
    pub max_json_bytes: u64,
    /// Bytes of all JSON kept together.
    pub max_metadata_bytes: u64,
    /// Inflated bytes of one compressed stream.
    pub max_inflated_bytes: u64,
    /// Inflated : compressed, checked once past `ratio_grace_bytes` of output.
    pub max_inflate_ratio: u64,
    pub ratio_grace_bytes: u64,
    /// zstd window (the decoder's buffer).
    pub max_zstd_window: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_entries: 2_000_000,
            max_path_bytes: 4096,
            max_depth: 1024,
            max_extended_header_bytes: 1024 * 1024,
            max_json_bytes: 16 * 1024 * 1024,
            max_metadata_bytes: 64 * 1024 * 1024,
            max_inflated_bytes: 64 * 1024 * 1024 * 1024,
            max_inflate_ratio: 250,
            ratio_grace_bytes: 256 * 1024 * 1024,
            max_zstd_window: 64 * 1024 * 1024,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorKind {
    /// Not an image archive at all (not tar/gzip, or no manifest).
    NotAnImage,
    /// The file ends before what it describes.
    Truncated,
    /// Damaged data: a bad checksum, invalid JSON, broken compression.
    Corrupt,
    /// Built to hurt: path traversal, link loops, absurd sizes.
    Hostile,
    /// A limit in [`Limits`] was reached.
    Limit,
    /// Something the manifest names is not in the archive.
    Missing,
    /// The platform asked for is not in the image.
    Platform,
    /// The caller's read failed.
    Io,
    /// The caller fed bytes the reader did not ask for.
    Protocol,
}

#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct ImageError {
    pub kind: ErrorKind,
    pub message: String,
}

impl ImageError {
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        ImageError {
            kind,
            message: message.into(),
        }
    }
}

impl std::fmt::Display for ImageError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ImageError {}

/// One layer of the chosen image, in the manifest's order.
#[derive(Clone, Debug)]
pub struct Layer {
    pub index: usize,
    /// The diff ID from the config (what dive shows), else the blob digest, else the path.
    pub digest: String,
    /// The blob digest from the manifest, when it has one.
    pub blob: Option<String>,
    /// The blob's path in the archive.
    pub path: String,
    pub media_type: Option<String>,
    pub contents: LayerContents,
}

/// An image as read: what the analysis works from.
pub struct Image {
    pub format: Format,
    /// The archive itself was gzip- or zstd-compressed.
    pub compressed_archive: bool,
    pub platforms: Vec<Platform>,
    pub platform: Option<Platform>,
    pub repo_tags: Vec<String>,
    pub config: Config,
    pub layers: Vec<Layer>,
    pub paths: Paths,
    pub warnings: Vec<String>,
    /// Bytes the reader asked for, against the file's size.
    pub bytes_read: u64,
    pub total_bytes: u64,
}

/// Reads a whole archive held in memory (tests, small files).
pub fn read_all(bytes: &[u8], options: Options) -> Result<Image, ImageError> {
    ImageReader::new(bytes.len() as u64, options).drive(
        |off, buf: &mut [u8]| -> Result<usize, std::convert::Infallible> {
            let start = (off as usize).min(bytes.len());
            let n = buf.len().min(bytes.len() - start);
            buf[..n].copy_from_slice(&bytes[start..start + n]);
            Ok(n)
        },
        |_| {},
    )
}
