//! [`LayerReader`]: one layer read apart from the [`super::ImageReader`] — on another thread
//! or in another web worker — and handed back in parts.

use super::super::decode::Compression;
use super::super::model::LayerBuilder;
use super::super::tar::TarEntry;
use super::super::{ErrorKind, ImageError, Limits};
use super::layer::{layer_step, Decoding, LayerJob};
use super::{asked, read_range, Options};
use std::ops::Range;

/// One layer blob of a seekable archive, as [`ImageReader::layer_spans`] lists it.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct LayerSpan {
    /// Its position in `layer_spans()` (what `put_layer` takes).
    pub index: usize,
    /// The blob's path in the archive.
    pub path: String,
    /// `layer N (path)`, for messages.
    pub what: String,
    /// Where the blob starts in the file, and its length.
    pub offset: u64,
    pub size: u64,
}

/// What a [`LayerReader`] read: a layer's tar entries as they are in the tar (not yet checked
/// or interned — the `ImageReader` they are handed to does that), in parts, the last of which
/// also says how the layer was stored.
#[derive(Clone, Debug, Default)]
pub struct LayerScan {
    pub(crate) entries: Vec<TarEntry>,
    /// The layer's last part.
    pub last: bool,
    pub(crate) compression: Option<Compression>,
    pub(crate) tar_bytes: u64,
}

/// Reads one layer blob — on another thread or in another web worker — the way
/// [`ImageReader`] would: `want` / `feed` until `want` is None, then `finish`.
pub struct LayerReader {
    job: LayerJob,
    limits: Limits,
    window: usize,
    chunk: usize,
    done: bool,
    error: Option<ImageError>,
    bytes_read: u64,
    /// Entries read and not taken yet, and how many were taken before.
    entries: Vec<TarEntry>,
    taken: u64,
}

impl LayerReader {
    pub fn new(span: &LayerSpan, options: &Options) -> LayerReader {
        LayerReader {
            job: LayerJob {
                path: span.path.clone(),
                base: span.offset,
                size: span.size,
                decoding: Decoding::Sniff(Vec::new()),
                b: LayerBuilder::new(span.what.clone()),
            },
            limits: options.limits.clone(),
            window: options.window.max(512),
            chunk: options.chunk.max(4096),
            done: span.size == 0,
            error: None,
            bytes_read: 0,
            entries: Vec::new(),
            taken: 0,
        }
    }

    pub fn want(&self) -> Option<Range<u64>> {
        if self.done || self.error.is_some() {
            return None;
        }
        let r = self.job.want(self.window, self.chunk);
        (r.start < r.end).then_some(r)
    }

    /// Bytes fed so far.
    pub fn bytes_read(&self) -> u64 {
        self.bytes_read
    }

    /// How far into the blob the reader is (skipped bodies count as passed).
    pub fn position(&self) -> u64 {
        if self.done {
            return self.job.size;
        }
        self.job
            .want(self.window, self.chunk)
            .start
            .saturating_sub(self.job.base)
    }

    pub fn feed(&mut self, offset: u64, bytes: &[u8]) -> Result<(), ImageError> {
        if let Some(e) = &self.error {
            return Err(e.clone());
        }
        let w = asked(self.want(), offset)?;
        let r = if bytes.is_empty() {
            Err(ImageError::new(
                ErrorKind::Truncated,
                format!(
                    "{}: the file ends at byte {offset}, inside the layer (truncated?)",
                    self.job.b.what()
                ),
            ))
        } else {
            let bytes = &bytes[..bytes.len().min((w.end - w.start) as usize)];
            self.bytes_read += bytes.len() as u64;
            let entries = &mut self.entries;
            layer_step(&mut self.job, &self.limits, bytes, &mut |_, e| {
                entries.push(e);
                Ok(())
            })
            .and_then(|()| self.job.done())
            .map(|done| self.done = done)
            .and_then(|()| self.check_count())
        };
        if let Err(e) = &r {
            self.error = Some(e.clone());
        }
        r
    }

    /// A layer cannot hold more entries than the whole image may: a hostile layer is stopped
    /// here, not after its entries have piled up.
    fn check_count(&self) -> Result<(), ImageError> {
        if self.taken + self.entries.len() as u64 > self.limits.max_entries {
            return Err(ImageError::new(
                ErrorKind::Limit,
                format!(
                    "{}: more than {} files in the image (limit)",
                    self.job.b.what(),
                    self.limits.max_entries
                ),
            ));
        }
        Ok(())
    }

    /// Entries read and not taken yet.
    pub fn pending(&self) -> usize {
        self.entries.len()
    }

    /// The entries read so far, as a part that is not the last (to hand over in pieces, so a
    /// reader in a web worker never holds a whole layer).
    pub fn take_part(&mut self) -> LayerScan {
        self.taken += self.entries.len() as u64;
        LayerScan {
            entries: std::mem::take(&mut self.entries),
            last: false,
            compression: None,
            tar_bytes: 0,
        }
    }

    /// The rest of the layer, as its last part.
    pub fn finish(self) -> Result<LayerScan, ImageError> {
        if let Some(e) = self.error {
            return Err(e);
        }
        if !self.done {
            return Err(ImageError::new(
                ErrorKind::Truncated,
                format!(
                    "{}: the reader was not given the whole layer",
                    self.job.b.what()
                ),
            ));
        }
        let c = &self.job.b.contents;
        Ok(LayerScan {
            entries: self.entries,
            last: true,
            compression: c.compression,
            tar_bytes: c.tar_bytes,
        })
    }

    /// Drives the reader with a positional read function, like [`ImageReader::drive`].
    pub fn drive<E: std::fmt::Display>(
        mut self,
        mut read_at: impl FnMut(u64, &mut [u8]) -> Result<usize, E>,
    ) -> Result<LayerScan, ImageError> {
        let mut buf = Vec::new();
        while let Some(w) = self.want() {
            let got = read_range(&mut read_at, &w, &mut buf)?;
            self.feed(w.start, got)?;
        }
        self.finish()
    }
}
