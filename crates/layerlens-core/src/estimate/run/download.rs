//! Downloads (`curl`, `wget`), files made from nothing (`dd`, `fallocate`, `head -c`) and archives
//! unpacked (`tar`, `unzip`).

use super::*;

impl RunScope<'_> {
    pub(super) fn download(&mut self, cmd: &Command, tool: &str) {
        let out = if tool == "curl" {
            cmd.flag_value("-o").or_else(|| cmd.flag_value("--output"))
        } else {
            cmd.flag_value("-O")
                .or_else(|| cmd.flag_value("--output-document"))
        };
        // Piped into a shell or tar: the download itself is not kept.
        if cmd.next == Some(shell::Operator::Pipe) {
            // rustup's installer: what it installs is known.
            if cmd
                .args_no_flags()
                .iter()
                .any(|w| w.value.contains("sh.rustup.rs") || w.value.contains("/rustup-init"))
            {
                self.rustup_installer();
                return;
            }
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
    pub(super) fn make_file(&mut self, cmd: &Command, name: &str) {
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
    pub(super) fn unpack(&mut self, cmd: &Command, name: &str) {
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
}

/// `5000000`, `10M`, `1G`, `512k` (head/dd/fallocate units: k/K = 1024, KB = 1000, ...).
pub(super) fn parse_size(s: &str) -> Option<u64> {
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
