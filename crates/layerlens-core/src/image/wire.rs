//! [`LayerScan`] as bytes, to move a part of a layer read in one web worker to another (a
//! transferable `ArrayBuffer`: no JSON, no copy on the way). Little-endian, length-prefixed:
//!
//! ```text
//! "LLS2" · last u8 · compression u8 (0 none, 1 gzip, 2 zstd, 255 not said) · tar_bytes u64
//!        · entries: u32 n, then n × (kind u8, size u64, mode u32, uid u64, gid u64,
//!                                     name: u32 len + bytes, link: u32 len + bytes)
//! ```
//!
//! `decode` checks everything it reads (lengths, UTF-8, kinds): bytes from elsewhere never
//! panic the reader, and what they say is checked again as the entries are added.

use super::decode::Compression;
use super::reader::LayerScan;
use super::tar::{EntryKind, TarEntry};
use super::{ErrorKind, ImageError};

const MAGIC: &[u8; 4] = b"LLS2";
/// The fewest bytes an entry takes.
const MIN_ENTRY: usize = 1 + 8 + 4 + 8 + 8 + 4 + 4;

impl LayerScan {
    pub fn encode(&self) -> Vec<u8> {
        let text: usize = self
            .entries
            .iter()
            .map(|e| e.name.len() + e.link.len())
            .sum();
        let mut out = Vec::with_capacity(32 + text + self.entries.len() * MIN_ENTRY);
        out.extend_from_slice(MAGIC);
        out.push(self.last as u8);
        out.push(match self.compression {
            Some(Compression::None) => 0,
            Some(Compression::Gzip) => 1,
            Some(Compression::Zstd) => 2,
            None => 255,
        });
        out.extend_from_slice(&self.tar_bytes.to_le_bytes());
        out.extend_from_slice(&(self.entries.len() as u32).to_le_bytes());
        for e in &self.entries {
            out.push(kind_byte(e.kind));
            out.extend_from_slice(&e.size.to_le_bytes());
            out.extend_from_slice(&e.mode.to_le_bytes());
            out.extend_from_slice(&e.uid.to_le_bytes());
            out.extend_from_slice(&e.gid.to_le_bytes());
            for s in [&e.name, &e.link] {
                out.extend_from_slice(&(s.len() as u32).to_le_bytes());
                out.extend_from_slice(s.as_bytes());
            }
        }
        out
    }

    pub fn decode(bytes: &[u8]) -> Result<LayerScan, ImageError> {
        let mut r = Cursor { b: bytes };
        if r.take(4)? != MAGIC {
            return Err(bad("not a layer scan"));
        }
        let last = match r.u8()? {
            0 => false,
            1 => true,
            _ => return Err(bad("a flag that is neither 0 nor 1")),
        };
        let compression = match r.u8()? {
            0 => Some(Compression::None),
            1 => Some(Compression::Gzip),
            2 => Some(Compression::Zstd),
            255 => None,
            _ => return Err(bad("an unknown compression")),
        };
        let tar_bytes = r.u64()?;
        let n = r.u32()? as usize;
        // A count larger than the bytes could hold is a lie: no allocation for it.
        if n > r.b.len() / MIN_ENTRY {
            return Err(bad("more entries than bytes"));
        }
        let mut entries = Vec::with_capacity(n);
        for _ in 0..n {
            let kind = kind_of(r.u8()?)?;
            let size = r.u64()?;
            let mode = r.u32()?;
            let uid = r.u64()?;
            let gid = r.u64()?;
            let name = r.string()?;
            let link = r.string()?;
            entries.push(TarEntry {
                name,
                link,
                kind,
                size,
                mode,
                uid,
                gid,
                data_offset: 0,
            });
        }
        if !r.b.is_empty() {
            return Err(bad("bytes left over"));
        }
        Ok(LayerScan {
            entries,
            last,
            compression,
            tar_bytes,
        })
    }
}

fn bad(what: &str) -> ImageError {
    ImageError::new(ErrorKind::Protocol, format!("a layer scan: {what}"))
}

fn kind_byte(k: EntryKind) -> u8 {
    match k {
        EntryKind::File => 0,
        EntryKind::Dir => 1,
        EntryKind::Symlink => 2,
        EntryKind::Hardlink => 3,
        EntryKind::Other => 4,
    }
}

fn kind_of(b: u8) -> Result<EntryKind, ImageError> {
    Ok(match b {
        0 => EntryKind::File,
        1 => EntryKind::Dir,
        2 => EntryKind::Symlink,
        3 => EntryKind::Hardlink,
        4 => EntryKind::Other,
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

    fn string(&mut self) -> Result<String, ImageError> {
        let len = self.u32()? as usize;
        std::str::from_utf8(self.take(len)?)
            .map(str::to_string)
            .map_err(|_| bad("a name that is not UTF-8"))
    }
}
