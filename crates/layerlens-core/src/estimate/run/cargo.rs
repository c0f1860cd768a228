//! `cargo build`, `cargo install`, `cargo fetch`, `cargo clean`: what a Rust build leaves in the
//! layer — `target/<profile>` (every crate's compiled artifacts), the binary, and the crates.io
//! registry in `$CARGO_HOME` — sized per crate of the dependency graph from the lab's builds
//! (`knowledge::builds`). The graph's size comes from Cargo.lock when the context has it, else
//! from Cargo.toml's direct dependencies, else a wide default.

use super::super::manifests::{
    cargo_dependencies, cargo_lock_packages, cargo_package_name, cargo_workspace_members,
};
use super::RunScope;
use crate::estimate::{fmt_mb, Amount};
use crate::knowledge::builds::{output, BuildOutput};
use crate::shell::Command;

/// How many crates the build compiles (low, mid, high) and how that is known.
pub(super) struct Units {
    pub lo: f64,
    pub mid: f64,
    pub hi: f64,
    pub basis: String,
}

impl Units {
    /// `row` for these units, its range widened by both the row's and the units' spread.
    pub fn amount(&self, row: &BuildOutput) -> Amount {
        let lo = row.mb(self.lo).0;
        let mid = row.mb(self.mid).1;
        let hi = row.mb(self.hi).2;
        Amount::range_mb(lo, mid, hi)
    }
}

impl RunScope<'_> {
    fn cargo_units(&self) -> Units {
        if let Some(n) = self
            .context_file("Cargo.lock")
            .map(cargo_lock_packages)
            .filter(|n| *n > 0)
        {
            let basis = format!("{n} crates in Cargo.lock");
            let n = n as f64;
            return Units {
                lo: n,
                mid: n,
                hi: n,
                basis,
            };
        }
        if let Some(direct) = self
            .context_file("Cargo.toml")
            .map(|t| self.cargo_direct(t))
        {
            let row = output("cargo", "crates per direct dependency");
            let (lo, mid, hi) = row.mb(direct.len() as f64);
            return Units {
                lo,
                mid,
                hi,
                basis: format!(
                    "≈ {mid:.0} crates for {}'s {} direct dependencies (no Cargo.lock; {})",
                    if self
                        .context_file("Cargo.toml")
                        .is_some_and(|t| !cargo_workspace_members(t).is_empty())
                    {
                        "the workspace"
                    } else {
                        "Cargo.toml"
                    },
                    direct.len(),
                    row.source
                ),
            };
        }
        let row = output("cargo", "crates (unknown)");
        let (lo, mid, hi) = row.mb(0.0);
        Units {
            lo,
            mid,
            hi,
            basis: format!(
                "no Cargo.toml in the context: a typical graph of {mid:.0} crates ({lo:.0}–{hi:.0})"
            ),
        }
    }

    /// The direct dependencies of a package, or of every member of a workspace (their
    /// Cargo.toml files read from the context; `crates/*` globs matched), each named once.
    fn cargo_direct(&self, root: &str) -> Vec<String> {
        let mut deps = cargo_dependencies(root);
        let members = cargo_workspace_members(root);
        if let (false, Some(ctx)) = (members.is_empty(), self.input.context) {
            let mut names: Vec<&String> = ctx.texts.keys().collect();
            names.sort();
            for path in names {
                let Some(dir) = path.strip_suffix("/Cargo.toml") else {
                    continue;
                };
                let member = members.iter().any(|m| match m.strip_suffix("/*") {
                    Some(prefix) => dir
                        .strip_prefix(prefix)
                        .is_some_and(|r| r.starts_with('/') && !r[1..].contains('/')),
                    None => dir == m.trim_end_matches('/'),
                });
                if member {
                    deps.extend(ctx.text(path).map(cargo_dependencies).unwrap_or_default());
                }
            }
            // Members depending on each other are not crates.io crates.
            deps.retain(|d| {
                !members
                    .iter()
                    .any(|m| m.rsplit('/').next() == Some(d.as_str()))
            });
        }
        deps.sort();
        deps.dedup();
        deps
    }

    /// `curl … sh.rustup.rs | sh -s -- -y [--profile P] [--default-toolchain T]`: rustup's
    /// proxies and a toolchain of the profile asked for (the default profile unless said).
    pub(super) fn rustup_installer(&mut self) {
        let words: Vec<&str> = self.text.split_whitespace().collect();
        // `--profile minimal` or `--profile=minimal`.
        let after = |flag: &str| {
            words
                .iter()
                .enumerate()
                .find_map(|(i, w)| match w.strip_prefix(flag) {
                    Some("") => words.get(i + 1).map(|v| v.to_string()),
                    Some(rest) => rest.strip_prefix('=').map(str::to_string),
                    None => None,
                })
        };
        let profile = after("--profile").unwrap_or_else(|| "default".into());
        let toolchain = after("--default-toolchain").unwrap_or_else(|| "stable".into());
        self.st
            .installed
            .insert(format!("rustup:profile:{profile}"));
        let alone = output("rustup", "rustup alone");
        let (lo, mid, hi) = alone.mb(0.0);
        let mut a = Amount::range_mb(lo, mid, hi);
        let mut basis = format!("rustup's proxies ({})", alone.source);
        if toolchain != "none" {
            self.st
                .installed
                .insert(format!("rustup:toolchain:{toolchain}"));
            let row = self.rustup_toolchain_row(&profile);
            let (lo, mid, hi) = row.mb(0.0);
            a = Amount::range_mb(lo, mid, hi);
            basis = format!(
                "the {toolchain} toolchain, {profile} profile, with rustup: {} MB ({})",
                fmt_mb(mid),
                row.source
            );
        }
        let home = self
            .st
            .env_value("RUSTUP_HOME")
            .unwrap_or_else(|| "/root/.rustup".to_string());
        self.res
            .add("rustup-init (curl | sh)".to_string(), a, basis);
        self.here_add(home.clone(), a);
        self.record(&home, a);
    }

    fn rustup_toolchain_row(&self, profile: &str) -> &'static BuildOutput {
        output(
            "rustup",
            if profile == "minimal" {
                "toolchain (minimal profile)"
            } else {
                "toolchain (default profile)"
            },
        )
    }

    /// `rustup toolchain install X`, `rustup install X` (another toolchain, of the profile in
    /// force), `rustup component add rust-src`, `rustup set profile P`.
    pub(super) fn rustup(&mut self, cmd: &Command) {
        // The words after `rustup`, less the flags' values (`--component rust-src`).
        let mut words: Vec<String> = vec![cmd.subcommand().unwrap_or("").to_string()];
        words.extend(
            cmd.operands(&["--component", "-c", "--profile", "--target", "-t"])
                .iter()
                .map(|w| w.value.clone()),
        );
        let w: Vec<&str> = words.iter().map(String::as_str).collect();
        // The profile in force: set by this image's build, or the official rust image's
        // (rust-lang/docker-rust installs with `--profile minimal`, which rustup keeps).
        let profile_set = |st: &crate::estimate::StageState| {
            if st.installed.contains("rustup:profile:minimal")
                || (st.image == "rust"
                    && !st
                        .installed
                        .iter()
                        .any(|k| k.starts_with("rustup:profile:")))
            {
                "minimal"
            } else {
                "default"
            }
        };
        let (toolchains, components): (Vec<&str>, Vec<String>) = match w.as_slice() {
            ["set", "profile", p, ..] => {
                let p = p.to_string();
                self.st
                    .installed
                    .retain(|k| !k.starts_with("rustup:profile:"));
                self.st.installed.insert(format!("rustup:profile:{p}"));
                return;
            }
            ["toolchain", "install", rest @ ..] | ["install", rest @ ..] => (
                rest.to_vec(),
                cmd.flag_values("--component")
                    .iter()
                    .chain(cmd.flag_values("-c").iter())
                    .flat_map(|v| v.split(','))
                    .map(str::to_string)
                    .collect(),
            ),
            ["component", "add", rest @ ..] => {
                (Vec::new(), rest.iter().map(|c| c.to_string()).collect())
            }
            _ => return,
        };
        let profile = cmd
            .flag_value("--profile")
            .map(str::to_string)
            .unwrap_or_else(|| profile_set(self.st).to_string());
        let mut sum = Amount::ZERO;
        let mut parts = Vec::new();
        for t in toolchains {
            if !self.st.installed.insert(format!("rustup:toolchain:{t}")) {
                parts.push(format!("{t}: installed already"));
                continue;
            }
            let row = self.rustup_toolchain_row(&profile);
            let (lo, mid, hi) = row.mb(0.0);
            sum = sum.add(Amount::range_mb(lo, mid, hi));
            parts.push(format!(
                "{t}, {profile} profile: {} MB ({})",
                fmt_mb(mid),
                row.source
            ));
        }
        for c in components.iter().filter(|c| c.as_str() == "rust-src") {
            let row = output("rustup", "component rust-src");
            let (lo, mid, hi) = row.mb(0.0);
            sum = sum.add(Amount::range_mb(lo, mid, hi));
            parts.push(format!("{c}: {} MB ({})", fmt_mb(mid), row.source));
        }
        if parts.is_empty() {
            return;
        }
        let home = self
            .st
            .env_value("RUSTUP_HOME")
            .unwrap_or_else(|| "/root/.rustup".to_string());
        self.res
            .add(format!("rustup {}", w.join(" ")), sum, parts.join("; "));
        self.here_add(home.clone(), sum);
        self.record(&home, sum);
    }

    fn cargo_home(&self) -> String {
        self.st
            .env_value("CARGO_HOME")
            .unwrap_or_else(|| "/root/.cargo".to_string())
    }

    pub(super) fn cargo(&mut self, cmd: &Command) {
        let sub = cmd
            .subcommand_skipping(&["--manifest-path", "-Z", "--config", "-C"])
            .unwrap_or("")
            .to_string();
        match sub.as_str() {
            // `xtask`: the cargo-xtask convention, an alias for `cargo run --package xtask --`.
            "build" | "b" | "install" | "fetch" | "test" | "t" | "run" | "r" | "xtask" => {}
            "clean" => {
                let target = self.cargo_target_dir(cmd);
                self.forget_here(&target);
                return;
            }
            _ => return,
        }
        let units = self.cargo_units();
        // The registry: every crate's download and unpacked source, once a stage, unless a cache
        // mount holds it.
        let registry = format!("{}/registry", self.cargo_home());
        if !self.cached(&registry) && self.st.installed.insert("cargo:registry".into()) {
            let row = output("cargo", "registry");
            let a = units.amount(row);
            self.res.add(
                format!("cargo registry ({registry})"),
                a,
                format!(
                    "the crates it downloads and unpacks, {} MB a crate ({}); {}",
                    fmt_mb(row.per_unit_mb),
                    row.source,
                    units.basis
                ),
            );
            self.here_add(registry.clone(), a);
            self.record(&registry, a);
        }
        if sub == "fetch" {
            return;
        }
        let install = sub == "install";
        // `cargo install` builds in a temporary directory it deletes, except with `--path`
        // (the package's own target/) or `--target-dir`.
        let keeps_target = !install || cmd.has_flag("--path") || cmd.has_flag("--target-dir");
        let release = install
            || cmd.has_any_flag(&["--release", "-r"])
            || cmd.flag_value("--profile").is_some_and(|p| p != "dev");
        let profile = if release { "release" } else { "debug" };
        let name = cmd
            .flag_value("--bin")
            .map(str::to_string)
            .or_else(|| self.context_file("Cargo.toml").and_then(cargo_package_name))
            .or_else(|| {
                install
                    .then(|| {
                        cmd.operands(&["--version", "--root", "--git", "--path"])
                            .first()
                            .map(|w| w.value.clone())
                    })
                    .flatten()
            });
        if keeps_target {
            let target = self.cargo_target_dir(cmd);
            let dir = match cmd.flag_value("--target") {
                Some(triple) => format!("{target}/{triple}/{profile}"),
                None => format!("{target}/{profile}"),
            };
            // A second build of the same graph (the "dependencies first" trick) recompiles only
            // the package itself.
            let again = !self.st.installed.insert(format!("cargo:{dir}"));
            let row = output("cargo", &format!("target/{profile}"));
            let a = if again {
                Amount::range_mb(
                    row.per_unit_mb * 0.3,
                    row.per_unit_mb,
                    row.per_unit_mb * 3.0,
                )
            } else {
                units.amount(row)
            };
            self.res.add(
                dir.clone(),
                a,
                if again {
                    format!("built before in this stage: only the package itself again ({} MB a crate, {})", fmt_mb(row.per_unit_mb), row.source)
                } else {
                    format!("every crate's compiled artifacts, {} MB a crate in a {profile} build ({}); {}", fmt_mb(row.per_unit_mb), row.source, units.basis)
                },
            );
            self.here_add(dir.clone(), a);
            self.record(&format!("{dir}/deps"), a);
        }
        let bin_row = output("cargo", &format!("binary ({profile})"));
        let (lo, mid, hi) = bin_row.mb(0.0);
        let bin = Amount::range_mb(lo, mid, hi);
        let bin_path = if install {
            let root = cmd
                .flag_value("--root")
                .map(str::to_string)
                .unwrap_or_else(|| self.cargo_home());
            format!("{root}/bin/{}", name.as_deref().unwrap_or("*"))
        } else {
            let target = self.cargo_target_dir(cmd);
            format!("{target}/{profile}/{}", name.as_deref().unwrap_or("*"))
        };
        self.res.add(
            format!("binary {bin_path}"),
            bin,
            format!("the {profile} binary ({})", bin_row.source),
        );
        self.here_add(bin_path.clone(), bin);
        self.record(&bin_path, bin);
    }

    /// `--target-dir`, `$CARGO_TARGET_DIR`, or `target/` where the build runs.
    fn cargo_target_dir(&self, cmd: &Command) -> String {
        let dir = cmd
            .flag_value("--target-dir")
            .map(str::to_string)
            .or_else(|| self.st.env_value("CARGO_TARGET_DIR"))
            .unwrap_or_else(|| "target".to_string());
        self.abs_here(&dir)
    }
}
