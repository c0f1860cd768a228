//! The read image: interned paths and every layer's entries, as compact as the analysis needs.

use super::decode::Compression;
use super::tar::{EntryKind, TarEntry};
use super::{ErrorKind, ImageError, Limits};
use std::collections::HashMap;
use std::hash::{BuildHasher, Hasher};

const NONE: u32 = u32::MAX;

/// Every path seen in any layer, interned once: a node is (parent, name); node 0 is `/`.
/// Parents always have smaller ids than their children.
pub struct Paths {
    names: Vec<Box<str>>,
    parents: Vec<u32>,
    chain: Vec<u32>,
    index: HashMap<u64, u32>,
    hasher: std::collections::hash_map::RandomState,
}

impl Default for Paths {
    fn default() -> Self {
        Paths {
            names: vec!["".into()],
            parents: vec![NONE],
            chain: vec![NONE],
            index: HashMap::new(),
            hasher: Default::default(),
        }
    }
}

impl Paths {
    pub fn len(&self) -> usize {
        self.names.len()
    }

    pub fn is_empty(&self) -> bool {
        self.names.len() <= 1
    }

    fn key(&self, parent: u32, name: &str) -> u64 {
        let mut h = self.hasher.build_hasher();
        h.write_u32(parent);
        h.write(name.as_bytes());
        h.finish()
    }

    pub fn lookup(&self, parent: u32, name: &str) -> Option<u32> {
        let mut id = *self.index.get(&self.key(parent, name))?;
        while id != NONE {
            if self.parents[id as usize] == parent && &*self.names[id as usize] == name {
                return Some(id);
            }
            id = self.chain[id as usize];
        }
        None
    }

    pub fn child(&mut self, parent: u32, name: &str) -> u32 {
        if let Some(id) = self.lookup(parent, name) {
            return id;
        }
        let k = self.key(parent, name);
        let id = self.names.len() as u32;
        self.names.push(name.into());
        self.parents.push(parent);
        let head = self.index.insert(k, id).unwrap_or(NONE);
        self.chain.push(head);
        id
    }

    /// The node of an absolute or relative slash path, if interned (`..` is not resolved).
    pub fn find(&self, path: &str) -> Option<u32> {
        let mut id = 0;
        for part in path.split('/').filter(|p| !p.is_empty() && *p != ".") {
            id = self.lookup(id, part)?;
        }
        Some(id)
    }

    pub fn parent(&self, id: u32) -> Option<u32> {
        let p = *self.parents.get(id as usize)?;
        (p != NONE).then_some(p)
    }

    pub fn name(&self, id: u32) -> &str {
        self.names.get(id as usize).map(|s| &**s).unwrap_or("")
    }

    /// `/a/b/c` (the root is `/`).
    pub fn path(&self, id: u32) -> String {
        let mut parts = Vec::new();
        let mut cur = id;
        while cur != 0 && (cur as usize) < self.names.len() {
            parts.push(&*self.names[cur as usize]);
            cur = self.parents[cur as usize];
        }
        if parts.is_empty() {
            return "/".into();
        }
        let mut s = String::new();
        for p in parts.iter().rev() {
            s.push('/');
            s.push_str(p);
        }
        s
    }

    pub fn is_ancestor(&self, anc: u32, mut id: u32) -> bool {
        while let Some(p) = self.parent(id) {
            if p == anc {
                return true;
            }
            id = p;
        }
        false
    }
}

/// What a layer entry does to the filesystem below it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    File,
    Dir,
    Symlink,
    Hardlink,
    Other,
    /// `.wh.NAME`: removes NAME (the node is NAME itself).
    Whiteout,
    /// `.wh..wh..opq`: hides everything below the directory from lower layers (the node is the directory).
    Opaque,
}

impl Kind {
    /// Its name in the JSON (the serde name), for front ends that pass it on as text.
    pub fn name(self) -> &'static str {
        match self {
            Kind::File => "file",
            Kind::Dir => "dir",
            Kind::Symlink => "symlink",
            Kind::Hardlink => "hardlink",
            Kind::Other => "other",
            Kind::Whiteout => "whiteout",
            Kind::Opaque => "opaque",
        }
    }
}

#[derive(Clone, Debug)]
pub struct Entry {
    pub node: u32,
    pub kind: Kind,
    /// Body bytes for regular files, 0 otherwise (dive counts the same).
    pub size: u64,
    pub mode: u32,
    pub uid: u32,
    pub gid: u32,
    pub link: Option<Box<str>>,
}

/// One layer tar, read.
#[derive(Clone, Debug, Default)]
pub struct LayerContents {
    pub entries: Vec<Entry>,
    /// Σ regular-file sizes over every entry, duplicates included (dive's layer size).
    pub size_bytes: u64,
    pub compression: Option<Compression>,
    /// Bytes of the blob as stored in the archive.
    pub stored_bytes: u64,
    /// Bytes of the (inflated) tar stream that were processed.
    pub tar_bytes: u64,
}

/// Adds tar entries to a layer, normalizing names. Shared budget: `entries_left`.
pub struct LayerBuilder {
    pub contents: LayerContents,
    what: String,
}

impl LayerBuilder {
    pub fn new(what: impl Into<String>) -> Self {
        LayerBuilder {
            contents: LayerContents::default(),
            what: what.into(),
        }
    }

    pub fn what(&self) -> &str {
        &self.what
    }

    pub fn add(
        &mut self,
        e: &TarEntry,
        paths: &mut Paths,
        limits: &Limits,
        entries_left: &mut u64,
    ) -> Result<(), ImageError> {
        let Some(parts) = components(&e.name).map_err(|m| {
            ImageError::new(
                ErrorKind::Hostile,
                format!("{}: entry {:?} {m}", self.what, e.name),
            )
        })?
        else {
            return Ok(()); // `.` or `/`: the root itself
        };
        if parts.len() > limits.max_depth {
            return Err(ImageError::new(
                ErrorKind::Hostile,
                format!(
                    "{}: entry {:?}… is {} directories deep (limit {})",
                    self.what,
                    truncate(&e.name, 80),
                    parts.len(),
                    limits.max_depth
                ),
            ));
        }
        if *entries_left == 0 {
            return Err(ImageError::new(
                ErrorKind::Limit,
                format!(
                    "{}: more than {} files in the image (limit)",
                    self.what, limits.max_entries
                ),
            ));
        }
        *entries_left -= 1;
        let (last, dirs) = parts
            .split_last()
            .map(|(l, d)| (*l, d))
            .unwrap_or(("", &[]));
        let mut parent = 0u32;
        for d in dirs {
            parent = paths.child(parent, d);
        }
        let (node, kind) = if let Some(rest) = last.strip_prefix(".wh.") {
            if rest == ".wh..opq" {
                (parent, Kind::Opaque)
            } else if rest.starts_with(".wh.") || rest.is_empty() {
                return Ok(()); // AUFS bookkeeping (`.wh..wh.plnk`…): not part of the filesystem
            } else {
                (paths.child(parent, rest), Kind::Whiteout)
            }
        } else {
            let kind = match e.kind {
                EntryKind::File => Kind::File,
                EntryKind::Dir => Kind::Dir,
                EntryKind::Symlink => Kind::Symlink,
                EntryKind::Hardlink => Kind::Hardlink,
                EntryKind::Other => Kind::Other,
            };
            (paths.child(parent, last), kind)
        };
        let size = if kind == Kind::File { e.size } else { 0 };
        self.contents.size_bytes = self.contents.size_bytes.saturating_add(size);
        let link = match kind {
            Kind::Symlink | Kind::Hardlink if !e.link.is_empty() => {
                Some(truncate(&e.link, limits.max_path_bytes).into())
            }
            _ => None,
        };
        self.contents.entries.push(Entry {
            node,
            kind,
            size,
            mode: e.mode,
            uid: e.uid.min(u32::MAX as u64) as u32,
            gid: e.gid.min(u32::MAX as u64) as u32,
            link,
        });
        Ok(())
    }
}

fn truncate(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

/// The name's components with `.` and empty parts dropped; `..` climbs, and climbing above the
/// root is an error (a path-traversal name). None for the root itself.
pub fn components(name: &str) -> Result<Option<Vec<&str>>, String> {
    let mut out: Vec<&str> = Vec::new();
    for part in name.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                if out.pop().is_none() {
                    return Err("climbs out of the root with `..` (path traversal)".into());
                }
            }
            p => out.push(p),
        }
    }
    Ok(if out.is_empty() { None } else { Some(out) })
}
