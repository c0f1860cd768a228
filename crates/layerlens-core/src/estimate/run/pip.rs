//! `pip install` (and `python -m pip`): measured wheels with their dependencies, requirements
//! files and pyproject.toml read from the context, the pip cache.

use super::*;

impl RunScope<'_> {
    pub(super) fn requirements(&self, file: &str) -> Option<Vec<String>> {
        // The file was copied into the image: where COPY put it, else by its name.
        let text = self.context_file(file)?;
        Some(
            text.lines()
                .map(|l| l.split('#').next().unwrap_or("").trim())
                .filter(|l| !l.is_empty() && !l.starts_with('-'))
                .map(package_name)
                .filter(|p| !p.is_empty())
                .collect(),
        )
    }

    /// A local project's dependencies: `[project] dependencies = [...]` or
    /// `[tool.poetry.dependencies]` in pyproject.toml, else `install_requires` in setup.py or
    /// setup.cfg (a pyproject.toml that only configures tools names none).
    pub(super) fn pyproject_deps(&self) -> Option<Vec<String>> {
        let from_pyproject = self
            .context_file("pyproject.toml")
            .map(pyproject_dependencies);
        if let Some(list) = from_pyproject.as_ref().filter(|l| !l.is_empty()) {
            return Some(list.clone());
        }
        let setup = self
            .context_file("setup.py")
            .map(setup_py_requires)
            .filter(|l| !l.is_empty())
            .or_else(|| self.context_file("setup.cfg").map(setup_cfg_requires))
            .filter(|l| !l.is_empty());
        // pbr (`setup(pbr=True)`) reads the dependencies from requirements.txt.
        let pbr = self
            .context_file("setup.py")
            .is_some_and(|t| t.contains("pbr=True") || t.contains("pbr = True"));
        setup
            .or_else(|| pbr.then(|| self.requirements("requirements.txt")).flatten())
            .or(from_pyproject)
    }

    /// The name the build context's own Python project goes by (pyproject.toml's `[project]` or
    /// `[tool.poetry]` `name`, setup.cfg's, setup.py's `name=`): `pip install NAME` of it from
    /// PyPI installs what the project depends on.
    pub(super) fn own_project_name(&self) -> Option<String> {
        let norm = |n: &str| n.trim().to_ascii_lowercase().replace('_', "-");
        if let Some(t) = self.context_file("pyproject.toml") {
            let mut section = "";
            for line in t.lines() {
                let l = line.trim();
                if l.starts_with('[') {
                    section = l;
                } else if matches!(section, "[project]" | "[tool.poetry]") {
                    if let Some(v) = l
                        .strip_prefix("name")
                        .map(str::trim_start)
                        .and_then(|r| r.strip_prefix('='))
                    {
                        return Some(norm(v.trim().trim_matches(['"', '\''])));
                    }
                }
            }
        }
        if let Some(t) = self.context_file("setup.cfg") {
            if let Some(v) = t.lines().map(str::trim).find_map(|l| {
                l.strip_prefix("name")
                    .map(str::trim_start)
                    .and_then(|r| r.strip_prefix('='))
            }) {
                return Some(norm(v));
            }
        }
        let t = self.context_file("setup.py")?;
        let at = t.find("name=").or_else(|| t.find("name ="))?;
        let rest = t[at..].split_once('=')?.1.trim_start();
        let q = rest.chars().next().filter(|c| *c == '"' || *c == '\'')?;
        let v = rest[1..].split(q).next()?;
        (!v.is_empty()).then(|| norm(v))
    }

    /// Where `pip install` puts packages: `--target DIR`; `--prefix P` or `--user` (`~/.local`)
    /// with `lib/pythonX.Y/site-packages` under it; `--root R` before the usual place; else the
    /// virtual environment in use or the official images' site-packages — where a later
    /// `COPY --from` of `/root/.local` or `/install` finds it.
    fn pip_target(&self, args: &[shell::Word]) -> String {
        let site = match self.st.python_minor {
            Some(m) => format!("lib/python3.{m}/site-packages"),
            None => "lib/python3/site-packages".to_string(),
        };
        let value = |long: &str, short: Option<&str>| -> Option<String> {
            args.iter().enumerate().find_map(|(i, w)| {
                let v = w.value.as_str();
                if v == long || Some(v) == short {
                    args.get(i + 1).map(|n| n.value.clone())
                } else {
                    v.strip_prefix(long)
                        .and_then(|r| r.strip_prefix('='))
                        .map(str::to_string)
                }
            })
        };
        let under = |p: &str| self.abs_here(p);
        if let Some(t) = value("--target", Some("-t")) {
            return under(&self.st.expand_env(&t));
        }
        if let Some(p) = value("--prefix", None) {
            return format!(
                "{}/{site}",
                under(&self.st.expand_env(&p)).trim_end_matches('/')
            );
        }
        if args.iter().any(|w| w.value == "--user") {
            return format!("{}/.local/{site}", self.st.home().trim_end_matches('/'));
        }
        let usual = self
            .st
            .venv
            .clone()
            .unwrap_or_else(|| format!("/usr/local/{site}"));
        match value("--root", None) {
            Some(r) => format!(
                "{}{usual}",
                under(&self.st.expand_env(&r)).trim_end_matches('/')
            ),
            None => usual,
        }
    }

    pub(super) fn pip(&mut self, args: &[shell::Word]) {
        if args
            .iter()
            .find(|w| !w.value.starts_with('-'))
            .map(|w| w.value.as_str())
            != Some("install")
        {
            return;
        }
        let no_cache = args.iter().any(|w| w.value == "--no-cache-dir")
            || self.st.pip_no_cache
            || self.cached("/root/.cache/pip")
            || self.cached("/root/.cache");
        let mut names: Vec<String> = Vec::new();
        let mut unknown_files: Vec<String> = Vec::new();
        let mut i = 0;
        let takes_value = crate::shell::PIP_INSTALL_VALUE_OPTIONS;
        while i < args.len() {
            let v = args[i].value.as_str();
            if v == "-r" || v == "--requirement" {
                if let Some(f) = args.get(i + 1) {
                    match self.requirements(&f.value) {
                        Some(list) => names.extend(list),
                        None => unknown_files.push(f.value.clone()),
                    }
                }
                i += 2;
                continue;
            }
            if let Some(f) = v
                .strip_prefix("--requirement=")
                .or_else(|| v.strip_prefix("-r").filter(|r| !r.is_empty()))
            {
                match self.requirements(f) {
                    Some(list) => names.extend(list),
                    None => unknown_files.push(f.to_string()),
                }
            } else if takes_value.contains(&v) && !matches!(v, "-e" | "--editable") {
                i += 1;
            } else if v == "."
                || v.starts_with("./")
                || v.starts_with('/')
                || matches!(v, "-e" | "--editable")
            {
                // A local project (editable or not): its pyproject.toml names the dependencies.
                if !matches!(v, "-e" | "--editable") {
                    match self.pyproject_deps() {
                        Some(list) => names.extend(list),
                        None => unknown_files.push(format!("{v} (the project)")),
                    }
                }
            } else if v != "install" && !v.starts_with('-') && !v.contains('/') {
                let name = package_name(v);
                // The project itself from PyPI: its dependencies are the context's.
                let own = self
                    .own_project_name()
                    .is_some_and(|o| o == name.to_ascii_lowercase().replace('_', "-"));
                match own.then(|| self.pyproject_deps()).flatten() {
                    Some(list) => {
                        names.extend(list);
                        names.push(name);
                    }
                    None => names.push(name),
                }
            }
            i += 1;
        }
        let tree_table = crate::knowledge::pip_tree::table();
        let names: Vec<String> = names
            .iter()
            .map(|n| crate::knowledge::pip_tree::normalize(n))
            .filter(|n| !n.is_empty())
            .collect();
        let all = with_known_deps(&names, tree_table);
        let mut from_tree = 0usize;
        // A list that names a known package's dependency itself (urllib3 beside requests, a
        // `pip freeze`) lists its dependencies: an unknown name there is one package alone.
        let lists_deps = facts::PIP_DEPS.iter().any(|(p, deps)| {
            names.iter().any(|n| n == p) && deps.iter().any(|d| names.iter().any(|n| n == d))
        });
        let tree =
            crate::knowledge::builds::output("pip", "package with its dependencies (unknown)");
        let target = self.pip_target(args);
        let mut total = Amount::ZERO;
        let mut cache = Amount::ZERO;
        let mut unknown = Vec::new();
        for n in &all {
            if self.st.installed.contains(&format!("pip:{n}")) {
                continue;
            }
            self.st.installed.insert(format!("pip:{n}"));
            if let Some(r) = tree_table.and_then(|t| t.row(n)) {
                // Measured with its dependencies, each its own row (they are in `all`).
                let mb = r.kb as f64 / 1000.0;
                total = total.add(Amount::mb_spread(mb, 0.2));
                cache = cache.add(Amount::range_mb(
                    0.0,
                    mb * 0.3 + facts::PIP_INDEX_PAGE_MB,
                    mb * 0.5 + facts::PIP_INDEX_PAGE_MB * 1.2,
                ));
                from_tree += 1;
                continue;
            }
            match lookup(facts::PIP, n) {
                Some(f) => {
                    total = total.add(Amount::mb_spread(f.mb, 0.15));
                    let c = f.cache_mb + facts::PIP_INDEX_PAGE_MB;
                    cache = cache.add(Amount::range_mb(0.0, c, c * 1.2));
                }
                None => {
                    let a = if names.contains(n) && !lists_deps {
                        let (lo, mid, hi) = tree.mb(1.0);
                        Amount::range_mb(lo, mid, hi)
                    } else {
                        small_pip_dep()
                    };
                    total = total.add(a);
                    cache = cache.add(a.scale(0.3)).add(Amount::range_mb(
                        0.0,
                        facts::PIP_INDEX_PAGE_MB,
                        facts::PIP_INDEX_PAGE_MB * 1.2,
                    ));
                    unknown.push(n.clone());
                }
            }
        }
        if !all.is_empty() {
            let known = all.len() - unknown.len();
            let measured = match tree_table.filter(|_| from_tree > 0) {
                Some(t) => format!(
                    "{} package(s) with their dependencies, measured (pip-measured.tsv, {} distributions installed from PyPI, {})",
                    known,
                    t.len(),
                    t.measured
                ),
                None => format!("{known} measured package(s)"),
            };
            let basis = if unknown.is_empty() && from_tree == 0 {
                format!(
                    "{} package(s), measured wheel sizes with .pyc (pip measured)",
                    all.len()
                )
            } else if unknown.is_empty() {
                format!("{measured}, wheel sizes with .pyc")
            } else {
                format!(
                    "{measured} + {} without a figure ({}: {})",
                    unknown.len(),
                    if lists_deps {
                        "the list names dependencies itself: the median small package each"
                            .to_string()
                    } else {
                        format!(
                            "≈ {} MB each with its dependencies, {}",
                            tree.per_unit_mb, tree.source
                        )
                    },
                    unknown
                        .iter()
                        .take(4)
                        .cloned()
                        .collect::<Vec<_>>()
                        .join(", ")
                        + if unknown.len() > 4 { ", …" } else { "" }
                )
            };
            self.res.add(
                format!(
                    "pip install {}",
                    names.iter().take(3).cloned().collect::<Vec<_>>().join(" ")
                ),
                total,
                basis,
            );
            self.record(&target, total);
        }
        for f in unknown_files {
            let a = Amount::range_mb(
                UNKNOWN_REQUIREMENTS.0,
                UNKNOWN_REQUIREMENTS.1,
                UNKNOWN_REQUIREMENTS.2,
            );
            self.res.add(
                format!("pip install -r {f}"),
                a,
                format!("unknown: `{f}` could not be read: the project folder was not given"),
            );
            self.record(&target, a);
            cache = cache.add(a.scale(0.25));
        }
        if !no_cache {
            self.pip_cache = self.pip_cache.add(cache);
        }
    }
}

/// A pip dependency without a row: the median of the measured packages under 5 MB (pure Python,
/// mostly), with a range up to five times that.
pub(super) fn small_pip_dep() -> Amount {
    let m = median(
        facts::PIP
            .iter()
            .filter(|f| f.mb < 5.0)
            .map(|f| f.mb)
            .collect(),
    );
    Amount::range_mb(0.1, m, m * 5.0)
}

/// `install_requires=[...]` of a setup.py: the quoted requirements in the list.
pub(in crate::estimate) fn setup_py_requires(text: &str) -> Vec<String> {
    let Some(at) = text.find("install_requires") else {
        return Vec::new();
    };
    let rest = &text[at..];
    let (Some(open), Some(close)) = (rest.find('['), rest.find(']')) else {
        return Vec::new();
    };
    if close < open {
        return Vec::new();
    }
    rest[open + 1..close]
        .split(',')
        .filter_map(|item| {
            let t = item.trim();
            let q = t.chars().next().filter(|c| *c == '\'' || *c == '"')?;
            let inner = t.trim_start_matches(q).split(q).next()?;
            let name = package_name(inner);
            (!name.is_empty()).then_some(name)
        })
        .collect()
}

/// `install_requires =` of setup.cfg's `[options]`: one requirement a line under it.
pub(in crate::estimate) fn setup_cfg_requires(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut section = "";
    let mut on = false;
    for line in text.lines() {
        let t = line.trim();
        if t.starts_with('[') {
            section = t;
            on = false;
            continue;
        }
        if section != "[options]" {
            continue;
        }
        if let Some(v) = t.strip_prefix("install_requires") {
            let v = v.trim_start().trim_start_matches('=').trim();
            on = true;
            if !v.is_empty() {
                out.push(package_name(v));
            }
            continue;
        }
        if on {
            // Continuation lines are indented; a new key ends the list.
            if line.starts_with([' ', '\t']) && !t.is_empty() && !t.starts_with('#') {
                out.push(package_name(t));
            } else if !t.is_empty() {
                on = false;
            }
        }
    }
    out.retain(|n| !n.is_empty());
    out
}

/// Dependency names from a pyproject.toml: PEP 621 `dependencies = [...]` and Poetry's
/// `[tool.poetry.dependencies]` table (without `python`). A small reader, not a TOML parser: it
/// handles the layouts these two sections have in practice.
pub(in crate::estimate) fn pyproject_dependencies(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut section = String::new();
    let mut in_array = false;
    for raw in text.lines() {
        let line = raw.split('#').next().unwrap_or("").trim();
        if line.starts_with('[') && !in_array {
            section = line.trim_matches(['[', ']']).trim().to_string();
            continue;
        }
        if section == "project" && (line.starts_with("dependencies") || in_array) {
            let body = if in_array {
                line
            } else {
                line.split_once('=').map_or("", |(_, v)| v.trim())
            };
            in_array = !body.contains(']');
            for item in body.trim_start_matches('[').split(',') {
                let item = item
                    .trim()
                    .trim_end_matches(']')
                    .trim()
                    .trim_matches(['"', '\'']);
                let name = package_name(item);
                if !name.is_empty() {
                    out.push(name);
                }
            }
        } else if section == "tool.poetry.dependencies" {
            if let Some((k, _)) = line.split_once('=') {
                let k = k.trim().trim_matches('"');
                if !k.is_empty() && k != "python" {
                    out.push(package_name(k));
                }
            }
        }
    }
    out
}

/// The names and the dependencies the knowledge knows of them: the measured tree's
/// (`knowledge::pip_tree`) when it has the name, else `PIP_DEPS`.
pub(super) fn with_known_deps(
    names: &[String],
    tree: Option<&crate::knowledge::pip_tree::PipTree>,
) -> Vec<String> {
    let mut all: Vec<String> = Vec::new();
    let mut queue: Vec<String> = names.iter().rev().cloned().collect();
    while let Some(n) = queue.pop() {
        let n = match tree {
            Some(_) => crate::knowledge::pip_tree::normalize(&n),
            None => n,
        };
        if all.contains(&n) || all.len() > 500 {
            continue;
        }
        match tree.and_then(|t| t.row(&n)) {
            Some(r) => queue.extend(r.deps.iter().rev().cloned()),
            None => {
                if let Some((_, deps)) = facts::PIP_DEPS.iter().find(|(p, _)| *p == n) {
                    queue.extend(deps.iter().map(|d| d.to_string()));
                }
            }
        }
        all.push(n);
    }
    all
}

#[cfg(test)]
mod setup_tests {
    use super::*;

    #[test]
    fn setup_py_and_setup_cfg_name_a_projects_dependencies() {
        let py = "setup(\n    name='x',\n    install_requires=[\n        'attrs',\n        \"numpy>=1.19\",\n        'h5py',  # data\n    ],\n    extras_require={'dev': ['pytest']},\n)\n";
        assert_eq!(setup_py_requires(py), vec!["attrs", "numpy", "h5py"]);
        let cfg = "[metadata]\nname = x\n[options]\npackages = find:\ninstall_requires =\n    requests>=2\n    click\nzip_safe = False\n[options.extras_require]\ndev = pytest\n";
        assert_eq!(setup_cfg_requires(cfg), vec!["requests", "click"]);
        assert!(setup_py_requires("setup(name='x')").is_empty());
    }
}
