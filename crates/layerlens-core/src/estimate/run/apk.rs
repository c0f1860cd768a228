//! `apk add` / `apk del` on Alpine, `--virtual` groups included.

use super::*;

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
}
