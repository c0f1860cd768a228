//! [`LayerScan`] as bytes, to move a layer read in one web worker to another (a transferable
//! `ArrayBuffer`: no JSON, no copy on the way). Little-endian, length-prefixed:
//!
//! ```text
//! "LLS1" · paths: u32 n, then n × (u32 parent, u32 len, name bytes)
//!        · size_bytes u64 · compression u8 (0 none, 1 gzip, 2 zstd, 255 unknown)
//!        · stored_bytes u64 · tar_bytes u64
//!        · entries: u32 n, then n × (u32 node, u8 kind, u64 size, u32 mode, u32 uid, u32 gid,
//!                                     u32 link len or u32::MAX for none, link bytes)
//! ```
//!
//! `decode` checks everything it reads (lengths, UTF-8, that parents come first and entries name
//! listed paths): bytes from elsewhere never panic the reader.

use super::decode::Compression;
use super::model::{Entry, Kind, LayerContents};
use super::reader::LayerScan;
use super::{ErrorKind, ImageError};

const MAGIC: &[u8; 4] = b"LLS1";
const NO_LINK: u32 = u32::MAX;

impl LayerScan {
    pub fn encode(&self) -> Vec<u8> {
        let names: usize = self.paths.iter().map(|(_, n)| n.len() + 8).sum();
        let mut out = Vec::with_capacity(64 + names + self.contents.entries.len() * 29);
        out.extend_from_slice(MAGIC);
        put32(&mut out, self.paths.len() as u32);
        for (parent, name) in &self.paths {
            put32(&mut out, *parent);
            put32(&mut out, name.len() as u32);
            out.extend_from_slice(name.as_bytes());
        }
        let c = &self.contents;
        put64(&mut out, c.size_bytes);
        out.push(match c.compression {
            Some(Compression::None) => 0,
            Some(Compression::Gzip) => 1,
            Some(Compression::Zstd) => 2,
            None => 255,
        });
        put64(&mut out, c.stored_bytes);
        put64(&mut out, c.tar_bytes);
        put32(&mut out, c.entries.len() as u32);
        for e in &c.entries {
            put32(&mut out, e.node);
            out.push(kind_byte(e.kind));
            put64(&mut out, e.size);
            put32(&mut out, e.mode);
            put32(&mut out, e.uid);
            put32(&mut out, e.gid);
            match &e.link {
                Some(l) => {
                    put32(&mut out, l.len() as u32);
                    out.extend_from_slice(l.as_bytes());
                }
                None => put32(&mut out, NO_LINK),
            }
        }
        out
    }

    pub fn decode(bytes: &[u8]) -> Result<LayerScan, ImageError> {
        let mut r = Cursor { b: bytes };
        if r.take(4)? != MAGIC {
            return Err(bad("not a layer scan"));
        }
        let n = r.u32()? as usize;
        // Each path takes at least 8 bytes: a count larger than the input is a lie.
        if n > r.b.len() / 8 {
            return Err(bad("more paths than bytes"));
        }
        let mut paths = Vec::with_capacity(n);
        for i in 0..n {
            let parent = r.u32()?;
            if parent as usize > i {
                return Err(bad("a path's parent comes after it"));
            }
            let len = r.u32()? as usize;
            paths.push((parent, r.str(len)?.into()));
        }
        let size_bytes = r.u64()?;
        let compression = match r.u8()? {
            0 => Some(Compression::None),
            1 => Some(Compression::Gzip),
            2 => Some(Compression::Zstd),
            _ => None,
        };
        let stored_bytes = r.u64()?;
        let tar_bytes = r.u64()?;
        let n = r.u32()? as usize;
        if n > r.b.len() / 29 {
            return Err(bad("more entries than bytes"));
        }
        let mut entries = Vec::with_capacity(n);
        for _ in 0..n {
            let node = r.u32()?;
            if node as usize > paths.len() {
                return Err(bad("an entry names a path the layer does not list"));
            }
            let kind = kind_of(r.u8()?)?;
            let size = r.u64()?;
            let mode = r.u32()?;
            let uid = r.u32()?;
            let gid = r.u32()?;
            let link = match r.u32()? {
                NO_LINK => None,
                len => Some(r.str(len as usize)?.into()),
            };
            entries.push(Entry {
                node,
                kind,
                size,
                mode,
                uid,
                gid,
                link,
            });
        }
        if !r.b.is_empty() {
            return Err(bad("bytes left over"));
        }
        Ok(LayerScan {
            paths,
            contents: LayerContents {
                entries,
                size_bytes,
                compression,
                stored_bytes,
                tar_bytes,
            },
        })
    }
}

fn bad(what: &str) -> ImageError {
    ImageError::new(ErrorKind::Protocol, format!("a layer scan: {what}"))
}

fn put32(out: &mut Vec<u8>, v: u32) {
    out.extend_from_slice(&v.to_le_bytes());
}

fn put64(out: &mut Vec<u8>, v: u64) {
    out.extend_from_slice(&v.to_le_bytes());
}

fn kind_byte(k: Kind) -> u8 {
    match k {
        Kind::File => 0,
        Kind::Dir => 1,
        Kind::Symlink => 2,
        Kind::Hardlink => 3,
        Kind::Other => 4,
        Kind::Whiteout => 5,
        Kind::Opaque => 6,
    }
}

fn kind_of(b: u8) -> Result<Kind, ImageError> {
    Ok(match b {
        0 => Kind::File,
        1 => Kind::Dir,
        2 => Kind::Symlink,
        3 => Kind::Hardlink,
        4 => Kind::Other,
        5 => Kind::Whiteout,
        6 => Kind::Opaque,
        _ => return Err(bad("an unknown entry kind")),
    })
}

struct Cursor<'a> {
    b: &'a [u8],
}

impl<'a> Cursor<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], ImageError> {
        if n > self.b.len() {
            return Err(bad("cut short"));
        }
        let (head, rest) = self.b.split_at(n);
        self.b = rest;
        Ok(head)
    }

    fn u8(&mut self) -> Result<u8, ImageError> {
        Ok(self.take(1)?[0])
    }

    fn u32(&mut self) -> Result<u32, ImageError> {
        let mut a = [0; 4];
        a.copy_from_slice(self.take(4)?);
        Ok(u32::from_le_bytes(a))
    }

    fn u64(&mut self) -> Result<u64, ImageError> {
        let mut a = [0; 8];
        a.copy_from_slice(self.take(8)?);
        Ok(u64::from_le_bytes(a))
    }

    fn str(&mut self, len: usize) -> Result<&'a str, ImageError> {
        std::str::from_utf8(self.take(len)?).map_err(|_| bad("a name that is not UTF-8"))
    }
}
