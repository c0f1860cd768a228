//! Streaming decompression driven by pushed input: gzip (any number of members, as estargz
//! writes them) through flate2's zlib-rs backend, zstd (any number of frames) through ruzstd.
//! Output goes out in pieces of at most `OUT_CHUNK` bytes; nothing grows with the stream.
//!
//! Bombs: the inflated total is capped (`Limits::max_inflated_bytes`) and so is the ratio of
//! inflated to compressed bytes once past `Limits::ratio_grace_bytes`.

use super::{ErrorKind, ImageError, Limits};
use flate2::{Decompress, FlushDecompress, Status};

const OUT_CHUNK: usize = 256 * 1024;
const MAX_GZIP_HEADER: usize = 64 * 1024;
/// A zstd block is at most 128 KiB compressed, plus its 3-byte header.
const ZSTD_MAX_BLOCK: usize = 128 * 1024 + 3;

#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Compression {
    None,
    Gzip,
    Zstd,
}

impl Compression {
    /// From the first bytes of a blob (magic numbers win over media types, which can lie).
    pub fn sniff(head: &[u8]) -> Compression {
        if head.starts_with(&[0x1f, 0x8b]) {
            Compression::Gzip
        } else if head.starts_with(&[0x28, 0xb5, 0x2f, 0xfd]) {
            Compression::Zstd
        } else {
            Compression::None
        }
    }
}

/// Is there more output wanted? `Ok(false)` stops decompression (the rest is ignored).
pub type Sink<'a> = dyn FnMut(&[u8]) -> Result<bool, ImageError> + 'a;

enum Gz {
    Header(Vec<u8>),
    Body,
    Trailer(usize),
    /// Between members: another member, zero padding or garbage may follow.
    Between,
}

enum State {
    Plain,
    Gzip {
        z: Box<Decompress>,
        st: Gz,
    },
    Zstd {
        d: Box<ruzstd::decoding::FrameDecoder>,
        buf: Vec<u8>,
        frame: ZFrame,
    },
    /// Output no longer wanted, or trailing bytes after the last member.
    Ignoring,
}

#[derive(PartialEq)]
enum ZFrame {
    /// Expecting a frame header (or the end).
    Start,
    Blocks,
    Checksum,
    /// A skippable frame: this many bytes left.
    Skip(u64),
}

pub struct Decoder {
    state: State,
    out: Vec<u8>,
    pub consumed: u64,
    pub inflated: u64,
    max_inflated: u64,
    max_ratio: u64,
    grace: u64,
    what: String,
}

impl Decoder {
    pub fn new(c: Compression, what: impl Into<String>, limits: &Limits) -> Decoder {
        let state = match c {
            Compression::None => State::Plain,
            Compression::Gzip => State::Gzip {
                z: Box::new(Decompress::new(false)),
                st: Gz::Header(Vec::new()),
            },
            Compression::Zstd => {
                let mut d = ruzstd::decoding::FrameDecoder::new();
                d.set_max_window_size(limits.max_zstd_window);
                State::Zstd {
                    d: Box::new(d),
                    buf: Vec::new(),
                    frame: ZFrame::Start,
                }
            }
        };
        Decoder {
            state,
            out: if c == Compression::None {
                Vec::new()
            } else {
                vec![0; OUT_CHUNK]
            },
            consumed: 0,
            inflated: 0,
            max_inflated: limits.max_inflated_bytes,
            max_ratio: limits.max_inflate_ratio,
            grace: limits.ratio_grace_bytes,
            what: what.into(),
        }
    }

    fn err(&self, kind: ErrorKind, msg: impl std::fmt::Display) -> ImageError {
        ImageError::new(kind, format!("{}: {msg}", self.what))
    }

    /// True once no more output will be produced whatever is pushed.
    pub fn stopped(&self) -> bool {
        matches!(self.state, State::Ignoring)
    }

    fn emit(&mut self, n: usize, sink: &mut Sink) -> Result<(), ImageError> {
        self.inflated += n as u64;
        if self.inflated > self.max_inflated {
            return Err(self.err(
                ErrorKind::Limit,
                format!(
                    "inflates to more than {} bytes (limit; a decompression bomb?)",
                    self.max_inflated
                ),
            ));
        }
        if self.inflated > self.grace && self.inflated / self.consumed.max(1) > self.max_ratio {
            return Err(self.err(ErrorKind::Limit, format!("inflates {} compressed bytes to {} bytes, more than {}:1 (a decompression bomb?)", self.consumed, self.inflated, self.max_ratio)));
        }
        if n > 0 && !sink(&self.out[..n])? {
            self.state = State::Ignoring;
        }
        Ok(())
    }

    pub fn push(&mut self, mut input: &[u8], sink: &mut Sink) -> Result<(), ImageError> {
        self.consumed += input.len() as u64;
        if let State::Plain = self.state {
            self.inflated += input.len() as u64;
            if !input.is_empty() && !sink(input)? {
                self.state = State::Ignoring;
            }
            return Ok(());
        }
        if let State::Zstd { buf, .. } = &mut self.state {
            buf.extend_from_slice(input);
            return self.zstd_run(sink);
        }
        while !input.is_empty() {
            let State::Gzip { z, st } = &mut self.state else {
                return Ok(());
            };
            match st {
                Gz::Header(h) => {
                    let take = input.len().min(MAX_GZIP_HEADER - h.len());
                    let before = h.len();
                    h.extend_from_slice(&input[..take]);
                    match gzip_header_len(h) {
                        Ok(Some(len)) => {
                            input = &input[len - before..];
                            z.reset(false);
                            *st = Gz::Body;
                        }
                        Ok(None) if h.len() >= MAX_GZIP_HEADER => {
                            return Err(
                                self.err(ErrorKind::Hostile, "a gzip header longer than 64 KiB")
                            )
                        }
                        Ok(None) => input = &input[take..],
                        Err(m) => return Err(self.err(ErrorKind::Corrupt, m)),
                    }
                }
                Gz::Body => {
                    let (in0, out0) = (z.total_in(), z.total_out());
                    let status = z
                        .decompress(input, &mut self.out, FlushDecompress::None)
                        .map_err(|e| {
                            ImageError::new(
                                ErrorKind::Corrupt,
                                format!("{}: gzip data is damaged: {e}", self.what),
                            )
                        })?;
                    let used = (z.total_in() - in0) as usize;
                    let made = (z.total_out() - out0) as usize;
                    input = &input[used..];
                    if status == Status::StreamEnd {
                        *st = Gz::Trailer(0);
                    } else if used == 0 && made == 0 {
                        return Err(self.err(ErrorKind::Corrupt, "gzip data makes no progress"));
                    }
                    self.emit(made, sink)?;
                }
                Gz::Trailer(got) => {
                    let take = (8 - *got).min(input.len());
                    *got += take;
                    input = &input[take..];
                    if *got == 8 {
                        *st = Gz::Between;
                    }
                }
                Gz::Between => {
                    if input[0] == 0x1f {
                        *st = Gz::Header(Vec::new());
                    } else {
                        // Zero padding or trailing garbage after the last member: ignored, as gzip does.
                        self.state = State::Ignoring;
                    }
                }
            }
        }
        Ok(())
    }

    fn zstd_run(&mut self, sink: &mut Sink) -> Result<(), ImageError> {
        loop {
            let State::Zstd { d, buf, frame } = &mut self.state else {
                return Ok(());
            };
            match frame {
                ZFrame::Start => {
                    if buf.len() < 4 {
                        return Ok(());
                    }
                    let magic = u32::from_le_bytes([buf[0], buf[1], buf[2], buf[3]]);
                    if magic & 0xFFFF_FFF0 == 0x184D_2A50 {
                        if buf.len() < 8 {
                            return Ok(());
                        }
                        let n = u32::from_le_bytes([buf[4], buf[5], buf[6], buf[7]]) as u64;
                        buf.drain(..8);
                        *frame = ZFrame::Skip(n);
                        continue;
                    }
                    if magic != 0xFD2F_B528 {
                        // Not another frame: trailing bytes, ignored.
                        self.state = State::Ignoring;
                        return Ok(());
                    }
                    if buf.len() < 5 {
                        return Ok(());
                    }
                    let fhd = buf[4];
                    let single = fhd & 0x20 != 0;
                    let dict = [0usize, 1, 2, 4][(fhd & 3) as usize];
                    let fcs = match fhd >> 6 {
                        0 => usize::from(single),
                        1 => 2,
                        2 => 4,
                        _ => 8,
                    };
                    let hlen = 5 + usize::from(!single) + dict + fcs;
                    if buf.len() < hlen {
                        return Ok(());
                    }
                    let mut src: &[u8] = &buf[..hlen];
                    if let Err(e) = d.reset(&mut src) {
                        let m = format!("zstd frame header refused: {e}");
                        return Err(self.err(ErrorKind::Limit, m));
                    }
                    buf.drain(..hlen);
                    *frame = ZFrame::Blocks;
                }
                ZFrame::Skip(n) => {
                    let k = (*n).min(buf.len() as u64);
                    buf.drain(..k as usize);
                    *n -= k;
                    if *n > 0 {
                        return Ok(());
                    }
                    *frame = ZFrame::Start;
                }
                ZFrame::Checksum => {
                    if buf.len() < 4 {
                        return Ok(());
                    }
                    // Handing ruzstd the checksum finishes the frame, so the last window drains.
                    let (_, made) = d.decode_from_to(&buf[..4], &mut self.out).map_err(|e| {
                        ImageError::new(
                            ErrorKind::Corrupt,
                            format!("{}: zstd data is damaged: {e}", self.what),
                        )
                    })?;
                    buf.drain(..4);
                    *frame = ZFrame::Start;
                    self.zstd_drain(made, sink)?;
                }
                ZFrame::Blocks => {
                    if buf.len() < 3 {
                        return Ok(());
                    }
                    let bh = u32::from_le_bytes([buf[0], buf[1], buf[2], 0]);
                    let last = bh & 1 != 0;
                    let btype = (bh >> 1) & 3;
                    let bsize = (bh >> 3) as usize;
                    let body = match btype {
                        1 => 1,
                        3 => {
                            return Err(self.err(
                                ErrorKind::Corrupt,
                                "zstd data is damaged (reserved block type)",
                            ))
                        }
                        _ => bsize,
                    };
                    if body + 3 > ZSTD_MAX_BLOCK {
                        return Err(self.err(
                            ErrorKind::Corrupt,
                            "zstd data is damaged (block larger than 128 KiB)",
                        ));
                    }
                    if buf.len() < body + 3 {
                        return Ok(());
                    }
                    // Exactly one block at a time, so the decoder's buffer stays at window + 128 KiB.
                    let (read, made) =
                        d.decode_from_to(&buf[..body + 3], &mut self.out)
                            .map_err(|e| {
                                ImageError::new(
                                    ErrorKind::Corrupt,
                                    format!("{}: zstd data is damaged: {e}", self.what),
                                )
                            })?;
                    if read != body + 3 {
                        return Err(self.err(
                            ErrorKind::Corrupt,
                            "zstd data is damaged (block not decoded)",
                        ));
                    }
                    buf.drain(..read);
                    if last {
                        *frame = if frame_has_checksum(d) {
                            ZFrame::Checksum
                        } else {
                            ZFrame::Start
                        };
                    }
                    self.zstd_drain(made, sink)?;
                }
            }
        }
    }

    /// Emits `made` bytes already in `out`, then whatever else the decoder can give.
    fn zstd_drain(&mut self, mut made: usize, sink: &mut Sink) -> Result<(), ImageError> {
        use std::io::Read;
        loop {
            self.emit(made, sink)?;
            let State::Zstd { d, .. } = &mut self.state else {
                return Ok(());
            };
            if made == 0 {
                return Ok(());
            }
            made = d.read(&mut self.out).map_err(|e| {
                ImageError::new(ErrorKind::Corrupt, format!("{}: zstd: {e}", self.what))
            })?;
        }
    }

    /// The compressed input is complete: was the stream complete too?
    pub fn finish(&self) -> Result<(), ImageError> {
        match &self.state {
            State::Plain | State::Ignoring => Ok(()),
            State::Gzip {
                st: Gz::Between, ..
            } => Ok(()),
            State::Gzip {
                st: Gz::Header(h), ..
            } if h.is_empty() => Ok(()),
            State::Gzip { .. } => Err(self.err(
                ErrorKind::Truncated,
                "the gzip stream ends early (truncated file?)",
            )),
            State::Zstd {
                frame: ZFrame::Start,
                buf,
                ..
            } if buf.is_empty() => Ok(()),
            State::Zstd { .. } => Err(self.err(
                ErrorKind::Truncated,
                "the zstd stream ends early (truncated file?)",
            )),
        }
    }
}

fn frame_has_checksum(d: &ruzstd::decoding::FrameDecoder) -> bool {
    // ruzstd reads the checksum itself when it is in the slice it was given; we give it exactly
    // one block, so the 4 checksum bytes (if the frame has them) follow the last block.
    d.get_checksum_from_data().is_none() && !d.is_finished()
}

/// Length of a complete gzip member header in `h`, None if more bytes are needed.
fn gzip_header_len(h: &[u8]) -> Result<Option<usize>, String> {
    if h.len() < 10 {
        if h.len() >= 2 && h[..2] != [0x1f, 0x8b] {
            return Err("not gzip data (bad magic)".into());
        }
        return Ok(None);
    }
    if h[..2] != [0x1f, 0x8b] {
        return Err("not gzip data (bad magic)".into());
    }
    if h[2] != 8 {
        return Err(format!("gzip compression method {} is not deflate", h[2]));
    }
    let flags = h[3];
    let mut i = 10;
    if flags & 0x04 != 0 {
        if h.len() < i + 2 {
            return Ok(None);
        }
        i += 2 + u16::from_le_bytes([h[i], h[i + 1]]) as usize;
    }
    for bit in [0x08u8, 0x10] {
        if flags & bit != 0 {
            match h.get(i..).and_then(|r| r.iter().position(|&b| b == 0)) {
                Some(p) => i += p + 1,
                None => return Ok(None),
            }
        }
    }
    if flags & 0x02 != 0 {
        i += 2;
    }
    Ok(if h.len() >= i { Some(i) } else { None })
}
