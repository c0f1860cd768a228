//! The outer archive as the reader knows it: every entry's place (links followed), the JSON
//! files kept, the layers read so far, and the limits they are all held to.

use super::super::format::{self, Archive};
use super::super::model::{LayerContents, Paths};
use super::super::tar::EntryKind;
use super::super::{ErrorKind, ImageError, Limits};
use std::collections::HashMap;

pub(super) struct OuterEntry {
    pub(super) kind: EntryKind,
    pub(super) link: String,
    pub(super) offset: u64,
    pub(super) size: u64,
}

/// What the reader's phases share: the outer archive's entries, the JSON kept, the layers
/// read, the limits and the budget they draw on.
pub(super) struct ArchiveState {
    pub(super) limits: Limits,
    pub(super) window: usize,
    pub(super) chunk: usize,
    pub(super) total: u64,
    pub(super) paths: Paths,
    pub(super) budget: u64,
    pub(super) outer: HashMap<String, OuterEntry>,
    pub(super) meta: HashMap<String, Vec<u8>>,
    pub(super) meta_bytes: u64,
    pub(super) layers: HashMap<String, LayerContents>,
    pub(super) warnings: Vec<String>,
}

impl ArchiveState {
    /// Follows symlinks and hard links among the archive's entries (legacy `docker save` may
    /// store a layer.tar as a link to another), at most 16 hops.
    pub(super) fn resolve(&self, path: &str) -> Result<Option<(String, &OuterEntry)>, ImageError> {
        let mut p = format::normalize(path);
        for _ in 0..16 {
            let Some(e) = self.outer.get(&p) else {
                return Ok(None);
            };
            match e.kind {
                EntryKind::Symlink => {
                    let dir = p.rsplit_once('/').map(|(d, _)| d).unwrap_or("");
                    p = if e.link.starts_with('/') {
                        format::normalize(&e.link)
                    } else {
                        format::normalize(&format!("{dir}/{}", e.link))
                    };
                }
                EntryKind::Hardlink => p = format::normalize(&e.link),
                _ => return Ok(Some((p, e))),
            }
        }
        Err(ImageError::new(
            ErrorKind::Hostile,
            format!("{path}: a loop of links in the archive"),
        ))
    }

    pub(super) fn record(&mut self, e: &super::super::tar::TarEntry) -> Result<(), ImageError> {
        if self.outer.len() >= self.limits.max_entries as usize {
            return Err(ImageError::new(
                ErrorKind::Limit,
                format!(
                    "the archive has more than {} entries (limit)",
                    self.limits.max_entries
                ),
            ));
        }
        let p = format::normalize(&e.name);
        self.outer.insert(
            p,
            OuterEntry {
                kind: e.kind,
                link: e.link.clone(),
                offset: e.data_offset,
                size: e.size,
            },
        );
        Ok(())
    }

    pub(super) fn keep_meta(&mut self, path: String, bytes: Vec<u8>) -> Result<(), ImageError> {
        self.meta_bytes += bytes.len() as u64;
        if self.meta_bytes > self.limits.max_metadata_bytes {
            return Err(ImageError::new(
                ErrorKind::Limit,
                format!(
                    "the archive's JSON files add up to more than {} bytes (limit)",
                    self.limits.max_metadata_bytes
                ),
            ));
        }
        self.meta.insert(path, bytes);
        Ok(())
    }
}

impl Archive for ArchiveState {
    fn file(&self, path: &str) -> Option<&[u8]> {
        let (p, _) = self.resolve(path).ok()??;
        self.meta.get(&p).map(|v| &v[..])
    }
    fn has(&self, path: &str) -> bool {
        matches!(self.resolve(path), Ok(Some(_)))
    }
}
