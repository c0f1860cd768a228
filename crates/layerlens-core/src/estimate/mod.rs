//! What every layer will weigh, before anything is built: bytes, a low–high range, and a basis a
//! person can check.
//!
//! The model, stage by stage:
//! - FROM: the base image's size from the knowledge base (`base.rs`), or what an earlier stage
//!   added up to.
//! - RUN: the shell script is read with `crate::shell`; each command that installs (apt, apk, pip,
//!   npm, venv) adds what the package facts say, each cache it leaves (apt lists, apk index, pip and
//!   npm caches) adds its size unless the same RUN removes it or a cache mount holds it, and
//!   removing something installed in the *same* RUN takes it back out. Removing what an earlier
//!   layer added frees nothing (the older layer keeps it): that is a lesson, not a saving.
//! - COPY/ADD: exact sizes from the build context when it is given (after `.dockerignore`),
//!   `--from` a stage: what that stage put under the copied path.
//! - Everything else: metadata, 0 bytes.
//!
//! Only the final stage's layers count toward the image.

mod base;
mod context;
pub mod manifests;
mod run;

pub use base::{fmt_mb, resolve as resolve_base, Known, ResolvedBase};
pub use context::{wants_text, BuildContext};

use crate::knowledge::packages::{self as facts, Os};
use crate::stages::{stages, Base};
use crate::syntax::{Args, Dockerfile, Keyword};
use serde::Serialize;

/// Bytes with a range. `low ≤ bytes ≤ high` always holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Amount {
    pub bytes: u64,
    pub low: u64,
    pub high: u64,
}

const MB: f64 = 1_000_000.0;

impl Amount {
    pub const ZERO: Amount = Amount {
        bytes: 0,
        low: 0,
        high: 0,
    };

    pub fn exact(bytes: u64) -> Amount {
        Amount {
            bytes,
            low: bytes,
            high: bytes,
        }
    }
    pub fn mb_spread(mb: f64, spread: f64) -> Amount {
        let b = mb * MB;
        Amount::from_f64(b * (1.0 - spread).max(0.0), b, b * (1.0 + spread))
    }
    pub fn range_mb(lo: f64, mid: f64, hi: f64) -> Amount {
        Amount::from_f64(lo * MB, mid * MB, hi * MB)
    }
    fn from_f64(lo: f64, mid: f64, hi: f64) -> Amount {
        let c = |x: f64| {
            if x.is_finite() && x > 0.0 {
                x.round() as u64
            } else {
                0
            }
        };
        let (lo, mid, hi) = (c(lo), c(mid), c(hi));
        Amount {
            bytes: mid,
            low: lo.min(mid),
            high: hi.max(mid),
        }
    }
    #[allow(clippy::should_implement_trait)]
    pub fn add(self, o: Amount) -> Amount {
        Amount {
            bytes: self.bytes.saturating_add(o.bytes),
            low: self.low.saturating_add(o.low),
            high: self.high.saturating_add(o.high),
        }
    }
    /// Takes `o` back out (never below zero).
    #[allow(clippy::should_implement_trait)]
    pub fn sub(self, o: Amount) -> Amount {
        Amount {
            bytes: self.bytes.saturating_sub(o.bytes),
            low: self.low.saturating_sub(o.high),
            high: self.high.saturating_sub(o.low),
        }
        .fixed()
    }
    fn fixed(self) -> Amount {
        Amount {
            bytes: self.bytes,
            low: self.low.min(self.bytes),
            high: self.high.max(self.bytes),
        }
    }
    pub fn scale(self, f: f64) -> Amount {
        Amount::from_f64(
            self.low as f64 * f,
            self.bytes as f64 * f,
            self.high as f64 * f,
        )
    }
}

/// Input beyond the Dockerfile. Everything is optional: the estimate says what it lacked.
#[derive(Default, Clone, Copy)]
pub struct Input<'a> {
    pub context: Option<&'a BuildContext>,
    /// Debian bookworm's package table: exact `apt-get install` closures against what the image
    /// already has. Without it, precomputed closures of common packages are used.
    pub debian: Option<&'a crate::knowledge::debian::DebianIndex>,
}

/// Whether an estimate would use the measured package tables (pip's `knowledge::pip_tree`,
/// npm's `npm_measured`): a RUN that mentions pip (pipenv, poetry), npm, yarn or pnpm. The web
/// app loads them then.
pub fn wants_package_tables(df: &Dockerfile) -> bool {
    let says = |t: &str| ["pip", "npm", "yarn"].iter().any(|w| t.contains(w));
    df.instructions.iter().any(|i| {
        i.keyword == Keyword::Run && (says(&i.text) || i.heredocs.iter().any(|h| says(&h.content)))
    })
}

/// Whether an estimate would use a Debian package table (so a caller can load it only then).
pub fn wants_debian_table(df: &Dockerfile) -> bool {
    debian_table_wanted(df).is_some()
}

/// Which of Debian's package tables (`knowledge::debian::TABLES`: `bullseye`, `bookworm`,
/// `trixie`) an estimate would use, so a caller loads that one only: the release of the first
/// stage that runs apt on a Debian image (a tag's release, or the one repo-info says a bare tag
/// is on; buster and older use bullseye's, the nearest table). Ubuntu's and unknown bases' apt installs
/// use the precomputed closures.
pub fn debian_table_wanted(df: &Dockerfile) -> Option<&'static str> {
    let says_apt = |t: &str| t.contains("apt-get") || t.contains("apt ");
    // A heredoc RUN's script is in its heredocs, not in the instruction's text.
    let apt = |i: &crate::syntax::Instruction| {
        i.keyword == Keyword::Run
            && (says_apt(&i.text) || i.heredocs.iter().any(|h| says_apt(&h.content)))
    };
    if !df.instructions.iter().any(apt) {
        return None;
    }
    let st = stages(df);
    let debian = |first: usize| -> Option<&'static str> {
        let mut at = first;
        loop {
            let s = st.stages.get(at)?;
            match &s.base {
                Base::Stage(p) if *p < at => at = *p,
                Base::Image {
                    reference,
                    expanded,
                    ..
                } => {
                    let r = resolve_base(expanded.as_deref().unwrap_or(reference));
                    return (r.os == Os::Debian)
                        .then(|| crate::knowledge::debian::table_for(r.debian_release));
                }
                _ => return None,
            }
        }
    };
    st.stages.iter().enumerate().find_map(|(at, s)| {
        s.instructions
            .iter()
            .any(|&i| df.instructions.get(i).is_some_and(apt))
            .then(|| debian(at))
            .flatten()
    })
}

#[derive(Debug, Clone, Serialize)]
#[serde(untagged)]
pub enum StageRef {
    Name(String),
    Index(usize),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum LayerKind {
    /// The FROM image (or the earlier stage it starts from).
    Base,
    /// A filesystem layer the Dockerfile adds.
    Layer,
    /// Configuration only: no bytes.
    Metadata,
}

/// One piece of a layer's estimate: "apt-get install curl: 12 MB".
#[derive(Debug, Clone, Serialize)]
pub struct Part {
    pub label: String,
    #[serde(flatten)]
    pub amount: Amount,
    pub basis: String,
}

/// A teaching moment: bytes that are there but need not be.
#[derive(Debug, Clone, Serialize)]
pub struct Lesson {
    /// Stable id: `deleted-later`, `cache-left`, `toolchain-in-final`, `copy-up`, `context-unknown`.
    pub kind: &'static str,
    pub text: String,
    pub wasted_bytes: u64,
    /// For `deleted-later`: the line of the instruction that added what is deleted.
    #[serde(skip)]
    pub from_line: Option<usize>,
    /// For `cache-left`: the cache's path (`/var/lib/apt/lists`), so a finding about one cache
    /// is priced by that cache alone.
    #[serde(skip)]
    pub cache: Option<&'static str>,
}

#[derive(Debug, Clone, Serialize)]
pub struct LayerEstimate {
    pub stage: StageRef,
    pub stage_index: usize,
    /// True for the stage that becomes the image.
    #[serde(rename = "final")]
    pub is_final: bool,
    pub instruction: usize,
    pub line: usize,
    pub end_line: usize,
    pub keyword: String,
    pub kind: LayerKind,
    pub bytes: u64,
    pub low: u64,
    pub high: u64,
    /// One line a person can check.
    pub basis: String,
    pub parts: Vec<Part>,
    pub lessons: Vec<Lesson>,
}

#[derive(Debug, Clone, Serialize)]
pub struct StageTotal {
    pub index: usize,
    pub name: Option<String>,
    #[serde(rename = "final")]
    pub is_final: bool,
    pub bytes: u64,
    pub low: u64,
    pub high: u64,
}

#[derive(Debug, Clone, Serialize)]
pub struct Estimate {
    pub layers: Vec<LayerEstimate>,
    pub stages: Vec<StageTotal>,
    pub final_image_bytes: u64,
    pub final_low: u64,
    pub final_high: u64,
    /// Lessons' wasted bytes in the final stage, added up.
    pub final_wasted_bytes: u64,
    /// What the estimate had to go without ([`NO_FOLDER`], …).
    pub missing: Vec<String>,
}

/// What a stage holds so far, for later instructions and for stages that copy from it.
#[derive(Debug, Clone)]
pub(crate) struct StageState {
    pub os: Os,
    pub buildpack_deps: bool,
    pub total: Amount,
    pub workdir: String,
    /// Paths written by this stage's layers, with what they weigh (for COPY --from and rm).
    pub files: Vec<(String, Amount, usize)>,
    /// Where COPY put build-context paths: (the path in the image, the context path), in order
    /// — so a RUN in `/app` reads the manifests of the folder copied there.
    pub copied: Vec<(String, String)>,
    /// Packages installed by this stage (any manager), so a second install adds nothing.
    pub installed: std::collections::HashSet<String>,
    /// A Python virtual environment in use (PATH or created here).
    pub venv: Option<String>,
    pub env_path: String,
    pub pip_no_cache: bool,
    /// A Debian `-slim` image: installs skip docs, man pages and locales.
    pub slim: bool,
    pub python_minor: Option<u32>,
    pub node_env_production: bool,
    /// Debian packages present (as the table's marks), once an apt install needs them.
    pub apt_set: Option<crate::knowledge::debian::Marks>,
    /// Build toolchains installed and still present: name → bytes.
    pub toolchains: Vec<(String, u64, usize)>,
    /// Paths of conda installer scripts (Miniconda*.sh and kin) this stage downloaded.
    pub conda_installers: Vec<String>,
    /// The base image's name (`rust`, `golang`): where its tools keep their files.
    pub image: String,
    /// The Debian release the base is built on, when known (`trixie`, `bookworm`).
    pub debian_release: Option<&'static str>,
    /// ENV set by this stage's instructions, in order (last wins).
    pub env: Vec<(String, String)>,
    /// VOLUMEs declared by the base image (`knowledge::tags::IMAGE_VOLUMES`) or this stage: a
    /// RUN's writes under them are discarded.
    pub volumes: Vec<String>,
    /// The USER the next RUN runs as (`None`: root), for where `~` is.
    pub user: Option<String>,
}

impl StageState {
    fn new(base: &ResolvedBase) -> StageState {
        StageState {
            os: base.os,
            buildpack_deps: base.buildpack_deps,
            total: base.amount,
            workdir: "/".into(),
            files: Vec::new(),
            installed: Default::default(),
            venv: None,
            env_path: String::new(),
            pip_no_cache: false,
            slim: base.variant == facts::Variant::Slim,
            python_minor: base.python_minor,
            node_env_production: false,
            toolchains: Vec::new(),
            conda_installers: Vec::new(),
            copied: Vec::new(),
            apt_set: None,
            image: base.image.clone(),
            debian_release: base.debian_release,
            env: Vec::new(),
            volumes: Vec::new(),
            user: None,
        }
    }

    /// The home folder of the user a RUN runs as: `$HOME` when set, `/root` for root, else
    /// `/home/NAME` (what `useradd -m` and `adduser` make). A numeric uid without a passwd entry
    /// has HOME `/`.
    pub fn home(&self) -> String {
        if let Some(h) = self.env_value("HOME") {
            return norm_path(&h);
        }
        match self.user.as_deref() {
            None | Some("root") | Some("0") => "/root".to_string(),
            Some(u) if u.bytes().all(|b| b.is_ascii_digit()) => "/".to_string(),
            Some(u) => format!("/home/{u}"),
        }
    }

    /// `$NAME`, `${NAME}` (and `${NAME:-word}`…) replaced with what ENV set (in a COPY's paths,
    /// an ENV's value); anything else stays as written.
    pub fn expand_env(&self, s: &str) -> String {
        if !s.contains('$') {
            return s.to_string();
        }
        let mut vars = crate::stages::Vars::default();
        for (k, v) in &self.env {
            vars.set(k, v);
        }
        vars.expand(s).text
    }

    /// The VOLUME `path` is at or under, if any.
    pub fn volume_over(&self, path: &str) -> Option<&str> {
        let p = norm_path(path);
        self.volumes
            .iter()
            .find(|v| p == **v || is_under(&p, v))
            .map(String::as_str)
    }

    /// An ENV value this stage set, else the base image's own (`knowledge::tags::IMAGE_ENV`).
    pub fn env_value(&self, key: &str) -> Option<String> {
        self.env
            .iter()
            .rev()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.clone())
            .or_else(|| {
                crate::knowledge::tags::IMAGE_ENV
                    .iter()
                    .find(|(image, k, _)| *image == self.image && *k == key)
                    .map(|(_, _, v)| v.to_string())
            })
    }

    /// What this stage's layers put at or under `path`.
    pub fn under(&self, path: &str) -> Option<Amount> {
        let p = norm_path(path);
        let mut sum = Amount::ZERO;
        let mut any = false;
        for (f, a, _) in &self.files {
            // `dir/*`: a file in dir whose name was not known (a build's binary).
            if let Some(dir) = f.strip_suffix("/*") {
                let dir = norm_path(dir);
                if p.rsplit_once('/')
                    .is_some_and(|(parent, _)| norm_path(parent) == dir)
                    || p == dir
                    || is_under(&dir, &p)
                {
                    sum = sum.add(*a);
                    any = true;
                }
                continue;
            }
            let f = norm_path(f);
            if f == p || is_under(&f, &p) || p == "/" {
                sum = sum.add(*a);
                any = true;
            } else if is_under(&p, &f) {
                // A part of a folder written as a whole (the context copied to /app, then
                // /app/config copied out): some of it, a tenth as the middle figure.
                sum = sum.add(Amount {
                    bytes: a.bytes / 10,
                    low: 0,
                    high: a.high,
                });
                any = true;
            }
        }
        any.then_some(sum)
    }

    pub fn abs(&self, path: &str) -> String {
        if path.starts_with('/') {
            norm_path(path)
        } else {
            norm_path(&format!("{}/{}", self.workdir, path))
        }
    }
}

/// `path` is strictly inside the directory `dir` (`/a/b` in `/a`, not `/ab`). No allocation:
/// estimates ask this for every file of a stage.
pub(crate) fn is_under(path: &str, dir: &str) -> bool {
    path.len() > dir.len() && path.starts_with(dir) && path.as_bytes().get(dir.len()) == Some(&b'/')
}

pub(crate) fn norm_path(p: &str) -> String {
    let mut out: Vec<&str> = Vec::new();
    for seg in p.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                out.pop();
            }
            s => out.push(s),
        }
    }
    format!("/{}", out.join("/"))
}

/// `# layerlens size=BYTES` on a comment line above an instruction: the layer's size measured
/// elsewhere (what "Turn into a Dockerfile" writes from an image's layers), used instead of the
/// model. Returns, per instruction index, the bytes its pragma gives.
pub const SIZE_PRAGMA: &str = "layerlens size=";

fn measured_sizes(df: &Dockerfile) -> std::collections::HashMap<usize, u64> {
    let mut out = std::collections::HashMap::new();
    for c in &df.comments {
        let Some(n) = c.text.strip_prefix(SIZE_PRAGMA) else {
            continue;
        };
        let Ok(bytes) = n.trim().parse::<u64>() else {
            continue;
        };
        // The first instruction after the comment.
        let at = df
            .instructions
            .partition_point(|i| i.start_line <= c.span.line);
        if at < df.instructions.len() {
            out.insert(at, bytes);
        }
    }
    out
}

const MEASURED_BASIS: &str = "measured: the image's own layer (`# layerlens size=` above it)";

pub fn estimate(df: &Dockerfile, input: &Input) -> Estimate {
    let st = stages(df);
    let measured = if df.comments.iter().any(|c| c.text.starts_with(SIZE_PRAGMA)) {
        measured_sizes(df)
    } else {
        Default::default()
    };
    let mut layers = Vec::new();
    let mut totals = Vec::new();
    let mut ends: Vec<StageState> = Vec::new();
    let mut missing = Vec::new();
    if input.context.is_none()
        && df
            .instructions
            .iter()
            .enumerate()
            .any(|(i, ins)| copies_from_context(ins) && !measured.contains_key(&i))
    {
        missing.push(NO_FOLDER.to_string());
    }
    for stage in &st.stages {
        let stage_ref = match &stage.name {
            Some(n) => StageRef::Name(n.clone()),
            None => StageRef::Index(stage.index),
        };
        let (mut state, base_amount, basis) = match &stage.base {
            Base::Stage(p) => match ends.get(*p) {
                Some(s) => {
                    let mut s = s.clone();
                    s.files.clear();
                    (
                        s.clone(),
                        s.total,
                        format!(
                            "everything stage {} holds",
                            stage_label(&st.stages[*p].name, *p)
                        ),
                    )
                }
                None => {
                    let r = resolve_base("unknown");
                    (StageState::new(&r), r.amount, r.basis)
                }
            },
            Base::Scratch => {
                let r = resolve_base("scratch");
                (StageState::new(&r), r.amount, r.basis)
            }
            Base::Image {
                reference,
                expanded,
                ..
            } => {
                let written = expanded.as_deref().unwrap_or(reference);
                // An `-onbuild` image is the plain one plus triggers that run in this build.
                let onbuild = crate::knowledge::tags::onbuild(written);
                let written = onbuild.as_ref().map_or(written, |o| o.plain.as_str());
                let r = resolve_base(written);
                let mut state = StageState::new(&r);
                let (_, tag, _) = crate::stages::split_reference(written);
                let tag = tag.unwrap_or_else(|| "latest".to_string());
                state.volumes = crate::knowledge::tags::image_volumes(&r.image, &tag)
                    .into_iter()
                    .map(str::to_string)
                    .collect();
                match onbuild {
                    Some(o) => {
                        let (plain, source) = (&o.plain, o.image.source);
                        let (amount, parts) =
                            onbuild_triggers(o.image.triggers, &mut state, &st, &ends, input);
                        state.total = state.total.add(amount);
                        (
                            state,
                            r.amount.add(amount),
                            format!("the `-onbuild` variant is `{plain}` plus ONBUILD triggers that run in this build ({source}): {}; {}", parts.join("; "), r.basis),
                        )
                    }
                    None => (state, r.amount, r.basis),
                }
            }
            Base::Missing => {
                let r = resolve_base("unknown");
                (
                    StageState::new(&r),
                    r.amount,
                    "FROM without an image".to_string(),
                )
            }
        };
        let (base_amount, basis) = match measured.get(&stage.from) {
            Some(&b) => (Amount::exact(b), MEASURED_BASIS.to_string()),
            None => (base_amount, basis),
        };
        if let Base::Stage(_) = stage.base {
            state.total = base_amount;
        }
        if measured.contains_key(&stage.from) {
            state.total = base_amount;
        }
        let from = df.instructions.get(stage.from);
        layers.push(LayerEstimate {
            stage: stage_ref.clone(),
            stage_index: stage.index,
            is_final: stage.is_final,
            instruction: stage.from,
            line: from.map_or(stage.line, |i| i.start_line),
            end_line: from.map_or(stage.line, |i| i.end_line),
            keyword: "FROM".into(),
            kind: LayerKind::Base,
            bytes: base_amount.bytes,
            low: base_amount.low,
            high: base_amount.high,
            basis,
            parts: Vec::new(),
            lessons: Vec::new(),
        });
        for &i in &stage.instructions {
            let Some(ins) = df.instructions.get(i) else {
                continue;
            };
            let (amount, basis, parts, lessons, kind) = match ins.keyword {
                Keyword::Run => {
                    let r = run::estimate_run(ins, &mut state, input);
                    (r.amount, r.basis, r.parts, r.lessons, LayerKind::Layer)
                }
                Keyword::Copy | Keyword::Add => {
                    let r = run::estimate_copy(ins, &mut state, &st, &ends, input);
                    (r.amount, r.basis, r.parts, r.lessons, LayerKind::Layer)
                }
                _ => {
                    run::track_metadata(ins, &mut state);
                    (
                        Amount::ZERO,
                        "metadata: changes the image configuration, adds no files".to_string(),
                        Vec::new(),
                        Vec::new(),
                        LayerKind::Metadata,
                    )
                }
            };
            let (amount, basis, kind) = match measured.get(&i) {
                Some(&b) if kind == LayerKind::Layer => {
                    (Amount::exact(b), MEASURED_BASIS.to_string(), kind)
                }
                _ => (amount, basis, kind),
            };
            state.total = state.total.add(amount);
            layers.push(LayerEstimate {
                stage: stage_ref.clone(),
                stage_index: stage.index,
                is_final: stage.is_final,
                instruction: i,
                line: ins.start_line,
                end_line: ins.end_line,
                keyword: crate::report::keyword_upper(ins),
                kind,
                bytes: amount.bytes,
                low: amount.low,
                high: amount.high,
                basis,
                parts,
                lessons,
            });
        }
        if stage.is_final {
            toolchain_lessons(&mut layers, stage.index, &state.toolchains);
        }
        totals.push(StageTotal {
            index: stage.index,
            name: stage.name.clone(),
            is_final: stage.is_final,
            bytes: state.total.bytes,
            low: state.total.low,
            high: state.total.high,
        });
        ends.push(state);
    }
    let fin = totals.iter().find(|t| t.is_final);
    let final_wasted_bytes = avoidable(&layers);
    Estimate {
        final_image_bytes: fin.map_or(0, |t| t.bytes),
        final_low: fin.map_or(0, |t| t.low),
        final_high: fin.map_or(0, |t| t.high),
        final_wasted_bytes,
        layers,
        stages: totals,
        missing,
    }
}

/// An `-onbuild` image's triggers, estimated as the instructions they are, in this stage: what
/// they add and a line for each.
fn onbuild_triggers(
    triggers: &str,
    state: &mut StageState,
    st: &crate::stages::Stages,
    ends: &[StageState],
    input: &Input,
) -> (Amount, Vec<String>) {
    let df = crate::parse(triggers);
    let mut sum = Amount::ZERO;
    let mut parts = Vec::new();
    for ins in &df.instructions {
        let r = match ins.keyword {
            Keyword::Run => run::estimate_run(ins, state, input),
            Keyword::Copy | Keyword::Add => run::estimate_copy(ins, state, st, ends, input),
            _ => {
                run::track_metadata(ins, state);
                continue;
            }
        };
        sum = sum.add(r.amount);
        parts.push(format!(
            "`{} {}` {}",
            crate::report::keyword_upper(ins),
            ins.text.trim(),
            human(r.amount.bytes)
        ));
    }
    (sum, parts)
}

/// One lesson per layer that installs build tools into the final stage, naming them all. Their
/// closures overlap (gcc and tk-dev share libc6-dev and more), so what removing them all saves
/// is at most what the layer weighs, not the sum of the closures.
fn toolchain_lessons(layers: &mut [LayerEstimate], stage: usize, tools: &[(String, u64, usize)]) {
    let mut lines: Vec<usize> = tools.iter().map(|t| t.2).collect();
    lines.dedup();
    for line in lines {
        let here: Vec<&(String, u64, usize)> = tools.iter().filter(|t| t.2 == line).collect();
        let Some(l) = layers
            .iter_mut()
            .rev()
            .find(|l| l.stage_index == stage && l.line == line)
        else {
            continue;
        };
        let sum: u64 = here.iter().map(|t| t.1).sum();
        let names: Vec<String> = here.iter().map(|t| format!("`{}`", t.0)).collect();
        let text = match names.as_slice() {
            [one] => format!("{one} is a build tool and it ships in the final image."),
            [a, b] => format!("{a} and {b} are build tools and they ship in the final image."),
            [first @ .., last] if names.len() <= 4 => format!(
                "{} and {last} are build tools and they ship in the final image.",
                first.join(", ")
            ),
            _ => format!(
                "{}, {} and {} more build tools ship in the final image.",
                names[0],
                names[1],
                names.len() - 2
            ),
        };
        l.lessons.push(Lesson {
            kind: "toolchain-in-final",
            text: format!("{text} Build in an earlier stage and copy only the result here (a multi-stage build)."),
            wasted_bytes: sum.min(l.bytes),
            from_line: None,
            cache: None,
        });
    }
}

/// The final image's avoidable bytes, each counted once: lessons are grouped by the layer that
/// holds the bytes (a `deleted-later` lesson's bytes are in the layer at its `from_line`), and a
/// layer gives up at most what it weighs. So the total never exceeds the image.
fn avoidable(layers: &[LayerEstimate]) -> u64 {
    let fin: Vec<&LayerEstimate> = layers.iter().filter(|l| l.is_final).collect();
    let mut by_layer: Vec<u64> = vec![0; fin.len()];
    for (i, l) in fin.iter().enumerate() {
        for lesson in &l.lessons {
            let at = lesson
                .from_line
                .and_then(|from| {
                    fin.iter()
                        .position(|o| o.line <= from && from <= o.end_line)
                })
                .unwrap_or(i);
            by_layer[at] = by_layer[at].saturating_add(lesson.wasted_bytes);
        }
    }
    fin.iter().zip(by_layer).map(|(l, w)| w.min(l.bytes)).sum()
}

fn stage_label(name: &Option<String>, index: usize) -> String {
    match name {
        Some(n) => format!("`{n}`"),
        None => format!("{}", index + 1),
    }
}

fn copies_from_context(ins: &crate::syntax::Instruction) -> bool {
    matches!(ins.keyword, Keyword::Copy | Keyword::Add)
        && ins.flag("from").is_none()
        && matches!(&ins.args, Args::Copy { paths, .. } if paths.len() >= 2 && ins.heredocs.is_empty())
}

/// The note an estimate carries when COPY/ADD read the build context and none was given. Each
/// front end says how to give one (the page: pick the folder; the CLI: `--context DIR`).
pub const NO_FOLDER: &str =
    "no project folder: COPY and ADD from it are ranges until the folder is given";

/// A count with its noun in the right number: `count(1, "file", "files")` is "1 file".
pub fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Human size: `1.2 GB`, `345 MB`, `12.3 MB`, `4.5 kB`, `0 B`.
pub fn human(bytes: u64) -> String {
    let b = bytes as f64;
    if b >= 1e9 {
        format!("{:.2} GB", b / 1e9)
    } else if b >= 100e6 {
        format!("{:.0} MB", b / 1e6)
    } else if b >= 1e6 {
        format!("{:.1} MB", b / 1e6)
    } else if b >= 1e3 {
        format!("{:.1} kB", b / 1e3)
    } else {
        format!("{bytes} B")
    }
}

#[cfg(test)]
mod tests;
