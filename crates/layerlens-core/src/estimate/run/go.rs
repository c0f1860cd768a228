//! `go build`, `go install`, `go get`, `go mod download`, `go clean`: what a Go build leaves in
//! the layer — the binary, the build cache (since Go 1.20 the compiled standard library lives
//! there, ≈ 70 MB for a net/http program) and the module cache — from the lab's builds
//! (`knowledge::builds`). The module count comes from go.mod's `require`s when the context has it.

use super::super::manifests::{go_mod_requires, go_module_name};
use super::RunScope;
use crate::estimate::Amount;
use crate::knowledge::builds::output;
use crate::shell::Command;

impl RunScope<'_> {
    fn gopath(&self) -> String {
        self.st
            .env_value("GOPATH")
            .map(|p| p.split(':').next().unwrap_or("").to_string())
            .filter(|p| !p.is_empty())
            .unwrap_or_else(|| "/root/go".to_string())
    }

    fn go_build_cache(&self) -> String {
        self.st
            .env_value("GOCACHE")
            .unwrap_or_else(|| "/root/.cache/go-build".to_string())
    }

    fn go_mod_cache(&self) -> String {
        self.st
            .env_value("GOMODCACHE")
            .unwrap_or_else(|| format!("{}/pkg/mod", self.gopath()))
    }

    pub(super) fn go(&mut self, cmd: &Command) {
        let sub = cmd.subcommand().unwrap_or("").to_string();
        let (n, note) = self.go_mod_count();
        match sub.as_str() {
            "clean" => {
                if cmd.has_flag("-cache") {
                    let c = self.go_build_cache();
                    self.forget_here(&c);
                }
                if cmd.has_flag("-modcache") {
                    let c = self.go_mod_cache();
                    self.forget_here(&c);
                }
                return;
            }
            // `go get -d` stops after downloading: nothing is built or installed (`go help get`).
            "get" if cmd.has_flag("-d") => {
                self.go_modules(n, &note);
                return;
            }
            "build" | "install" | "get" | "test" | "vet" | "run" => {}
            "mod" => {
                if cmd.operands(&[]).first().map(|w| w.value.as_str()) == Some("download") {
                    self.go_modules(n, &note);
                }
                return;
            }
            _ => return,
        }
        self.go_modules(n, &note);
        self.go_cache(n, &note);
        if !matches!(sub.as_str(), "build" | "install" | "get") {
            return;
        }
        let stripped = cmd
            .args()
            .iter()
            .any(|w| w.value.contains("-s -w") || w.value.contains("-w -s") || w.value == "-s");
        // `go install example.com/x/cmd/tool@v1` / `go get …/cmd/tool`: named after the package.
        let name = cmd
            .operands(&["-o", "-ldflags", "-tags", "-gcflags"])
            .iter()
            .map(|w| w.value.split('@').next().unwrap_or(""))
            .find(|p| {
                p.contains('.') && p.contains('/') && !p.starts_with('.') && !p.ends_with("...")
            })
            .and_then(|p| p.rsplit('/').next())
            .filter(|n| !n.is_empty())
            .map(str::to_string)
            .unwrap_or_else(|| self.go_binary_name());
        let path = match cmd.flag_value("-o") {
            Some(o) if o.ends_with('/') => format!("{o}{name}"),
            Some(o) => o.to_string(),
            None if sub == "build" => name.clone(),
            None => format!("{}/bin/{name}", self.gopath()),
        };
        let path = self.abs_here(&path);
        self.go_binary(&format!("go {sub} → {path}"), path, stripped, n, &note);
    }

    /// How many modules go.mod requires, and the basis saying so.
    fn go_mod_count(&self) -> (f64, String) {
        match self.context_file("go.mod").map(go_mod_requires) {
            Some(m) => (
                m.len() as f64,
                format!("go.mod requires {} modules", m.len()),
            ),
            None => (
                0.0,
                "no go.mod in the context: the standard library only".to_string(),
            ),
        }
    }

    /// The binary's name: go.mod's module path's last part; without go.mod, in GOPATH mode
    /// (a working directory under `$GOPATH/src`), the directory's name; else any name (`*`).
    fn go_binary_name(&self) -> String {
        if let Some(m) = self.context_file("go.mod").and_then(go_module_name) {
            return m.rsplit('/').next().unwrap_or("*").to_string();
        }
        let wd = self.abs_here(".");
        let src = format!("{}/src/", self.gopath().trim_end_matches('/'));
        match wd.trim_end_matches('/').strip_prefix(&src) {
            Some(pkg) if !pkg.is_empty() => pkg.rsplit('/').next().unwrap_or("*").to_string(),
            _ => "*".to_string(),
        }
    }

    fn go_binary(&mut self, label: &str, path: String, stripped: bool, n: f64, note: &str) {
        let row = output("go", "binary");
        let (mut lo, mut mid, mut hi) = row.mb(n);
        if stripped {
            // -s -w drops the symbol table and DWARF: ≈ 25–30 % smaller.
            (lo, mid, hi) = (lo * 0.7, mid * 0.75, hi * 0.8);
        }
        let bin = Amount::range_mb(lo, mid, hi);
        self.res.add(
            label.to_string(),
            bin,
            format!(
                "the binary{} ({}); {note}",
                if stripped { ", stripped (-s -w)" } else { "" },
                row.source
            ),
        );
        self.here_add(path.clone(), bin);
        self.record(&path, bin);
    }

    /// Whether a `make` here builds Go: the project's Makefile says `go build`, or (no Makefile
    /// in the context) the stage's only compiler is Go's — the golang image or an installed `go`.
    pub(super) fn make_runs_go(&self) -> bool {
        match self.context_file("Makefile") {
            Some(m) => m.contains("go build") || m.contains("go install"),
            None => {
                self.st.image == "golang"
                    || self
                        .st
                        .toolchains
                        .iter()
                        .any(|(t, _, _)| t == "go" || t.starts_with("golang"))
            }
        }
    }

    /// `make` that runs `go build`: the build cache and modules as `go build` leaves them, and
    /// a binary somewhere in the make directory (its name is the Makefile's).
    pub(super) fn go_make(&mut self, dir: &str) {
        let (n, note) = self.go_mod_count();
        self.go_modules(n, &note);
        self.go_cache(n, &note);
        let path = format!("{}/*", dir.trim_end_matches('/'));
        let note = format!("`make` on a Go image runs `go build`; {note}");
        self.go_binary(
            &format!("make in {dir} → a Go binary"),
            path,
            false,
            n,
            &note,
        );
    }

    /// The build cache: the compiled standard library and packages, once a stage, unless a
    /// cache mount holds it.
    fn go_cache(&mut self, n: f64, note: &str) {
        let cache = self.go_build_cache();
        let basis =
            |source: &str| format!("the compiled standard library and packages ({source}); {note}");
        self.go_cache_dir("go:build-cache", cache, "build cache", n, &basis);
    }

    /// The module cache: every required module's source, once a stage, unless a cache mount
    /// holds it.
    fn go_modules(&mut self, n: f64, note: &str) {
        if n == 0.0 {
            return;
        }
        let cache = self.go_mod_cache();
        let basis = |source: &str| format!("{note}: their sources ({source})");
        self.go_cache_dir("go:mod-cache", cache, "module cache", n, &basis);
    }

    /// One of Go's caches at `dir`, priced by `knowledge::builds`' row `part`, once a stage.
    fn go_cache_dir(
        &mut self,
        key: &str,
        dir: String,
        part: &str,
        n: f64,
        basis: &dyn Fn(&str) -> String,
    ) {
        if self.cached(&dir) || !self.st.installed.insert(key.into()) {
            return;
        }
        let row = output("go", part);
        let (lo, mid, hi) = row.mb(n);
        let a = Amount::range_mb(lo, mid, hi);
        let label = format!("Go {part} ({dir})");
        self.res.add(label, a, basis(row.source));
        self.here_add(dir.clone(), a);
        self.record(&dir, a);
    }
}
