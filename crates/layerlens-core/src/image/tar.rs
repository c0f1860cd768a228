//! A push parser for tar streams: it reads headers (ustar, GNU, PAX, base-256 numbers) and
//! leaves bodies to the driver, which can skip them by offset (a seekable file) or let the parser
//! discard them (a decompressed stream). It never holds more than one header and one bounded
//! extended header in memory.

use super::{ErrorKind, ImageError, Limits};

/// What an entry is. Regular covers `0`, `\0`, `7` (contiguous) and GNU sparse `S`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EntryKind {
    File,
    Dir,
    Symlink,
    Hardlink,
    /// Character or block device, FIFO, or anything else without a body.
    Other,
}

/// One tar entry, with any PAX / GNU long-name overrides applied.
#[derive(Clone, Debug)]
pub struct TarEntry {
    pub name: String,
    pub link: String,
    pub kind: EntryKind,
    /// The body length the header declares (0 for entries that never have a body).
    pub size: u64,
    pub mode: u32,
    pub uid: u64,
    pub gid: u64,
    /// Stream offset of the first body byte.
    pub data_offset: u64,
}

pub enum Step {
    /// The input ran out before anything else happened.
    NeedMore,
    Entry(TarEntry),
    /// The end-of-archive marker (a zero block); later bytes are ignored.
    End,
}

#[derive(Default)]
struct Overrides {
    path: Option<String>,
    link: Option<String>,
    size: Option<u64>,
    uid: Option<u64>,
    gid: Option<u64>,
}

#[derive(Clone, Copy, PartialEq)]
enum ExtKind {
    Pax,
    GlobalPax,
    LongName,
    LongLink,
}

pub struct TarParser {
    /// Stream offset of the next byte the parser will consume.
    pos: u64,
    hdr: [u8; 512],
    hdr_len: usize,
    /// Body bytes of the current entry not yet consumed or skipped.
    body_left: u64,
    pad_left: u64,
    ext: Option<(ExtKind, u64)>,
    ext_buf: Vec<u8>,
    ext_pad: u64,
    pending: Overrides,
    ended: bool,
    max_ext: u64,
    max_path: usize,
    /// Where this stream sits in the outer file, for messages.
    what: String,
}

impl TarParser {
    pub fn new(what: impl Into<String>, limits: &Limits) -> Self {
        TarParser {
            pos: 0,
            hdr: [0; 512],
            hdr_len: 0,
            body_left: 0,
            pad_left: 0,
            ext: None,
            ext_buf: Vec::new(),
            ext_pad: 0,
            pending: Overrides::default(),
            ended: false,
            max_ext: limits.max_extended_header_bytes,
            max_path: limits.max_path_bytes,
            what: what.into(),
        }
    }

    pub fn pos(&self) -> u64 {
        self.pos
    }

    pub fn ended(&self) -> bool {
        self.ended
    }

    /// True when the parser is between entries with nothing half-read: a stream may end here
    /// (some writers omit the end marker).
    pub fn at_boundary(&self) -> bool {
        self.ended
            || (self.hdr_len == 0
                && self.body_left == 0
                && self.pad_left == 0
                && self.ext.is_none())
    }

    /// Bytes of the current body (and its padding) that the driver may jump over.
    pub fn skippable(&self) -> u64 {
        if self.ext.is_some() {
            0
        } else {
            self.body_left + self.pad_left
        }
    }

    /// Jump over the current body and padding (the driver seeks instead of reading).
    pub fn skip_body(&mut self) {
        if self.ext.is_none() {
            self.pos += self.body_left + self.pad_left;
            self.body_left = 0;
            self.pad_left = 0;
        }
    }

    /// Body bytes of the current entry still to come.
    pub fn body_left(&self) -> u64 {
        self.body_left
    }

    /// Takes up to `body_left` bytes of the current entry's body from `input`.
    pub fn take_body<'a>(&mut self, input: &mut &'a [u8]) -> &'a [u8] {
        let n = (self.body_left.min(input.len() as u64)) as usize;
        let (head, rest) = input.split_at(n);
        *input = rest;
        self.body_left -= n as u64;
        self.pos += n as u64;
        head
    }

    fn err(&self, kind: ErrorKind, msg: String) -> ImageError {
        ImageError::new(kind, format!("{}: {msg}", self.what))
    }

    /// Parses from `input` (advancing it) until an entry header is complete, the end marker is
    /// reached or the input runs out. Unread body bytes of the previous entry are discarded.
    pub fn next(&mut self, input: &mut &[u8]) -> Result<Step, ImageError> {
        loop {
            if self.ended {
                self.pos += input.len() as u64;
                *input = &[];
                return Ok(Step::End);
            }
            // Discard what is left of the previous body and its padding.
            let skip = self.body_left + self.pad_left;
            if skip > 0 {
                let n = skip.min(input.len() as u64);
                *input = &input[n as usize..];
                self.pos += n;
                let from_body = n.min(self.body_left);
                self.body_left -= from_body;
                self.pad_left -= n - from_body;
                if self.body_left + self.pad_left > 0 {
                    return Ok(Step::NeedMore);
                }
            }
            // Collect an extended header's data.
            if let Some((kind, left)) = self.ext {
                let n = left.min(input.len() as u64) as usize;
                self.ext_buf.extend_from_slice(&input[..n]);
                *input = &input[n..];
                self.pos += n as u64;
                let left = left - n as u64;
                if left > 0 {
                    self.ext = Some((kind, left));
                    return Ok(Step::NeedMore);
                }
                self.ext = None;
                let data = std::mem::take(&mut self.ext_buf);
                self.apply_ext(kind, &data)?;
                continue;
            }
            // Accumulate a header block.
            let n = (512 - self.hdr_len).min(input.len());
            self.hdr[self.hdr_len..self.hdr_len + n].copy_from_slice(&input[..n]);
            self.hdr_len += n;
            *input = &input[n..];
            self.pos += n as u64;
            if self.hdr_len < 512 {
                return Ok(Step::NeedMore);
            }
            self.hdr_len = 0;
            let header_at = self.pos - 512;
            if self.hdr.iter().all(|&b| b == 0) {
                self.ended = true;
                return Ok(Step::End);
            }
            if !checksum_ok(&self.hdr) {
                return Err(self.err(ErrorKind::Corrupt, format!("no valid tar header at offset {header_at} (bad checksum): the file is damaged or not a tar")));
            }
            let h = self.hdr;
            let size = number(&h[124..136]).ok_or_else(|| {
                self.err(
                    ErrorKind::Hostile,
                    format!(
                        "the header at offset {header_at} has an unreadable or absurd size field"
                    ),
                )
            })?;
            let size = match self.pending.size.take() {
                Some(s) => s,
                None => size,
            };
            let typeflag = h[156];
            let data_len = match typeflag {
                b'1' | b'2' | b'3' | b'4' | b'5' | b'6' => 0,
                _ => size,
            };
            let pad = (512 - data_len % 512) % 512;
            match typeflag {
                b'x' | b'g' | b'L' | b'K' => {
                    let kind = match typeflag {
                        b'x' => ExtKind::Pax,
                        b'g' => ExtKind::GlobalPax,
                        b'L' => ExtKind::LongName,
                        _ => ExtKind::LongLink,
                    };
                    if data_len > self.max_ext {
                        return Err(self.err(ErrorKind::Hostile, format!("an extended header at offset {header_at} claims {data_len} bytes (limit {})", self.max_ext)));
                    }
                    // The padding is discarded once the data is in (see `apply_ext`).
                    self.ext_buf.clear();
                    self.ext_pad = pad;
                    if data_len == 0 {
                        self.apply_ext(kind, &[])?;
                    } else {
                        self.ext = Some((kind, data_len));
                    }
                    continue;
                }
                _ => {}
            }
            let gnu = &h[257..265] == b"ustar  \0";
            let mut name = match self.pending.path.take() {
                Some(p) => p,
                None => {
                    let base = cstr(&h[0..100]);
                    let prefix = if !gnu && &h[257..262] == b"ustar" {
                        cstr(&h[345..500])
                    } else {
                        String::new()
                    };
                    if prefix.is_empty() {
                        base
                    } else {
                        format!("{prefix}/{base}")
                    }
                }
            };
            let link = self
                .pending
                .link
                .take()
                .unwrap_or_else(|| cstr(&h[157..257]));
            let uid = self
                .pending
                .uid
                .take()
                .or_else(|| number(&h[108..116]))
                .unwrap_or(0);
            let gid = self
                .pending
                .gid
                .take()
                .or_else(|| number(&h[116..124]))
                .unwrap_or(0);
            let mode = number(&h[100..108]).unwrap_or(0) as u32;
            let mut kind = match typeflag {
                b'0' | 0 | b'7' | b'S' => EntryKind::File,
                b'1' => EntryKind::Hardlink,
                b'2' => EntryKind::Symlink,
                b'5' => EntryKind::Dir,
                _ => EntryKind::Other,
            };
            // Old (v7) tars mark directories with a trailing slash on a regular entry.
            if kind == EntryKind::File && name.ends_with('/') {
                kind = EntryKind::Dir;
            }
            if name.len() > self.max_path {
                return Err(self.err(
                    ErrorKind::Hostile,
                    format!(
                        "an entry name at offset {header_at} is {} bytes long (limit {})",
                        name.len(),
                        self.max_path
                    ),
                ));
            }
            if name.contains('\0') {
                name = name.replace('\0', "");
            }
            self.body_left = data_len;
            self.pad_left = pad;
            let entry = TarEntry {
                name,
                link,
                kind,
                size: if kind == EntryKind::File { size } else { 0 },
                mode,
                uid,
                gid,
                data_offset: self.pos,
            };
            return Ok(Step::Entry(entry));
        }
    }

    fn apply_ext(&mut self, kind: ExtKind, data: &[u8]) -> Result<(), ImageError> {
        // The padding after the extended data.
        self.pad_left = std::mem::take(&mut self.ext_pad);
        match kind {
            ExtKind::LongName => self.pending.path = Some(cstr(data)),
            ExtKind::LongLink => self.pending.link = Some(cstr(data)),
            ExtKind::GlobalPax => {}
            ExtKind::Pax => {
                for (key, value) in pax_records(data) {
                    match key {
                        "path" => self.pending.path = Some(value.to_string()),
                        "linkpath" => self.pending.link = Some(value.to_string()),
                        "size" => {
                            let v = value.parse::<u64>().map_err(|_| {
                                self.err(
                                    ErrorKind::Hostile,
                                    format!("a PAX size of {value:?} is not a number"),
                                )
                            })?;
                            self.pending.size = Some(v);
                        }
                        "uid" => self.pending.uid = value.parse().ok(),
                        "gid" => self.pending.gid = value.parse().ok(),
                        _ => {}
                    }
                }
            }
        }
        Ok(())
    }
}

/// `len key=value\n` records; malformed ones end the list.
fn pax_records(mut data: &[u8]) -> Vec<(&str, &str)> {
    let mut out = Vec::new();
    while !data.is_empty() {
        let Some(sp) = data.iter().position(|&b| b == b' ') else {
            break;
        };
        let Some(len) = std::str::from_utf8(&data[..sp])
            .ok()
            .and_then(|s| s.parse::<usize>().ok())
        else {
            break;
        };
        if len <= sp + 1 || len > data.len() {
            break;
        }
        let rec = &data[sp + 1..len];
        let rec = rec.strip_suffix(b"\n").unwrap_or(rec);
        if let Ok(rec) = std::str::from_utf8(rec) {
            if let Some((k, v)) = rec.split_once('=') {
                out.push((k, v));
            }
        }
        data = &data[len..];
    }
    out
}

fn cstr(b: &[u8]) -> String {
    let end = b.iter().position(|&c| c == 0).unwrap_or(b.len());
    String::from_utf8_lossy(&b[..end]).into_owned()
}

/// Octal (space/NUL padded) or base-256 (high bit set). None when unreadable or negative.
pub(crate) fn number(field: &[u8]) -> Option<u64> {
    if field.first().is_some_and(|&b| b & 0x80 != 0) {
        if field[0] & 0x40 != 0 {
            return None; // negative
        }
        let mut v: u64 = (field[0] & 0x3f) as u64;
        for &b in &field[1..] {
            v = v.checked_mul(256)?.checked_add(b as u64)?;
        }
        return Some(v);
    }
    let s: Vec<u8> = field
        .iter()
        .copied()
        .skip_while(|&b| b == b' ')
        .take_while(|&b| b != 0 && b != b' ')
        .collect();
    if s.is_empty() {
        return Some(0);
    }
    let mut v: u64 = 0;
    for b in s {
        if !(b'0'..=b'7').contains(&b) {
            return None;
        }
        v = v.checked_mul(8)?.checked_add((b - b'0') as u64)?;
    }
    Some(v)
}

fn checksum_ok(h: &[u8; 512]) -> bool {
    let Some(want) = number(&h[148..156]) else {
        return false;
    };
    let mut unsigned: u64 = 0;
    let mut signed: i64 = 0;
    for (i, &b) in h.iter().enumerate() {
        let b = if (148..156).contains(&i) { b' ' } else { b };
        unsigned += b as u64;
        signed += (b as i8) as i64;
    }
    unsigned == want || signed == want as i64
}

/// Does this block look like the start of a tar archive?
pub fn looks_like_tar(block: &[u8]) -> bool {
    if block.len() < 512 {
        return false;
    }
    let mut h = [0u8; 512];
    h.copy_from_slice(&block[..512]);
    h.iter().all(|&b| b == 0) || checksum_ok(&h)
}

/// A ustar header for an entry of `size` bytes (`kind` `b'0'` a file, `b'5'` a directory), owner
/// 0:0, mode 0644 (0755 for a directory), time 0: enough to write the small images tests and the
/// app's warm-up read are made of.
pub fn header(name: &str, size: u64, kind: u8) -> [u8; 512] {
    let mut h = [0u8; 512];
    let n = name.len().min(100);
    h[..n].copy_from_slice(&name.as_bytes()[..n]);
    h[100..108].copy_from_slice(if kind == b'5' {
        b"0000755\0"
    } else {
        b"0000644\0"
    });
    h[108..116].copy_from_slice(b"0000000\0");
    h[116..124].copy_from_slice(b"0000000\0");
    h[124..136].copy_from_slice(format!("{size:011o}\0").as_bytes());
    h[136..148].copy_from_slice(b"00000000000\0");
    h[156] = kind;
    h[257..263].copy_from_slice(b"ustar\0");
    h[263..265].copy_from_slice(b"00");
    h[148..156].copy_from_slice(b"        ");
    let sum: u32 = h.iter().map(|&b| b as u32).sum();
    h[148..156].copy_from_slice(format!("{sum:06o}\0 ").as_bytes());
    h
}

/// A tar of `files` (a name ending in `/` is a directory), with its end-of-archive blocks.
pub fn write(files: &[(&str, &[u8])]) -> Vec<u8> {
    let mut out = Vec::new();
    for (name, body) in files {
        let kind = if name.ends_with('/') { b'5' } else { b'0' };
        out.extend_from_slice(&header(name, body.len() as u64, kind));
        out.extend_from_slice(body);
        out.resize(out.len().next_multiple_of(512), 0);
    }
    out.extend_from_slice(&[0u8; 1024]);
    out
}

/// One layer of [`docker_save`]: its diff ID, the history line that made it, its entries.
pub type SaveLayer<'a> = (&'a str, &'a str, Vec<(&'a str, &'a [u8])>);

/// A small legacy `docker save` archive of `layers` (one `lN/layer.tar` each, a config with their
/// diff IDs and history, a manifest tagged `t:1`): for tests and examples.
pub fn docker_save(layers: &[SaveLayer<'_>]) -> Vec<u8> {
    let mut outer: Vec<(String, Vec<u8>)> = Vec::new();
    for (i, (_, _, files)) in layers.iter().enumerate() {
        outer.push((format!("l{i}/layer.tar"), write(files)));
    }
    let quoted = |v: Vec<String>| v.join(",");
    let config = format!(
        r#"{{"architecture":"amd64","os":"linux","config":{{}},"rootfs":{{"type":"layers","diff_ids":[{}]}},"history":[{}]}}"#,
        quoted(layers.iter().map(|(d, _, _)| format!("{d:?}")).collect()),
        quoted(
            layers
                .iter()
                .map(|(_, h, _)| format!(r#"{{"created_by":{:?}}}"#, format!("/bin/sh -c {h}")))
                .collect()
        )
    );
    let manifest = format!(
        r#"[{{"Config":"config.json","RepoTags":["t:1"],"Layers":[{}]}}]"#,
        quoted(
            (0..layers.len())
                .map(|i| format!("\"l{i}/layer.tar\""))
                .collect()
        )
    );
    outer.push(("config.json".into(), config.into_bytes()));
    outer.push(("manifest.json".into(), manifest.into_bytes()));
    let refs: Vec<(&str, &[u8])> = outer.iter().map(|(n, b)| (n.as_str(), &b[..])).collect();
    write(&refs)
}
