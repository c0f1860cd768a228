//! conda, mamba and micromamba: packages, their unpacked size and the pkgs/ cache; conda installers.

use super::*;

impl RunScope<'_> {
    /// conda packages: those with a conda fact (MKL, Qt: the big native libraries that numpy and
    /// matplotlib pull in without being named) are their download × the measured unpack factor,
    /// and the download stays in pkgs/ until `conda clean`; the rest are sized by their measured
    /// PyPI wheel as a proxy (0.7–3×: conda builds bundle their own native libraries); anything
    /// else is unknown.
    pub(super) fn conda(&mut self, cmd: &Command, tool: &str) {
        let names: Vec<String> = cmd
            .operands(&[
                "-c",
                "--channel",
                "-n",
                "--name",
                "-p",
                "--prefix",
                "--file",
            ])
            .iter()
            .map(|w| package_name(&w.value))
            .filter(|n| !n.is_empty())
            .collect();
        let mut all = with_known_deps(&names, None);
        // conda-forge (named, or the default of mamba/micromamba/Miniforge) builds numpy on
        // OpenBLAS, as does `nomkl`.
        let forge = tool != "conda"
            || cmd
                .flag_value("-c")
                .or_else(|| cmd.flag_value("--channel"))
                .is_some_and(|c| c.contains("forge"))
            || all.iter().any(|n| n == "nomkl");
        for f in facts::CONDA {
            if (!f.defaults_only || !forge)
                && !all.iter().any(|n| n == f.name)
                && all.iter().any(|n| f.pulled_by.contains(&n.as_str()))
            {
                all.push(f.name.to_string());
            }
        }
        let (mut total, mut cache, mut proxied, mut unknown) = (Amount::ZERO, Amount::ZERO, 0, 0);
        let mut native: Vec<String> = Vec::new();
        for n in &all {
            if !self.st.installed.insert(format!("conda:{n}")) {
                continue;
            }
            if let Some(f) = facts::CONDA.iter().find(|f| f.name == n) {
                let (tl, tm, th) = f.tar_mb;
                let (ul, um, uh) = facts::CONDA_UNPACK;
                total = total.add(Amount::range_mb(tl * ul, tm * um, th * uh));
                cache = cache.add(Amount::range_mb(tl, tm, th));
                native.push(format!("{n} ({tm:.0} MB download × {um}: {})", f.source));
                continue;
            }
            match lookup(facts::PIP, n) {
                Some(f) => {
                    proxied += 1;
                    total = total.add(Amount::range_mb(f.mb * 0.7, f.mb, f.mb * 3.0));
                    cache = cache.add(Amount::range_mb(
                        f.cache_mb * 0.7,
                        f.cache_mb,
                        f.cache_mb * 3.0,
                    ));
                }
                None => {
                    unknown += 1;
                    let (lo, mid, hi) = UNKNOWN_PKG;
                    total = total.add(Amount::range_mb(lo, mid, hi));
                    cache = cache.add(Amount::range_mb(lo * 0.3, mid * 0.3, hi * 0.3));
                }
            }
        }
        if all.is_empty() || total.high == 0 {
            return;
        }
        let native = if native.is_empty() {
            String::new()
        } else {
            format!("; brought in without being named: {}", native.join("; "))
        };
        self.res.add(
            format!("{tool} install"),
            total,
            format!("{} package(s): {proxied} sized by their measured PyPI wheels as a proxy (0.7–3×), {unknown} unknown{native}", all.len()),
        );
        if !self.cached("/opt/conda/pkgs") {
            self.conda_cache = self.conda_cache.add(cache);
        }
    }
}

/// The packages named plus the dependencies `facts::PIP_DEPS` knows for them, each once (at
/// most 500).
/// `Miniconda3-latest-Linux-x86_64.sh`, `Miniforge3-Linux-x86_64.sh`, `Anaconda3-2024.02-1-Linux-x86_64.sh`:
/// the file name of a conda installer script, if the URL or path names one.
pub(super) fn conda_installer_name(url: &str) -> Option<&str> {
    let name = url.rsplit('/').next()?;
    let lower = name.to_ascii_lowercase();
    (lower.ends_with(".sh")
        && ["miniconda", "miniforge", "mambaforge", "anaconda"]
            .iter()
            .any(|k| lower.starts_with(k)))
    .then_some(name)
}
