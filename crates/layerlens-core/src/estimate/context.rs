//! The build context — the project folder beside the Dockerfile — as the caller read it: paths
//! and sizes of every file, the text of the small files that name dependencies, and the
//! `.dockerignore`. The core does no IO: the CLI walks a directory, the app reads a dropped folder.

use std::collections::HashMap;

#[derive(Debug, Clone, Default)]
pub struct BuildContext {
    /// Relative paths with `/` separators, no leading `./`.
    pub files: Vec<(String, u64)>,
    /// Text of dependency manifests and similar small files, by relative path.
    pub texts: HashMap<String, String>,
    ignore: Vec<Pattern>,
}

/// Files whose text the estimator reads (the caller should pass them when present, ≤ 1 MB).
pub fn wants_text(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    matches!(
        name,
        ".dockerignore"
            | "package.json"
            | "package-lock.json"
            | "pyproject.toml"
            | "setup.py"
            | "setup.cfg"
            | "go.mod"
            | "Cargo.toml"
            | "Cargo.lock"
            | "pom.xml"
            | "build.gradle"
            | "build.gradle.kts"
            | "Gemfile"
            | "Makefile"
            | "tsconfig.json"
    ) || (name.starts_with("requirements") && name.ends_with(".txt"))
}

#[derive(Debug, Clone)]
struct Pattern {
    negate: bool,
    parts: Vec<String>,
}

impl BuildContext {
    pub fn new(files: Vec<(String, u64)>, texts: HashMap<String, String>) -> BuildContext {
        let files = files.into_iter().map(|(p, s)| (clean(&p), s)).collect();
        let texts: HashMap<String, String> =
            texts.into_iter().map(|(p, t)| (clean(&p), t)).collect();
        let ignore = texts
            .get(".dockerignore")
            .map(|t| parse_ignore(t))
            .unwrap_or_default();
        BuildContext {
            files,
            texts,
            ignore,
        }
    }

    /// The same files seen through another `.dockerignore`.
    pub fn with_dockerignore(&self, text: &str) -> BuildContext {
        let mut texts = self.texts.clone();
        texts.insert(".dockerignore".to_string(), text.to_string());
        BuildContext::new(self.files.clone(), texts)
    }

    pub fn has_dockerignore(&self) -> bool {
        self.texts.contains_key(".dockerignore")
    }

    /// Whether `.dockerignore` keeps this path out of the context (last matching line wins).
    pub fn is_ignored(&self, path: &str) -> bool {
        let segs: Vec<&str> = path.split('/').collect();
        let mut ignored = false;
        for p in &self.ignore {
            // A pattern that matches a parent directory matches everything under it.
            if (1..=segs.len()).any(|n| glob_segments(&p.parts, &segs[..n])) {
                ignored = !p.negate;
            }
        }
        ignored
    }

    /// Files a COPY/ADD source selects, after `.dockerignore`: (bytes, files).
    pub fn select(&self, source: &str) -> (u64, usize) {
        self.selected(source)
            .fold((0, 0), |(b, n), (_, size)| (b + size, n + 1))
    }

    /// The files (path, bytes) a COPY/ADD source selects, after `.dockerignore`.
    pub fn selected<'a>(&'a self, source: &str) -> impl Iterator<Item = (&'a str, u64)> + 'a {
        let src = clean(source);
        let src_segs: Vec<String> = if src.is_empty() {
            Vec::new()
        } else {
            src.split('/').map(String::from).collect()
        };
        self.files.iter().filter_map(move |(path, size)| {
            if self.is_ignored(path) {
                return None;
            }
            let segs: Vec<&str> = path.split('/').collect();
            let hit = src_segs.is_empty()
                || (1..=segs.len()).any(|k| glob_segments(&src_segs, &segs[..k]));
            hit.then_some((path.as_str(), *size))
        })
    }

    pub fn text(&self, path: &str) -> Option<&str> {
        self.texts.get(&clean(path)).map(String::as_str)
    }
}

/// `./a//b/` → `a/b`; `/a` → `a`; `.` → ``.
fn clean(p: &str) -> String {
    p.split('/')
        .filter(|s| !s.is_empty() && *s != ".")
        .collect::<Vec<_>>()
        .join("/")
}

fn parse_ignore(text: &str) -> Vec<Pattern> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| {
            let (negate, l) = match l.strip_prefix('!') {
                Some(rest) => (true, rest.trim()),
                None => (false, l),
            };
            Pattern {
                negate,
                parts: clean(l)
                    .split('/')
                    .filter(|s| !s.is_empty())
                    .map(String::from)
                    .collect(),
            }
        })
        .filter(|p| !p.parts.is_empty())
        .collect()
}

/// Path segments against pattern segments; `**` matches any number of segments.
fn glob_segments(pat: &[String], segs: &[&str]) -> bool {
    match pat.first() {
        None => segs.is_empty(),
        Some(p) if p == "**" => (0..=segs.len()).any(|i| glob_segments(&pat[1..], &segs[i..])),
        Some(p) => match segs.first() {
            Some(s) => glob(p.as_bytes(), s.as_bytes()) && glob_segments(&pat[1..], &segs[1..]),
            None => false,
        },
    }
}

/// `*` and `?` within one segment, `[...]` classes, `\` escapes (Go's filepath.Match).
fn glob(p: &[u8], s: &[u8]) -> bool {
    let (mut pi, mut si) = (0, 0);
    let (mut star, mut mark) = (None, 0);
    while si < s.len() {
        if pi < p.len() {
            match p[pi] {
                b'*' => {
                    star = Some(pi);
                    mark = si;
                    pi += 1;
                    continue;
                }
                b'?' => {
                    pi += 1;
                    si += 1;
                    continue;
                }
                b'[' => {
                    if let Some((ok, len)) = class(&p[pi..], s[si]) {
                        if ok {
                            pi += len;
                            si += 1;
                            continue;
                        }
                    }
                }
                b'\\' if pi + 1 < p.len() && p[pi + 1] == s[si] => {
                    pi += 2;
                    si += 1;
                    continue;
                }
                c if c == s[si] => {
                    pi += 1;
                    si += 1;
                    continue;
                }
                _ => {}
            }
        }
        match star {
            Some(st) => {
                pi = st + 1;
                mark += 1;
                si = mark;
            }
            None => return false,
        }
    }
    p[pi..].iter().all(|&c| c == b'*')
}

/// A `[...]` class at the start of `p`: (matches, length of the class).
fn class(p: &[u8], c: u8) -> Option<(bool, usize)> {
    let end = p.iter().skip(1).position(|&b| b == b']')? + 1;
    let body = &p[1..end];
    let (neg, body) = match body.first() {
        Some(b'^' | b'!') => (true, &body[1..]),
        _ => (false, body),
    };
    let mut hit = false;
    let mut i = 0;
    while i < body.len() {
        if i + 2 < body.len() && body[i + 1] == b'-' {
            hit |= body[i] <= c && c <= body[i + 2];
            i += 3;
        } else {
            hit |= body[i] == c;
            i += 1;
        }
    }
    Some((hit != neg, end + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ctx(ignore: &str) -> BuildContext {
        let files = vec![
            ("app.py".to_string(), 100),
            ("requirements.txt".to_string(), 20),
            (".git/objects/ab".to_string(), 5000),
            ("node_modules/x/index.js".to_string(), 7000),
            ("src/a.py".to_string(), 300),
            ("src/__pycache__/a.pyc".to_string(), 400),
            ("docs/keep.md".to_string(), 10),
            ("docs/drop.md".to_string(), 10),
        ];
        let mut texts = HashMap::new();
        texts.insert(".dockerignore".to_string(), ignore.to_string());
        BuildContext::new(files, texts)
    }

    #[test]
    fn dockerignore_rules() {
        let c = ctx(".git\nnode_modules\n**/__pycache__\ndocs/*\n!docs/keep.md\n");
        assert_eq!(c.select("."), (100 + 20 + 300 + 10, 4));
        assert_eq!(c.select("src"), (300, 1));
        assert_eq!(c.select("./requirements.txt"), (20, 1));
        assert_eq!(c.select("*.py"), (100, 1));
        assert_eq!(c.select("missing"), (0, 0));
        let none = ctx("");
        assert_eq!(none.select(".").1, 8);
    }

    #[test]
    fn globs() {
        assert!(glob(b"*.py", b"a.py"));
        assert!(!glob(b"*.py", b"a.pyc"));
        assert!(glob(b"[a-c]?", b"bz"));
        assert!(!glob(b"[!a-c]?", b"bz"));
    }
}
