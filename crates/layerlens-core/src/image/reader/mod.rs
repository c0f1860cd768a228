//! [`ImageReader`]: a resumable state machine that asks the caller for byte ranges.
//!
//! A seekable (uncompressed) archive is read in three stages: the outer tar's headers (bodies
//! skipped by offset), the JSON that says what the image is (a few small ranges), then each
//! layer in the manifest's order — for an uncompressed layer only its headers, for a gzip or
//! zstd layer its blob sequentially in chunks. A gzip-compressed archive cannot be skipped
//! through, so it is streamed once from start to end: every blob that looks like a layer is read
//! as it passes, JSON is kept, and the manifest puts the layers in order at the end.
//!
//! Here: the reader's phases and its API. `archive.rs` — the outer archive's entries and what
//! is kept of them; `layer.rs` — one layer blob of a seekable archive; `layer_reader.rs` — a
//! layer read apart (another thread or web worker); `stream.rs` — the compressed archive read
//! once from start to end.

mod archive;
mod layer;
mod layer_reader;
mod stream;

pub use layer_reader::{LayerReader, LayerScan, LayerSpan};

use super::decode::{Compression, Decoder};
use super::format::{self, Archive, Plan, PlanStep, Platform};
use super::model::{LayerBuilder, LayerContents, Paths};
use super::tar::{looks_like_tar, EntryKind, Step, TarParser};
use super::{ErrorKind, Image, ImageError, Layer, Limits};
use archive::ArchiveState;
use layer::{layer_step, Decoding, LayerJob};
use std::collections::HashMap;
use std::ops::Range;
use stream::{stream_out, Route, Streamer};

/// How the reader reads. The defaults suit both a native file and a browser `File`.
#[derive(Clone, Debug)]
pub struct Options {
    /// `os/arch[/variant]` to pick from a multi-platform image; default linux/amd64, else the only one.
    pub platform: Option<String>,
    /// Bytes asked for at once while hopping between tar headers. 512 (the default) asks for
    /// headers only; a larger window means fewer requests (each `Blob.slice` read has a fixed
    /// cost in a browser) but also reading the bodies of small files it spans.
    pub window: usize,
    /// Bytes asked for at once from a compressed stream.
    pub chunk: usize,
    pub limits: Limits,
    /// The caller reads the layers itself (in parallel: one [`LayerReader`] per
    /// [`ImageReader::layer_spans`], results handed back with [`ImageReader::put_layer`]).
    /// Only for a seekable archive; a compressed archive is still streamed here.
    pub layers_elsewhere: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            platform: None,
            window: 512,
            chunk: 1024 * 1024,
            limits: Limits::default(),
            layers_elsewhere: false,
        }
    }
}

/// Where the reader is, for a progress bar.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Progress {
    /// Bytes the caller has fed so far.
    pub bytes_read: u64,
    /// The furthest offset reached in the file (skipped bytes count as passed).
    pub position: u64,
    pub total: u64,
    /// `scanning`, `metadata`, `layers`, `streaming` or `done`.
    pub stage: &'static str,
    pub layers_done: usize,
    /// 0 until the manifest has been read.
    pub layers_total: usize,
}

/// Layers read elsewhere: what is asked for and what came back (merged in layer order, so the
/// paths are interned exactly as a sequential read would).
struct Awaiting {
    spans: Vec<LayerSpan>,
    /// Parts handed back and not merged yet, per layer.
    parts: Vec<std::collections::VecDeque<LayerScan>>,
    /// Layers whose last part has come.
    complete: Vec<bool>,
    /// Layers merged (the first `merged`), and the one being merged.
    merged: usize,
    current: Option<LayerBuilder>,
}

enum Phase {
    Sniff(Vec<u8>),
    Index(Box<TarParser>),
    Meta {
        path: String,
        off: u64,
        size: u64,
        buf: Vec<u8>,
    },
    Layer(Box<LayerJob>),
    /// Waiting for the caller's [`LayerReader`]s (`Options::layers_elsewhere`).
    Await(Box<Awaiting>),
    Stream(Box<Streamer>),
    Done,
    Failed,
}

/// A positional read: `(offset, buffer) -> bytes read`.
pub type ReadAt<'a, E> = dyn FnMut(u64, &mut [u8]) -> Result<usize, E> + 'a;

/// Reads an image archive from bytes the caller supplies on request.
///
/// ```text
/// let mut r = ImageReader::new(file_len, Options::default());
/// while let Some(range) = r.want() {
///     let bytes = read(range.clone());       // File.slice(start, end) in a browser
///     r.feed(range.start, &bytes)?;
/// }
/// let image = r.finish()?;
/// let analysis = layerlens_core::image::analyze(&image);
/// ```
pub struct ImageReader {
    sh: ArchiveState,
    phase: Phase,
    want_platform: Option<Platform>,
    plan: Option<Plan>,
    next_layer: usize,
    streaming: bool,
    bytes_read: u64,
    position: u64,
    error: Option<ImageError>,
    result: Option<Image>,
    layers_elsewhere: bool,
}

impl ImageReader {
    pub fn new(total_len: u64, options: Options) -> ImageReader {
        let want_platform = options
            .platform
            .as_deref()
            .map(|p| Platform::parse(p).ok_or(p.to_string()));
        let mut r = ImageReader {
            sh: ArchiveState {
                budget: options.limits.max_entries,
                limits: options.limits,
                window: options.window.max(512),
                chunk: options.chunk.max(4096),
                total: total_len,
                paths: Paths::default(),
                outer: HashMap::new(),
                meta: HashMap::new(),
                meta_bytes: 0,
                layers: HashMap::new(),
                warnings: Vec::new(),
            },
            phase: Phase::Sniff(Vec::new()),
            want_platform: None,
            plan: None,
            next_layer: 0,
            streaming: false,
            bytes_read: 0,
            position: 0,
            error: None,
            result: None,
            layers_elsewhere: options.layers_elsewhere,
        };
        match want_platform {
            Some(Ok(p)) => r.want_platform = Some(p),
            Some(Err(s)) => r.fail(ImageError::new(
                ErrorKind::Platform,
                format!("{s:?} is not a platform: write os/arch, like linux/arm64"),
            )),
            None => {}
        }
        if total_len == 0 {
            r.fail(ImageError::new(ErrorKind::NotAnImage, "the file is empty"));
        }
        r
    }

    fn fail(&mut self, e: ImageError) {
        self.error = Some(e);
        self.phase = Phase::Failed;
    }

    /// The next byte range the reader needs, or None when it is done (or failed: see `finish`).
    pub fn want(&self) -> Option<Range<u64>> {
        let sh = &self.sh;
        let total = sh.total;
        let r = match &self.phase {
            Phase::Sniff(b) => b.len() as u64..total.min(sh.window as u64),
            Phase::Index(tar) => tar.pos()..total.min(tar.pos() + sh.window as u64),
            Phase::Meta { off, size, buf, .. } => off + buf.len() as u64..off + size,
            Phase::Layer(job) => job.want(sh.window, sh.chunk),
            Phase::Stream(s) => s.fed..total.min(s.fed + sh.chunk as u64),
            Phase::Await(_) | Phase::Done | Phase::Failed => return None,
        };
        (r.start < r.end).then_some(r)
    }

    /// Hands the reader the bytes at `offset` (the start of the range `want` returned; fewer
    /// bytes than asked are fine, it asks again for the rest). An error is final.
    pub fn feed(&mut self, offset: u64, bytes: &[u8]) -> Result<(), ImageError> {
        if let Some(e) = &self.error {
            return Err(e.clone());
        }
        let w = asked(self.want(), offset)?;
        if bytes.is_empty() {
            let e = ImageError::new(ErrorKind::Truncated, format!("the file ends at byte {offset}, before the {} bytes it was said to have (truncated?)", self.sh.total));
            self.fail(e.clone());
            return Err(e);
        }
        let bytes = &bytes[..bytes.len().min((w.end - w.start) as usize)];
        self.bytes_read += bytes.len() as u64;
        let r = self.step(offset, bytes).and_then(|()| self.advance());
        if let Err(e) = &r {
            self.fail(e.clone());
        }
        r
    }

    pub fn progress(&self) -> Progress {
        let stage = match &self.phase {
            Phase::Sniff(_) | Phase::Index(_) => "scanning",
            Phase::Meta { .. } => "metadata",
            Phase::Layer(_) | Phase::Await(_) => "layers",
            Phase::Stream(_) => "streaming",
            Phase::Done | Phase::Failed => "done",
        };
        let position = match (&self.phase, self.want()) {
            (Phase::Done, _) => self.sh.total,
            (_, Some(w)) => w.start.max(self.position),
            _ => self.position,
        };
        Progress {
            bytes_read: self.bytes_read,
            position,
            total: self.sh.total,
            stage,
            layers_done: match &self.phase {
                _ if self.streaming => self.sh.layers.len(),
                Phase::Await(a) => {
                    let total = self.plan.as_ref().map(|p| p.layers.len()).unwrap_or(0);
                    let got = a.complete.iter().filter(|c| **c).count();
                    total.saturating_sub(a.spans.len()) + got
                }
                _ => self.next_layer,
            },
            layers_total: self.plan.as_ref().map(|p| p.layers.len()).unwrap_or(0),
        }
    }

    /// The platforms the image offers, once the manifest has been read (empty before, and for
    /// single-platform archives until the config is read).
    pub fn platforms(&self) -> Vec<Platform> {
        self.plan
            .as_ref()
            .map(|p| p.platforms.clone())
            .unwrap_or_default()
    }

    /// The image, once `want` returns None.
    pub fn finish(self) -> Result<Image, ImageError> {
        if let Some(e) = self.error {
            return Err(e);
        }
        self.result.ok_or_else(|| {
            ImageError::new(
                ErrorKind::Truncated,
                "the reader was not given the whole file (want() still asks for bytes)",
            )
        })
    }

    /// Drives the reader with a positional read function (`read_at(offset, buf) -> bytes read`).
    /// The function is the caller's IO: a file's seek+read natively, anything in tests.
    pub fn drive<E: std::fmt::Display>(
        mut self,
        mut read_at: impl FnMut(u64, &mut [u8]) -> Result<usize, E>,
        mut on_progress: impl FnMut(&Progress),
    ) -> Result<Image, ImageError> {
        self.pump(&mut read_at, &mut on_progress)?;
        on_progress(&self.progress());
        self.finish()
    }

    /// Feeds the reader until it wants nothing more (with `Options::layers_elsewhere`, until
    /// it waits for the layers).
    pub fn pump<E: std::fmt::Display>(
        &mut self,
        read_at: &mut ReadAt<'_, E>,
        on_progress: &mut dyn FnMut(&Progress),
    ) -> Result<(), ImageError> {
        let mut buf = Vec::new();
        let (mut last, mut feeds) = (0u64, 0u32);
        while let Some(w) = self.want() {
            let got = read_range(read_at, &w, &mut buf)?;
            self.feed(w.start, got)?;
            // Often enough for a progress bar whether the reads are headers or chunks.
            feeds += 1;
            if self.position.saturating_sub(last) >= 16 * 1024 * 1024 || feeds % 4096 == 0 {
                last = self.position;
                on_progress(&self.progress());
            }
        }
        Ok(())
    }

    fn step(&mut self, offset: u64, bytes: &[u8]) -> Result<(), ImageError> {
        self.position = self.position.max(offset + bytes.len() as u64);
        let sh = &mut self.sh;
        match &mut self.phase {
            Phase::Sniff(head) => {
                // Only the first 512 bytes are kept while they trickle in; a big first read is
                // looked at in place.
                let owned;
                let bytes = if head.is_empty() && bytes.len() as u64 >= sh.total.min(512) {
                    bytes
                } else {
                    let need = 512usize.saturating_sub(head.len()).min(bytes.len());
                    head.extend_from_slice(&bytes[..need]);
                    if (head.len() as u64) < sh.total.min(512) {
                        return Ok(());
                    }
                    owned = std::mem::take(head);
                    &owned[..]
                };
                let c = Compression::sniff(bytes);
                if c != Compression::None {
                    self.streaming = true;
                    self.phase = Phase::Stream(Box::new(Streamer {
                        dec: Decoder::new(c, "the compressed archive", &sh.limits),
                        tar: TarParser::new("the archive", &sh.limits),
                        route: Route::None,
                        fed: 0,
                    }));
                } else if looks_like_tar(bytes) {
                    self.phase = Phase::Index(Box::new(TarParser::new("the archive", &sh.limits)));
                } else if bytes.len() < 512 {
                    return Err(ImageError::new(
                        ErrorKind::NotAnImage,
                        format!("{} bytes are too few for a tar archive", bytes.len()),
                    ));
                } else {
                    return Err(ImageError::new(ErrorKind::NotAnImage, "not a tar, gzip or zstd file: save images with `docker save -o image.tar NAME`"));
                }
                self.step(0, bytes)
            }
            Phase::Index(tar) => {
                let mut input = bytes;
                loop {
                    match tar.next(&mut input)? {
                        Step::NeedMore | Step::End => break,
                        Step::Entry(e) => {
                            let end = e.data_offset.saturating_add(tar.skippable());
                            if e.data_offset.saturating_add(tar.body_left()) > sh.total {
                                return Err(ImageError::new(ErrorKind::Truncated, format!("the archive entry {:?} claims {} bytes but the file ends {} bytes after its start (truncated, or an absurd size)", e.name, tar.body_left(), sh.total.saturating_sub(e.data_offset))));
                            }
                            sh.record(&e)?;
                            if end - e.data_offset > input.len() as u64 {
                                tar.skip_body();
                                break;
                            }
                        }
                    }
                }
                Ok(())
            }
            Phase::Meta { buf, .. } => {
                buf.extend_from_slice(bytes);
                Ok(())
            }
            Phase::Layer(job) => layer_step(job, &sh.limits, bytes, &mut |b, e| {
                b.add(&e, &mut sh.paths, &sh.limits, &mut sh.budget)
            }),
            Phase::Stream(st) => {
                let Streamer {
                    dec,
                    tar,
                    route,
                    fed,
                } = &mut **st;
                *fed += bytes.len() as u64;
                dec.push(bytes, &mut |out| stream_out(tar, route, sh, out))
            }
            Phase::Await(_) | Phase::Done | Phase::Failed => Ok(()),
        }
    }

    /// Moves on when the current phase is complete.
    fn advance(&mut self) -> Result<(), ImageError> {
        loop {
            match &mut self.phase {
                Phase::Index(tar) if tar.ended() || tar.pos() >= self.sh.total => {
                    if !tar.at_boundary() {
                        return Err(ImageError::new(
                            ErrorKind::Truncated,
                            "the archive ends in the middle of an entry (truncated file?)",
                        ));
                    }
                    self.plan_next()?;
                }
                Phase::Meta {
                    path, size, buf, ..
                } => {
                    if (buf.len() as u64) < *size {
                        return Ok(());
                    }
                    let (p, b) = (std::mem::take(path), std::mem::take(buf));
                    self.sh.keep_meta(p, b)?;
                    self.plan_next()?;
                }
                Phase::Layer(job) => {
                    let done = job.done()?;
                    if !done {
                        return Ok(());
                    }
                    let Phase::Layer(job) = std::mem::replace(&mut self.phase, Phase::Done) else {
                        return Ok(());
                    };
                    let mut c = job.b.contents;
                    c.stored_bytes = job.size;
                    self.sh.layers.insert(job.path, c);
                    self.next_layer += 1;
                    self.start_layer()?;
                }
                Phase::Stream(st) => {
                    if st.fed < self.sh.total && !st.dec.stopped() {
                        return Ok(());
                    }
                    st.dec.finish()?;
                    if !st.tar.at_boundary() {
                        return Err(ImageError::new(ErrorKind::Truncated, "the compressed archive ends in the middle of an entry (truncated file?)"));
                    }
                    if !matches!(st.route, Route::None | Route::Skip) {
                        return Err(ImageError::new(
                            ErrorKind::Truncated,
                            "the compressed archive ends inside a file",
                        ));
                    }
                    self.phase = Phase::Done;
                    self.plan_next()?;
                }
                _ => return Ok(()),
            }
        }
    }

    /// Plans with what is known; reads the next metadata file or starts the layers.
    fn plan_next(&mut self) -> Result<(), ImageError> {
        let need = match format::plan(&self.sh, self.want_platform.as_ref())? {
            PlanStep::Need(p) => p,
            PlanStep::Ready(plan) => {
                if self.sh.file(&plan.config_path).is_some() {
                    self.plan = Some(plan);
                    self.next_layer = 0;
                    if self.streaming {
                        return self.assemble();
                    }
                    return self.start_layer();
                }
                plan.config_path
            }
        };
        let Some((path, e)) = self.sh.resolve(&need)? else {
            return Err(ImageError::new(
                ErrorKind::Missing,
                format!("{need} is named by the manifest but is not in the archive"),
            ));
        };
        if self.streaming {
            return Err(ImageError::new(ErrorKind::Missing, format!("{need} could not be read from the compressed archive (not JSON, or larger than {} bytes)", self.sh.limits.max_json_bytes)));
        }
        if e.size > self.sh.limits.max_json_bytes {
            return Err(ImageError::new(
                ErrorKind::Limit,
                format!(
                    "{need} is {} bytes; metadata larger than {} bytes is refused",
                    e.size, self.sh.limits.max_json_bytes
                ),
            ));
        }
        if e.kind != EntryKind::File {
            return Err(ImageError::new(
                ErrorKind::Corrupt,
                format!("{need} is not a regular file in the archive"),
            ));
        }
        let (off, size) = (e.offset, e.size);
        if size == 0 {
            self.sh.keep_meta(path, Vec::new())?;
            return self.plan_next();
        }
        self.phase = Phase::Meta {
            path,
            off,
            size,
            buf: Vec::with_capacity(size as usize),
        };
        Ok(())
    }

    fn start_layer(&mut self) -> Result<(), ImageError> {
        if self.layers_elsewhere {
            return self.await_layers();
        }
        loop {
            let Some(plan) = &self.plan else {
                return Ok(());
            };
            let Some(lr) = plan.layers.get(self.next_layer) else {
                return self.assemble();
            };
            let Some((path, e)) = self.sh.resolve(&lr.path)? else {
                return Err(ImageError::new(
                    ErrorKind::Missing,
                    format!(
                        "layer {} ({}) is named by the manifest but is not in the archive",
                        self.next_layer + 1,
                        lr.path
                    ),
                ));
            };
            if self.sh.layers.contains_key(&path) {
                self.next_layer += 1;
                continue;
            }
            if e.size == 0 {
                self.sh.warnings.push(format!(
                    "layer {} ({}) is an empty file; read as an empty layer",
                    self.next_layer + 1,
                    lr.path
                ));
                self.sh.layers.insert(path, LayerContents::default());
                self.next_layer += 1;
                continue;
            }
            let what = format!("layer {} ({})", self.next_layer + 1, lr.path);
            self.phase = Phase::Layer(Box::new(LayerJob {
                base: e.offset,
                size: e.size,
                path,
                decoding: Decoding::Sniff(Vec::new()),
                b: LayerBuilder::new(what),
            }));
            return Ok(());
        }
    }

    /// Lists the layers the caller is to read (each blob once; empty blobs need no reading).
    fn await_layers(&mut self) -> Result<(), ImageError> {
        let Some(plan) = &self.plan else {
            return Ok(());
        };
        let mut spans: Vec<LayerSpan> = Vec::new();
        for (i, lr) in plan.layers.iter().enumerate().skip(self.next_layer) {
            let Some((path, e)) = self.sh.resolve(&lr.path)? else {
                return Err(ImageError::new(
                    ErrorKind::Missing,
                    format!(
                        "layer {} ({}) is named by the manifest but is not in the archive",
                        i + 1,
                        lr.path
                    ),
                ));
            };
            if self.sh.layers.contains_key(&path) || spans.iter().any(|s| s.path == path) {
                continue;
            }
            if e.size == 0 {
                self.sh.warnings.push(format!(
                    "layer {} ({}) is an empty file; read as an empty layer",
                    i + 1,
                    lr.path
                ));
                self.sh.layers.insert(path, LayerContents::default());
                continue;
            }
            spans.push(LayerSpan {
                index: spans.len(),
                what: format!("layer {} ({})", i + 1, lr.path),
                path,
                offset: e.offset,
                size: e.size,
            });
        }
        if spans.is_empty() {
            return self.assemble();
        }
        self.phase = Phase::Await(Box::new(Awaiting {
            parts: spans.iter().map(|_| Default::default()).collect(),
            complete: vec![false; spans.len()],
            spans,
            merged: 0,
            current: None,
        }));
        Ok(())
    }

    /// The options a [`LayerReader`] of this reader's layers is to use.
    pub fn layer_options(&self) -> Options {
        Options {
            platform: None,
            window: self.sh.window,
            chunk: self.sh.chunk,
            limits: self.sh.limits.clone(),
            layers_elsewhere: false,
        }
    }

    /// The layers to read with [`LayerReader`]s when `Options::layers_elsewhere` is set: non-empty
    /// once `want` returns None and before every one has been handed back (empty otherwise).
    pub fn layer_spans(&self) -> &[LayerSpan] {
        match &self.phase {
            Phase::Await(a) => &a.spans,
            _ => &[],
        }
    }

    /// Hands back (a part of) what a [`LayerReader`] read of `layer_spans()[index]`: parts of a
    /// layer in the order they were taken, layers in any order. Entries are added to the image
    /// in layer order, exactly as one reader reading the layers in turn would (the same checks,
    /// the same errors); once every layer's last part is in, the image is assembled and
    /// `finish` returns it. An error is final.
    pub fn put_layer(&mut self, index: usize, part: LayerScan) -> Result<(), ImageError> {
        if let Some(e) = &self.error {
            return Err(e.clone());
        }
        let r = self.put_layer_inner(index, part);
        if let Err(e) = &r {
            self.fail(e.clone());
        }
        r
    }

    fn put_layer_inner(&mut self, index: usize, part: LayerScan) -> Result<(), ImageError> {
        let Phase::Await(a) = &mut self.phase else {
            return Err(ImageError::new(
                ErrorKind::Protocol,
                "put_layer() called when no layer is awaited",
            ));
        };
        match a.complete.get_mut(index) {
            Some(done @ false) => *done = part.last,
            _ => {
                return Err(ImageError::new(
                    ErrorKind::Protocol,
                    format!(
                    "put_layer({index}): not an awaited layer, or handed back after its last part"
                ),
                ))
            }
        }
        a.parts[index].push_back(part);
        // Parts of later layers wait for the earlier ones: they are bounded by what the image
        // may hold at all (every waiting entry will be added; a few per layer — the root, AUFS
        // bookkeeping — are not counted when they are).
        let waiting: u64 = a
            .parts
            .iter()
            .flatten()
            .map(|p| p.entries.len() as u64)
            .sum();
        if waiting > self.sh.budget + 16 * a.spans.len() as u64 {
            return Err(ImageError::new(
                ErrorKind::Limit,
                format!(
                    "{}: more than {} files in the image (limit)",
                    a.spans[index].what, self.sh.limits.max_entries
                ),
            ));
        }
        while a.merged < a.spans.len() {
            let Some(part) = a.parts[a.merged].pop_front() else {
                break;
            };
            let span = &a.spans[a.merged];
            let b = a
                .current
                .get_or_insert_with(|| LayerBuilder::new(span.what.clone()));
            for e in &part.entries {
                b.add(e, &mut self.sh.paths, &self.sh.limits, &mut self.sh.budget)?;
            }
            if part.last {
                let mut c = a.current.take().map(|b| b.contents).unwrap_or_default();
                c.compression = part.compression;
                c.tar_bytes = part.tar_bytes;
                c.stored_bytes = span.size;
                self.sh.layers.insert(span.path.clone(), c);
                a.merged += 1;
            }
        }
        if a.merged == a.spans.len() {
            self.next_layer = self.plan.as_ref().map(|p| p.layers.len()).unwrap_or(0);
            self.phase = Phase::Done;
            self.assemble()?;
        }
        Ok(())
    }

    fn assemble(&mut self) -> Result<(), ImageError> {
        let Some(mut plan) = self.plan.take() else {
            return Ok(());
        };
        let cbytes = self.sh.file(&plan.config_path).unwrap_or(&[]);
        let config = format::parse_config(cbytes, &plan.config_path)?;
        if plan.platform.is_none() && !config.os.is_empty() {
            let p = Platform {
                os: config.os.clone(),
                architecture: config.architecture.clone(),
                variant: config.variant.clone(),
            };
            if let Some(w) = &self.want_platform {
                if w.os != p.os || w.architecture != p.architecture {
                    return Err(ImageError::new(
                        ErrorKind::Platform,
                        format!("platform {w} is not in the image; it has: {p}"),
                    ));
                }
            }
            plan.platforms = vec![p.clone()];
            plan.platform = Some(p);
        }
        let mut layers = Vec::new();
        for (i, lr) in plan.layers.iter().enumerate() {
            let resolved = self.sh.resolve(&lr.path)?.map(|(p, _)| p);
            let contents = match resolved.as_ref().and_then(|p| self.sh.layers.get(p)) {
                Some(c) => c.clone(),
                None => {
                    return Err(ImageError::new(
                        ErrorKind::Missing,
                        format!(
                        "layer {} ({}) is not in the archive, or is not a tar, gzip or zstd blob",
                        i + 1,
                        lr.path
                    ),
                    ))
                }
            };
            let digest = config
                .diff_ids
                .get(i)
                .cloned()
                .or_else(|| lr.digest.clone())
                .unwrap_or_else(|| lr.path.clone());
            layers.push(Layer {
                index: i,
                digest,
                blob: lr.digest.clone(),
                path: lr.path.clone(),
                media_type: lr.media_type.clone(),
                contents,
            });
        }
        let mut warnings = std::mem::take(&mut plan.warnings);
        warnings.append(&mut self.sh.warnings);
        self.result = Some(Image {
            format: plan.format.clone(),
            compressed_archive: self.streaming,
            platforms: plan.platforms.clone(),
            platform: plan.platform.clone(),
            repo_tags: plan.repo_tags.clone(),
            config,
            layers,
            paths: std::mem::take(&mut self.sh.paths),
            warnings,
            bytes_read: self.bytes_read,
            total_bytes: self.sh.total,
        });
        self.plan = Some(plan);
        self.next_layer = self.plan.as_ref().map(|p| p.layers.len()).unwrap_or(0);
        self.phase = Phase::Done;
        Ok(())
    }
}

/// The range `want` gave, checked against where the caller says its bytes start.
pub(super) fn asked(want: Option<Range<u64>>, offset: u64) -> Result<Range<u64>, ImageError> {
    let Some(w) = want else {
        return Err(ImageError::new(
            ErrorKind::Protocol,
            "feed() called when no bytes are wanted",
        ));
    };
    if offset != w.start {
        return Err(ImageError::new(
            ErrorKind::Protocol,
            format!(
                "fed bytes at offset {offset}, but asked for {}..{}",
                w.start, w.end
            ),
        ));
    }
    Ok(w)
}

/// Reads `range` into `buf` with a positional read (short at the end of the file).
pub(super) fn read_range<'b, E: std::fmt::Display>(
    read_at: &mut ReadAt<'_, E>,
    range: &Range<u64>,
    buf: &'b mut Vec<u8>,
) -> Result<&'b [u8], ImageError> {
    let len = (range.end - range.start) as usize;
    buf.resize(len, 0);
    let mut got = 0;
    while got < len {
        let at = range.start + got as u64;
        let n = read_at(at, &mut buf[got..]).map_err(|e| {
            ImageError::new(ErrorKind::Io, format!("cannot read at offset {at}: {e}"))
        })?;
        if n == 0 {
            break;
        }
        got += n;
    }
    Ok(&buf[..got])
}
