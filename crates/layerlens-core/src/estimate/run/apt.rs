//! `apt-get`/`apt` and `apt-mark`: installs sized by Debian's package table (the exact closure
//! against what the image already has) or by precomputed closures, and the official images'
//! `apt-mark auto '.*'` … `purge --auto-remove` idiom that takes a RUN's build dependencies back out.

use super::*;

impl RunScope<'_> {
    pub(super) fn apt(&mut self, cmd: &Command) {
        let sub = cmd.subcommand().unwrap_or_default().to_string();
        match sub.as_str() {
            "update" => self.apt_lists = true,
            // apt ≥ 2.7 (Debian 13): `clean` and the package lists too (the lint rule agrees).
            "dist-clean" => self.apt_lists = false,
            "install" => {
                self.dpkg_touched = true;
                let recommends = !cmd.has_flag("--no-install-recommends")
                    && !cmd.args().iter().any(|w| {
                        w.value.contains("Install-Recommends=false")
                            || w.value.contains("Install-Recommends=0")
                    });
                let pkgs: Vec<String> = cmd
                    .operands(&["-o", "-t", "--target-release", "-c"])
                    .iter()
                    .map(|w| package_name(&w.value))
                    .filter(|p| !p.is_empty())
                    .collect();
                let before = self.res.amount;
                self.apt_install(&pkgs, recommends);
                let after = self.res.amount;
                self.apt_added = self.apt_added.add(Amount {
                    bytes: after.bytes.saturating_sub(before.bytes),
                    low: after.low.saturating_sub(before.low),
                    high: after.high.saturating_sub(before.high),
                });
            }
            "purge" | "remove" | "autoremove" => {
                self.dpkg_touched = true;
                let auto_remove = sub == "autoremove"
                    || cmd.has_flag("--auto-remove")
                    || cmd.has_flag("--autoremove");
                if self.apt_auto_all && auto_remove {
                    self.purge_auto();
                }
                self.remove(cmd, &["-o"], "apt-get")
            }
            _ => {}
        }
    }

    /// `apt-mark auto '.*'` then `apt-get purge --auto-remove`: everything this RUN installed goes
    /// again but the libraries marked manual on the way (what `ldd` found), a small share.
    pub(super) fn purge_auto(&mut self) {
        let added = self.apt_added;
        if added.high == 0 {
            return;
        }
        let (lo, mid, hi) = facts::BUILD_DEPS_KEPT;
        let kept = Amount::from_f64_pub(
            added.low as f64 * lo,
            added.bytes as f64 * mid,
            added.high as f64 * hi,
        );
        let gone = Amount {
            bytes: added.bytes.saturating_sub(kept.bytes),
            low: added.low.saturating_sub(kept.high),
            high: added.high.saturating_sub(kept.low),
        };
        self.res.amount = self.res.amount.sub(gone);
        self.res.parts.push(Part {
            label: "apt-get purge --auto-remove".into(),
            amount: Amount::ZERO,
            basis: format!(
                "`apt-mark auto '.*'` then `purge --auto-remove`: what this RUN installed is removed again (−{}), but for the runtime libraries marked manual (≈ 3 %, python:3.12-slim-bookworm in repo-info)",
                human(gone.bytes)
            ),
        });
        let line = self.line;
        self.st.toolchains.retain(|(_, _, l)| *l != line);
        self.apt_added = Amount::ZERO;
        self.apt_auto_all = false;
    }

    /// With Debian's package table: the exact closure against what the image already has.
    pub(super) fn apt_install_table(
        &mut self,
        idx: &crate::knowledge::debian::DebianIndex,
        pkgs: &[String],
        recommends: bool,
    ) {
        let buildpack = self.st.buildpack_deps;
        let installed = self.st.apt_set.get_or_insert_with(|| {
            let mut set = idx.marks(&idx.debian_base_set());
            if buildpack {
                idx.install(&mut set, BUILDPACK_DEPS, &[], false);
            }
            set
        });
        // A vendor's package (Chrome from Google's repository): its own size, and its Depends
        // installed as roots.
        let vendor: Vec<&facts::VendorDeb> = pkgs
            .iter()
            .filter(|p| !idx.contains(p))
            .filter_map(|p| facts::VENDOR_DEBS.iter().find(|v| v.name == p.as_str()))
            .collect();
        let mut roots: Vec<&str> = pkgs
            .iter()
            .map(String::as_str)
            .filter(|p| !vendor.iter().any(|v| v.name == *p))
            .collect();
        for v in &vendor {
            for d in v.depends {
                if idx.knows(d) && !roots.contains(d) {
                    roots.push(d);
                }
            }
            self.res.add(
                format!("apt {}", v.name),
                Amount::mb_spread(v.installed_mb, v.spread),
                format!(
                    "{}: {} MB from its vendor's repository, its {} Depends resolved below ({})",
                    v.name,
                    fmt_mb(v.installed_mb),
                    v.depends.len(),
                    v.source
                ),
            );
        }
        // All together, and the own share of each root that needs one: every root when this
        // RUN removes packages again, else the build tools (for their lesson).
        let removes = self.removes;
        let alone: Vec<&str> = roots
            .iter()
            .copied()
            .filter(|p| removes || is_toolchain(p))
            .collect();
        let (closure, each) = idx.install(installed, &roots, &alone, recommends);
        for (p, own) in alone.iter().zip(each) {
            let a = Amount::mb_spread(own.installed_mb(), 0.05);
            self.here.push((p.to_string(), a));
            if is_toolchain(p) && own.installed_kib > 0 {
                self.st.toolchains.push((p.to_string(), a.bytes, self.line));
            }
        }
        for p in pkgs {
            self.st.installed.insert(p.clone());
        }
        let rec = if recommends {
            "with Recommends"
        } else {
            "without Recommends"
        };
        let release = idx.release();
        let base = if buildpack {
            format!("the base (debian:{release} + buildpack-deps)")
        } else {
            format!("debian:{release}'s base set")
        };
        // The table's sums run ≈ 3 % above real images (README of ../shared/knowledge); slim
        // images skip docs; Debian's Python packages add their .pyc on install.
        let (mut lo, mut mid, mut hi) = (0.90, 0.97, 1.05);
        let mut notes = Vec::new();
        if self.st.slim {
            let (a, b, c) = facts::SLIM_FACTOR;
            (lo, mid, hi) = (a, b, c);
            notes.push("slim: docs excluded");
        }
        // Only the Python packages' share gets the .pyc overhead.
        let py_kib: u64 = closure
            .packages
            .iter()
            .filter(|p| p.starts_with("python3") || p.starts_with("libpython3"))
            .filter_map(|p| idx.installed_kib(p))
            .sum();
        let py_mb = py_kib as f64 * 1024.0 / 1e6;
        let pyc_mb = py_mb * (facts::DEBIAN_PYC_FACTOR - 1.0);
        if pyc_mb > 0.5 {
            notes.push("+ .pyc compiled on install");
        }
        let mb = closure.installed_mb();
        let a = Amount::from_f64_pub(
            mb * lo * 1e6,
            (mb * mid + pyc_mb) * 1e6,
            (mb * hi + pyc_mb * 1.2) * 1e6,
        );
        let shown: Vec<&str> = pkgs.iter().take(3).map(String::as_str).collect();
        let more = if pkgs.len() > 3 { " …" } else { "" };
        self.res.add(
            format!("apt {}{more}", shown.join(" ")),
            a,
            format!(
                "{} packages not already in {base}, {rec}: {} MB (Debian {} Packages index){}",
                closure.packages.len(),
                fmt_mb(closure.installed_mb()),
                idx.release(),
                if notes.is_empty() {
                    String::new()
                } else {
                    format!("; {}", notes.join(", "))
                }
            ),
        );
        for u in &closure.unknown {
            let (lo, mid, hi) = UNKNOWN_PKG;
            self.res.add(
                format!("apt {u}"),
                Amount::range_mb(lo, mid, hi),
                format!("unknown: `{u}` is not a {} package", idx.release()),
            );
        }
    }

    pub(super) fn apt_install(&mut self, pkgs: &[String], recommends: bool) {
        // The table of the image's own release (bookworm's stands in for older ones); a stage
        // on another release than the loaded table uses the precomputed closures.
        if let (Some(idx), Os::Debian) = (self.input.debian, self.st.os) {
            if idx.release() == crate::knowledge::debian::table_for(self.st.debian_release) {
                return self.apt_install_table(idx, pkgs, recommends);
            }
        }
        let has_build_essential = pkgs.iter().any(|p| p == "build-essential");
        let mut known = Vec::new();
        for p in pkgs {
            if self.st.installed.contains(p) {
                continue;
            }
            self.st.installed.insert(p.clone());
            if self.st.buildpack_deps && BUILDPACK_DEPS.contains(&p.as_str()) {
                self.res.add(
                    format!("apt {p}"),
                    Amount::ZERO,
                    "already in the base image (buildpack-deps)",
                );
                continue;
            }
            // build-essential already pulls these in.
            if has_build_essential
                && matches!(
                    p.as_str(),
                    "gcc" | "g++" | "make" | "libc6-dev" | "dpkg-dev"
                )
            {
                continue;
            }
            if matches!(self.st.os, Os::Alpine) {
                self.res.lessons.push(Lesson {
                    kind: "wrong-manager",
                    text: "apt-get on an Alpine image fails: Alpine uses `apk`.".into(),
                    wasted_bytes: 0,
                    from_line: None,
                    cache: None,
                });
                return;
            }
            // A recommendation named beside the package that recommends it (`curl
            // ca-certificates` without Recommends) is at most what the Recommends added to it.
            let recommended_by = (!recommends)
                .then(|| {
                    crate::knowledge::packages::RECOMMENDS_RELIED_ON
                        .iter()
                        .filter(|(_, relied)| relied == p)
                        .filter(|(by, _)| pkgs.iter().any(|q| q == by))
                        .find_map(|(by, _)| facts::APT_COMMON.iter().find(|(n, _, _)| n == by))
                })
                .flatten();
            match facts::APT_COMMON.iter().find(|(n, _, _)| n == p) {
                Some((_, with, without)) => {
                    let mut mb = if recommends { *with } else { *without };
                    if let Some((_, by_with, by_without)) = recommended_by {
                        mb = mb.min((by_with - by_without).max(0.0));
                    }
                    // Closures overlap when several are installed together: the range goes down to
                    // counting only the largest.
                    known.push((p.clone(), mb));
                    let spread = if matches!(self.st.os, Os::Debian) {
                        0.1
                    } else {
                        0.3
                    };
                    let a = Amount::mb_spread(mb, spread);
                    self.here.push((p.clone(), a));
                    if is_toolchain(p) {
                        self.st.toolchains.push((p.clone(), a.bytes, self.line));
                    }
                    let rec = if recommends {
                        "with Recommends"
                    } else {
                        "without Recommends"
                    };
                    self.res.add(
                        format!("apt {p}"),
                        a,
                        format!(
                            "{p} {rec}: {} MB {}, {}",
                            fmt_mb(mb),
                            if matches!(self.st.os, Os::Debian) {
                                "added to debian:bookworm"
                            } else {
                                "as measured on debian:bookworm (this base's own packages differ a little: wider range)"
                            },
                            facts::APT_COMMON_SOURCE
                        ),
                    );
                }
                None => {
                    let (lo, mid, hi) = UNKNOWN_PKG;
                    let a = Amount::range_mb(lo, mid, hi);
                    self.here.push((p.clone(), a));
                    if is_toolchain(p) {
                        self.st.toolchains.push((p.clone(), a.bytes, self.line));
                    }
                    self.res.add(format!("apt {p}"), a, format!("unknown: `{p}` is not in the precomputed closures (the full Debian table is not loaded)"));
                }
            }
        }
        if known.len() > 1 {
            // Shared dependencies are counted once by apt: allow for it in the low end.
            let sum: f64 = known.iter().map(|(_, m)| m).sum();
            let max = known.iter().map(|(_, m)| *m).fold(0.0, f64::max);
            // The truth lies between the largest closure alone and the plain sum: take the middle.
            let overlap = Amount::range_mb(0.0, (sum - max) * 0.5, sum - max);
            self.res.amount = self.res.amount.sub(overlap);
            self.res.parts.push(Part { label: "shared dependencies".into(), amount: Amount::ZERO, basis: format!("packages installed together share dependencies; up to {} MB counted twice above", fmt_mb(sum - max)) });
        }
    }
}

/// Packages buildpack-deps (the base of python:X, node:X, golang:X ...) already installs
/// (docker-library/buildpack-deps Dockerfiles: curl, scm and the full layer).
pub(super) const BUILDPACK_DEPS: &[&str] = &[
    "ca-certificates",
    "curl",
    "gnupg",
    "netbase",
    "wget",
    "git",
    "mercurial",
    "openssh-client",
    "subversion",
    "procps",
    "autoconf",
    "automake",
    "bzip2",
    "default-libmysqlclient-dev",
    "dpkg-dev",
    "file",
    "g++",
    "gcc",
    "imagemagick",
    "libbz2-dev",
    "libc6-dev",
    "libcurl4-openssl-dev",
    "libdb-dev",
    "libevent-dev",
    "libffi-dev",
    "libgdbm-dev",
    "libglib2.0-dev",
    "libgmp-dev",
    "libjpeg-dev",
    "libkrb5-dev",
    "liblzma-dev",
    "libmagickcore-dev",
    "libmagickwand-dev",
    "libmaxminddb-dev",
    "libncurses5-dev",
    "libncursesw5-dev",
    "libpng-dev",
    "libpq-dev",
    "libreadline-dev",
    "libsqlite3-dev",
    "libssl-dev",
    "libtool",
    "libwebp-dev",
    "libxml2-dev",
    "libxslt-dev",
    "libyaml-dev",
    "make",
    "patch",
    "unzip",
    "xz-utils",
    "zlib1g-dev",
    "build-essential",
    "pkg-config",
];
