//! `apk add` / `apk del` on Alpine, `--virtual` groups included.

use super::*;
use crate::knowledge::packages::APK_INCLUDES;

impl RunScope<'_> {
    pub(super) fn apk(&mut self, cmd: &Command) {
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
                let named: Vec<String> = cmd
                    .operands(&["--repository", "-X", "-t", "--virtual", "--root", "-p"])
                    .iter()
                    .map(|w| package_name(&w.value))
                    .filter(|p| !p.is_empty() && Some(p.as_str()) != virtual_name.as_deref())
                    .collect();
                // What a package brings by its name (`py3-pip` → `python3`) goes in first.
                let mut pkgs: Vec<String> = Vec::new();
                for p in named {
                    for (prefix, dep) in crate::knowledge::packages::APK_DEPENDS_BY_PREFIX {
                        if p.starts_with(prefix) && !pkgs.iter().any(|q| q == dep) {
                            pkgs.push(dep.to_string());
                        }
                    }
                    if !pkgs.contains(&p) {
                        pkgs.push(p);
                    }
                }
                let mut group = Amount::ZERO;
                for p in pkgs {
                    if self.st.installed.contains(&p) {
                        continue;
                    }
                    self.st.installed.insert(p.clone());
                    // Already brought by a package installed before (its row holds this one's).
                    if let Some((by, _)) = APK_INCLUDES.iter().find(|(by, parts)| {
                        parts.contains(&p.as_str()) && self.st.installed.contains(*by)
                    }) {
                        self.res.add(
                            format!("apk {p}"),
                            Amount::ZERO,
                            format!("{p}: already installed with {by}"),
                        );
                        self.st.installed.insert(p.clone());
                        continue;
                    }
                    // Holding rows installed before: only what they did not add.
                    let held: f64 =
                        APK_INCLUDES
                            .iter()
                            .find(|(by, _)| *by == p)
                            .map_or(0.0, |(_, parts)| {
                                parts
                                    .iter()
                                    .filter(|q| self.st.installed.contains(**q))
                                    .filter_map(|q| lookup(facts::APK, q))
                                    .map(|f| f.mb)
                                    .sum()
                            });
                    let (a, basis) = match lookup(facts::APK, &p) {
                        Some(f) if held > 0.0 => (
                            Amount::mb_spread((f.mb - held).max(0.0), 0.15),
                            format!(
                                "{p}: {} MB installed, {} MB of it already here ({})",
                                fmt_mb(f.mb),
                                fmt_mb(held),
                                f.source
                            ),
                        ),
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
}
