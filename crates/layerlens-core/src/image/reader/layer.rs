//! One layer blob read from a seekable archive: sniffed (tar, gzip or zstd), then its tar
//! entries handed to a sink — the image's builder, or a [`super::LayerReader`]'s list.

use super::super::decode::{Compression, Decoder};
use super::super::model::LayerBuilder;
use super::super::tar::{looks_like_tar, Step, TarEntry, TarParser};
use super::super::{ErrorKind, ImageError, Limits};
use std::ops::Range;

/// How a layer blob is being read.
pub(super) enum Decoding {
    /// The first bytes, until there are enough to tell tar from gzip or zstd.
    Sniff(Vec<u8>),
    /// An uncompressed tar: headers read, bodies skipped by offset.
    Tar(TarParser),
    /// gzip or zstd: every byte through the decoder, `fed` so far.
    Compressed {
        dec: Decoder,
        tar: TarParser,
        fed: u64,
    },
}

/// A layer being read: where its blob is in the file, how far, and what it holds so far.
pub(super) struct LayerJob {
    pub(super) path: String,
    pub(super) base: u64,
    pub(super) size: u64,
    pub(super) decoding: Decoding,
    pub(super) b: LayerBuilder,
}

/// What becomes of a layer's tar entries: added to the layer's builder (one reader), or
/// collected to be added elsewhere (a `LayerReader`).
pub(super) type EntrySink<'a> =
    dyn FnMut(&mut LayerBuilder, TarEntry) -> Result<(), ImageError> + 'a;

pub(super) fn layer_step(
    job: &mut LayerJob,
    limits: &Limits,
    bytes: &[u8],
    sink: &mut EntrySink<'_>,
) -> Result<(), ImageError> {
    let head;
    let mut bytes = bytes;
    if let Decoding::Sniff(buf) = &mut job.decoding {
        if !(buf.is_empty() && bytes.len() as u64 >= job.size.min(512)) {
            let need = 512usize.saturating_sub(buf.len()).min(bytes.len());
            buf.extend_from_slice(&bytes[..need]);
            if (buf.len() as u64) < job.size.min(512) {
                return Ok(());
            }
            head = std::mem::take(buf);
            bytes = &head[..];
        }
        let what = job.b_what();
        match Compression::sniff(bytes) {
            Compression::None => {
                if !looks_like_tar(bytes) {
                    return Err(ImageError::new(
                        ErrorKind::NotAnImage,
                        format!("{what} is neither a tar nor gzip or zstd data"),
                    ));
                }
                job.b.contents.compression = Some(Compression::None);
                job.decoding = Decoding::Tar(TarParser::new(what, limits));
            }
            c => {
                job.b.contents.compression = Some(c);
                job.decoding = Decoding::Compressed {
                    dec: Decoder::new(c, what.clone(), limits),
                    tar: TarParser::new(what, limits),
                    fed: 0,
                };
            }
        }
    }
    match &mut job.decoding {
        Decoding::Sniff(_) => Ok(()),
        Decoding::Tar(tar) => {
            let mut input = bytes;
            loop {
                match tar.next(&mut input)? {
                    Step::NeedMore | Step::End => return Ok(()),
                    Step::Entry(e) => {
                        if e.data_offset.saturating_add(tar.body_left()) > job.size {
                            return Err(ImageError::new(ErrorKind::Truncated, format!("{}: entry {:?} claims {} bytes but the layer ends {} bytes after its start (truncated, or an absurd size)", job.b.what(), e.name, tar.body_left(), job.size.saturating_sub(e.data_offset))));
                        }
                        sink(&mut job.b, e)?;
                        if tar.skippable() > input.len() as u64 {
                            tar.skip_body();
                            return Ok(());
                        }
                    }
                }
            }
        }
        Decoding::Compressed { dec, tar, fed } => {
            *fed += bytes.len() as u64;
            let b = &mut job.b;
            dec.push(bytes, &mut |out| {
                let mut input = out;
                loop {
                    match tar.next(&mut input)? {
                        Step::NeedMore => return Ok(true),
                        Step::End => return Ok(false),
                        Step::Entry(e) => sink(b, e)?,
                    }
                }
            })
        }
    }
}

impl LayerJob {
    pub(super) fn b_what(&self) -> String {
        self.b.what().to_string()
    }

    pub(super) fn want(&self, window: usize, chunk: usize) -> Range<u64> {
        let (at, len) = match &self.decoding {
            Decoding::Sniff(b) => (b.len() as u64, window as u64),
            Decoding::Tar(t) => (t.pos(), window as u64),
            Decoding::Compressed { fed, .. } => (*fed, chunk as u64),
        };
        self.base + at..self.base + self.size.min(at + len)
    }

    /// Whether the layer has been read to its end (an error if it ends inside an entry).
    pub(super) fn done(&mut self) -> Result<bool, ImageError> {
        Ok(match &mut self.decoding {
            Decoding::Sniff(_) => false,
            Decoding::Tar(t) => {
                if t.ended() || t.pos() >= self.size {
                    if !t.at_boundary() {
                        return Err(ImageError::new(
                            ErrorKind::Truncated,
                            format!(
                                "layer {}: ends in the middle of an entry (truncated?)",
                                self.path
                            ),
                        ));
                    }
                    self.b.contents.tar_bytes = t.pos();
                    true
                } else {
                    false
                }
            }
            Decoding::Compressed { dec, tar, fed } => {
                if dec.stopped() || *fed >= self.size {
                    dec.finish()?;
                    if !tar.at_boundary() {
                        return Err(ImageError::new(ErrorKind::Truncated, format!("layer {}: the tar inside ends in the middle of an entry (truncated?)", self.path)));
                    }
                    self.b.contents.tar_bytes = dec.inflated;
                    true
                } else {
                    false
                }
            }
        })
    }
}
