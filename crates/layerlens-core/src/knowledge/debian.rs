//! Debian bookworm (amd64) package knowledge: which packages an `apt-get install` pulls in, and
//! how many bytes they add.
//!
//! The data is `static/knowledge/debian-bookworm-amd64.tsv`, written by `scripts/gen-debian-table`
//! from apt's Packages indexes (bookworm + bookworm-updates + bookworm-security, main, highest
//! version of each). A `#` header line names the sources and their dates; then one row per
//! package, tab-separated:
//!
//! ```text
//! name  installed_kib  priority(r/i/s/o/x/empty)  depends  recommends  provides
//! ```
//!
//! Relations are `,`-separated groups of `|`-separated alternatives, names only; depends is
//! Pre-Depends + Depends. The generator resolved version constraints against bookworm itself
//! (an alternative nothing in bookworm meets is left out) and dropped them; `name!` marks one that
//! only the real package meets, not its providers.
//!
//! [`DebianIndex::closure`] replays apt 2.6's `MarkInstall` (apt-pkg/depcache.cc):
//! - every root is marked first, then each root's relations are followed depth-first, in index
//!   order: Depends, then (unless `--no-install-recommends`) Recommends of every newly installed
//!   package;
//! - a group is satisfied if an alternative is installed or already marked, itself or through a
//!   package providing it; otherwise the first alternative that is a real package or is provided
//!   gets installed;
//! - a virtual name goes to the best-priority provider (required > important > standard >
//!   optional > extra); ties go to the name sorting last, which approximates apt's tie-break
//!   (highest package id; ids are handed out in index order): apt picks zutty for
//!   x-terminal-emulator.
//!
//! Checked against `apt-get -s` on a fake status of the base image's 88 packages
//! (tests/debian_closure.rs, tests/debian_apt_sample.rs): same package count and size on
//! 104/104 rows of ../shared/knowledge and 722/724 sampled installs. Not modelled: Conflicts and
//! Breaks (libreoffice-help-* gets libreoffice-core-nogui beside libreoffice-core, +108 MB), and
//! apt refusing a package whose Depends nothing in bookworm meets.

use serde::Serialize;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

/// FNV-1a: package names are short and not attacker-chosen in a way that matters here (the
/// table is the app's own file), and SipHash made interning 60 000 names the table parse's
/// largest cost.
#[derive(Default)]
pub(crate) struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for &b in bytes {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }
}

/// Names to ids (also the shell parser's memo: one instantiation of the map in the wasm).
pub(crate) type Ids = HashMap<Box<str>, u32, BuildHasherDefault<Fnv>>;

/// The releases whose package tables ship with layerlens (`static/knowledge/debian-<r>-amd64.tsv`,
/// made by scripts/gen-debian-table), newest last.
pub const TABLES: &[&str] = &["bullseye", "bookworm", "trixie"];

/// Releases older than every table (archived: their indexes are not reachable here). Their
/// installs are sized with the oldest table, bullseye's: packages grow release by release, so
/// the nearest release is the closest figure.
pub const OLDER_RELEASES: &[&str] = &["buster", "stretch", "jessie", "wheezy", "squeeze"];

/// The table to size installs on an image of `release`: its own when shipped, bullseye's for an
/// older release, else bookworm's (an unknown release: the one used before the others came).
pub fn table_for(release: Option<&str>) -> &'static str {
    match release {
        Some(r) if OLDER_RELEASES.contains(&r) => "bullseye",
        r => r
            .and_then(|r| TABLES.iter().find(|t| **t == r).copied())
            .unwrap_or("bookworm"),
    }
}

/// Every amd64 package of one Debian release with its Installed-Size and relations, names
/// interned as ids.
#[derive(Debug, Clone, Default)]
pub struct DebianIndex {
    /// id -> name. Ids cover both packages with a row and names only mentioned in relations.
    names: Vec<Box<str>>,
    ids: Ids,
    entries: Vec<Entry>,
    /// A relation group is `alts[start..end]`.
    groups: Vec<(u32, u32)>,
    /// Package ids, `REAL_ONLY` set for `name!`.
    alts: Vec<u32>,
    /// id -> packages providing it: `providers[provider_start[id]..provider_start[id + 1]]`.
    provider_start: Vec<u32>,
    providers: Vec<u32>,
    rows: usize,
    skipped: usize,
    /// The first `#` line, without the `#`.
    source: String,
    /// [`debian_base_set`](Self::debian_base_set), made on first use.
    base: std::sync::OnceLock<Installed>,
}

#[derive(Debug, Clone, Copy, Default)]
struct Entry {
    /// `false` for a name that only appears in relations (virtual or missing).
    real: bool,
    kib: u64,
    /// 1 required … 5 extra, 6 none: lower is preferred among providers.
    priority: u8,
    /// Ranges into `groups`.
    depends: (u32, u32),
    recommends: (u32, u32),
}

const NO_PRIORITY: u8 = 6;
/// Flag bit on an alternative: providers do not satisfy it. Ids stay below it.
const REAL_ONLY: u32 = 1 << 31;

fn priority_rank(code: &str) -> Option<u8> {
    Some(match code {
        "r" => 1,
        "i" => 2,
        "s" => 3,
        "o" => 4,
        "x" => 5,
        "" => NO_PRIORITY,
        _ => return None,
    })
}

fn valid_name(name: &str) -> bool {
    !name.is_empty()
        && !name
            .bytes()
            .any(|b| b.is_ascii_whitespace() || b == b',' || b == b'|')
}

/// A set of installed packages, by name (so it does not depend on one index's ids), e.g. an
/// image's packages after each `RUN`: start from [`DebianIndex::debian_base_set`], then
/// [`Installed::insert_closure`] what each `apt-get install` adds.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Installed {
    names: BTreeSet<String>,
}

impl Installed {
    pub fn new() -> Installed {
        Installed::default()
    }

    pub fn insert(&mut self, name: &str) -> bool {
        self.names.insert(name.to_string())
    }

    /// Adds the packages a closure installs.
    pub fn insert_closure(&mut self, c: &Closure) {
        self.names.extend(c.packages.iter().cloned());
    }

    pub fn len(&self) -> usize {
        self.names.len()
    }

    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }

    pub fn contains(&self, name: &str) -> bool {
        self.names.contains(name)
    }

    /// Names in sorted order.
    pub fn iter(&self) -> impl Iterator<Item = &str> {
        self.names.iter().map(String::as_str)
    }
}

impl<'a> FromIterator<&'a str> for Installed {
    fn from_iter<I: IntoIterator<Item = &'a str>>(iter: I) -> Installed {
        Installed {
            names: iter.into_iter().map(str::to_string).collect(),
        }
    }
}

/// An installed set in one index's own terms, a mark per package id: made by
/// [`DebianIndex::marks`], grown by [`DebianIndex::install`]. Meaningless with another index.
#[derive(Debug, Clone, Default)]
pub struct Marks(Vec<bool>);

/// What installing some roots adds to an installed set.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Closure {
    /// Newly installed packages, in the order apt marks them.
    pub packages: Vec<String>,
    /// Σ Installed-Size of `packages`, KiB (as dpkg counts it: 1024 bytes).
    pub installed_kib: u64,
    /// Roots that are not package names (globs, variables) or not in the index, and Depends
    /// groups none of whose alternatives exist (written `a|b`). Missing Recommends are not listed:
    /// apt skips them silently.
    pub unknown: Vec<String>,
}

impl Closure {
    /// Installed size in decimal megabytes (what `docker images` prints).
    pub fn installed_mb(&self) -> f64 {
        self.installed_kib as f64 * 1024.0 / 1e6
    }
}

/// How a word from `apt-get install …` names a package.
enum Root<'a> {
    Name(&'a str),
    /// An option or an empty word: not a package.
    Ignore,
    /// A glob or a shell variable: cannot be resolved statically.
    Unresolvable,
}

fn root_name(word: &str) -> Root<'_> {
    let word = word.trim();
    if word.is_empty() || word.starts_with('-') {
        return Root::Ignore;
    }
    if word.contains(['$', '`', '*', '?', '[']) {
        return Root::Unresolvable;
    }
    // pkg=version, pkg/release, pkg:arch
    let end = word.find(['=', '/', ':']).unwrap_or(word.len());
    match &word[..end] {
        "" => Root::Unresolvable,
        name => Root::Name(name),
    }
}

/// The table read a piece at a time, so a page can parse its 7.6 MB between keystrokes:
/// `new` sizes the maps from the whole text, `feed` takes any run of whole lines, `finish` indexes
/// the providers. [`DebianIndex::parse`] is `new`, one `feed`, `finish`.
pub struct DebianParse {
    ix: DebianIndex,
    /// (provided, provider)
    provides: Vec<(u32, u32)>,
}

impl DebianParse {
    pub fn new(tsv: &str) -> DebianParse {
        let mut ix = DebianIndex::default();
        // Sized once from the row count (≈ 1.1 names a row in bookworm's table): growing the
        // name map 16 times over was a twentieth of the parse.
        let rows = tsv.bytes().filter(|&b| b == b'\n').count();
        ix.ids.reserve(rows + rows / 8);
        ix.names.reserve(rows + rows / 8);
        ix.entries.reserve(rows + rows / 8);
        DebianParse {
            ix,
            provides: Vec::new(),
        }
    }

    /// Reads whole lines (a cut inside a line reads as two broken rows: cut at a newline).
    pub fn feed(&mut self, lines: &str) {
        for line in lines.lines() {
            self.ix.parse_line(line, &mut self.provides);
        }
    }

    pub fn finish(mut self) -> DebianIndex {
        self.ix.index_providers(self.provides);
        self.ix
    }
}

/// `text` cut into runs of whole lines of about `bytes` each (the last may be shorter).
pub fn line_slices(text: &str, bytes: usize) -> impl Iterator<Item = &str> {
    let mut rest = text;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        // Bytes, not chars: a newline is one byte, and the cut after it is a char boundary.
        let from = bytes.min(rest.len());
        let cut = match rest.as_bytes()[from..].iter().position(|&b| b == b'\n') {
            Some(i) => from + i + 1,
            None => rest.len(),
        };
        let (head, tail) = rest.split_at(cut);
        rest = tail;
        Some(head)
    })
}

impl DebianIndex {
    /// The release the table was made from, read from its first line
    /// (`# debian main amd64 Packages: trixie (…)`); `bookworm` when it does not say.
    pub fn release(&self) -> &str {
        self.source
            .split("Packages:")
            .nth(1)
            .and_then(|r| r.split_whitespace().next())
            .filter(|r| TABLES.contains(r))
            .unwrap_or("bookworm")
    }

    /// Parses the TSV written by `scripts/gen-debian-table`. Never panics on bad input: bad lines
    /// (fewer than two columns, a bad name, a non-numeric size, an unknown priority code, a second
    /// row for the same name) are skipped and counted. Blank lines and `#` comments are ignored.
    pub fn parse(tsv: &str) -> DebianIndex {
        let mut p = DebianParse::new(tsv);
        p.feed(tsv);
        p.finish()
    }

    fn parse_line(&mut self, line: &str, provides: &mut Vec<(u32, u32)>) {
        let line = line.strip_suffix('\r').unwrap_or(line);
        if let Some(comment) = line.strip_prefix('#') {
            if self.source.is_empty() {
                self.source = comment.trim().to_string();
            }
            return;
        }
        if line.trim().is_empty() {
            return;
        }
        if self.parse_row(line, provides).is_none() {
            self.skipped += 1;
        }
    }

    fn parse_row(&mut self, line: &str, provides: &mut Vec<(u32, u32)>) -> Option<()> {
        let mut cols = line.split('\t');
        let name = cols.next().filter(|n| valid_name(n))?;
        let kib: u64 = cols.next()?.trim().parse().ok()?;
        let priority = priority_rank(cols.next().unwrap_or("").trim())?;
        let id = self.intern(name)?;
        let slot = self.entries.get(id as usize)?;
        if slot.real {
            return None; // duplicate row
        }
        let depends = self.parse_relation(cols.next().unwrap_or(""))?;
        let recommends = self.parse_relation(cols.next().unwrap_or(""))?;
        for p in cols.next().unwrap_or("").split([',', '|']) {
            let p = p.trim();
            if valid_name(p) {
                provides.push((self.intern(p)?, id));
            }
        }
        let e = self.entries.get_mut(id as usize)?;
        *e = Entry {
            real: true,
            kib,
            priority,
            depends,
            recommends,
        };
        self.rows += 1;
        Some(())
    }

    /// `a|b,c` -> a range of groups. `None` only when ids overflow `u32`.
    fn parse_relation(&mut self, field: &str) -> Option<(u32, u32)> {
        let start = u32::try_from(self.groups.len()).ok()?;
        for group in field.split(',') {
            let alt_start = u32::try_from(self.alts.len()).ok()?;
            for alt in group.split('|') {
                let alt = alt.trim();
                let (alt, flag) = match alt.strip_suffix('!') {
                    Some(real) => (real, REAL_ONLY),
                    None => (alt, 0),
                };
                if valid_name(alt) {
                    let id = self.intern(alt)?;
                    self.alts.push(id | flag);
                }
            }
            let alt_end = u32::try_from(self.alts.len()).ok()?;
            if alt_end > alt_start {
                self.groups.push((alt_start, alt_end));
            }
        }
        Some((start, u32::try_from(self.groups.len()).ok()?))
    }

    fn intern(&mut self, name: &str) -> Option<u32> {
        if let Some(&id) = self.ids.get(name) {
            return Some(id);
        }
        let id = u32::try_from(self.names.len())
            .ok()
            .filter(|&id| id < REAL_ONLY)?;
        self.names.push(name.into());
        self.ids.insert(name.into(), id);
        self.entries.push(Entry {
            priority: NO_PRIORITY,
            ..Entry::default()
        });
        Some(id)
    }

    fn index_providers(&mut self, mut provides: Vec<(u32, u32)>) {
        crate::sort::sort_dedup(&mut provides);
        let mut start = vec![0u32; self.names.len() + 1];
        for &(virt, _) in &provides {
            if let Some(s) = start.get_mut(virt as usize + 1) {
                *s = s.saturating_add(1);
            }
        }
        for i in 1..start.len() {
            start[i] = start[i].saturating_add(start[i - 1]);
        }
        self.provider_start = start;
        self.providers = provides.into_iter().map(|(_, p)| p).collect();
    }

    /// Number of packages (rows) in the index.
    pub fn len(&self) -> usize {
        self.rows
    }

    pub fn is_empty(&self) -> bool {
        self.rows == 0
    }

    /// Lines that were not valid rows.
    pub fn skipped_lines(&self) -> usize {
        self.skipped
    }

    /// The table's header line: which indexes, of which date (to cite where a figure comes from).
    pub fn source(&self) -> &str {
        &self.source
    }

    fn id(&self, name: &str) -> Option<u32> {
        self.ids.get(name).copied()
    }

    fn entry(&self, id: u32) -> Entry {
        self.entries.get(id as usize).copied().unwrap_or_default()
    }

    fn name(&self, id: u32) -> &str {
        self.names.get(id as usize).map_or("", |n| n)
    }

    /// Installed-Size in KiB of a real package; `None` for virtual or unknown names.
    pub fn installed_kib(&self, name: &str) -> Option<u64> {
        let e = self.entry(self.id(name)?);
        e.real.then_some(e.kib)
    }

    /// Whether `name` is a package with a row (not only a virtual name).
    pub fn contains(&self, name: &str) -> bool {
        self.id(name).is_some_and(|id| self.entry(id).real)
    }

    /// A real package or a name some package provides (`libasound2` on trixie).
    pub fn knows(&self, name: &str) -> bool {
        self.id(name).is_some()
    }

    /// The first alternative of each Depends group of a real package (names; empty for unknown).
    pub fn depends_of(&self, name: &str) -> Vec<&str> {
        let Some(id) = self.id(name) else {
            return Vec::new();
        };
        let e = self.entry(id);
        if !e.real {
            return Vec::new();
        }
        self.group_ids(e.depends)
            .iter()
            .filter_map(|&g| self.alt_ids(g).first())
            .map(|&a| self.name(a & !REAL_ONLY))
            .collect()
    }

    /// The packages holding the run-time library of a `-dev` (headers) package: the Depends
    /// named after its stem (`libssl-dev` → `libssl3`, `zlib1g-dev` → `zlib1g`, `libcurl4-openssl-dev`
    /// → `libcurl4`), following `-dev` Depends of the same stem (`libjpeg-dev` →
    /// `libjpeg62-turbo-dev` → `libjpeg62-turbo`). Tools (`-bin`), data (`-common`, `-data`) and
    /// documentation are not libraries. Empty when the index names none (a header-only package,
    /// or one named otherwise): a caller then keeps the `-dev` package itself.
    pub fn runtime_of_dev(&self, dev: &str) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        let mut todo: Vec<&str> = vec![dev];
        let mut seen: Vec<&str> = Vec::new();
        while let Some(d) = todo.pop() {
            if seen.contains(&d) || seen.len() > 16 {
                continue;
            }
            seen.push(d);
            let Some(stem) = d.strip_suffix("-dev") else {
                continue;
            };
            // The stem without a trailing version or flavour (`libpcre2` of `libpcre2-dev`).
            let root = stem.trim_end_matches(|c: char| c.is_ascii_digit() || c == '.' || c == '-');
            for dep in self.depends_of(d) {
                let related = dep.starts_with(stem)
                    || stem.starts_with(dep)
                    || (root.len() >= 4 && dep.starts_with(root));
                // A transitional -dev package names its successor (`libncursesw5-dev` →
                // `libncurses-dev`): a -dev dependency of the same family counts.
                let family = dep.strip_suffix("-dev").is_some_and(|ds| {
                    ds.bytes()
                        .zip(stem.bytes())
                        .take_while(|(a, b)| a == b)
                        .count()
                        >= 6
                });
                if !related && !family {
                    continue;
                }
                if dep.ends_with("-dev") {
                    todo.push(dep);
                } else if ![
                    "-bin", "-common", "-data", "-doc", "-dev-bin", "-tools", "-utils",
                ]
                .iter()
                .any(|s| dep.ends_with(s))
                    && !out.contains(&dep)
                {
                    out.push(dep);
                }
            }
        }
        out
    }

    /// Packages that provide `name`, sorted by name.
    pub fn providers_of(&self, name: &str) -> Vec<&str> {
        let ids = self.id(name).map_or(&[][..], |id| self.provider_ids(id));
        let mut v: Vec<&str> = ids.iter().map(|&p| self.name(p)).collect();
        crate::sort::sort_by_key(&mut v, |x| *x);
        v
    }

    /// Σ Installed-Size (KiB) of the set's packages that are in the index.
    pub fn total_kib(&self, set: &Installed) -> u64 {
        set.iter()
            .filter_map(|n| self.installed_kib(n))
            .fold(0, u64::saturating_add)
    }

    fn provider_ids(&self, id: u32) -> &[u32] {
        let i = id as usize;
        let (Some(&s), Some(&e)) = (self.provider_start.get(i), self.provider_start.get(i + 1))
        else {
            return &[];
        };
        self.providers.get(s as usize..e as usize).unwrap_or(&[])
    }

    fn group_ids(&self, range: (u32, u32)) -> &[(u32, u32)] {
        self.groups
            .get(range.0 as usize..range.1 as usize)
            .unwrap_or(&[])
    }

    fn alt_ids(&self, group: (u32, u32)) -> &[u32] {
        self.alts
            .get(group.0 as usize..group.1 as usize)
            .unwrap_or(&[])
    }

    /// The base set of `debian:bookworm`: every Priority required package plus usr-is-merged and
    /// apt, with their Depends (88 packages, ≈ 120 MB Installed-Size, ≈ 3 % above the real image).
    pub fn debian_base_set(&self) -> Installed {
        self.base.get_or_init(|| self.make_base_set()).clone()
    }

    fn make_base_set(&self) -> Installed {
        let required = |e: &&Entry| e.real && e.priority == 1;
        let mut roots: Vec<&str> = self
            .entries
            .iter()
            .zip(&self.names)
            .filter(|(e, _)| required(e))
            .map(|(_, n)| &**n)
            .collect();
        crate::sort::sort_by_key(&mut roots, |x| *x);
        roots.extend(["usr-is-merged", "apt"]);
        let mut set = Installed::new();
        set.insert_closure(&self.closure(&Installed::new(), &roots, false));
        set
    }

    /// What `apt-get install roots…` adds on top of `installed` (`recommends = false` for
    /// `--no-install-recommends`). Roots may be written `pkg=version`, `pkg:amd64` or
    /// `pkg/release`; words starting with `-` are ignored as options; globs and variables are
    /// reported in `unknown`.
    pub fn closure(&self, installed: &Installed, roots: &[&str], recommends: bool) -> Closure {
        let mut have = self.have(installed);
        self.closure_on(&mut have, roots, recommends)
    }

    /// [`closure`](Self::closure) of all `roots` together, and of each of `alone` by itself, on
    /// the same installed set — which is looked up once, not once per closure.
    pub fn closures(
        &self,
        installed: &Installed,
        roots: &[&str],
        alone: &[&str],
        recommends: bool,
    ) -> (Closure, Vec<Closure>) {
        self.install(&mut self.marks(installed), roots, alone, recommends)
    }

    /// [`closures`](Self::closures) on an installed set kept as [`Marks`], which then have the
    /// closure of `roots` installed too: an estimate keeps a stage's set this way, so an
    /// `apt-get install` neither looks the set's names up again nor rebuilds it.
    pub fn install(
        &self,
        marks: &mut Marks,
        roots: &[&str],
        alone: &[&str],
        recommends: bool,
    ) -> (Closure, Vec<Closure>) {
        let have = &mut marks.0;
        have.resize(self.names.len(), false);
        let mut each = Vec::with_capacity(alone.len());
        for &r in alone {
            let c = self.closure_on(have, &[r], recommends);
            // Back to `installed` for the next root.
            for p in &c.packages {
                if let Some(h) = self.id(p).and_then(|id| have.get_mut(id as usize)) {
                    *h = false;
                }
            }
            each.push(c);
        }
        (self.closure_on(have, roots, recommends), each)
    }

    /// `installed` as this index's marks (names it does not know are left out).
    pub fn marks(&self, installed: &Installed) -> Marks {
        Marks(self.have(installed))
    }

    fn have(&self, installed: &Installed) -> Vec<bool> {
        let mut have = vec![false; self.names.len()];
        for id in installed.iter().filter_map(|name| self.id(name)) {
            if let Some(h) = have.get_mut(id as usize) {
                *h = true;
            }
        }
        have
    }

    /// The closure of `roots` on `have` (marked as they are installed).
    fn closure_on(&self, have: &mut [bool], roots: &[&str], recommends: bool) -> Closure {
        let mut out = Closure::default();
        let mut unknown = Unknown::default();
        // Like apt-get: mark every root first, then pull in each root's dependencies in turn.
        let mut marked = Vec::new();
        for &word in roots {
            match root_name(word) {
                Root::Ignore => {}
                Root::Unresolvable => unknown.push(word.trim()),
                // A real package is installed even when a provider of its name is (apt-get
                // install apt-transport-https on a system with apt); a virtual one goes to a provider.
                Root::Name(name) => match self.id(name).and_then(|id| {
                    self.choose(&[id | REAL_ONLY], have)
                        .or_else(|| self.choose(&[id], have))
                }) {
                    Some(Choice::Satisfied) => {}
                    Some(Choice::Install(id)) => {
                        if self.mark(id, have, &mut out) {
                            marked.push(id);
                        }
                    }
                    None => unknown.push(name),
                },
            }
        }
        // Depth-first, as apt's MarkInstall recurses (an explicit stack: cycles and long chains
        // must not overflow the call stack). A frame is (package, index of its next relation
        // group: Depends first, then Recommends).
        let mut stack: Vec<(u32, usize)> = marked.into_iter().rev().map(|id| (id, 0)).collect();
        while let Some((pkg, next)) = stack.last_mut() {
            let (pkg, i) = (*pkg, *next);
            *next += 1;
            let e = self.entry(pkg);
            let deps = self.group_ids(e.depends);
            let recs = if recommends {
                self.group_ids(e.recommends)
            } else {
                &[]
            };
            let (group, required) = match (deps.get(i), recs.get(i.wrapping_sub(deps.len()))) {
                (Some(&g), _) => (g, true),
                (None, Some(&g)) => (g, false),
                (None, None) => {
                    stack.pop();
                    continue;
                }
            };
            let alts = self.alt_ids(group);
            match self.choose(alts, have) {
                Some(Choice::Satisfied) => {}
                Some(Choice::Install(id)) if self.mark(id, have, &mut out) => stack.push((id, 0)),
                Some(Choice::Install(_)) => {}
                None if required => {
                    let text: Vec<&str> = alts.iter().map(|&a| self.name(a & !REAL_ONLY)).collect();
                    unknown.push(&text.join("|"));
                }
                None => {}
            }
        }
        out.unknown = unknown.list;
        out
    }

    /// Marks `id` installed; `false` if it already was.
    fn mark(&self, id: u32, have: &mut [bool], out: &mut Closure) -> bool {
        match have.get_mut(id as usize) {
            Some(h) if !*h => {
                *h = true;
                out.packages.push(self.name(id).to_string());
                out.installed_kib = out.installed_kib.saturating_add(self.entry(id).kib);
                true
            }
            _ => false,
        }
    }

    /// How a group of alternatives gets satisfied: by something already there, or by installing
    /// the first alternative that is a real package or has a provider.
    fn choose(&self, alts: &[u32], have: &[bool]) -> Option<Choice> {
        let has = |id: u32| have.get(id as usize).copied().unwrap_or(false);
        let providers = |a: u32| {
            if a & REAL_ONLY == 0 {
                self.provider_ids(a)
            } else {
                &[]
            }
        };
        let id = |a: u32| a & !REAL_ONLY;
        if alts
            .iter()
            .any(|&a| has(id(a)) || providers(a).iter().any(|&p| has(p)))
        {
            return Some(Choice::Satisfied);
        }
        alts.iter().find_map(|&a| {
            if self.entry(id(a)).real {
                return Some(Choice::Install(id(a)));
            }
            providers(a)
                .iter()
                .copied()
                .min_by(|&x, &y| {
                    let (px, py) = (self.entry(x).priority, self.entry(y).priority);
                    px.cmp(&py).then_with(|| self.name(y).cmp(self.name(x)))
                })
                .map(Choice::Install)
        })
    }
}

enum Choice {
    Satisfied,
    Install(u32),
}

/// `unknown` without repeats (a `HashSet` beside it: hostile tables can have 100,000s).
#[derive(Default)]
struct Unknown {
    seen: HashSet<String>,
    list: Vec<String>,
}

impl Unknown {
    fn push(&mut self, s: &str) {
        if self.seen.insert(s.to_string()) {
            self.list.push(s.to_string());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TSV: &str = "# test\n\
        a\t10\to\tb,c|d\te\t\n\
        b\t20\tr\t\t\t\n\
        d\t5\to\t\t\tc\n\
        e\t7\to\tv\t\t\n\
        p2\t3\to\t\t\tv\n\
        p1\t4\ts\t\t\tv\n";

    #[test]
    fn parsed_in_slices_is_parsed_whole() {
        let whole = DebianIndex::parse(TSV);
        for size in [1, 7, 20, 1000] {
            let mut p = DebianParse::new(TSV);
            let slices: Vec<&str> = line_slices(TSV, size).collect();
            assert_eq!(slices.concat(), TSV);
            assert!(slices.iter().all(|s| s.ends_with('\n')));
            for s in slices {
                p.feed(s);
            }
            let ix = p.finish();
            assert_eq!(
                (ix.rows, ix.skipped, &ix.source),
                (whole.rows, whole.skipped, &whole.source)
            );
            for r in ["a", "e", "d"] {
                let have: Installed = ["b"].into_iter().collect();
                assert_eq!(
                    ix.closure(&have, &[r], true),
                    whole.closure(&have, &[r], true)
                );
            }
        }
        // A multi-byte character right at the cut.
        assert_eq!(line_slices("é\nü\n", 1).collect::<Vec<_>>(), ["é\n", "ü\n"]);
    }

    #[test]
    fn closures_match_one_closure_per_root() {
        let ix = DebianIndex::parse(TSV);
        let have: Installed = ["b"].into_iter().collect();
        let roots = ["a", "e", "d", "nope"];
        for rec in [false, true] {
            let (all, each) = ix.closures(&have, &roots, &roots, rec);
            assert_eq!(all, ix.closure(&have, &roots, rec));
            let one: Vec<Closure> = roots.iter().map(|r| ix.closure(&have, &[r], rec)).collect();
            assert_eq!(each, one);
        }
        // The base set is made once and is the same each time.
        assert_eq!(ix.debian_base_set(), ix.debian_base_set());
    }

    #[test]
    fn installing_into_marks_is_installing_into_the_names() {
        // What an estimate does RUN after RUN: the marks must end as the name set would.
        let ix = DebianIndex::parse(TSV);
        let mut names: Installed = ["b"].into_iter().collect();
        let mut marks = ix.marks(&names);
        for (roots, rec) in [
            (&["a"][..], false),
            (&["e", "d"][..], true),
            (&["a", "c"][..], true),
        ] {
            let (by_marks, _) = ix.install(&mut marks, roots, &[], rec);
            let by_names = ix.closure(&names, roots, rec);
            assert_eq!(by_marks, by_names);
            names.insert_closure(&by_names);
        }
        assert_eq!(ix.marks(&names).0, marks.0);
    }

    #[test]
    fn closure_follows_alternatives_and_providers() {
        let ix = DebianIndex::parse(TSV);
        assert_eq!((ix.len(), ix.skipped_lines()), (6, 0));
        let c = ix.closure(&Installed::new(), &["a=1.0", "-y"], true);
        // c is virtual (provided by d); v goes to p1 (standard beats optional).
        assert_eq!(c.packages, ["a", "b", "d", "e", "p1"]);
        assert_eq!(c.installed_kib, 10 + 20 + 5 + 7 + 4);
        let c = ix.closure(&Installed::new(), &["a:amd64"], false);
        assert_eq!(c.packages, ["a", "b", "d"]);
        let have: Installed = ["p2", "b"].into_iter().collect();
        let c = ix.closure(&have, &["e", "nope", "lib*"], true);
        assert_eq!(c.packages, ["e"]);
        assert_eq!(c.unknown, ["nope", "lib*"]);
    }

    #[test]
    fn walks_depth_first_after_marking_every_root() {
        // Breadth-first would reach y's `b` before w's `a|b` and skip `a`; apt recurses.
        let ix = DebianIndex::parse("r\t1\t\tx,y\nx\t1\t\tw\nw\t1\t\ta|b\ny\t1\t\tb\na\t1\nb\t1\n");
        assert_eq!(
            ix.closure(&Installed::new(), &["r"], false).packages,
            ["r", "x", "w", "a", "y", "b"]
        );
        // Every root is marked before any is expanded: p's `q|z` is met by the root q.
        let ix = DebianIndex::parse("p\t1\t\tq|z\nq\t1\nz\t1\n");
        assert_eq!(
            ix.closure(&Installed::new(), &["p", "q"], false).packages,
            ["p", "q"]
        );
    }

    #[test]
    fn real_only_alternatives_ignore_providers() {
        // node-tap-parser: Depends node-yaml (>= 2), itself Provides node-yaml (= 1.10).
        let ix = DebianIndex::parse("tap\t1\t\tyaml!\t\tyaml\nyaml\t2\nuser\t3\t\tyaml\n");
        assert_eq!(
            ix.closure(&Installed::new(), &["tap"], false).packages,
            ["tap", "yaml"]
        );
        let have: Installed = ["tap"].into_iter().collect();
        assert_eq!(ix.closure(&have, &["user"], false).packages, ["user"]);
        // A root that is a real package is installed even if a provider of its name is there.
        assert_eq!(ix.closure(&have, &["yaml"], false).packages, ["yaml"]);
    }

    #[test]
    fn bad_lines_are_counted() {
        let ix = DebianIndex::parse("x\nx\tnan\ny\t1\tq\nz\t1\nz\t2\n\t1\n\n# c\n");
        assert_eq!((ix.len(), ix.skipped_lines()), (1, 5));
        assert_eq!(ix.installed_kib("z"), Some(1));
    }
}
