//! `cargo build`, `cargo install`, `cargo fetch`, `cargo clean`: what a Rust build leaves in the
//! layer — `target/<profile>` (every crate's compiled artifacts), the binary, and the crates.io
//! registry in `$CARGO_HOME` — sized per crate of the dependency graph from the lab's builds
//! (`knowledge::builds`). The graph's size comes from Cargo.lock when the context has it, else
//! from Cargo.toml's direct dependencies, else a wide default.

use super::super::manifests::{cargo_dependencies, cargo_lock_packages, cargo_package_name};
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
        if let Some(direct) = self.context_file("Cargo.toml").map(cargo_dependencies) {
            let row = output("cargo", "crates per direct dependency");
            let (lo, mid, hi) = row.mb(direct.len() as f64);
            return Units {
                lo,
                mid,
                hi,
                basis: format!(
                    "≈ {mid:.0} crates for Cargo.toml's {} direct dependencies (no Cargo.lock; {})",
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
            "build" | "b" | "install" | "fetch" | "test" | "t" | "run" | "r" => {}
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
