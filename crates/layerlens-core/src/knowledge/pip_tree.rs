//! What `pip install NAME` installs, distribution by distribution, measured: the table
//! `static/knowledge/pip-measured.tsv`, written by `scripts/measure-pip-tree` from PyPI (the most
//! downloaded names, each installed with its dependencies as CPython 3.11 manylinux wheels,
//! compiled, sized as a layer's tar stores them). One row per distribution:
//!
//! ```text
//! name  version  kb  deps (direct, comma-separated, as pip installed them)
//! ```
//!
//! An install of several names walks the dependencies and counts each distribution once, so a
//! `requirements.txt` that lists dependencies itself, or a second `pip install` of something the
//! first brought, adds nothing twice.
//!
//! Native builds (the CLI, the language server, tests) compile the table in; the web app loads it
//! the first time a Dockerfile runs pip, like Debian's table, and hands it over with [`install`]:
//! at ≈ 60 kB it would not fit in the first load's budget.

use std::sync::OnceLock;

/// One measured distribution.
#[derive(Debug, Clone)]
pub struct PipRow {
    /// Normalized (PEP 503).
    pub name: String,
    /// Installed bytes, in kB (1000 bytes).
    pub kb: u64,
    /// Direct dependencies, normalized names.
    pub deps: Vec<String>,
}

#[derive(Debug, Default)]
pub struct PipTree {
    /// Sorted by name, as the script writes them (looked up by binary search: a map would add
    /// more to the app's first load than the table saves).
    rows: Vec<PipRow>,
    /// When it was measured (the header's date), for the basis line.
    pub measured: String,
}

/// PEP 503's normalized name: lower case, runs of `-`, `_` and `.` as one `-`.
pub fn normalize(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut dash = false;
    for c in name.trim().chars() {
        if matches!(c, '-' | '_' | '.') {
            dash = true;
        } else {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.push(c.to_ascii_lowercase());
        }
    }
    out
}

impl PipTree {
    /// Reads the table; lines it cannot read are skipped (the file is the app's own).
    pub fn parse(text: &str) -> PipTree {
        let mut t = PipTree::default();
        for line in text.lines() {
            if let Some(h) = line.strip_prefix('#') {
                if let Some(at) = h.find(" on 20") {
                    t.measured = h[at + 4..].chars().take(7).collect();
                }
                continue;
            }
            let f: Vec<&str> = line.split('\t').collect();
            // The version (f[1]) is for people reading the table.
            let (Some(name), Some(kb)) = (f.first(), f.get(2)) else {
                continue;
            };
            let Ok(kb) = kb.parse::<u64>() else {
                continue;
            };
            let deps = f
                .get(3)
                .map(|d| {
                    d.split(',')
                        .filter(|s| !s.is_empty())
                        .map(str::to_string)
                        .collect()
                })
                .unwrap_or_default();
            // Out of order (a hand edit): kept out rather than breaking the search.
            if t.rows.last().is_some_and(|l| l.name.as_str() >= *name) {
                continue;
            }
            t.rows.push(PipRow {
                name: name.to_string(),
                kb,
                deps,
            });
        }
        t
    }

    pub fn row(&self, name: &str) -> Option<&PipRow> {
        let n = normalize(name);
        self.rows
            .binary_search_by(|r| r.name.as_str().cmp(&n))
            .ok()
            .and_then(|i| self.rows.get(i))
    }

    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// `name` and everything it depends on, each once, in the order met (normalized names).
    pub fn closure(&self, name: &str) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        let mut queue = vec![normalize(name)];
        while let Some(n) = queue.pop() {
            if out.contains(&n) {
                continue;
            }
            if let Some(r) = self.row(&n) {
                queue.extend(r.deps.iter().rev().cloned());
                out.push(n);
            }
        }
        out
    }
}

static INSTALLED: OnceLock<PipTree> = OnceLock::new();

/// Hands the table to the estimator (the web app, once it has fetched it). A second call keeps
/// the first table.
pub fn install(text: &str) {
    let _ = INSTALLED.get_or_init(|| PipTree::parse(text));
}

/// The table, if this build has it: always on native builds, on the web once [`install`]ed.
pub fn table() -> Option<&'static PipTree> {
    #[cfg(not(target_arch = "wasm32"))]
    {
        Some(INSTALLED.get_or_init(|| {
            PipTree::parse(include_str!(
                "../../../../static/knowledge/pip-measured.tsv"
            ))
        }))
    }
    #[cfg(target_arch = "wasm32")]
    {
        INSTALLED.get()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_normalized_as_pip_does() {
        assert_eq!(normalize("Flask_SQLAlchemy"), "flask-sqlalchemy");
        assert_eq!(normalize("zope.interface"), "zope-interface");
        assert_eq!(normalize("ruamel.yaml.clib"), "ruamel-yaml-clib");
    }

    #[test]
    fn a_closure_counts_a_shared_dependency_once() {
        let t = PipTree::parse(
            "# measured by scripts/measure-pip-tree on 2026-12-07 (3 names)\nname\tversion\tkb\tdeps\na\t1\t10\tb,c\nb\t1\t5\tc\nc\t1\t2\t\n",
        );
        assert_eq!(t.measured, "2026-12");
        assert_eq!(t.closure("A"), vec!["a", "b", "c"]);
        assert!(t.closure("zzz").is_empty());
    }

    #[test]
    fn the_shipped_table_reads_and_knows_common_packages() {
        let t = table().expect("native builds carry the table");
        assert!(t.len() > 500, "{} rows", t.len());
        let requests = t.closure("requests");
        for d in ["urllib3", "idna", "certifi"] {
            assert!(requests.iter().any(|n| n == d), "{requests:?}");
        }
    }
}
