//! RUN, COPY and ADD: what each layer adds, read from the shell commands and the build context.

use super::{fmt_mb, human, norm_path, Amount, Input, Lesson, Part, StageState};
use crate::knowledge::packages::{self as facts, Os, PackageFact};
use crate::shell::{self, Command};
use crate::stages::{RunMount, Stages};
use crate::syntax::{Args, CommandForm, Instruction, Keyword};

mod apk;
mod apt;
mod cargo;
mod conda;
mod copy;
mod download;
mod files;
mod go;
mod jvm;
mod npm;
mod pip;

use conda::*;
pub(super) use copy::estimate_copy;
#[cfg(test)]
pub(super) use pip::pyproject_dependencies;
use pip::*;

pub(super) struct LayerResult {
    pub amount: Amount,
    pub basis: String,
    pub parts: Vec<Part>,
    pub lessons: Vec<Lesson>,
}

impl LayerResult {
    fn new() -> Self {
        LayerResult {
            amount: Amount::ZERO,
            basis: String::new(),
            parts: Vec::new(),
            lessons: Vec::new(),
        }
    }
    fn add(&mut self, label: impl Into<String>, amount: Amount, basis: impl Into<String>) {
        self.amount = self.amount.add(amount);
        self.parts.push(Part {
            label: label.into(),
            amount,
            basis: basis.into(),
        });
    }
    /// The basis line: the parts, biggest first.
    fn finish(mut self, empty: &str) -> LayerResult {
        // Biggest first; parts that cost nothing ("already in the base") still explain the layer.
        let mut parts: Vec<&Part> = self.parts.iter().collect();
        crate::sort::sort_by_key(&mut parts, |p: &&Part| std::cmp::Reverse(p.amount.bytes));
        self.basis = if parts.is_empty() {
            empty.to_string()
        } else {
            parts
                .iter()
                .take(3)
                .map(|p| format!("{}: {}", p.label, p.basis))
                .collect::<Vec<_>>()
                .join("; ")
                + if parts.len() > 3 { "; …" } else { "" }
        };
        self
    }
}

const UNKNOWN_PKG: (f64, f64, f64) = (0.1, 5.0, 100.0);
const UNKNOWN_APK: (f64, f64, f64) = (0.05, 2.0, 50.0);
const UNKNOWN_DOWNLOAD: (f64, f64, f64) = (0.1, 10.0, 500.0);
const UNKNOWN_REQUIREMENTS: (f64, f64, f64) = (1.0, 40.0, 1000.0);
const UNKNOWN_NODE_DEPS: (f64, f64, f64) = (1.0, 50.0, 500.0);
const UNKNOWN_BUILD: (f64, f64, f64) = (0.0, 20.0, 1000.0);

/// Compilers and -dev packages: fine in a builder stage, waste in the final one.
fn is_toolchain(pkg: &str) -> bool {
    crate::knowledge::packages::is_build_tool(pkg)
}

/// Strips `=version`, `:arch`, `>=x`, `[extra]` and quotes from a package argument.
fn package_name(raw: &str) -> String {
    let s = raw.trim_matches(['"', '\'']);
    let end = s
        .find(['=', '<', '>', '!', '~', '[', ';', '@', ' '])
        .unwrap_or(s.len());
    let s = &s[..end];
    let s = s.split(':').next().unwrap_or(s);
    s.to_ascii_lowercase().replace('_', "-")
}

fn lookup<'a>(table: &'a [PackageFact], name: &str) -> Option<&'a PackageFact> {
    table.iter().find(|f| f.name.eq_ignore_ascii_case(name))
}

fn median(mut v: Vec<f64>) -> f64 {
    if v.is_empty() {
        return 0.0;
    }
    // Total order on f64 as integers (what `f64::total_cmp` does), for the shared sort.
    crate::sort::sort_by_key(&mut v, |x| {
        let b = x.to_bits() as i64;
        b ^ ((((b >> 63) as u64) >> 1) as i64)
    });
    v[v.len() / 2]
}

/// What the RUN's mounts keep out of the layer.
fn cache_mount_targets(ins: &Instruction) -> Vec<String> {
    ins.flags
        .iter()
        .filter(|f| f.name == "mount")
        .filter_map(|f| {
            let m = RunMount::parse(f.value.as_deref().unwrap_or(""));
            (m.kind == "cache" || m.kind == "tmpfs")
                .then(|| m.get("target").map(norm_path))
                .flatten()
        })
        .collect()
}

fn under_any(path: &str, roots: &[String]) -> bool {
    roots
        .iter()
        .any(|r| path == r || super::is_under(path, r) || super::is_under(r, path))
}

pub(super) fn track_metadata(ins: &Instruction, st: &mut StageState) {
    match (&ins.keyword, &ins.args) {
        (Keyword::Volume, Args::List { items, .. }) => {
            for w in items {
                let v = st.abs(&w.value);
                if !st.volumes.contains(&v) {
                    st.volumes.push(v);
                }
            }
        }
        (Keyword::Workdir, Args::Text(Some(w))) => st.workdir = st.abs(&st.expand_env(&w.value)),
        (Keyword::User, Args::Text(Some(w))) => {
            let name = st.expand_env(&w.value);
            let name = name.split(':').next().unwrap_or("").to_string();
            st.user = (!name.is_empty() && name != "root" && name != "0").then_some(name);
        }
        (Keyword::Env, Args::KeyValues(kvs)) => {
            for kv in kvs {
                let v = st.expand_env(&kv.value.clone().unwrap_or_default());
                st.env.retain(|(k, _)| *k != kv.key);
                st.env.push((kv.key.clone(), v.clone()));
                match kv.key.as_str() {
                    "PATH" => {
                        st.env_path = v.clone();
                        if let Some(venv) = v.split(':').find_map(|p| {
                            p.strip_suffix("/bin")
                                .filter(|d| d.contains("venv") || d.contains(".venv"))
                        }) {
                            st.venv = Some(norm_path(venv));
                        }
                    }
                    "PIP_NO_CACHE_DIR" => {
                        st.pip_no_cache = !matches!(v.as_str(), "0" | "false" | "off" | "")
                    }
                    "NODE_ENV" => st.node_env_production = v == "production",
                    "VIRTUAL_ENV" => st.venv = Some(norm_path(&v)),
                    _ => {}
                }
            }
        }
        _ => {}
    }
}

/// The shell text a RUN executes: its shell form, or a heredoc body run as a script.
fn scripts(ins: &Instruction) -> Vec<String> {
    match &ins.args {
        Args::Command(CommandForm::Shell { script, .. }) => {
            let only_markers = script.split_whitespace().all(|w| w.contains("<<"));
            if only_markers && !ins.heredocs.is_empty() {
                ins.heredocs
                    .iter()
                    .filter(|h| {
                        !h.content.starts_with("#!")
                            || h.content.starts_with("#!/bin/sh")
                            || h.content.starts_with("#!/bin/bash")
                    })
                    .map(|h| h.content.clone())
                    .collect()
            } else {
                vec![script.clone()]
            }
        }
        // Exec form: the words joined; `["sh", "-c", "..."]` runs its last word.
        Args::Command(CommandForm::Exec { args }) => match args.as_slice() {
            [sh, c, script, ..] if sh.value.ends_with("sh") && c.value == "-c" => {
                vec![script.value.clone()]
            }
            _ => vec![args
                .iter()
                .map(|w| w.value.as_str())
                .collect::<Vec<_>>()
                .join(" ")],
        },
        _ => Vec::new(),
    }
}

struct RunScope<'a> {
    st: &'a mut StageState,
    res: LayerResult,
    line: usize,
    caches: Vec<String>,
    /// Things this RUN installed, by manager: (name, amount), for removal in the same RUN.
    here: Vec<(String, Amount)>,
    /// The RUN's script text, to recognise known downloads (`facts::ARCHIVES`).
    text: String,
    /// The directory a `cd` in this RUN moved to (None: the stage's WORKDIR).
    cwd: Option<String>,
    /// Directories whose build output (`make`, `./configure && make`) is already counted.
    built_in: Vec<String>,
    /// The RUN also removes packages (`purge`, `remove`, `apk del`): each install's own share
    /// is then worked out, to take it back out.
    removes: bool,
    apt_lists: bool,
    /// What this RUN's `apt-get install`s added, for the official images' `apt-mark auto '.*'`
    /// … `apt-get purge --auto-remove`, which takes it all back out.
    apt_added: Amount,
    /// `apt-mark auto '.*'` ran: the next `purge --auto-remove` removes what this RUN installed.
    apt_auto_all: bool,
    apk_index: bool,
    pip_cache: Amount,
    npm_cache: Amount,
    dpkg_touched: bool,
    /// conda's package tarballs kept in pkgs/ (until `conda clean -t/-a`).
    conda_cache: Amount,
    /// Caches from `facts::CACHES` filled in this RUN and not yet emptied (index into CACHES).
    caches_left: Vec<usize>,
    input: &'a Input<'a>,
}

pub(super) fn estimate_run(ins: &Instruction, st: &mut StageState, input: &Input) -> LayerResult {
    let caches = cache_mount_targets(ins);
    let texts = scripts(ins);
    let removes = texts
        .iter()
        .any(|t| t.contains("purge") || t.contains("remove") || t.contains(" del "));
    let mut scope = RunScope {
        st,
        res: LayerResult::new(),
        line: ins.start_line,
        caches,
        here: Vec::new(),
        text: texts.join("\n"),
        cwd: None,
        built_in: Vec::new(),
        removes,
        apt_lists: false,
        apt_added: Amount::ZERO,
        apt_auto_all: false,
        apk_index: false,
        pip_cache: Amount::ZERO,
        npm_cache: Amount::ZERO,
        dpkg_touched: false,
        caches_left: Vec::new(),
        conda_cache: Amount::ZERO,
        input,
    };
    for script in texts {
        let parsed = shell::parse_shared(&script);
        for cmd in parsed.commands.iter().filter(|c| !c.nested) {
            scope.command(cmd);
        }
    }
    // Caches still there at the end of the RUN stay in the layer.
    // Caches left behind are files of this layer: a later `rm` of them frees nothing.
    let line = scope.line;
    for (left, path, amount) in [
        (
            scope.apt_lists,
            "/var/lib/apt/lists",
            Amount::mb_spread(facts::APT_LISTS_MB, 0.25),
        ),
        (
            scope.apk_index,
            "/var/cache/apk",
            Amount::mb_spread(facts::APK_INDEX_MB, 0.3),
        ),
        (
            scope.pip_cache.high > 0,
            "/root/.cache/pip",
            scope.pip_cache,
        ),
        (scope.npm_cache.high > 0, "/root/.npm", scope.npm_cache),
    ] {
        if left {
            scope.st.files.push((path.to_string(), amount, line));
        }
    }
    if scope.apt_lists {
        scope.cache_left(
            "apt lists",
            (facts::APT_LISTS_MB, 0.25),
            format!(
                "`apt-get update` leaves ≈ {} MB in /var/lib/apt/lists",
                facts::APT_LISTS_MB
            ),
            "`apt-get update` downloaded package lists and this RUN keeps them. Add `&& rm -rf /var/lib/apt/lists/*` at the end of the same RUN.",
            "/var/lib/apt/lists",
        );
    }
    if scope.apk_index {
        scope.cache_left(
            "apk index",
            (facts::APK_INDEX_MB, 0.3),
            format!(
                "the apk index cache ≈ {} MB in /var/cache/apk",
                facts::APK_INDEX_MB
            ),
            "apk kept its package index in /var/cache/apk. Use `apk add --no-cache` (it also makes `apk update` unnecessary).",
            "/var/cache/apk",
        );
    }
    if scope.pip_cache.high > 0 {
        let c = scope.pip_cache;
        scope.res.add(
            "pip cache",
            c,
            "≈ the downloaded wheels, kept in ~/.cache/pip",
        );
        scope.res.lessons.push(Lesson {
            kind: "cache-left",
            text: format!("pip kept the wheels it downloaded (≈ {}) in ~/.cache/pip. Use `pip install --no-cache-dir`, or a cache mount.", human(c.bytes)),
            wasted_bytes: c.bytes,
            from_line: None,
            cache: Some("~/.cache/pip"),
        });
    }
    if scope.conda_cache.high > 0 {
        let c = scope.conda_cache;
        scope.res.add(
            "conda pkgs cache",
            c,
            "the package tarballs conda keeps in pkgs/ (≈ the downloads)",
        );
    }
    if scope.npm_cache.high > 0 {
        let c = scope.npm_cache;
        scope.res.add(
            "npm cache",
            c,
            "the npm cache ~/.npm measured beside node_modules",
        );
        scope.res.lessons.push(Lesson {
            kind: "cache-left",
            text: format!("npm kept its download cache (≈ {}) in ~/.npm. Add `&& npm cache clean --force`, or use a cache mount.", human(c.bytes)),
            wasted_bytes: c.bytes,
            from_line: None,
            cache: Some("~/.npm"),
        });
    }
    for &i in &scope.caches_left {
        if let Some(c) = facts::CACHES.get(i) {
            scope.res.lessons.push(Lesson {
                kind: "cache-left",
                text: c.fix.to_string(),
                wasted_bytes: 0,
                from_line: None,
                cache: None,
            });
        }
    }
    if scope.dpkg_touched {
        let (lo, mid, hi) = facts::DPKG_STATE_MB;
        scope.res.add(
            "dpkg state",
            Amount::range_mb(lo, mid, hi),
            "apt rewrites /var/lib/dpkg/status and its logs (≈ 1 MB, lab)",
        );
    }
    let mut res = scope.res;
    if res.amount.high == 0 {
        let (lo, mid, hi) = facts::TINY_LAYER;
        res.amount = Amount {
            bytes: mid,
            low: lo,
            high: hi,
        };
    }
    res.finish("small commands: a layer of a few kB")
}

impl RunScope<'_> {
    /// `path` is under a cache mount of this RUN or a VOLUME: what is written there is not in
    /// the layer.
    fn cached(&self, path: &str) -> bool {
        under_any(&norm_path(path), &self.caches) || self.st.volume_over(path).is_some()
    }

    /// `path` as an absolute path from where this RUN is (`cd` included).
    /// A package index this RUN leaves (`mb` ± `spread`): its bytes, and the lesson that says
    /// how to drop it.
    fn cache_left(
        &mut self,
        label: &str,
        (mb, spread): (f64, f64),
        basis: String,
        lesson: &str,
        cache: &'static str,
    ) {
        self.res.add(label, Amount::mb_spread(mb, spread), basis);
        self.res.lessons.push(Lesson {
            kind: "cache-left",
            text: lesson.into(),
            wasted_bytes: (mb * 1e6) as u64,
            from_line: None,
            cache: Some(cache),
        });
    }

    fn abs_here(&self, path: &str) -> String {
        match &self.cwd {
            Some(cwd) if !path.starts_with('/') => super::norm_path(&format!("{cwd}/{path}")),
            _ => self.st.abs(path),
        }
    }

    /// Adds `amount` to what this RUN put at `path` (for a `rm -rf path` later in it).
    fn here_add(&mut self, path: String, amount: Amount) {
        match self.here.iter_mut().find(|(h, _)| *h == path) {
            Some((_, a)) => *a = a.add(amount),
            None => self.here.push((path, amount)),
        }
    }

    fn record(&mut self, path: &str, amount: Amount) {
        let p = self.st.abs(path);
        self.st.files.push((p, amount, self.line));
    }

    /// Tools whose caches stay in the layer unless emptied in the same RUN or mounted.
    fn track_caches(&mut self, cmd: &Command, name: &str) {
        for (i, c) in facts::CACHES
            .iter()
            .enumerate()
            .filter(|(_, c)| c.tool == name)
        {
            let sub = cmd.subcommand().unwrap_or("");
            let cleans = c.cleans.iter().any(|(s, flag)| {
                *s == sub
                    && (flag.is_empty()
                        || cmd.has_flag(flag)
                        || cmd.args().iter().any(|w| w.value == *flag))
            });
            if cleans {
                self.caches_left.retain(|&j| j != i);
            } else if (c.fills.is_empty() || c.fills.contains(&sub))
                && !c.paths.iter().any(|p| self.cached(p))
                && !self.caches_left.contains(&i)
            {
                self.caches_left.push(i);
            }
        }
    }

    fn command(&mut self, cmd: &Command) {
        let Some(name) = cmd.name() else { return };
        let name = name.to_string();
        self.track_caches(cmd, &name);
        if let Some((tool, wrapper)) = jvm::Jvm::of(&name) {
            return self.jvm(cmd, tool, wrapper);
        }
        match name.as_str() {
            "apt-get" | "apt" | "aptitude" => self.apt(cmd),
            "mv" => self.mv(cmd),
            "cp" => self.cp(cmd),
            "cd" => {
                if let Some(d) = cmd.args_no_flags().first().map(|w| w.value.clone()) {
                    self.cwd = (!d.contains('$') && d != "-").then(|| self.abs_here(&d));
                }
            }
            // `apt-mark showmanual | xargs apt-mark auto`: every manual package marked auto, as
            // `apt-mark auto '.*'` does (postgres's images).
            "xargs"
                if cmd
                    .args()
                    .iter()
                    .map(|w| w.value.as_str())
                    .filter(|v| !v.starts_with('-'))
                    .take(2)
                    .eq(["apt-mark", "auto"]) =>
            {
                self.apt_auto_all = true;
            }
            "apt-mark" => {
                let all = cmd
                    .operands(&[])
                    .iter()
                    .any(|w| matches!(w.value.as_str(), ".*" | "*" | "'.*'" | "\".*\""));
                if cmd.subcommand() == Some("auto") && all {
                    self.apt_auto_all = true;
                }
            }
            "apk" => self.apk(cmd),
            "pip" | "pip3" => self.pip(cmd.args()),
            "python" | "python3" => {
                let args = cmd.args();
                if args.len() >= 2 && args[0].value == "-m" && args[1].value.starts_with("pip") {
                    self.pip(&args[2..]);
                } else if args.len() >= 3
                    && args[0].value == "-m"
                    && (args[1].value == "venv" || args[1].value == "virtualenv")
                {
                    let dir = self.st.abs(&args[2].value);
                    // Python < 3.12 also bootstraps setuptools; unknown version: the range covers both.
                    let (a, what) = match self.st.python_minor {
                        Some(m) if m >= 12 => (Amount::mb_spread(facts::VENV_MB, 0.2), "pip"),
                        Some(_) => (
                            Amount::mb_spread(facts::VENV_MB + facts::VENV_SETUPTOOLS_MB, 0.2),
                            "pip and setuptools",
                        ),
                        None => (
                            Amount::range_mb(
                                facts::VENV_MB * 0.8,
                                facts::VENV_MB,
                                (facts::VENV_MB + facts::VENV_SETUPTOOLS_MB) * 1.2,
                            ),
                            "pip (and setuptools before Python 3.12)",
                        ),
                    };
                    self.res.add(
                        "python -m venv",
                        a,
                        format!("a virtual environment: the {what} inside it (pip measured)"),
                    );
                    self.record(&dir, a);
                    // The venv's own pip: upgrading it in the venv replaces it rather than adding.
                    self.st.installed.insert("pip:pip".into());
                    self.st.venv = Some(dir);
                }
            }
            "virtualenv" => {
                if let Some(d) = cmd.args_no_flags().first() {
                    let dir = self.st.abs(&d.value);
                    self.res.add(
                        "virtualenv",
                        Amount::mb_spread(facts::VENV_MB, 0.3),
                        "a virtual environment with pip",
                    );
                    self.st.venv = Some(dir);
                }
            }
            "npm" | "yarn" | "pnpm" => self.npm(cmd, &name),
            "curl" | "wget" => self.download(cmd, &name),
            "rustup" => self.rustup(cmd),
            "rm" => self.rm(cmd),
            "head" | "dd" | "fallocate" | "truncate" => self.make_file(cmd, &name),
            "tar" | "unzip" => self.unpack(cmd, &name),
            "gcc" | "cc" | "g++" | "c++" | "clang" | "clang++" => {
                if let Some(o) = cmd.flag_value("-o") {
                    let (lo, mid, hi) = facts::C_BINARY_MB;
                    let a = Amount::range_mb(lo, mid, hi);
                    self.res.add(
                        format!("{name} -o {o}"),
                        a,
                        "unknown: a compiled program (a small C program is tens of kB)",
                    );
                    self.record(o, a);
                }
            }
            "chown" | "chmod" => self.copy_up(cmd, &name),
            "conda" | "mamba" | "micromamba"
                if matches!(cmd.subcommand(), Some("install" | "create")) =>
            {
                self.conda(cmd, &name)
            }
            "conda" | "mamba" | "micromamba"
                if cmd.subcommand() == Some("clean")
                    && (cmd.has_any_flag(&["-a", "--all", "-t", "--tarballs"])
                        || cmd.args().iter().any(|w| {
                            w.value.starts_with('-')
                                && !w.value.starts_with("--")
                                && (w.value.contains('a') || w.value.contains('t'))
                        })) =>
            {
                self.conda_cache = Amount::ZERO;
            }
            "bash" | "sh" => {
                // Running a script this stage downloaded (an installer like miniconda.sh).
                if let Some(script) = cmd.args_no_flags().first().map(|w| self.st.abs(&w.value)) {
                    let file = script.rsplit('/').next().unwrap_or("");
                    if self.st.conda_installers.contains(&script)
                        || conda_installer_name(file).is_some()
                    {
                        // The installer unpacks its bundled packages into the prefix.
                        let size = self
                            .here
                            .iter()
                            .find(|(h, _)| *h == script)
                            .map(|(_, a)| *a)
                            .or_else(|| self.earlier_file(&script).map(|(_, a, _)| a));
                        let size = size.filter(|a| a.high > 0).unwrap_or_else(|| {
                            Amount::range_mb(
                                facts::CONDA_INSTALLER_MB.0,
                                facts::CONDA_INSTALLER_MB.1,
                                facts::CONDA_INSTALLER_MB.2,
                            )
                        });
                        let (lo, mid, hi) = facts::CONDA_UNPACK;
                        let a = Amount::from_f64_pub(
                            size.low as f64 * lo,
                            size.bytes as f64 * mid,
                            size.high as f64 * hi,
                        );
                        let prefix = cmd.flag_value("-p").unwrap_or("~/miniconda");
                        self.res.add(format!("{name} {file}"), a, format!("conda installer unpacked into {prefix}: the installer's size × 2.5–4.5 (bzip2 packages unpack ≈ 3.7×, measured on MKL)"));
                        self.record(prefix, a);
                        self.st.installed.insert("conda:python".into());
                        self.st.installed.insert("conda:conda".into());
                    } else if self.earlier_file(&script).is_some()
                        || self.here.iter().any(|(h, _)| *h == script)
                    {
                        let a = Amount::range_mb(UNKNOWN_BUILD.0, UNKNOWN_BUILD.1, UNKNOWN_BUILD.2);
                        self.res.add(
                            format!("{name} {}", script.rsplit('/').next().unwrap_or("")),
                            a,
                            "unknown: what a downloaded installer script puts on disk",
                        );
                    }
                }
            }
            "go" => self.go(cmd),
            // `go-wrapper install` of the old golang images is `go install -v ./...`.
            "go-wrapper" => {
                if let Some(c) = crate::knowledge::wrappers::expand(cmd) {
                    self.go(&c);
                }
            }
            "cargo" => self.cargo(cmd),
            // A build from source: what `make` compiles stays in the source tree (a
            // `rm -rf` of it in the same RUN takes it back out, and building it again adds
            // nothing); `make install` puts the result in place.
            "make" if !cmd.args_no_flags().iter().any(|w| w.value == "install") => {
                let dir = match cmd.flag_value("-C") {
                    Some(d) => self.abs_here(d),
                    None => self.abs_here("."),
                };
                if self.built_in.contains(&dir) {
                    return;
                }
                self.built_in.push(dir.clone());
                if self.make_runs_go() {
                    self.go_make(&dir);
                    return;
                }
                let a = Amount::range_mb(UNKNOWN_BUILD.0, UNKNOWN_BUILD.1, UNKNOWN_BUILD.2);
                self.res.add(
                    format!("make in {dir}"),
                    a,
                    format!(
                        "unknown: what `make` builds, left in {dir} unless removed in this RUN"
                    ),
                );
                self.here_add(dir, a);
            }
            // Only the subcommands that fetch or build (`bundle config`, `gem list`, `dotnet
            // --info` write next to nothing).
            "make" | "cmake" | "dotnet" | "bundle" | "gem" | "composer"
                if match name.as_str() {
                    "bundle" => matches!(cmd.subcommand(), None | Some("install" | "update")),
                    "gem" => matches!(cmd.subcommand(), Some("install" | "update")),
                    "composer" => matches!(
                        cmd.subcommand(),
                        Some("install" | "update" | "require" | "create-project")
                    ),
                    "dotnet" => matches!(
                        cmd.subcommand(),
                        Some("restore" | "build" | "publish" | "pack" | "test")
                    ),
                    _ => true,
                } =>
            {
                let a = Amount::range_mb(UNKNOWN_BUILD.0, UNKNOWN_BUILD.1, UNKNOWN_BUILD.2);
                let note = self
                    .manifest_note(&name)
                    .map(|n| format!("; {n}"))
                    .unwrap_or_default();
                self.res.add(name.clone(), a, format!("unknown: what `{name}` builds or fetches is not in the knowledge base{note}"));
            }
            _ => {}
        }
    }

    /// `apt-get purge x` / `apk del x`: in the same RUN it takes x back out; in a later RUN it
    /// frees nothing.
    fn remove(&mut self, cmd: &Command, skip: &[&str], manager: &str) {
        let names: Vec<String> = cmd
            .operands(skip)
            .iter()
            .map(|w| package_name(&w.value))
            .collect();
        for n in names {
            if let Some(pos) = self.here.iter().position(|(p, _)| *p == n) {
                let (_, a) = self.here.remove(pos);
                self.res.amount = self.res.amount.sub(a);
                self.res.parts.push(Part {
                    label: format!("{manager} removes {n}"),
                    amount: Amount::ZERO,
                    basis: format!("installed and removed in this RUN: −{}", human(a.bytes)),
                });
                self.st
                    .toolchains
                    .retain(|(t, _, l)| !(*t == n && *l == self.line));
                // A virtual group removes its members too.
                self.st
                    .toolchains
                    .retain(|(_, _, l)| *l != self.line || manager != "apk");
            } else if self.st.installed.contains(&n) {
                self.res.lessons.push(Lesson {
                    kind: "deleted-later",
                    text: format!("`{n}` was installed by an earlier layer; removing it here frees nothing, because that layer still holds its files. Install and remove it in the same RUN, or use a build stage."),
                    wasted_bytes: 0,
                    from_line: None,
                    cache: None,
                });
            }
        }
    }

    /// The text of a file in the build context found by its name (any folder).
    /// A manifest (`package.json`, `go.mod`) as this RUN reads it: the context file that COPY
    /// put in the directory the RUN is in (`cd` included), else the context's top-level one,
    /// else the shallowest of that name (the same one every time).
    pub(super) fn context_file(&self, name: &str) -> Option<&str> {
        let ctx = self.input.context?;
        let here = self.abs_here(name);
        for (at, src) in self.st.copied.iter().rev() {
            let at = at.trim_end_matches('/');
            let path = if here == at {
                Some(src.clone())
            } else {
                here.strip_prefix(at)
                    .and_then(|rest| rest.strip_prefix('/'))
                    .map(|rest| {
                        if src.is_empty() {
                            rest.to_string()
                        } else {
                            format!("{src}/{rest}")
                        }
                    })
            };
            if let Some(t) = path.and_then(|p| ctx.text(&p)) {
                return Some(t);
            }
        }
        let base = name.rsplit('/').next().unwrap_or(name);
        ctx.text(name).or_else(|| {
            ctx.texts
                .iter()
                .filter(|(p, _)| p.rsplit('/').next() == Some(base))
                .min_by_key(|(p, _)| (p.matches('/').count(), p.as_str()))
                .map(|(_, t)| t.as_str())
        })
    }

    /// "go.mod requires 12 modules" and the like, for a build tool's basis.
    fn manifest_note(&self, tool: &str) -> Option<String> {
        use super::manifests::*;
        let (file, names) = match tool {
            "go" => ("go.mod", go_mod_requires(self.context_file("go.mod")?)),
            "cargo" => (
                "Cargo.toml",
                cargo_dependencies(self.context_file("Cargo.toml")?),
            ),
            "mvn" => ("pom.xml", pom_dependencies(self.context_file("pom.xml")?)),
            "bundle" | "gem" => ("Gemfile", gemfile_gems(self.context_file("Gemfile")?)),
            _ => return None,
        };
        let shown: Vec<&str> = names.iter().take(4).map(String::as_str).collect();
        let more = if names.len() > 4 { ", …" } else { "" };
        Some(format!(
            "{file} names {} ({}{more}); no per-package sizes for them yet",
            super::count(names.len(), "dependency", "dependencies"),
            shown.join(", ")
        ))
    }
}

impl Amount {
    pub(crate) fn from_f64_pub(lo: f64, mid: f64, hi: f64) -> Amount {
        Amount::range_mb(lo / 1e6, mid / 1e6, hi / 1e6)
    }
}
