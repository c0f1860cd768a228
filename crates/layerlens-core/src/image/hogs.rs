//! What takes room that need not: each hog named with its fix, sized from the final filesystem
//! (or, for files deleted later, from the layers that still carry them).

use super::analysis::Analysis;
use super::model::Kind;
use serde::Serialize;
use std::collections::HashMap;

#[derive(Clone, Debug, Serialize)]
pub struct Hog {
    /// Stable id: `apt-cache`, `pip-cache`, `npm-cache`, `yarn-cache`, `apk-cache`,
    /// `build-cache`, `pycache`, `git-dir`, `compilers`, `dev-headers`, `deleted-later`,
    /// `duplicates`.
    pub id: &'static str,
    pub title: &'static str,
    /// Bytes the fix would save.
    pub size_bytes: u64,
    pub fix: &'static str,
    /// The biggest paths involved (at most 5).
    pub paths: Vec<String>,
}

struct Rule {
    id: &'static str,
    title: &'static str,
    fix: &'static str,
    /// Directories (a `*` component matches any name).
    dirs: &'static [&'static str],
}

const CACHES: &[Rule] = &[
    Rule { id: "apt-cache", title: "apt package lists and downloaded .debs", fix: "End the RUN that runs `apt-get install` with `&& rm -rf /var/lib/apt/lists/*` (the .deb cache is cleaned by apt-get clean), or use `--mount=type=cache,target=/var/cache/apt`.", dirs: &["var/lib/apt/lists", "var/cache/apt"] },
    Rule { id: "pip-cache", title: "pip's download cache", fix: "`pip install --no-cache-dir …` (or `ENV PIP_NO_CACHE_DIR=1`), or `RUN --mount=type=cache,target=/root/.cache/pip`.", dirs: &["root/.cache/pip", "home/*/.cache/pip"] },
    Rule { id: "npm-cache", title: "npm's cache", fix: "`npm ci && npm cache clean --force` in the same RUN, or `RUN --mount=type=cache,target=/root/.npm npm ci`.", dirs: &["root/.npm", "home/*/.npm"] },
    Rule { id: "yarn-cache", title: "yarn's cache", fix: "`yarn install --frozen-lockfile && yarn cache clean` in the same RUN, or a cache mount.", dirs: &["usr/local/share/.cache/yarn", "root/.cache/yarn", "home/*/.cache/yarn"] },
    Rule { id: "apk-cache", title: "apk's package cache", fix: "`apk add --no-cache …`.", dirs: &["var/cache/apk"] },
    Rule { id: "build-cache", title: "build tool caches (Go, Cargo, Maven, Gradle)", fix: "Build in a separate stage and copy only the result, or use `RUN --mount=type=cache,target=…` so the cache never enters a layer.", dirs: &["root/.cache/go-build", "root/go/pkg/mod", "go/pkg/mod", "root/.cargo/registry", "usr/local/cargo/registry", "root/.m2/repository", "root/.gradle/caches"] },
    Rule { id: "compilers", title: "compilers and toolchains in the final image", fix: "Use a multi-stage build: compile in a builder stage (`FROM … AS build`) and `COPY --from=build` only what runs.", dirs: &["usr/lib/gcc", "usr/libexec/gcc", "usr/lib/llvm-*", "usr/local/go", "usr/local/rustup", "usr/lib/jvm/*/jmods"] },
    Rule { id: "dev-headers", title: "C headers from -dev packages", fix: "Headers are only needed to build: install the -dev packages in a builder stage, or purge them (`apt-get purge --auto-remove …-dev`) in the same RUN.", dirs: &["usr/include", "usr/local/include"] },
];

/// Directory nodes matching a pattern like `home/*/.cache/pip`.
fn matching(a: &Analysis, pattern: &str) -> Vec<u32> {
    let paths = a.paths();
    let mut cur = vec![0u32];
    for part in pattern.split('/') {
        let mut next = Vec::new();
        for &n in &cur {
            if part.contains('*') {
                let prefix = part.trim_end_matches('*');
                for c in a.children(n) {
                    if c.name.starts_with(prefix) {
                        next.push(c.id);
                    }
                }
            } else if let Some(id) = paths.lookup(n, part) {
                if a.is_present(id) {
                    next.push(id);
                }
            }
        }
        cur = next;
    }
    cur
}

pub fn hogs(a: &Analysis) -> Vec<Hog> {
    let mut out = Vec::new();
    for r in CACHES {
        let mut hits: Vec<(u64, String)> = r
            .dirs
            .iter()
            .flat_map(|d| matching(a, d))
            .map(|id| (a.total_under(id), a.paths().path(id)))
            .filter(|(s, _)| *s > 0)
            .collect();
        if r.id == "compilers" {
            for (node, size, e, _) in a.final_files_iter() {
                let p = a.paths().path(node);
                if let Some(name) = p.strip_prefix("/usr/bin/") {
                    let base = name.rsplit('-').next().unwrap_or(name);
                    if e.kind == Kind::File
                        && size > 0
                        && (base.starts_with("gcc")
                            || base.starts_with("g++")
                            || base.starts_with("clang")
                            || base == "cc1"
                            || base == "cc1plus"
                            || base == "rustc"
                            || base == "javac")
                    {
                        hits.push((size, p));
                    }
                }
            }
        }
        push(&mut out, r.id, r.title, r.fix, hits);
    }
    // Anywhere: __pycache__ and .git directories.
    let mut pycache = Vec::new();
    let mut git = Vec::new();
    let paths = a.paths();
    for id in 1..paths.len() as u32 {
        if !a.is_present(id) {
            continue;
        }
        match paths.name(id) {
            "__pycache__" => pycache.push((a.total_under(id), id)),
            ".git" if a.total_under(id) > 0 && !paths.path(id).contains("/__pycache__/") => {
                git.push((a.total_under(id), id))
            }
            _ => {}
        }
    }
    let named = |v: Vec<(u64, u32)>| {
        v.into_iter()
            .map(|(s, id)| (s, a.paths().path(id)))
            .collect::<Vec<_>>()
    };
    push(&mut out, "pycache", "Python bytecode caches (__pycache__)", "Set `ENV PYTHONDONTWRITEBYTECODE=1` before running Python in the build, or `pip install --no-compile`; the files are rebuilt at run time if needed.", named(pycache));
    push(
        &mut out,
        "git-dir",
        ".git directories",
        "Add `.git` to .dockerignore, or copy only the files the image needs.",
        named(git),
    );
    let deleted: Vec<(u64, String)> = a
        .deleted_later
        .iter()
        .map(|d| {
            (
                d.size_bytes,
                format!(
                    "{} (layer {} → deleted in {})",
                    d.path, d.added_in, d.removed_in
                ),
            )
        })
        .collect();
    if a.deleted_later_bytes > 0 {
        let mut h = hog("deleted-later", "files added in one layer and deleted in a later one (they still ship)", "Delete in the same RUN that creates the files, or produce them in a builder stage and copy only the result.", deleted);
        h.size_bytes = a.deleted_later_bytes;
        out.push(h);
    }
    // The same name and size in several places of the final filesystem.
    let mut groups: HashMap<(&str, u64), Vec<u32>> = HashMap::new();
    for (node, size, e, _) in a.final_files_iter() {
        if e.kind == Kind::File && size >= 1024 {
            groups
                .entry((paths.name(node), size))
                .or_default()
                .push(node);
        }
    }
    let mut dups: Vec<(u64, String)> = groups
        .into_iter()
        .filter(|(_, v)| v.len() >= 2)
        .map(|((name, size), v)| {
            (
                size * (v.len() as u64 - 1),
                format!("{name} ×{} ({} B each)", v.len(), size),
            )
        })
        .collect();
    dups.sort();
    push(&mut out, "duplicates", "duplicated files (same name and size in several places)", "Copy each file once: `COPY --from` only what is needed, hard-link, or point to one copy with a symlink.", dups);
    out.sort_by(|a, b| b.size_bytes.cmp(&a.size_bytes).then(a.id.cmp(b.id)));
    out
}

fn hog(
    id: &'static str,
    title: &'static str,
    fix: &'static str,
    mut hits: Vec<(u64, String)>,
) -> Hog {
    hits.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    let size_bytes = hits.iter().map(|h| h.0).fold(0, u64::saturating_add);
    Hog {
        id,
        title,
        size_bytes,
        fix,
        paths: hits.into_iter().take(5).map(|h| h.1).collect(),
    }
}

fn push(
    out: &mut Vec<Hog>,
    id: &'static str,
    title: &'static str,
    fix: &'static str,
    hits: Vec<(u64, String)>,
) {
    let h = hog(id, title, fix, hits);
    if h.size_bytes > 0 {
        out.push(h);
    }
}
