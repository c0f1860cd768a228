//! Moving, copying and deleting what the stage wrote: `mv`, `cp`, `rm`, and `chown -R`/`chmod -R`
//! copying every touched file up into the layer.

use super::*;

impl RunScope<'_> {
    /// `SRC… DEST` of `mv`/`cp`: DEST as an absolute path and the sources, or None when there is
    /// nothing to follow (one word, a variable in DEST).
    fn sources_and_dest(&self, cmd: &Command) -> Option<(String, Vec<String>)> {
        let mut words: Vec<String> = cmd
            .args_no_flags()
            .iter()
            .map(|w| w.value.clone())
            .collect();
        let dest = words.pop()?;
        if words.is_empty() || dest.contains('$') {
            return None;
        }
        Some((self.abs_here(&dest), words))
    }

    /// `mv SRC… DEST`: what this stage wrote under SRC is now under DEST (`-T`: DEST is the new
    /// name; else DEST/basename(SRC) when DEST is a directory this stage made or there are
    /// several sources).
    pub(super) fn mv(&mut self, cmd: &Command) {
        let Some((dest, srcs)) = self.sources_and_dest(cmd) else {
            return;
        };
        let into = !cmd.has_any_flag(&["-T", "--no-target-directory"])
            && (srcs.len() > 1 || self.st.files.iter().any(|(f, _, _)| *f == dest));
        for s in srcs.iter().filter(|s| !s.contains('$')) {
            let from = self.abs_here(s);
            let to = if into {
                let base = from.rsplit('/').next().unwrap_or("");
                crate::estimate::norm_path(&format!("{dest}/{base}"))
            } else {
                dest.clone()
            };
            // An archive this RUN unpacked into a parent of SRC (`tar -C /usr/local` then
            // `mv /usr/local/go …`): its top directory is what moves.
            let unpacked: Vec<String> = self
                .here
                .iter()
                .filter(|(h, _)| crate::estimate::is_under(&from, h))
                .map(|(h, _)| h.clone())
                .collect();
            let moved = |p: &str| -> Option<String> {
                if unpacked.iter().any(|u| u == p) {
                    return Some(to.clone());
                }
                (p == from || crate::estimate::is_under(p, &from))
                    .then(|| format!("{to}{}", &p[from.len()..]))
            };
            for (f, _, _) in self.st.files.iter_mut() {
                if let Some(n) = moved(f) {
                    *f = n;
                }
            }
            for (h, _) in self.here.iter_mut() {
                if let Some(n) = moved(h) {
                    *h = n;
                }
            }
        }
    }

    /// A file or folder an earlier layer of this stage added at (or under) `p`.
    pub(super) fn earlier_file(&self, p: &str) -> Option<(String, Amount, usize)> {
        self.st
            .files
            .iter()
            .find(|(f, _, l)| (f == p || crate::estimate::is_under(f, p)) && *l != self.line)
            .cloned()
    }

    pub(super) fn rm(&mut self, cmd: &Command) {
        for w in cmd.args_no_flags() {
            let raw = w.value.trim_end_matches("/*").trim_end_matches('*');
            let p = self.abs_here(raw);
            if let Some((f, a, line)) = self.earlier_file(&p) {
                // A cache's bytes are already counted by its own cache-left lesson.
                let is_cache = [
                    "/var/lib/apt/lists",
                    "/var/cache/apk",
                    "/root/.cache/pip",
                    "/root/.npm",
                ]
                .contains(&f.as_str());
                self.res.lessons.push(Lesson {
                    kind: "deleted-later",
                    text: format!("`{}` was added by the layer at line {line}; deleting it here hides it but frees nothing — that layer still carries ≈ {}. Delete it in the RUN that created it.", w.value, human(a.bytes)),
                    wasted_bytes: if is_cache { 0 } else { a.bytes },
                    from_line: Some(line),
                    cache: None,
                });
            }
            if p.starts_with("/var/lib/apt/lists") {
                self.apt_lists = false;
            } else if p.starts_with("/var/cache/apk") {
                self.apk_index = false;
            } else if p.starts_with("/root/.cache") {
                self.pip_cache = Amount::ZERO;
            } else if p.starts_with("/root/.npm") {
                self.npm_cache = Amount::ZERO;
            } else if facts::CACHES.iter().any(|c| {
                c.paths
                    .iter()
                    .any(|cp| p.starts_with(cp) || cp.starts_with(&p))
            }) {
                self.caches_left.retain(|&i| {
                    facts::CACHES.get(i).is_none_or(|c| {
                        !c.paths
                            .iter()
                            .any(|cp| p.starts_with(cp) || cp.starts_with(&p))
                    })
                });
                // A build tool's cache this RUN filled (cargo's registry, Go's caches).
                self.forget_here(&p);
            } else {
                self.forget_here(&p);
            }
        }
    }

    /// `cp [-r] SRC… DEST` of what this stage wrote: a second copy, in this layer.
    pub(super) fn cp(&mut self, cmd: &Command) {
        let Some((dest, srcs)) = self.sources_and_dest(cmd) else {
            return;
        };
        for s in srcs.iter().filter(|s| !s.contains('$')) {
            let from = self.abs_here(s);
            let here: Amount = self
                .here
                .iter()
                .filter(|(h, _)| *h == from || crate::estimate::is_under(h, &from))
                .fold(Amount::ZERO, |acc, (_, a)| acc.add(*a));
            let a = if here.high > 0 {
                here
            } else {
                match self.st.under(&from) {
                    Some(a) => a,
                    None => continue,
                }
            };
            let base = from.rsplit('/').next().unwrap_or("");
            let to = if srcs.len() > 1
                || dest.ends_with('/')
                || self.st.files.iter().any(|(f, _, _)| *f == dest)
            {
                crate::estimate::norm_path(&format!("{dest}/{base}"))
            } else {
                dest.clone()
            };
            self.res.add(
                format!("cp {s}"),
                a,
                format!("a second copy of {from}, written at {to}"),
            );
            self.here_add(to.clone(), a);
            self.record(&to, a);
        }
    }

    /// What this RUN put at or under `path` is gone again (`rm -rf`, `cargo clean`).
    pub(super) fn forget_here(&mut self, path: &str) {
        let gone = |h: &str| h == path || crate::estimate::is_under(h, path);
        let mut freed = Amount::ZERO;
        self.here.retain(|(h, a)| {
            if gone(h) {
                freed = freed.add(*a);
                false
            } else {
                true
            }
        });
        self.res.amount = self.res.amount.sub(freed);
        let line = self.line;
        self.st.files.retain(|(f, _, l)| !(gone(f) && *l == line));
    }

    /// `chown -R`/`chmod -R` on files an earlier layer added copies every one of them into this layer.
    pub(super) fn copy_up(&mut self, cmd: &Command, name: &str) {
        if !cmd.has_any_flag(&["-R", "--recursive"]) {
            return;
        }
        for w in cmd.args_no_flags().iter().skip(1) {
            let p = self.st.abs(&w.value);
            if let Some(a) = self.st.under(&p) {
                if a.bytes > 0 {
                    self.res.add(
                        format!("{name} -R {}", w.value),
                        a,
                        "every changed file is copied into the new layer (copy-up)",
                    );
                    self.res.lessons.push(Lesson {
                        kind: "copy-up",
                        text: format!("`{name} -R {}` rewrites files an earlier layer added, so they are stored twice. Use `COPY --chown=…`/`--chmod=…` when copying instead.", w.value),
                        wasted_bytes: a.bytes,
                        from_line: None,
                        cache: None,
                    });
                }
            }
        }
    }
}
