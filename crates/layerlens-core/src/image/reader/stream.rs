//! A compressed archive, streamed once from start to end: each outer entry's body is routed as
//! it passes — JSON kept, a layer blob read through its own decoder, the rest skipped.

use super::super::decode::{Compression, Decoder};
use super::super::format;
use super::super::model::LayerBuilder;
use super::super::tar::{looks_like_tar, EntryKind, Step, TarParser};
use super::super::{ErrorKind, ImageError};
use super::archive::ArchiveState;

/// Where the body of the outer entry passing now goes.
pub(super) enum Route {
    None,
    Skip,
    Capture {
        path: String,
        buf: Vec<u8>,
    },
    Sniff {
        path: String,
        buf: Vec<u8>,
        size: u64,
    },
    Layer(Box<StreamLayer>),
}

pub(super) struct StreamLayer {
    pub(super) path: String,
    pub(super) dec: Decoder,
    pub(super) tar: TarParser,
    pub(super) b: LayerBuilder,
}

pub(super) struct Streamer {
    pub(super) dec: Decoder,
    pub(super) tar: TarParser,
    pub(super) route: Route,
    pub(super) fed: u64,
}

/// The compressed archive's inflated bytes: the outer tar, with each entry's body routed to
/// whatever reads it.
pub(super) fn stream_out(
    tar: &mut TarParser,
    route: &mut Route,
    sh: &mut ArchiveState,
    out: &[u8],
) -> Result<bool, ImageError> {
    let mut input = out;
    loop {
        if tar.body_left() > 0 && !matches!(route, Route::None | Route::Skip) {
            let piece = tar.take_body(&mut input);
            feed_route(route, piece, sh)?;
            if tar.body_left() == 0 {
                finish_route(route, sh)?;
            }
            if input.is_empty() {
                return Ok(true);
            }
            continue;
        }
        match tar.next(&mut input)? {
            Step::NeedMore => return Ok(true),
            Step::End => return Ok(false),
            Step::Entry(e) => {
                sh.record(&e)?;
                let path = format::normalize(&e.name);
                let base = path.rsplit('/').next().unwrap_or("");
                *route = if e.kind != EntryKind::File {
                    Route::Skip
                } else if matches!(
                    base,
                    "manifest.json" | "index.json" | "oci-layout" | "repositories" | "json"
                ) || base.ends_with(".json")
                    || base.starts_with("sha256:")
                {
                    if e.size <= sh.limits.max_json_bytes {
                        Route::Capture {
                            path,
                            buf: Vec::new(),
                        }
                    } else {
                        sh.warnings.push(format!(
                            "{path}: {} bytes of JSON skipped (limit {})",
                            e.size, sh.limits.max_json_bytes
                        ));
                        Route::Skip
                    }
                } else if path.starts_with("blobs/")
                    || base.ends_with(".tar")
                    || base.ends_with(".tar.gz")
                    || base.ends_with(".tgz")
                    || base.ends_with(".tar.zst")
                {
                    Route::Sniff {
                        path,
                        buf: Vec::new(),
                        size: e.size,
                    }
                } else {
                    Route::Skip
                };
                if tar.body_left() == 0 {
                    finish_route(route, sh)?;
                }
            }
        }
    }
}

pub(super) fn feed_route(
    route: &mut Route,
    piece: &[u8],
    sh: &mut ArchiveState,
) -> Result<(), ImageError> {
    match route {
        Route::Capture { buf, .. } => buf.extend_from_slice(piece),
        Route::Sniff { buf, .. } => {
            buf.extend_from_slice(piece);
            if buf.len() >= 512 {
                decide(route, sh, false)?;
            }
        }
        Route::Layer(l) => {
            let StreamLayer { dec, tar, b, .. } = &mut **l;
            dec.push(piece, &mut |out| {
                let mut input = out;
                loop {
                    match tar.next(&mut input)? {
                        Step::NeedMore => return Ok(true),
                        Step::End => return Ok(false),
                        Step::Entry(e) => b.add(&e, &mut sh.paths, &sh.limits, &mut sh.budget)?,
                    }
                }
            })?;
        }
        Route::None | Route::Skip => {}
    }
    Ok(())
}

/// A blob's first bytes are in: JSON, a layer, or neither.
pub(super) fn decide(
    route: &mut Route,
    sh: &mut ArchiveState,
    complete: bool,
) -> Result<(), ImageError> {
    let Route::Sniff { path, buf, size } = route else {
        return Ok(());
    };
    let (path, head, size) = (std::mem::take(path), std::mem::take(buf), *size);
    if head.first() == Some(&b'{') && size <= sh.limits.max_json_bytes {
        *route = Route::Capture { path, buf: head };
        return Ok(());
    }
    let c = Compression::sniff(&head);
    if c == Compression::None && !looks_like_tar(&head) {
        *route = Route::Skip;
        return Ok(());
    }
    let what = format!("layer {path}");
    let mut b = LayerBuilder::new(what.clone());
    b.contents.compression = Some(c);
    b.contents.stored_bytes = size;
    *route = Route::Layer(Box::new(StreamLayer {
        path,
        dec: Decoder::new(c, what.clone(), &sh.limits),
        tar: TarParser::new(what, &sh.limits),
        b,
    }));
    feed_route(route, &head, sh)?;
    let _ = complete;
    Ok(())
}

pub(super) fn finish_route(route: &mut Route, sh: &mut ArchiveState) -> Result<(), ImageError> {
    if matches!(route, Route::Sniff { .. }) {
        decide(route, sh, true)?;
    }
    match std::mem::replace(route, Route::None) {
        Route::Capture { path, buf } => sh.keep_meta(path, buf)?,
        Route::Layer(l) => {
            let StreamLayer {
                path,
                dec,
                tar,
                mut b,
            } = *l;
            dec.finish()?;
            if !tar.at_boundary() {
                return Err(ImageError::new(
                    ErrorKind::Truncated,
                    format!(
                        "layer {path}: the tar inside ends in the middle of an entry (truncated?)"
                    ),
                ));
            }
            b.contents.tar_bytes = dec.inflated;
            sh.layers.insert(path, b.contents);
        }
        _ => {}
    }
    Ok(())
}
