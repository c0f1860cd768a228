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
        let modules = self.context_file("go.mod").map(go_mod_requires);
        let n = modules.as_ref().map_or(0, Vec::len) as f64;
        let note = match &modules {
            Some(m) => format!("go.mod requires {} modules", m.len()),
            None => "no go.mod in the context: the standard library only".to_string(),
        };
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
        let cache = self.go_build_cache();
        if !self.cached(&cache) && self.st.installed.insert("go:build-cache".into()) {
            let row = output("go", "build cache");
            let (lo, mid, hi) = row.mb(n);
            let a = Amount::range_mb(lo, mid, hi);
            self.res.add(
                format!("Go build cache ({cache})"),
                a,
                format!(
                    "the compiled standard library and packages ({}); {note}",
                    row.source
                ),
            );
            self.here_add(cache.clone(), a);
            self.record(&cache, a);
        }
        if !matches!(sub.as_str(), "build" | "install" | "get") {
            return;
        }
        let row = output("go", "binary");
        let (mut lo, mut mid, mut hi) = row.mb(n);
        let stripped = cmd
            .args()
            .iter()
            .any(|w| w.value.contains("-s -w") || w.value.contains("-w -s") || w.value == "-s");
        if stripped {
            // -s -w drops the symbol table and DWARF: ≈ 25–30 % smaller.
            (lo, mid, hi) = (lo * 0.7, mid * 0.75, hi * 0.8);
        }
        let bin = Amount::range_mb(lo, mid, hi);
        let name = self
            .context_file("go.mod")
            .and_then(go_module_name)
            .and_then(|m| m.rsplit('/').next().map(str::to_string))
            .unwrap_or_else(|| "*".to_string());
        let path = match cmd.flag_value("-o") {
            Some(o) if o.ends_with('/') => format!("{o}{name}"),
            Some(o) => o.to_string(),
            None if sub == "build" => name.clone(),
            None => format!("{}/bin/{name}", self.gopath()),
        };
        let path = self.abs_here(&path);
        self.res.add(
            format!("go {sub} → {path}"),
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

    /// The module cache: every required module's source, once a stage, unless a cache mount
    /// holds it.
    fn go_modules(&mut self, n: f64, note: &str) {
        if n == 0.0 {
            return;
        }
        let cache = self.go_mod_cache();
        if self.cached(&cache) || !self.st.installed.insert("go:mod-cache".into()) {
            return;
        }
        let row = output("go", "module cache");
        let (lo, mid, hi) = row.mb(n);
        let a = Amount::range_mb(lo, mid, hi);
        self.res.add(
            format!("Go module cache ({cache})"),
            a,
            format!("{note}: their sources ({})", row.source),
        );
        self.here_add(cache.clone(), a);
        self.record(&cache, a);
    }
}
