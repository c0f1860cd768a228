//! Finding the steps: reads the model and the shell commands, and says for each step what it
//! changes ([`Action`]s) — or, for what it leaves alone, why ([`Note`]).

use super::doc::Action;
use super::steps::{
    cache_mounts, distro_python, exec_form_cmd, manifests_first, merge_runs, non_root_user,
    npm_omit_dev, slim_base, split_compiled, split_python,
};
use super::{Note, Safety, Step};
use crate::estimate::Input;
use crate::shell::{self, Command, Script};
use crate::stages::{stages, Base, Stage, Stages};
use crate::syntax::{Args, CommandForm, Dockerfile, Instruction, Keyword};

pub(crate) struct Candidate {
    pub step: Step,
    pub actions: Vec<Action>,
    /// Alternatives: of steps whose groups [`conflict`], only the first enabled one is taken.
    /// `cache-L9` (a cache mount) conflicts with `cache-L9/pip` and `cache-L9/npm` (each
    /// manager's own cleanup), which do not conflict with each other.
    pub group: Option<String>,
    /// Offered but off unless asked for (`Options::enabled`).
    pub default_on: bool,
}

pub(crate) struct Plan {
    pub steps: Vec<Candidate>,
    pub notes: Vec<Note>,
}

/// What the planner reads, computed once. The step finders (`steps/`) work on it.
pub(crate) struct Cx<'a> {
    pub(crate) df: &'a Dockerfile,
    pub(crate) input: &'a Input<'a>,
    pub(crate) stages: Stages,
    /// Shell commands of each RUN in shell form (heredoc RUNs excluded).
    pub(crate) scripts: Vec<Option<Script>>,
    steps: Vec<Candidate>,
    notes: Vec<Note>,
    /// RUNs a split moves to another stage: other steps must not move them again.
    pub(crate) moved: Vec<usize>,
    /// The ids given so far (a big file has thousands of steps).
    ids: std::collections::HashSet<String>,
}

pub(crate) fn plan(df: &Dockerfile, input: &Input, estimate: &crate::estimate::Estimate) -> Plan {
    let mut cx = Cx {
        df,
        input,
        stages: stages(df),
        scripts: df
            .instructions
            .iter()
            .map(|i| shell_run(i).map(shell::parse))
            .collect(),
        steps: Vec::new(),
        notes: Vec::new(),
        moved: Vec::new(),
        ids: Default::default(),
    };
    if !df.errors.is_empty() {
        // An error inside metadata no step reads or moves as anything but text (`ENV NAME`
        // without a value) is left as written and the rest rewritten; any other stops it.
        let at = |e: &crate::syntax::Diagnostic| {
            df.instructions.iter().find(|i| {
                i.span.start <= e.span.start && e.span.start < i.span.end.max(i.span.start + 1)
            })
        };
        let metadata = df.errors.iter().all(|e| {
            at(e).is_some_and(|i| {
                matches!(
                    i.keyword,
                    Keyword::Env
                        | Keyword::Label
                        | Keyword::Expose
                        | Keyword::Maintainer
                        | Keyword::Stopsignal
                        | Keyword::Volume
                )
            })
        });
        if !metadata {
            cx.note(
                1,
                "no rewrite while the file has syntax errors: fix those first",
            );
            return cx.done();
        }
        for e in &df.errors {
            let line = at(e).map_or(1, |i| i.start_line);
            cx.note(
                line,
                format!(
                    "left as written: {} — `docker build` stops here until it is fixed; the rest is rewritten",
                    e.message
                ),
            );
        }
    }
    if cx.is_windows() {
        cx.note(
            1,
            "a Windows Dockerfile: left as it is (the rewrite knows Linux images)",
        );
        return cx.done();
    }
    if df.escape != '\\' {
        cx.note(
            1,
            "`# escape=` changes the line-continuation character: left as it is",
        );
        return cx.done();
    }
    let Some(final_stage) = cx.stages.stages.last().cloned() else {
        return cx.done();
    };

    // Layer hygiene, every stage.
    merge_runs(&mut cx, estimate);
    // Cache mounts first: where one is switched on, it replaces the same RUN's cache flag.
    cache_mounts(&mut cx);
    // Package managers' flags and same-RUN cleanup (each kind's own finder, in this order).
    super::steps::apt_no_recommends(&mut cx);
    super::steps::apt_clean_lists(&mut cx);
    super::steps::pip_no_cache(&mut cx);
    super::steps::apk_no_cache(&mut cx);
    super::steps::npm_cache_clean(&mut cx);
    super::steps::conda_clean(&mut cx);
    // The final image: what it is built on and what it carries.
    let split = split_compiled(&mut cx, &final_stage)
        || split_python(&mut cx, &final_stage)
        || super::steps::split_node_build(&mut cx, &final_stage)
        || super::steps::split_os_build(&mut cx, &final_stage);
    // Cache order, every stage (a split orders its builder itself).
    manifests_first(&mut cx);
    if !split {
        distro_python(&mut cx, &final_stage);
        slim_base(&mut cx, &final_stage);
        npm_omit_dev(&mut cx, &final_stage);
    }
    if !split {
        super::steps::runtime_base(&mut cx, &final_stage);
        super::steps::composer_no_dev(&mut cx, &final_stage);
        super::steps::bundle_without_dev(&mut cx, &final_stage);
        super::steps::dotnet_chiseled(&mut cx, &final_stage);
    }
    super::steps::release_build(&mut cx);
    for st in cx.stages.stages.clone() {
        super::steps::copy_chown(&mut cx, &st);
    }
    exec_form_cmd(&mut cx, &final_stage);
    non_root_user(&mut cx, &final_stage);
    cx.steps
        .sort_by_key(|c| c.step.lines.first().copied().unwrap_or(0));
    cx.done()
}

impl<'a> Cx<'a> {
    pub(crate) fn done(self) -> Plan {
        Plan {
            steps: self.steps,
            notes: self.notes,
        }
    }

    pub(crate) fn note(&mut self, line: usize, message: impl Into<String>) {
        self.notes.push(Note {
            line,
            message: message.into(),
        });
    }

    pub(crate) fn ins(&self, i: usize) -> &'a Instruction {
        &self.df.instructions[i]
    }

    #[allow(clippy::too_many_arguments)]
    pub(crate) fn add(
        &mut self,
        kind: &'static str,
        line: usize,
        lines: Vec<usize>,
        title: impl Into<String>,
        explanation: impl Into<String>,
        safety: Safety,
        check: Option<String>,
        actions: Vec<Action>,
    ) {
        self.add_in_group(
            kind,
            line,
            lines,
            title,
            explanation,
            safety,
            check,
            actions,
            None,
        );
    }

    #[allow(clippy::too_many_arguments)]
    pub(crate) fn add_in_group(
        &mut self,
        kind: &'static str,
        line: usize,
        lines: Vec<usize>,
        title: impl Into<String>,
        explanation: impl Into<String>,
        safety: Safety,
        check: Option<String>,
        actions: Vec<Action>,
        group: Option<String>,
    ) {
        let mut id = format!("{kind}-L{line}");
        let mut n = 2;
        while self.ids.contains(&id) {
            id = format!("{kind}-L{line}-{n}");
            n += 1;
        }
        self.ids.insert(id.clone());
        self.steps.push(Candidate {
            step: Step::found(
                id,
                kind,
                title.into(),
                explanation.into(),
                safety,
                check,
                lines,
            ),
            actions,
            group,
            // Offered but off unless asked for: the kind's doc says (`steps/<kind>.rs`).
            default_on: super::steps::doc(kind)
                .is_none_or(|d| d.applies == super::steps::Applies::Default),
        });
    }

    pub(crate) fn is_windows(&self) -> bool {
        let windows_base = self.stages.stages.iter().any(|s| match &s.base {
            Base::Image { reference, .. } => crate::lint::rules::known_os(reference).is_some(),
            _ => false,
        });
        let windows_shell = self.df.instructions.iter().any(|i| {
            i.keyword == Keyword::Shell
                && (i.text.to_ascii_lowercase().contains("powershell")
                    || i.text.to_ascii_lowercase().contains("cmd"))
        });
        windows_base || windows_shell
    }

    /// The source offset of byte `off` of instruction `i`'s text.
    pub(crate) fn at(&self, i: usize, off: usize) -> usize {
        self.ins(i).source_offset(off)
    }

    /// The source offset just after instruction `i`'s text (where `&& more` can be appended).
    pub(crate) fn text_end(&self, i: usize) -> usize {
        let ins = self.ins(i);
        match ins.text.char_indices().next_back() {
            Some((k, ch)) => ins.source_offset(k) + ch.len_utf8(),
            None => ins.text_span.end,
        }
    }

    /// The stage an instruction is in.
    pub(crate) fn stage_of(&self, i: usize) -> Option<&Stage> {
        self.stages
            .stage_of(i)
            .and_then(|s| self.stages.stages.get(s))
    }

    /// A RUN we may append `&& …` to: shell form, no heredoc, no comment, no trailing `;`/`&`.
    pub(crate) fn appendable(&self, i: usize) -> bool {
        let ins = self.ins(i);
        let Some(script) = self.scripts[i].as_ref() else {
            return false;
        };
        let t = ins.text.trim_end();
        !t.is_empty()
            && !t.contains('#')
            && !t.ends_with([';', '&', '|', '\\'])
            && script.errors.is_empty()
            && !script
                .commands
                .iter()
                .any(|c| c.next == Some(shell::Operator::Background))
    }

    /// Instructions of a stage, in order.
    pub(crate) fn stage_ins(&self, st: &Stage) -> Vec<usize> {
        st.instructions.clone()
    }

    /// WORKDIR in effect before instruction `i` (in its stage), as written; `/` if none.
    pub(crate) fn workdir_before(&self, i: usize) -> String {
        let Some(st) = self.stage_of(i) else {
            return "/".into();
        };
        let mut wd = String::from("/");
        for &j in st.instructions.iter().filter(|&&j| j < i) {
            let ins = self.ins(j);
            if ins.keyword == Keyword::Workdir {
                if let Args::Text(Some(w)) = &ins.args {
                    wd = if w.value.starts_with('/') {
                        w.value.clone()
                    } else {
                        format!("{}/{}", wd.trim_end_matches('/'), w.value)
                    };
                }
            }
        }
        wd
    }
}

/// The shell script of a RUN in shell form, without heredocs.
pub(crate) fn shell_run(ins: &Instruction) -> Option<&str> {
    if ins.keyword != Keyword::Run || !ins.heredocs.is_empty() {
        return None;
    }
    match &ins.args {
        Args::Command(CommandForm::Shell { script, .. }) if *script == ins.text => {
            Some(script.as_str())
        }
        _ => None,
    }
}

pub(crate) fn is_pip(c: &Command) -> bool {
    let name = c.name().unwrap_or_default();
    let direct =
        name.starts_with("pip") && name[3..].chars().all(|ch| ch.is_ascii_digit() || ch == '.');
    let module = name.starts_with("python")
        && c.args()
            .windows(2)
            .any(|w| w[0].value == "-m" && w[1].value == "pip");
    direct || module
}

/// `pip install …`: the `install` word.
pub(crate) fn pip_install_word(c: &Command) -> Option<&shell::Word> {
    if !is_pip(c) {
        return None;
    }
    c.args()
        .iter()
        .find(|w| !w.value.starts_with('-') && w.value != "pip" && w.value != "-m")
        .filter(|w| w.value == "install")
}

pub(crate) fn sub_word<'c>(c: &'c Command, sub: &str) -> Option<&'c shell::Word> {
    c.args()
        .iter()
        .find(|w| !w.value.starts_with('-'))
        .filter(|w| w.value == sub)
}

pub(crate) fn is_apt(c: &Command) -> bool {
    matches!(c.name(), Some("apt-get" | "apt"))
}

/// Commands that only delete or clean: merging them into the RUN before makes the deletion free.
pub(crate) fn is_cleanup(c: &Command) -> bool {
    let sub = c.subcommand();
    match c.name() {
        Some("rm" | "true" | "rmdir") => true,
        Some("apt-get" | "apt") => matches!(
            sub,
            Some("clean" | "autoclean" | "autoremove" | "purge" | "remove" | "dist-clean")
        ),
        Some("apk") => matches!(sub, Some("del")),
        Some("npm") => matches!(sub, Some("cache")),
        Some("yarn") => matches!(sub, Some("cache")),
        Some("conda") => matches!(sub, Some("clean")),
        Some("find") => c
            .args()
            .iter()
            .any(|w| w.value == "-delete" || w.value == "rm"),
        Some(n) if n.starts_with("pip") => matches!(sub, Some("cache")),
        _ => false,
    }
}

pub(crate) fn is_index_update(c: &Command) -> bool {
    (is_apt(c) || c.name() == Some("apk")) && c.subcommand() == Some("update")
}

/// The RUNs in shell form, with what the package steps read: the index, its script, its line,
/// whether it has a cache mount, and its text.
pub(crate) fn shell_runs(cx: &Cx) -> Vec<(usize, Script, usize, bool, String)> {
    (0..cx.df.instructions.len())
        .filter_map(|i| {
            let script = cx.scripts[i].clone()?;
            let ins = cx.ins(i);
            let cache_mount = ins.flags.iter().any(|f| {
                f.name == "mount" && f.value.as_deref().is_some_and(|v| v.contains("cache"))
            });
            Some((i, script, ins.start_line, cache_mount, ins.text.clone()))
        })
        .collect()
}

/// The `COPY` lines that give RUN `r` the dependency manifests it installs from, when `c` is a
/// `COPY . DEST` the RUN would otherwise need: (lines, whether it is npm).
pub(crate) fn manifest_copy(cx: &Cx, c: usize, r: usize) -> Option<(String, bool)> {
    let copy = cx.ins(c);
    if copy.keyword != Keyword::Copy || !copy.flags.is_empty() {
        return None;
    }
    let Args::Copy { paths, json: false } = &copy.args else {
        return None;
    };
    let [src, dest] = paths.as_slice() else {
        return None;
    };
    if !matches!(src.value.as_str(), "." | "./") || dest.value.contains('$') {
        return None;
    }
    if cx.ins(r).keyword != Keyword::Run || !cx.ins(r).flags.is_empty() {
        return None;
    }
    let script = cx.scripts[r].clone()?;
    let copy_dir = {
        let d = &dest.value;
        if d.starts_with('/') {
            d.trim_end_matches('/').to_string()
        } else {
            let wd = cx.workdir_before(c);
            if d == "." || d == "./" {
                wd.trim_end_matches('/').to_string()
            } else {
                format!(
                    "{}/{}",
                    wd.trim_end_matches('/'),
                    d.trim_end_matches('/').trim_start_matches("./")
                )
            }
        }
    };
    let run_dir = cx.workdir_before(r).trim_end_matches('/').to_string();
    let mut manifests: Vec<String> = Vec::new();
    let mut ok = !script.commands.is_empty();
    let mut node = false;
    for cmd in &script.commands {
        if pip_install_word(cmd).is_some() {
            let files = cmd.flag_values("-r");
            let others = cmd.operands(&[
                "-r",
                "-c",
                "--requirement",
                "--constraint",
                "-i",
                "--index-url",
                "--extra-index-url",
                "-f",
                "--find-links",
            ]);
            if files.is_empty()
                || others.iter().any(|w| w.value != "install")
                || cmd.has_any_flag(&["-e", "--editable"])
            {
                ok = false;
            }
            for f in files {
                let abs = if f.starts_with('/') {
                    f.to_string()
                } else {
                    format!("{run_dir}/{}", f.trim_start_matches("./"))
                };
                match abs.strip_prefix(&format!("{copy_dir}/")) {
                    Some(rel) if !rel.contains("..") && !rel.contains('$') => {
                        // A requirements file that includes others or the project itself.
                        if cx
                            .input
                            .context
                            .and_then(|ctx| ctx.text(rel))
                            .is_some_and(|t| {
                                t.lines().any(|l| {
                                    let l = l.trim();
                                    l.starts_with("-r")
                                        || l.starts_with("-c")
                                        || l.starts_with("-e")
                                        || l == "."
                                })
                            })
                        {
                            ok = false;
                        }
                        manifests.push(rel.to_string());
                    }
                    _ => ok = false,
                }
            }
        } else if cmd.name() == Some("npm")
            && matches!(cmd.subcommand(), Some("ci" | "install" | "i"))
        {
            if cmd.operands(&[]).len() > 1 {
                ok = false;
            }
            node = true;
        } else if cmd.name() == Some("npm") {
            // `npm cache clean` needs no source; `npm run build` and the like do.
            if cmd.subcommand() != Some("cache") {
                ok = false;
            }
        } else if !matches!(cmd.name(), Some("pip" | "pip3" | "true")) && !is_cleanup(cmd) {
            ok = false;
        }
    }
    if node {
        if run_dir != copy_dir {
            ok = false;
        }
        let scripts_need_source = cx
            .input
            .context
            .and_then(|ctx| ctx.text("package.json"))
            .is_some_and(|t| {
                t.contains("\"postinstall\"")
                    || t.contains("\"prepare\"")
                    || t.contains("\"preinstall\"")
            });
        if scripts_need_source {
            ok = false;
        }
        manifests.push("package.json".into());
        match cx.input.context {
            Some(ctx) => {
                for lock in ["package-lock.json", "npm-shrinkwrap.json"] {
                    if ctx.files.iter().any(|(p, _)| p == lock) {
                        manifests.push(lock.into());
                    }
                }
            }
            None => manifests.push("package-lock.json*".into()),
        }
    }
    if !ok || manifests.is_empty() {
        return None;
    }
    manifests.dedup();
    let dest_dir = if dest.value.ends_with('/') || dest.value == "." {
        dest.value.clone()
    } else {
        format!("{}/", dest.value)
    };
    // Manifests in subfolders keep their folder.
    let lines: Vec<String> = if manifests.iter().all(|m| !m.contains('/')) {
        vec![format!("COPY {} {dest_dir}", manifests.join(" "))]
    } else {
        manifests
            .iter()
            .map(|m| format!("COPY {m} {dest_dir}{m}"))
            .collect()
    };
    Some((lines.join("\n"), node))
}

/// The image name of a FROM and the source range of its word.
pub(crate) fn from_image(cx: &Cx, st: &Stage) -> Option<(String, usize, usize)> {
    let ins = cx.ins(st.from);
    let Args::From { image: Some(w), .. } = &ins.args else {
        return None;
    };
    // An `-onbuild` image's triggers would be lost with its name: `expand-onbuild` writes them
    // out first; switched off, no step touches that FROM.
    if w.value.contains('$') || crate::knowledge::tags::onbuild(&w.value).is_some() {
        return None;
    }
    Some((w.value.clone(), w.span.start, w.span.end))
}

/// `python:3.11` → ("python", "3.11"); registry `docker.io/library/` dropped.
pub(crate) fn name_tag(reference: &str) -> (String, String) {
    let (name, tag, _) = crate::stages::split_reference(reference);
    let name = name
        .trim_start_matches("docker.io/")
        .trim_start_matches("library/")
        .to_string();
    (name, tag.unwrap_or_else(|| "latest".into()))
}

/// The `-slim` tag of a full official image tag, when there is one.
pub(crate) fn slim_tag(name: &str, tag: &str) -> Option<String> {
    if !matches!(name, "python" | "node" | "ruby" | "debian" | "php" | "perl") {
        return None;
    }
    let t = tag.to_ascii_lowercase();
    if t.contains("slim")
        || t.contains("alpine")
        || t.contains("windows")
        || t.contains("nanoserver")
    {
        return None;
    }
    if name == "debian" {
        return (!t.contains("latest"))
            .then(|| format!("{tag}-slim"))
            .or(Some("bookworm-slim".into()));
    }
    for dist in ["-bookworm", "-bullseye", "-buster", "-trixie"] {
        if let Some(v) = tag.strip_suffix(dist) {
            return Some(format!("{v}-slim{dist}"));
        }
    }
    if t == "latest" {
        return Some("slim".into());
    }
    Some(format!("{tag}-slim"))
}

/// The edit that takes top-level command `k` out of RUN `i`'s script, with the `&&` that joins it.
pub(crate) fn delete_command(cx: &Cx, i: usize, script: &Script, k: usize) -> Option<Action> {
    let c = &script.commands[k];
    let joins = |op: Option<shell::Operator>| {
        matches!(
            op,
            Some(shell::Operator::AndIf | shell::Operator::Semi | shell::Operator::Newline)
        )
    };
    if c.nested || script.commands.iter().any(|o| o.nested) {
        return None;
    }
    if let Some(next) = script.commands.get(k + 1).filter(|_| joins(c.next)) {
        return Some(Action::Replace {
            start: cx.at(i, c.span.start),
            end: cx.at(i, next.span.start),
            text: String::new(),
        });
    }
    let prev = k
        .checked_sub(1)
        .map(|p| &script.commands[p])
        .filter(|p| joins(p.next))?;
    Some(Action::Replace {
        start: cx.at(i, prev.span.end),
        end: cx.at(i, c.span.end),
        text: String::new(),
    })
}

/// Plain words only: a shell-form command that means the same in JSON form.
pub(crate) fn plain_words(script: &str) -> Option<Vec<String>> {
    let words: Vec<&str> = script.split_whitespace().collect();
    let plain = |w: &&str| {
        !w.is_empty()
            && w.chars()
                .all(|c| c.is_ascii_alphanumeric() || "-_./:=,@%+".contains(c))
    };
    (!words.is_empty() && words.iter().all(plain))
        .then(|| words.iter().map(|w| w.to_string()).collect())
}

/// What a compiled program needs at run time, by toolchain image (`knowledge::runtimes`).
pub(crate) struct Toolchain {
    pub(crate) runtime: String,
    /// The runtime has a shell (a shell-form CMD still works).
    pub(crate) has_shell: bool,
    /// Extra line for the build (`ENV CGO_ENABLED=0`).
    pub(crate) build_env: Option<&'static str>,
    pub(crate) check: &'static str,
    pub(crate) ecosystem: &'static str,
}

pub(crate) fn toolchain(name: &str, tag: &str) -> Option<Toolchain> {
    use crate::knowledge::runtimes::{runtime_for, JAVA_DEFAULT, JAVA_RELEASES};
    let r = runtime_for(name, tag)?;
    let major = |t: &str| {
        t.split(|c: char| !c.is_ascii_digit())
            .find(|s| !s.is_empty())
            .map(str::to_string)
    };
    // The Java release: after `temurin-`/`jdk` in a Maven or Gradle tag, else the tag's first number.
    let v = if matches!(r.toolchain, "maven" | "gradle") {
        tag.split("temurin-")
            .nth(1)
            .or(tag.split("jdk").nth(1))
            .and_then(major)
    } else {
        major(tag)
    };
    let v = v
        .filter(|v| JAVA_RELEASES.contains(&v.as_str()))
        .unwrap_or_else(|| JAVA_DEFAULT.into());
    Some(Toolchain {
        runtime: r.runtime.replace("{v}", &v).replace("{tag}", tag),
        has_shell: r.has_shell,
        build_env: r.build_env,
        check: r.check,
        ecosystem: r.ecosystem,
    })
}

pub(crate) fn resolve(path: &str, workdir: &str) -> String {
    if path.starts_with('/') {
        path.to_string()
    } else {
        format!(
            "{}/{}",
            workdir.trim_end_matches('/'),
            path.trim_start_matches("./")
        )
    }
}

/// The name a split's builder stage goes by: the stage's own, or a new one given with ` AS name`
/// (the action that writes it is pushed to `actions`).
pub(crate) fn builder_stage(cx: &Cx, st: &Stage, actions: &mut Vec<Action>) -> String {
    match &cx.ins(st.from).args {
        Args::From {
            stage_name: Some(n),
            ..
        } => n.value.clone(),
        _ => {
            let builder = builder_name(cx);
            actions.push(Action::Insert {
                at: cx.text_end(st.from),
                text: format!(" AS {builder}"),
            });
            builder
        }
    }
}

/// Whether an instruction of `st` with one of these keywords is in shell form (it needs a shell
/// in the image: distroless and chiseled images have none).
pub(crate) fn shell_form_in(cx: &Cx, st: &Stage, keywords: &[Keyword]) -> bool {
    st.instructions.iter().any(|&i| {
        keywords.contains(&cx.ins(i).keyword)
            && matches!(cx.ins(i).args, Args::Command(CommandForm::Shell { .. }))
    })
}

/// A unique name for the builder stage.
pub(crate) fn builder_name(cx: &Cx) -> String {
    let taken = |n: &str| {
        cx.stages
            .stages
            .iter()
            .any(|s| s.name.as_deref() == Some(n))
    };
    ["builder", "build-stage", "builder-1"]
        .into_iter()
        .find(|n| !taken(n))
        .unwrap_or("layerlens-builder")
        .to_string()
}

/// Whether these instructions include ONBUILD or SHELL, which a stage split cannot carry over
/// faithfully (triggers run in whoever builds FROM it; SHELL changes how later RUNs read).
pub(crate) fn has_onbuild_or_shell(cx: &Cx, ins: &[usize]) -> bool {
    ins.iter()
        .any(|&i| matches!(cx.ins(i).keyword, Keyword::Onbuild | Keyword::Shell))
}

/// The program a stage starts: (argv words, from ENTRYPOINT?).
pub(crate) fn start_command(cx: &Cx, st: &Stage) -> Option<(Vec<String>, usize, bool)> {
    let pick = |kw: Keyword| {
        st.instructions
            .iter()
            .rev()
            .copied()
            .find(|&i| cx.ins(i).keyword == kw)
    };
    let (i, is_ep) = match pick(Keyword::Entrypoint) {
        Some(i) => (i, true),
        None => (pick(Keyword::Cmd)?, false),
    };
    let words = match &cx.ins(i).args {
        Args::Command(CommandForm::Exec { args }) => args.iter().map(|w| w.value.clone()).collect(),
        Args::Command(CommandForm::Shell { script, .. }) => plain_words(script)?,
        _ => return None,
    };
    (!words.is_empty()).then_some((words, i, is_ep))
}

/// Whether two step groups are alternatives: the same group, or one inside the other
/// (`cache-L9` and `cache-L9/pip`).
pub(crate) fn conflict(a: &str, b: &str) -> bool {
    let inside = |x: &str, y: &str| x.strip_prefix(y).is_some_and(|rest| rest.starts_with('/'));
    a == b || inside(a, b) || inside(b, a)
}
