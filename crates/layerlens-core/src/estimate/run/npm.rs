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
        let package_json = self.context_file("package.json").map(str::to_string);
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
        // (name, the version range asked for)
        let deps: Option<Vec<(String, String)>> = if !explicit.is_empty() {
            Some(explicit.iter().map(|e| split_spec(e)).collect())
        } else {
            package_json.map(|t| package_json_specs(&t, prod))
        };
        // `-g`: the official node images' prefix is /usr/local.
        let global = cmd.has_any_flag(&["-g", "--global"]);
        let target = if global {
            "/usr/local/lib/node_modules".to_string()
        } else {
            format!("{}/node_modules", self.st.workdir.trim_end_matches('/'))
        };
        let named = !explicit.is_empty();
        let (a, cache, basis) = match deps {
            Some(list) => {
                let mut a = Amount::ZERO;
                let mut c = Amount::ZERO;
                let mut unknown = 0;
                let mut measured = 0;
                let mut other_major = 0;
                for (d, range) in &list {
                    // A hand-measured set first (next with react), then the package measured alone
                    // — when the range asks for the major measured: other majors weigh otherwise
                    // (old apps' pinned majors are often a fraction of today's).
                    let known = lookup(facts::NPM, d)
                        .map(|f| (f.mb, f.cache_mb, false))
                        .or_else(|| {
                            let r = facts::npm_measured_row(d)?;
                            if !same_major(range, r.version) {
                                other_major += 1;
                                return None;
                            }
                            measured += 1;
                            Some((r.mb + r.elsewhere_mb, r.cache_mb, r.scripts_skipped))
                        });
                    match known {
                        Some((mb, cache_mb, scripts_skipped)) => {
                            // Versions differ from the measured ones (latest): ±30 %; a package
                            // whose install script was not run when measured may add a download
                            // (a browser, an Electron binary) of hundreds of MB.
                            let spread = Amount::mb_spread(mb, 0.3);
                            a = a.add(if scripts_skipped {
                                Amount::range_mb(
                                    mb * 0.7,
                                    mb,
                                    mb + facts::NPM_SCRIPT_DOWNLOAD_MAX_MB,
                                )
                            } else {
                                spread
                            });
                            // The cache measured 5.3 MB after `npm install` but 1.1 MB after `npm ci`
                            // with a lockfile (lab, express): the range spans both.
                            c = c.add(Amount::range_mb(
                                cache_mb * 0.15,
                                cache_mb * 0.5,
                                cache_mb * 1.1,
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
                            // Named on the command line: its whole tree, nothing shared with a
                            // project's other dependencies.
                            let kind = if named { "package named alone" } else { kind };
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
                        "{}, {} measured (npm measured: {measured} of them installed alone, {} packages measured, 2026-12), {unknown} unknown{} ({}){lock}",
                        crate::estimate::count(list.len(), "dependency", "dependencies"),
                        list.len() - unknown,
                        facts::npm_measured().len(),
                        if other_major > 0 {
                            format!(" ({other_major} asking for another major than the one measured)")
                        } else {
                            String::new()
                        },
                        if named {
                            let alone =
                                crate::knowledge::builds::output("npm", "package named alone (unknown)");
                            format!(
                                "a package named alone ≈ {} MB with its tree, {}",
                                alone.per_unit_mb, alone.source,
                            )
                        } else {
                            format!(
                                "a dependency ≈ {} MB, a devDependency ≈ {} MB with its tree",
                                crate::knowledge::builds::output("npm", "dependency (unknown)").per_unit_mb,
                                crate::knowledge::builds::output("npm", "devDependency (unknown)").per_unit_mb,
                            )
                        },
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

/// `express@^4.18` → (`express`, `^4.18`); `@nestjs/core` → (`@nestjs/core`, ``).
fn split_spec(operand: &str) -> (String, String) {
    let at = operand
        .char_indices()
        .skip(1)
        .find(|&(_, c)| c == '@')
        .map(|(i, _)| i);
    match at {
        Some(i) => (operand[..i].to_string(), operand[i + 1..].to_string()),
        None => (operand.to_string(), String::new()),
    }
}

/// Whether a version range asks for the major of `version` (`~4.22.1`, `^4`, `4.x` and `4.16.3`
/// for 4.*; `0.22.0` for 0.22.*, as npm reads 0.x); an empty range, `*`, `latest`, a tag or a
/// URL matches any.
pub(super) fn same_major(range: &str, version: &str) -> bool {
    let first = |v: &str| -> Option<(u64, u64)> {
        let v = v.trim_start_matches(|c: char| !c.is_ascii_digit());
        let mut parts = v.split(|c: char| !c.is_ascii_digit());
        let major: u64 = parts.next()?.parse().ok()?;
        let minor: u64 = parts.next().and_then(|m| m.parse().ok()).unwrap_or(0);
        Some((major, if major == 0 { minor } else { 0 }))
    };
    let r = range.trim();
    if r.is_empty() || r == "*" || r.contains(':') || r.contains('/') || r.contains("||") {
        return true;
    }
    if !r.starts_with(|c: char| c.is_ascii_digit() || "^~=v<>".contains(c)) {
        return true;
    }
    // `>=2` and `<2.0.0` name a bound, not a major: anything may match.
    if r.starts_with(['>', '<']) {
        return true;
    }
    match (first(r), first(version)) {
        (Some(a), Some(b)) => a == b,
        _ => true,
    }
}

/// `dependencies` (and `devDependencies` unless production) of a package.json with the range
/// each asks for.
pub(super) fn package_json_specs(text: &str, prod: bool) -> Vec<(String, String)> {
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
            let mut kv = entry.splitn(2, ':');
            let n = kv.next().unwrap_or_default().trim().trim_matches('"');
            let v = kv.next().unwrap_or_default().trim().trim_matches('"');
            if !n.is_empty() {
                out.push((n.to_string(), v.to_string()));
            }
        }
    }
    out
}

/// `dependencies` (and `devDependencies` unless production) names from a package.json.
pub(super) fn package_json_deps(text: &str, prod: bool) -> Vec<String> {
    package_json_specs(text, prod)
        .into_iter()
        .map(|(n, _)| n)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_range_asks_for_a_major() {
        assert!(same_major("~4.22.1", "4.21.2"));
        assert!(same_major("^4", "4.0.0"));
        assert!(same_major("4.x", "4.9.1"));
        assert!(!same_major("~4.22.1", "5.3.0"));
        assert!(!same_major("0.22.0", "1.0.0"));
        assert!(!same_major("0.8.1", "0.9.0"), "0.x majors are minors");
        assert!(same_major("", "5.3.0"));
        assert!(same_major("latest", "5.3.0"));
        assert!(same_major(">=4.14", "5.3.0"));
        assert!(same_major("github:shawnmclean/Idle.js", "1.0.0"));
        assert!(same_major("npm:@elastic/elasticsearch@6", "8.0.0"));
        assert_eq!(
            split_spec("@lhci/cli@0.4.x"),
            ("@lhci/cli".into(), "0.4.x".into())
        );
        assert_eq!(split_spec("pm2"), ("pm2".into(), String::new()));
        let specs = package_json_specs(
            r#"{"dependencies": {"express": "~4.18.1", "pg": "^8"}, "devDependencies": {"jest": "29"}}"#,
            true,
        );
        assert_eq!(
            specs,
            vec![
                ("express".into(), "~4.18.1".into()),
                ("pg".into(), "^8".into())
            ]
        );
    }
}
