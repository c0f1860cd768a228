//! RUN, COPY and ADD: what each layer adds, read from the shell commands and the build context.

use super::facts::{self, Os, PackageFact};
use super::{fmt_mb, human, norm_path, Amount, Input, Lesson, Part, StageState};
use crate::shell::{self, Command};
use crate::stages::{RunMount, Stages};
use crate::syntax::{Args, CommandForm, Instruction, Keyword};

mod cargo;
mod go;

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
    matches!(
        pkg,
        "build-essential"
            | "build-base"
            | "gcc"
            | "g++"
            | "clang"
            | "make"
            | "cmake"
            | "python3-dev"
            | "musl-dev"
            | "golang-go"
            | "rustc"
            | "cargo"
            | "default-jdk"
    ) || pkg.ends_with("-dev")
}

/// Packages buildpack-deps (the base of python:X, node:X, golang:X ...) already installs
/// (docker-library/buildpack-deps Dockerfiles: curl, scm and the full layer).
const BUILDPACK_DEPS: &[&str] = &[
    "ca-certificates",
    "curl",
    "gnupg",
    "netbase",
    "wget",
    "git",
    "mercurial",
    "openssh-client",
    "subversion",
    "procps",
    "autoconf",
    "automake",
    "bzip2",
    "default-libmysqlclient-dev",
    "dpkg-dev",
    "file",
    "g++",
    "gcc",
    "imagemagick",
    "libbz2-dev",
    "libc6-dev",
    "libcurl4-openssl-dev",
    "libdb-dev",
    "libevent-dev",
    "libffi-dev",
    "libgdbm-dev",
    "libglib2.0-dev",
    "libgmp-dev",
    "libjpeg-dev",
    "libkrb5-dev",
    "liblzma-dev",
    "libmagickcore-dev",
    "libmagickwand-dev",
    "libmaxminddb-dev",
    "libncurses5-dev",
    "libncursesw5-dev",
    "libpng-dev",
    "libpq-dev",
    "libreadline-dev",
    "libsqlite3-dev",
    "libssl-dev",
    "libtool",
    "libwebp-dev",
    "libxml2-dev",
    "libxslt-dev",
    "libyaml-dev",
    "make",
    "patch",
    "unzip",
    "xz-utils",
    "zlib1g-dev",
    "build-essential",
    "pkg-config",
];

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

/// A pip dependency without a row: the median of the measured packages under 5 MB (pure Python,
/// mostly), with a range up to five times that.
fn small_pip_dep() -> Amount {
    let m = median(
        facts::PIP
            .iter()
            .filter(|f| f.mb < 5.0)
            .map(|f| f.mb)
            .collect(),
    );
    Amount::range_mb(0.1, m, m * 5.0)
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
        (Keyword::Workdir, Args::Text(Some(w))) => st.workdir = st.abs(&w.value),
        (Keyword::Env, Args::KeyValues(kvs)) => {
            for kv in kvs {
                let v = kv.value.clone().unwrap_or_default();
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
        scope.res.add(
            "apt lists",
            Amount::mb_spread(facts::APT_LISTS_MB, 0.25),
            format!(
                "`apt-get update` leaves ≈ {} MB in /var/lib/apt/lists",
                facts::APT_LISTS_MB
            ),
        );
        scope.res.lessons.push(Lesson {
            kind: "cache-left",
            text: "`apt-get update` downloaded package lists and this RUN keeps them. Add `&& rm -rf /var/lib/apt/lists/*` at the end of the same RUN.".into(),
            wasted_bytes: (facts::APT_LISTS_MB * 1e6) as u64,
            from_line: None,
            cache: Some("/var/lib/apt/lists"),
        });
    }
    if scope.apk_index {
        scope.res.add(
            "apk index",
            Amount::mb_spread(facts::APK_INDEX_MB, 0.3),
            format!(
                "the apk index cache ≈ {} MB in /var/cache/apk",
                facts::APK_INDEX_MB
            ),
        );
        scope.res.lessons.push(Lesson {
            kind: "cache-left",
            text: "apk kept its package index in /var/cache/apk. Use `apk add --no-cache` (it also makes `apk update` unnecessary).".into(),
            wasted_bytes: (facts::APK_INDEX_MB * 1e6) as u64,
            from_line: None,
            cache: Some("/var/cache/apk"),
        });
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
    fn cached(&self, path: &str) -> bool {
        under_any(&norm_path(path), &self.caches)
    }

    /// `mv SRC… DEST`: what this stage wrote under SRC is now under DEST (`-T`: DEST is the new
    /// name; else DEST/basename(SRC) when DEST is a directory this stage made or there are
    /// several sources).
    fn mv(&mut self, cmd: &Command) {
        let words: Vec<String> = cmd
            .args_no_flags()
            .iter()
            .map(|w| w.value.clone())
            .collect();
        let Some((dest, srcs)) = words.split_last() else {
            return;
        };
        if srcs.is_empty() || dest.contains('$') {
            return;
        }
        let dest = self.abs_here(dest);
        let into = !cmd.has_any_flag(&["-T", "--no-target-directory"])
            && (srcs.len() > 1 || self.st.files.iter().any(|(f, _, _)| *f == dest));
        for s in srcs.iter().filter(|s| !s.contains('$')) {
            let from = self.abs_here(s);
            let to = if into {
                let base = from.rsplit('/').next().unwrap_or("");
                super::norm_path(&format!("{dest}/{base}"))
            } else {
                dest.clone()
            };
            // An archive this RUN unpacked into a parent of SRC (`tar -C /usr/local` then
            // `mv /usr/local/go …`): its top directory is what moves.
            let unpacked: Vec<String> = self
                .here
                .iter()
                .filter(|(h, _)| super::is_under(&from, h))
                .map(|(h, _)| h.clone())
                .collect();
            let moved = |p: &str| -> Option<String> {
                if unpacked.iter().any(|u| u == p) {
                    return Some(to.clone());
                }
                (p == from || super::is_under(p, &from))
                    .then(|| format!("{to}{}", &p[from.len()..]))
            };
            for (f, _, _) in self.st.files.iter_mut() {
                if let Some(n) = moved(f) {
                    *f = n;
                }
            }
            for (h, _) in self.here.iter_mut() {
                if let Some(n) = moved(h) {
                    *h = n;
                }
            }
        }
    }

    /// `path` as an absolute path from where this RUN is (`cd` included).
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
            "mvn" | "gradle" | "./gradlew" | "make" | "cmake" | "dotnet" | "bundle" | "gem"
            | "composer" => {
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

    fn apt(&mut self, cmd: &Command) {
        let sub = cmd.subcommand().unwrap_or_default().to_string();
        match sub.as_str() {
            "update" => self.apt_lists = true,
            // apt ≥ 2.7 (Debian 13): `clean` and the package lists too (the lint rule agrees).
            "dist-clean" => self.apt_lists = false,
            "install" => {
                self.dpkg_touched = true;
                let recommends = !cmd.has_flag("--no-install-recommends")
                    && !cmd.args().iter().any(|w| {
                        w.value.contains("Install-Recommends=false")
                            || w.value.contains("Install-Recommends=0")
                    });
                let pkgs: Vec<String> = cmd
                    .operands(&["-o", "-t", "--target-release", "-c"])
                    .iter()
                    .map(|w| package_name(&w.value))
                    .filter(|p| !p.is_empty())
                    .collect();
                let before = self.res.amount;
                self.apt_install(&pkgs, recommends);
                let after = self.res.amount;
                self.apt_added = self.apt_added.add(Amount {
                    bytes: after.bytes.saturating_sub(before.bytes),
                    low: after.low.saturating_sub(before.low),
                    high: after.high.saturating_sub(before.high),
                });
            }
            "purge" | "remove" | "autoremove" => {
                self.dpkg_touched = true;
                let auto_remove = sub == "autoremove"
                    || cmd.has_flag("--auto-remove")
                    || cmd.has_flag("--autoremove");
                if self.apt_auto_all && auto_remove {
                    self.purge_auto();
                }
                self.remove(cmd, &["-o"], "apt-get")
            }
            _ => {}
        }
    }

    /// `apt-mark auto '.*'` then `apt-get purge --auto-remove`: everything this RUN installed goes
    /// again but the libraries marked manual on the way (what `ldd` found), a small share.
    fn purge_auto(&mut self) {
        let added = self.apt_added;
        if added.high == 0 {
            return;
        }
        let (lo, mid, hi) = facts::BUILD_DEPS_KEPT;
        let kept = Amount::from_f64_pub(
            added.low as f64 * lo,
            added.bytes as f64 * mid,
            added.high as f64 * hi,
        );
        let gone = Amount {
            bytes: added.bytes.saturating_sub(kept.bytes),
            low: added.low.saturating_sub(kept.high),
            high: added.high.saturating_sub(kept.low),
        };
        self.res.amount = self.res.amount.sub(gone);
        self.res.parts.push(Part {
            label: "apt-get purge --auto-remove".into(),
            amount: Amount::ZERO,
            basis: format!(
                "`apt-mark auto '.*'` then `purge --auto-remove`: what this RUN installed is removed again (−{}), but for the runtime libraries marked manual (≈ 3 %, python:3.12-slim-bookworm in repo-info)",
                human(gone.bytes)
            ),
        });
        let line = self.line;
        self.st.toolchains.retain(|(_, _, l)| *l != line);
        self.apt_added = Amount::ZERO;
        self.apt_auto_all = false;
    }

    /// With Debian's package table: the exact closure against what the image already has.
    fn apt_install_table(
        &mut self,
        idx: &crate::knowledge::debian::DebianIndex,
        pkgs: &[String],
        recommends: bool,
    ) {
        let buildpack = self.st.buildpack_deps;
        let installed = self.st.apt_set.get_or_insert_with(|| {
            let mut set = idx.marks(&idx.debian_base_set());
            if buildpack {
                idx.install(&mut set, BUILDPACK_DEPS, &[], false);
            }
            set
        });
        let roots: Vec<&str> = pkgs.iter().map(String::as_str).collect();
        // All together, and the own share of each root that needs one: every root when this
        // RUN removes packages again, else the build tools (for their lesson).
        let removes = self.removes;
        let alone: Vec<&str> = roots
            .iter()
            .copied()
            .filter(|p| removes || is_toolchain(p))
            .collect();
        let (closure, each) = idx.install(installed, &roots, &alone, recommends);
        for (p, own) in alone.iter().zip(each) {
            let a = Amount::mb_spread(own.installed_mb(), 0.05);
            self.here.push((p.to_string(), a));
            if is_toolchain(p) && own.installed_kib > 0 {
                self.st.toolchains.push((p.to_string(), a.bytes, self.line));
            }
        }
        for p in pkgs {
            self.st.installed.insert(p.clone());
        }
        let rec = if recommends {
            "with Recommends"
        } else {
            "without Recommends"
        };
        let base = if buildpack {
            "the base (debian:bookworm + buildpack-deps)"
        } else {
            "debian:bookworm's base set"
        };
        // The table's sums run ≈ 3 % above real images (README of ../shared/knowledge); slim
        // images skip docs; Debian's Python packages add their .pyc on install.
        let (mut lo, mut mid, mut hi) = (0.90, 0.97, 1.05);
        let mut notes = Vec::new();
        if self.st.slim {
            let (a, b, c) = facts::SLIM_FACTOR;
            (lo, mid, hi) = (a, b, c);
            notes.push("slim: docs excluded");
        }
        // Only the Python packages' share gets the .pyc overhead.
        let py_kib: u64 = closure
            .packages
            .iter()
            .filter(|p| p.starts_with("python3") || p.starts_with("libpython3"))
            .filter_map(|p| idx.installed_kib(p))
            .sum();
        let py_mb = py_kib as f64 * 1024.0 / 1e6;
        let pyc_mb = py_mb * (facts::DEBIAN_PYC_FACTOR - 1.0);
        if pyc_mb > 0.5 {
            notes.push("+ .pyc compiled on install");
        }
        let mb = closure.installed_mb();
        let a = Amount::from_f64_pub(
            mb * lo * 1e6,
            (mb * mid + pyc_mb) * 1e6,
            (mb * hi + pyc_mb * 1.2) * 1e6,
        );
        let shown: Vec<&str> = pkgs.iter().take(3).map(String::as_str).collect();
        let more = if pkgs.len() > 3 { " …" } else { "" };
        self.res.add(
            format!("apt {}{more}", shown.join(" ")),
            a,
            format!(
                "{} packages not already in {base}, {rec}: {} MB ({}){}",
                closure.packages.len(),
                fmt_mb(closure.installed_mb()),
                "Debian bookworm Packages index",
                if notes.is_empty() {
                    String::new()
                } else {
                    format!("; {}", notes.join(", "))
                }
            ),
        );
        for u in &closure.unknown {
            let (lo, mid, hi) = UNKNOWN_PKG;
            self.res.add(
                format!("apt {u}"),
                Amount::range_mb(lo, mid, hi),
                format!("unknown: `{u}` is not a bookworm package"),
            );
        }
    }

    fn apt_install(&mut self, pkgs: &[String], recommends: bool) {
        if let (Some(idx), Os::Debian) = (self.input.debian, self.st.os) {
            return self.apt_install_table(idx, pkgs, recommends);
        }
        let has_build_essential = pkgs.iter().any(|p| p == "build-essential");
        let mut known = Vec::new();
        for p in pkgs {
            if self.st.installed.contains(p) {
                continue;
            }
            self.st.installed.insert(p.clone());
            if self.st.buildpack_deps && BUILDPACK_DEPS.contains(&p.as_str()) {
                self.res.add(
                    format!("apt {p}"),
                    Amount::ZERO,
                    "already in the base image (buildpack-deps)",
                );
                continue;
            }
            // build-essential already pulls these in.
            if has_build_essential
                && matches!(
                    p.as_str(),
                    "gcc" | "g++" | "make" | "libc6-dev" | "dpkg-dev"
                )
            {
                continue;
            }
            if matches!(self.st.os, Os::Alpine) {
                self.res.lessons.push(Lesson {
                    kind: "wrong-manager",
                    text: "apt-get on an Alpine image fails: Alpine uses `apk`.".into(),
                    wasted_bytes: 0,
                    from_line: None,
                    cache: None,
                });
                return;
            }
            match facts::APT_COMMON.iter().find(|(n, _, _)| n == p) {
                Some((_, with, without)) => {
                    let mb = if recommends { *with } else { *without };
                    // Closures overlap when several are installed together: the range goes down to
                    // counting only the largest.
                    known.push((p.clone(), mb));
                    let spread = if matches!(self.st.os, Os::Debian) {
                        0.1
                    } else {
                        0.3
                    };
                    let a = Amount::mb_spread(mb, spread);
                    self.here.push((p.clone(), a));
                    if is_toolchain(p) {
                        self.st.toolchains.push((p.clone(), a.bytes, self.line));
                    }
                    let rec = if recommends {
                        "with Recommends"
                    } else {
                        "without Recommends"
                    };
                    self.res.add(
                        format!("apt {p}"),
                        a,
                        format!(
                            "{p} {rec}: {} MB {}, {}",
                            fmt_mb(mb),
                            if matches!(self.st.os, Os::Debian) {
                                "added to debian:bookworm"
                            } else {
                                "as measured on debian:bookworm (this base's own packages differ a little: wider range)"
                            },
                            facts::APT_COMMON_SOURCE
                        ),
                    );
                }
                None => {
                    let (lo, mid, hi) = UNKNOWN_PKG;
                    let a = Amount::range_mb(lo, mid, hi);
                    self.here.push((p.clone(), a));
                    if is_toolchain(p) {
                        self.st.toolchains.push((p.clone(), a.bytes, self.line));
                    }
                    self.res.add(format!("apt {p}"), a, format!("unknown: `{p}` is not in the precomputed closures (the full Debian table is not loaded)"));
                }
            }
        }
        if known.len() > 1 {
            // Shared dependencies are counted once by apt: allow for it in the low end.
            let sum: f64 = known.iter().map(|(_, m)| m).sum();
            let max = known.iter().map(|(_, m)| *m).fold(0.0, f64::max);
            // The truth lies between the largest closure alone and the plain sum: take the middle.
            let overlap = Amount::range_mb(0.0, (sum - max) * 0.5, sum - max);
            self.res.amount = self.res.amount.sub(overlap);
            self.res.parts.push(Part { label: "shared dependencies".into(), amount: Amount::ZERO, basis: format!("packages installed together share dependencies; up to {} MB counted twice above", fmt_mb(sum - max)) });
        }
    }

    fn apk(&mut self, cmd: &Command) {
        let sub = cmd
            .subcommand_skipping(&["--repository", "-X", "-t", "--virtual", "--root", "-p"])
            .unwrap_or_default()
            .to_string();
        match sub.as_str() {
            "update" if !cmd.has_flag("--no-cache") => {
                self.apk_index = true;
            }
            "add" => {
                if !cmd.has_flag("--no-cache") && !self.cached("/var/cache/apk") {
                    self.apk_index = true;
                }
                let virtual_name = cmd
                    .flag_value("--virtual")
                    .or_else(|| cmd.flag_value("-t"))
                    .map(str::to_string);
                let pkgs: Vec<String> = cmd
                    .operands(&["--repository", "-X", "-t", "--virtual", "--root", "-p"])
                    .iter()
                    .map(|w| package_name(&w.value))
                    .filter(|p| !p.is_empty() && Some(p.as_str()) != virtual_name.as_deref())
                    .collect();
                let mut group = Amount::ZERO;
                for p in pkgs {
                    if self.st.installed.contains(&p) {
                        continue;
                    }
                    self.st.installed.insert(p.clone());
                    let (a, basis) = match lookup(facts::APK, &p) {
                        Some(f) => (
                            Amount::mb_spread(f.mb, 0.15),
                            format!("{p}: {} MB installed, {}", fmt_mb(f.mb), f.source),
                        ),
                        None => (
                            Amount::range_mb(UNKNOWN_APK.0, UNKNOWN_APK.1, UNKNOWN_APK.2),
                            format!("unknown: `{p}` is not in the apk size table"),
                        ),
                    };
                    if is_toolchain(&p) {
                        self.st.toolchains.push((p.clone(), a.bytes, self.line));
                    }
                    self.here.push((p.clone(), a));
                    group = group.add(a);
                    self.res.add(format!("apk {p}"), a, basis);
                }
                if let Some(v) = virtual_name {
                    self.here.push((v, group));
                }
            }
            "del" => self.remove(cmd, &["--root", "-p"], "apk"),
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

    fn requirements(&self, file: &str) -> Option<Vec<String>> {
        let ctx = self.input.context?;
        // The file was copied into the image: find it in the context by its name.
        let name = file.rsplit('/').next().unwrap_or(file);
        let text = ctx.text(file).or_else(|| {
            ctx.texts
                .iter()
                .find(|(p, _)| p.rsplit('/').next() == Some(name))
                .map(|(_, t)| t.as_str())
        })?;
        Some(
            text.lines()
                .map(|l| l.split('#').next().unwrap_or("").trim())
                .filter(|l| !l.is_empty() && !l.starts_with('-'))
                .map(package_name)
                .filter(|p| !p.is_empty())
                .collect(),
        )
    }

    /// The text of a file in the build context found by its name (any folder).
    fn context_file(&self, name: &str) -> Option<&str> {
        let ctx = self.input.context?;
        ctx.text(name).or_else(|| {
            ctx.texts
                .iter()
                .find(|(p, _)| p.rsplit('/').next() == Some(name))
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

    /// `[project] dependencies = [...]` or `[tool.poetry.dependencies]` keys from pyproject.toml.
    fn pyproject_deps(&self) -> Option<Vec<String>> {
        let ctx = self.input.context?;
        let text = ctx.text("pyproject.toml")?;
        Some(pyproject_dependencies(text))
    }

    /// conda packages: those with a conda fact (MKL, Qt: the big native libraries that numpy and
    /// matplotlib pull in without being named) are their download × the measured unpack factor,
    /// and the download stays in pkgs/ until `conda clean`; the rest are sized by their measured
    /// PyPI wheel as a proxy (0.7–3×: conda builds bundle their own native libraries); anything
    /// else is unknown.
    fn conda(&mut self, cmd: &Command, tool: &str) {
        let names: Vec<String> = cmd
            .operands(&[
                "-c",
                "--channel",
                "-n",
                "--name",
                "-p",
                "--prefix",
                "--file",
            ])
            .iter()
            .map(|w| package_name(&w.value))
            .filter(|n| !n.is_empty())
            .collect();
        let mut all = with_known_deps(&names);
        // conda-forge (named, or the default of mamba/micromamba/Miniforge) builds numpy on
        // OpenBLAS, as does `nomkl`.
        let forge = tool != "conda"
            || cmd
                .flag_value("-c")
                .or_else(|| cmd.flag_value("--channel"))
                .is_some_and(|c| c.contains("forge"))
            || all.iter().any(|n| n == "nomkl");
        for f in facts::CONDA {
            if (!f.defaults_only || !forge)
                && !all.iter().any(|n| n == f.name)
                && all.iter().any(|n| f.pulled_by.contains(&n.as_str()))
            {
                all.push(f.name.to_string());
            }
        }
        let (mut total, mut cache, mut proxied, mut unknown) = (Amount::ZERO, Amount::ZERO, 0, 0);
        let mut native: Vec<String> = Vec::new();
        for n in &all {
            if !self.st.installed.insert(format!("conda:{n}")) {
                continue;
            }
            if let Some(f) = facts::CONDA.iter().find(|f| f.name == n) {
                let (tl, tm, th) = f.tar_mb;
                let (ul, um, uh) = facts::CONDA_UNPACK;
                total = total.add(Amount::range_mb(tl * ul, tm * um, th * uh));
                cache = cache.add(Amount::range_mb(tl, tm, th));
                native.push(format!("{n} ({tm:.0} MB download × {um}: {})", f.source));
                continue;
            }
            match lookup(facts::PIP, n) {
                Some(f) => {
                    proxied += 1;
                    total = total.add(Amount::range_mb(f.mb * 0.7, f.mb, f.mb * 3.0));
                    cache = cache.add(Amount::range_mb(
                        f.cache_mb * 0.7,
                        f.cache_mb,
                        f.cache_mb * 3.0,
                    ));
                }
                None => {
                    unknown += 1;
                    let (lo, mid, hi) = UNKNOWN_PKG;
                    total = total.add(Amount::range_mb(lo, mid, hi));
                    cache = cache.add(Amount::range_mb(lo * 0.3, mid * 0.3, hi * 0.3));
                }
            }
        }
        if all.is_empty() || total.high == 0 {
            return;
        }
        let native = if native.is_empty() {
            String::new()
        } else {
            format!("; brought in without being named: {}", native.join("; "))
        };
        self.res.add(
            format!("{tool} install"),
            total,
            format!("{} package(s): {proxied} sized by their measured PyPI wheels as a proxy (0.7–3×), {unknown} unknown{native}", all.len()),
        );
        if !self.cached("/opt/conda/pkgs") {
            self.conda_cache = self.conda_cache.add(cache);
        }
    }

    fn pip(&mut self, args: &[shell::Word]) {
        if args
            .iter()
            .find(|w| !w.value.starts_with('-'))
            .map(|w| w.value.as_str())
            != Some("install")
        {
            return;
        }
        let no_cache = args.iter().any(|w| w.value == "--no-cache-dir")
            || self.st.pip_no_cache
            || self.cached("/root/.cache/pip")
            || self.cached("/root/.cache");
        let mut names: Vec<String> = Vec::new();
        let mut unknown_files: Vec<String> = Vec::new();
        let mut i = 0;
        let takes_value = [
            "-r",
            "--requirement",
            "-c",
            "--constraint",
            "-i",
            "--index-url",
            "--extra-index-url",
            "-t",
            "--target",
            "--prefix",
            "-f",
            "--find-links",
            "--root",
        ];
        while i < args.len() {
            let v = args[i].value.as_str();
            if v == "-r" || v == "--requirement" {
                if let Some(f) = args.get(i + 1) {
                    match self.requirements(&f.value) {
                        Some(list) => names.extend(list),
                        None => unknown_files.push(f.value.clone()),
                    }
                }
                i += 2;
                continue;
            }
            if let Some(f) = v
                .strip_prefix("--requirement=")
                .or_else(|| v.strip_prefix("-r").filter(|r| !r.is_empty()))
            {
                match self.requirements(f) {
                    Some(list) => names.extend(list),
                    None => unknown_files.push(f.to_string()),
                }
            } else if takes_value.contains(&v) {
                i += 1;
            } else if v == "." || v.starts_with("./") || v.starts_with('/') || v == "-e" {
                // A local project: its pyproject.toml names the dependencies.
                if v != "-e" {
                    match self.pyproject_deps() {
                        Some(list) => names.extend(list),
                        None => unknown_files.push(format!("{v} (the project)")),
                    }
                }
            } else if v != "install" && !v.starts_with('-') && !v.contains('/') {
                names.push(package_name(v));
            }
            i += 1;
        }
        let all = with_known_deps(&names);
        let target = self
            .st
            .venv
            .clone()
            .unwrap_or_else(|| "/usr/local/lib/python3/site-packages".to_string());
        let mut total = Amount::ZERO;
        let mut cache = Amount::ZERO;
        let mut unknown = Vec::new();
        for n in &all {
            if self.st.installed.contains(&format!("pip:{n}")) {
                continue;
            }
            self.st.installed.insert(format!("pip:{n}"));
            match lookup(facts::PIP, n) {
                Some(f) => {
                    total = total.add(Amount::mb_spread(f.mb, 0.15));
                    let c = f.cache_mb + facts::PIP_INDEX_PAGE_MB;
                    cache = cache.add(Amount::range_mb(0.0, c, c * 1.2));
                }
                None => {
                    let a = small_pip_dep();
                    total = total.add(a);
                    cache = cache.add(a.scale(0.3)).add(Amount::range_mb(
                        0.0,
                        facts::PIP_INDEX_PAGE_MB,
                        facts::PIP_INDEX_PAGE_MB * 1.2,
                    ));
                    unknown.push(n.clone());
                }
            }
        }
        if !all.is_empty() {
            let known = all.len() - unknown.len();
            let basis = if unknown.is_empty() {
                format!(
                    "{} package(s), measured wheel sizes with .pyc (pip measured)",
                    all.len()
                )
            } else {
                format!(
                    "{known} measured package(s) + {} without a figure (median small package each: {})",
                    unknown.len(),
                    unknown.iter().take(4).cloned().collect::<Vec<_>>().join(", ") + if unknown.len() > 4 { ", …" } else { "" }
                )
            };
            self.res.add(
                format!(
                    "pip install {}",
                    names.iter().take(3).cloned().collect::<Vec<_>>().join(" ")
                ),
                total,
                basis,
            );
            self.record(&target, total);
        }
        for f in unknown_files {
            let a = Amount::range_mb(
                UNKNOWN_REQUIREMENTS.0,
                UNKNOWN_REQUIREMENTS.1,
                UNKNOWN_REQUIREMENTS.2,
            );
            self.res.add(
                format!("pip install -r {f}"),
                a,
                format!("unknown: `{f}` could not be read: the project folder was not given"),
            );
            self.record(&target, a);
            cache = cache.add(a.scale(0.25));
        }
        if !no_cache {
            self.pip_cache = self.pip_cache.add(cache);
        }
    }

    fn npm(&mut self, cmd: &Command, tool: &str) {
        let sub = cmd.subcommand().unwrap_or("install");
        if tool == "npm" && sub == "cache" {
            if cmd.args().iter().any(|w| w.value == "clean") {
                self.npm_cache = Amount::ZERO;
            }
            return;
        }
        let installs = matches!(sub, "install" | "ci" | "i" | "add")
            || (tool == "yarn" && cmd.args().is_empty());
        if !installs {
            return;
        }
        let prod = cmd.has_any_flag(&["--production", "--prod"])
            || cmd.args().iter().any(|w| w.value == "--omit=dev")
            || self.st.node_env_production;
        let explicit: Vec<String> = cmd
            .operands(&["--omit", "--prefix"])
            .iter()
            .map(|w| w.value.clone())
            .filter(|v| !v.starts_with('-'))
            .collect();
        let package_json = self.input.context.and_then(|c| {
            c.texts
                .iter()
                .find(|(p, _)| p.rsplit('/').next() == Some("package.json"))
                .map(|(_, t)| t.clone())
        });
        // devDependencies are build tooling, sized apart when unknown.
        let dev: Vec<String> = match (&package_json, explicit.is_empty()) {
            (Some(t), true) => {
                let runtime = package_json_deps(t, true);
                package_json_deps(t, false)
                    .into_iter()
                    .filter(|d| !runtime.contains(d))
                    .collect()
            }
            _ => Vec::new(),
        };
        let deps: Option<Vec<String>> = if !explicit.is_empty() {
            Some(explicit)
        } else {
            package_json.map(|t| package_json_deps(&t, prod))
        };
        let target = format!("{}/node_modules", self.st.workdir.trim_end_matches('/'));
        let (a, cache, basis) = match deps {
            Some(list) => {
                let mut a = Amount::ZERO;
                let mut c = Amount::ZERO;
                let mut unknown = 0;
                for d in &list {
                    match lookup(facts::NPM, d) {
                        Some(f) => {
                            // node_modules: du vs file sizes differ by up to 27 % (lab).
                            a = a.add(Amount::mb_spread(f.mb, 0.3));
                            // The cache measured 5.3 MB after `npm install` but 1.1 MB after `npm ci`
                            // with a lockfile (lab, express): the range spans both.
                            c = c.add(Amount::range_mb(
                                f.cache_mb * 0.15,
                                f.cache_mb * 0.5,
                                f.cache_mb * 1.1,
                            ));
                        }
                        None => {
                            unknown += 1;
                            let kind = if dev.contains(d) {
                                "devDependency"
                            } else {
                                "dependency"
                            };
                            let row = |part: &str| {
                                let (lo, mid, hi) =
                                    crate::knowledge::builds::output("npm", part).mb(1.0);
                                Amount::range_mb(lo, mid, hi)
                            };
                            a = a.add(row(&format!("{kind} (unknown)")));
                            c = c.add(row(&format!("{kind} cache (unknown)")));
                        }
                    }
                }
                let lock = self
                    .context_file("package-lock.json")
                    .map(|t| {
                        format!(
                            "; package-lock.json installs {} packages",
                            super::manifests::package_lock_count(t, prod)
                        )
                    })
                    .unwrap_or_default();
                (
                    a,
                    c,
                    format!(
                        "{}, {} measured (npm measured), {unknown} unknown (a dependency ≈ 1.6 MB, a devDependency ≈ 8.5 MB with its tree: lab){lock}",
                        super::count(list.len(), "dependency", "dependencies"),
                        list.len() - unknown
                    ),
                )
            }
            None => {
                let a = Amount::range_mb(
                    UNKNOWN_NODE_DEPS.0,
                    UNKNOWN_NODE_DEPS.1,
                    UNKNOWN_NODE_DEPS.2,
                );
                (
                    a,
                    a.scale(0.5),
                    "unknown: package.json could not be read: the project folder was not given"
                        .to_string(),
                )
            }
        };
        self.res.add(format!("{tool} {sub}"), a, basis);
        self.record(&target, a);
        if !self.cached("/root/.npm")
            && !self.cached("/usr/local/share/.cache/yarn")
            && !self.cached("/root/.cache/yarn")
        {
            self.npm_cache = self.npm_cache.add(cache);
        }
    }

    fn download(&mut self, cmd: &Command, tool: &str) {
        let out = if tool == "curl" {
            cmd.flag_value("-o").or_else(|| cmd.flag_value("--output"))
        } else {
            cmd.flag_value("-O")
                .or_else(|| cmd.flag_value("--output-document"))
        };
        // Piped into a shell or tar: the download itself is not kept.
        if cmd.next == Some(shell::Operator::Pipe) {
            let a = Amount::range_mb(UNKNOWN_DOWNLOAD.0, UNKNOWN_DOWNLOAD.1, UNKNOWN_DOWNLOAD.2);
            self.res.add(
                format!("{tool} | …"),
                a,
                "unknown: what the piped download installs",
            );
            return;
        }
        let url = cmd
            .args_no_flags()
            .iter()
            .map(|w| w.value.as_str())
            .find(|v| v.contains("://"))
            .map(str::to_string);
        let installer = url.as_deref().and_then(conda_installer_name);
        // wget without -O keeps the URL's last segment in the working directory.
        let out = out.map(str::to_string).or_else(|| {
            (tool == "wget")
                .then(|| {
                    url.as_deref()
                        .and_then(|u| u.rsplit('/').next())
                        .filter(|n| !n.is_empty())
                        .map(str::to_string)
                })
                .flatten()
        });
        if let Some(o) = out.filter(|o| o != "-") {
            let p = self.st.abs(&o);
            let a = if let Some(name) = installer {
                let (lo, mid, hi) = facts::CONDA_INSTALLER_MB;
                let a = Amount::range_mb(lo, mid, hi);
                self.res.add(format!("{tool} {name}"), a, "a conda installer script: 19.8–78 MB by version (repo.anaconda.com, Miniforge releases)");
                self.st.conda_installers.push(p.clone());
                a
            } else {
                let a =
                    Amount::range_mb(UNKNOWN_DOWNLOAD.0, UNKNOWN_DOWNLOAD.1, UNKNOWN_DOWNLOAD.2);
                self.res.add(
                    format!("{tool} download"),
                    a,
                    "unknown: the size of a download is not known before it runs",
                );
                a
            };
            self.here.push((p.clone(), a));
            self.record(&p, a);
        }
    }

    /// `head -c N > f`, `dd ... of=f bs=B count=C`, `fallocate -l N f`, `truncate -s N f`: a file
    /// of a stated size.
    fn make_file(&mut self, cmd: &Command, name: &str) {
        let size = match name {
            "head" => cmd.flag_value("-c").and_then(parse_size),
            "fallocate" => cmd.flag_value("-l").and_then(parse_size),
            "truncate" => cmd.flag_value("-s").and_then(parse_size),
            _ => {
                let kv = |k: &str| {
                    cmd.args()
                        .iter()
                        .find_map(|w| w.value.strip_prefix(k).map(str::to_string))
                };
                match (
                    kv("bs=").as_deref().and_then(parse_size),
                    kv("count=").and_then(|c| c.parse::<u64>().ok()),
                ) {
                    (Some(bs), Some(count)) => Some(bs.saturating_mul(count)),
                    _ => None,
                }
            }
        };
        let target = match name {
            "head" => cmd
                .redirects
                .iter()
                .find(|r| r.op == ">" || r.op == ">>")
                .and_then(|r| r.target.as_ref())
                .map(|w| w.value.clone()),
            "dd" => cmd
                .args()
                .iter()
                .find_map(|w| w.value.strip_prefix("of=").map(str::to_string)),
            _ => cmd.args_no_flags().last().map(|w| w.value.clone()),
        };
        if let (Some(size), Some(target)) = (size, target) {
            // truncate and fallocate make sparse or preallocated files: the tar holds their length.
            let a = Amount::exact(size);
            let p = self.st.abs(&target);
            self.here.push((p.clone(), a));
            self.record(&p, a);
            self.res.add(
                format!("{name} → {target}"),
                a,
                format!("a file of {} written by `{name}`", human(size)),
            );
        }
    }

    /// `tar -x` / `unzip`: the unpacked files, from the archive's size when this stage made it.
    fn unpack(&mut self, cmd: &Command, name: &str) {
        let extracting = name == "unzip"
            || cmd
                .args()
                .first()
                .is_some_and(|w| !w.value.starts_with('-') && w.value.contains('x'))
            || cmd.has_any_flag(&["-x", "--extract", "--get"]);
        if !extracting {
            return;
        }
        let archive = if name == "unzip" {
            cmd.args_no_flags().first().map(|w| w.value.clone())
        } else {
            cmd.flag_value("-f")
                .or_else(|| cmd.flag_value("--file"))
                .map(str::to_string)
        };
        let (lo, mid, hi) = facts::UNPACK_FACTOR;
        let known = archive
            .as_deref()
            .filter(|a| *a != "-")
            .map(|a| self.st.abs(a))
            .and_then(|p| {
                self.here
                    .iter()
                    .find(|(h, _)| *h == p)
                    .map(|(_, a)| *a)
                    .or_else(|| {
                        self.st
                            .files
                            .iter()
                            .find(|(f, _, _)| *f == p)
                            .map(|(_, a, _)| *a)
                    })
            });
        let fact = facts::ARCHIVES.iter().find(|f| self.text.contains(f.url));
        let a = match known {
            _ if fact.is_some() => {
                let (lo, mid, hi) = fact.map_or((0.0, 0.0, 0.0), |f| f.unpacked_mb);
                Amount::range_mb(lo, mid, hi)
            }
            Some(arch) if arch.high > 0 => Amount::from_f64_pub(
                arch.low as f64 * lo,
                arch.bytes as f64 * mid,
                arch.high as f64 * hi,
            ),
            _ => Amount::range_mb(UNKNOWN_DOWNLOAD.0, UNKNOWN_DOWNLOAD.1, UNKNOWN_DOWNLOAD.2),
        };
        let dest = cmd
            .flag_value("-C")
            .or_else(|| cmd.flag_value("--directory"))
            .or_else(|| cmd.flag_value("-d"))
            .unwrap_or(".")
            .to_string();
        let dest = self.abs_here(&dest);
        self.record(&dest, a);
        self.here_add(dest, a);
        let basis = match (fact, known) {
            (Some(f), _) => format!(
                "{} unpacked: {} MB ({})",
                f.what,
                fmt_mb(f.unpacked_mb.1),
                f.source
            ),
            (None, Some(_)) => "an unpacked archive: 1–10× its packed size".to_string(),
            (None, None) => "unknown: an archive of unknown size, unpacked".to_string(),
        };
        self.res.add(format!("{name} (unpack)"), a, basis);
    }

    /// A file or folder an earlier layer of this stage added at (or under) `p`.
    fn earlier_file(&self, p: &str) -> Option<(String, Amount, usize)> {
        self.st
            .files
            .iter()
            .find(|(f, _, l)| (f == p || super::is_under(f, p)) && *l != self.line)
            .cloned()
    }

    fn rm(&mut self, cmd: &Command) {
        for w in cmd.args_no_flags() {
            let raw = w.value.trim_end_matches("/*").trim_end_matches('*');
            let p = self.abs_here(raw);
            if let Some((f, a, line)) = self.earlier_file(&p) {
                // A cache's bytes are already counted by its own cache-left lesson.
                let is_cache = [
                    "/var/lib/apt/lists",
                    "/var/cache/apk",
                    "/root/.cache/pip",
                    "/root/.npm",
                ]
                .contains(&f.as_str());
                self.res.lessons.push(Lesson {
                    kind: "deleted-later",
                    text: format!("`{}` was added by the layer at line {line}; deleting it here hides it but frees nothing — that layer still carries ≈ {}. Delete it in the RUN that created it.", w.value, human(a.bytes)),
                    wasted_bytes: if is_cache { 0 } else { a.bytes },
                    from_line: Some(line),
                    cache: None,
                });
            }
            if p.starts_with("/var/lib/apt/lists") {
                self.apt_lists = false;
            } else if p.starts_with("/var/cache/apk") {
                self.apk_index = false;
            } else if p.starts_with("/root/.cache") {
                self.pip_cache = Amount::ZERO;
            } else if p.starts_with("/root/.npm") {
                self.npm_cache = Amount::ZERO;
            } else if facts::CACHES.iter().any(|c| {
                c.paths
                    .iter()
                    .any(|cp| p.starts_with(cp) || cp.starts_with(&p))
            }) {
                self.caches_left.retain(|&i| {
                    facts::CACHES.get(i).is_none_or(|c| {
                        !c.paths
                            .iter()
                            .any(|cp| p.starts_with(cp) || cp.starts_with(&p))
                    })
                });
                // A build tool's cache this RUN filled (cargo's registry, Go's caches).
                self.forget_here(&p);
            } else {
                self.forget_here(&p);
            }
        }
    }

    /// `cp [-r] SRC… DEST` of what this stage wrote: a second copy, in this layer.
    fn cp(&mut self, cmd: &Command) {
        let words: Vec<String> = cmd
            .args_no_flags()
            .iter()
            .map(|w| w.value.clone())
            .collect();
        let Some((dest, srcs)) = words.split_last() else {
            return;
        };
        if srcs.is_empty() || dest.contains('$') {
            return;
        }
        let dest = self.abs_here(dest);
        for s in srcs.iter().filter(|s| !s.contains('$')) {
            let from = self.abs_here(s);
            let here: Amount = self
                .here
                .iter()
                .filter(|(h, _)| *h == from || super::is_under(h, &from))
                .fold(Amount::ZERO, |acc, (_, a)| acc.add(*a));
            let a = if here.high > 0 {
                here
            } else {
                match self.st.under(&from) {
                    Some(a) => a,
                    None => continue,
                }
            };
            let base = from.rsplit('/').next().unwrap_or("");
            let to = if srcs.len() > 1
                || dest.ends_with('/')
                || self.st.files.iter().any(|(f, _, _)| *f == dest)
            {
                super::norm_path(&format!("{dest}/{base}"))
            } else {
                dest.clone()
            };
            self.res.add(
                format!("cp {s}"),
                a,
                format!("a second copy of {from}, written at {to}"),
            );
            self.here_add(to.clone(), a);
            self.record(&to, a);
        }
    }

    /// What this RUN put at or under `path` is gone again (`rm -rf`, `cargo clean`).
    fn forget_here(&mut self, path: &str) {
        let gone = |h: &str| h == path || super::is_under(h, path);
        let mut freed = Amount::ZERO;
        self.here.retain(|(h, a)| {
            if gone(h) {
                freed = freed.add(*a);
                false
            } else {
                true
            }
        });
        self.res.amount = self.res.amount.sub(freed);
        let line = self.line;
        self.st.files.retain(|(f, _, l)| !(gone(f) && *l == line));
    }

    /// `chown -R`/`chmod -R` on files an earlier layer added copies every one of them into this layer.
    fn copy_up(&mut self, cmd: &Command, name: &str) {
        if !cmd.has_any_flag(&["-R", "--recursive"]) {
            return;
        }
        for w in cmd.args_no_flags().iter().skip(1) {
            let p = self.st.abs(&w.value);
            if let Some(a) = self.st.under(&p) {
                if a.bytes > 0 {
                    self.res.add(
                        format!("{name} -R {}", w.value),
                        a,
                        "every changed file is copied into the new layer (copy-up)",
                    );
                    self.res.lessons.push(Lesson {
                        kind: "copy-up",
                        text: format!("`{name} -R {}` rewrites files an earlier layer added, so they are stored twice. Use `COPY --chown=…`/`--chmod=…` when copying instead.", w.value),
                        wasted_bytes: a.bytes,
                        from_line: None,
                        cache: None,
                    });
                }
            }
        }
    }
}

/// Dependency names from a pyproject.toml: PEP 621 `dependencies = [...]` and Poetry's
/// `[tool.poetry.dependencies]` table (without `python`). A small reader, not a TOML parser: it
/// handles the layouts these two sections have in practice.
pub(super) fn pyproject_dependencies(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut section = String::new();
    let mut in_array = false;
    for raw in text.lines() {
        let line = raw.split('#').next().unwrap_or("").trim();
        if line.starts_with('[') && !in_array {
            section = line.trim_matches(['[', ']']).trim().to_string();
            continue;
        }
        if section == "project" && (line.starts_with("dependencies") || in_array) {
            let body = if in_array {
                line
            } else {
                line.split_once('=').map_or("", |(_, v)| v.trim())
            };
            in_array = !body.contains(']');
            for item in body.trim_start_matches('[').split(',') {
                let item = item
                    .trim()
                    .trim_end_matches(']')
                    .trim()
                    .trim_matches(['"', '\'']);
                let name = package_name(item);
                if !name.is_empty() {
                    out.push(name);
                }
            }
        } else if section == "tool.poetry.dependencies" {
            if let Some((k, _)) = line.split_once('=') {
                let k = k.trim().trim_matches('"');
                if !k.is_empty() && k != "python" {
                    out.push(package_name(k));
                }
            }
        }
    }
    out
}

/// The packages named plus the dependencies `facts::PIP_DEPS` knows for them, each once (at
/// most 500).
/// `Miniconda3-latest-Linux-x86_64.sh`, `Miniforge3-Linux-x86_64.sh`, `Anaconda3-2024.02-1-Linux-x86_64.sh`:
/// the file name of a conda installer script, if the URL or path names one.
fn conda_installer_name(url: &str) -> Option<&str> {
    let name = url.rsplit('/').next()?;
    let lower = name.to_ascii_lowercase();
    (lower.ends_with(".sh")
        && ["miniconda", "miniforge", "mambaforge", "anaconda"]
            .iter()
            .any(|k| lower.starts_with(k)))
    .then_some(name)
}

fn with_known_deps(names: &[String]) -> Vec<String> {
    let mut all: Vec<String> = Vec::new();
    let mut queue = names.to_vec();
    while let Some(n) = queue.pop() {
        if all.contains(&n) || all.len() > 500 {
            continue;
        }
        if let Some((_, deps)) = facts::PIP_DEPS.iter().find(|(p, _)| *p == n) {
            queue.extend(deps.iter().map(|d| d.to_string()));
        }
        all.push(n);
    }
    all
}

/// `5000000`, `10M`, `1G`, `512k` (head/dd/fallocate units: k/K = 1024, KB = 1000, ...).
fn parse_size(s: &str) -> Option<u64> {
    let s = s.trim();
    let digits = s.len() - s.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let n: u64 = s[..digits].parse().ok()?;
    let mult: u64 = match &s[digits..] {
        "" | "c" => 1,
        "w" => 2,
        "b" => 512,
        "k" | "K" | "KiB" => 1 << 10,
        "M" | "MiB" => 1 << 20,
        "G" | "GiB" => 1 << 30,
        "kB" | "KB" => 1_000,
        "MB" => 1_000_000,
        "GB" => 1_000_000_000,
        _ => return None,
    };
    n.checked_mul(mult)
}

/// `dependencies` (and `devDependencies` unless production) names from a package.json.
fn package_json_deps(text: &str, prod: bool) -> Vec<String> {
    let mut out = Vec::new();
    for section in ["\"dependencies\"", "\"devDependencies\""] {
        if section == "\"devDependencies\"" && prod {
            continue;
        }
        let Some(start) = text.find(section) else {
            continue;
        };
        let rest = &text[start + section.len()..];
        let Some(open) = rest.find('{') else { continue };
        let Some(close) = rest[open..].find('}') else {
            continue;
        };
        let body = &rest[open + 1..open + close];
        for entry in body.split(',') {
            if let Some(name) = entry.split(':').next() {
                let n = name.trim().trim_matches('"');
                if !n.is_empty() {
                    out.push(n.to_string());
                }
            }
        }
    }
    out
}

pub(super) fn estimate_copy(
    ins: &Instruction,
    st: &mut StageState,
    stages: &Stages,
    ends: &[StageState],
    input: &Input,
) -> LayerResult {
    let mut res = LayerResult::new();
    let Args::Copy { paths, .. } = &ins.args else {
        return res.finish("no paths");
    };
    if paths.len() < 2 && ins.heredocs.is_empty() {
        return res.finish("no destination");
    }
    let dest = paths.last().map(|w| w.value.clone()).unwrap_or_default();
    let dest_abs = st.abs(&dest);
    let sources = &paths[..paths.len().saturating_sub(1)];
    if !ins.heredocs.is_empty() {
        for h in &ins.heredocs {
            res.add(
                format!("<<{}", h.name),
                Amount::exact(h.content.len() as u64),
                "the heredoc's text, exactly",
            );
        }
        st.files.push((dest_abs, res.amount, ins.start_line));
        return res.finish("heredoc files");
    }
    if let Some(from) = ins.flag("from").and_then(|f| f.value.clone()) {
        match stages.find(&from) {
            Some(si) => {
                let stage_name = stages
                    .stages
                    .get(si)
                    .and_then(|s| s.name.clone())
                    .unwrap_or_else(|| format!("{}", si + 1));
                for s in sources {
                    let src = norm_path(&s.value);
                    match ends.get(si).and_then(|e| e.under(&src)) {
                        Some(a) => res.add(format!("--from={from} {}", s.value), a, format!("what stage `{stage_name}` wrote under {src}")),
                        None => res.add(
                            format!("--from={from} {}", s.value),
                            Amount::range_mb(0.0, 10.0, 500.0),
                            format!("unknown: stage `{stage_name}` did not visibly write {src} (it may come from its base image)"),
                        ),
                    }
                }
            }
            None => {
                for s in sources {
                    res.add(
                        format!("--from={from} {}", s.value),
                        Amount::range_mb(0.0, 10.0, 500.0),
                        format!("unknown: copied out of the image `{from}`"),
                    );
                }
            }
        }
        st.files.push((dest_abs, res.amount, ins.start_line));
        return res.finish("copied from another stage");
    }
    for s in sources {
        let v = s.value.as_str();
        if ins.keyword == Keyword::Add
            && (v.starts_with("http://") || v.starts_with("https://") || v.starts_with("git@"))
        {
            res.add(
                format!("ADD {v}"),
                Amount::range_mb(UNKNOWN_DOWNLOAD.0, UNKNOWN_DOWNLOAD.1, UNKNOWN_DOWNLOAD.2),
                "unknown: a remote file's size is known only when it is fetched",
            );
            continue;
        }
        match input.context {
            Some(ctx) => {
                let (bytes, n) = ctx.select(v);
                let archive = ins.keyword == Keyword::Add
                    && [".tar", ".tar.gz", ".tgz", ".tar.xz", ".tar.bz2", ".tar.zst"]
                        .iter()
                        .any(|e| v.ends_with(e));
                if archive {
                    res.add(
                        format!("ADD {v} (unpacked)"),
                        Amount::from_f64_pub(bytes as f64, bytes as f64 * 3.0, bytes as f64 * 10.0),
                        "an archive ADD unpacks: 1–10× its compressed size",
                    );
                } else {
                    let note = if ctx.has_dockerignore() {
                        "after .dockerignore"
                    } else {
                        "no .dockerignore: everything matching is sent"
                    };
                    res.add(
                        v.to_string(),
                        Amount::exact(bytes),
                        format!("{n} file(s) in the build context, {}", note),
                    );
                }
            }
            None => {
                let looks_like_file = v
                    .rsplit('/')
                    .next()
                    .is_some_and(|n| n.contains('.') && n != "." && n != "..");
                let a = if looks_like_file {
                    Amount::range_mb(0.0, 0.01, 5.0)
                } else {
                    Amount::range_mb(0.0, 5.0, 500.0)
                };
                res.add(
                    v.to_string(),
                    a,
                    if looks_like_file {
                        "unknown: a single file from the build context (no context given)"
                    } else {
                        "unknown: a folder from the build context (no context given)"
                    },
                );
            }
        }
    }
    if input.context.is_some_and(|c| !c.has_dockerignore())
        && sources.iter().any(|s| s.value == "." || s.value == "./")
    {
        res.lessons.push(Lesson { from_line: None, cache: None, kind: "no-dockerignore", text: "`COPY .` without a .dockerignore sends everything in the folder — .git, node_modules, caches — into the image. Add a .dockerignore.".into(), wasted_bytes: 0 });
    }
    st.files.push((dest_abs, res.amount, ins.start_line));
    res.finish("from the build context")
}

impl Amount {
    pub(crate) fn from_f64_pub(lo: f64, mid: f64, hi: f64) -> Amount {
        Amount::range_mb(lo / 1e6, mid / 1e6, hi / 1e6)
    }
}
