//! npm, yarn and pnpm installs: package.json and the lock read from the context, the npm cache.

use super::*;

impl RunScope<'_> {
    pub(super) fn npm(&mut self, cmd: &Command, tool: &str) {
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
                            crate::estimate::manifests::package_lock_count(t, prod)
                        )
                    })
                    .unwrap_or_default();
                (
                    a,
                    c,
                    format!(
                        "{}, {} measured (npm measured), {unknown} unknown (a dependency ≈ 1.6 MB, a devDependency ≈ 8.5 MB with its tree: lab){lock}",
                        crate::estimate::count(list.len(), "dependency", "dependencies"),
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
}

/// `dependencies` (and `devDependencies` unless production) names from a package.json.
pub(super) fn package_json_deps(text: &str, prod: bool) -> Vec<String> {
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
