//! Finding the steps: reads the model and the shell commands, and says for each step what it
//! changes ([`Action`]s) — or, for what it leaves alone, why ([`Note`]).

use super::doc::{Action, Part};
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
    input: &'a Input<'a>,
    pub(crate) stages: Stages,
    /// Shell commands of each RUN in shell form (heredoc RUNs excluded).
    pub(crate) scripts: Vec<Option<Script>>,
    steps: Vec<Candidate>,
    notes: Vec<Note>,
    /// RUNs a split moves to another stage: other steps must not move them again.
    moved: Vec<usize>,
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
        cx.note(
            1,
            "no rewrite while the file has syntax errors: fix those first",
        );
        return cx.done();
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
    package_flags(&mut cx);
    // The final image: what it is built on and what it carries.
    let split = split_compiled(&mut cx, &final_stage) || split_python(&mut cx, &final_stage);
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
    fn done(self) -> Plan {
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
    fn add_in_group(
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
            step: Step {
                id,
                kind,
                title: title.into(),
                explanation: explanation.into(),
                safety,
                check,
                saved_bytes: 0,
                unpriced: false,
                enabled: true,
                superseded_by: None,
                left_out: false,
                lines,
            },
            actions,
            group,
            // Offered but off unless asked for: the kind's doc says (`steps/<kind>.rs`).
            default_on: super::steps::doc(kind)
                .is_none_or(|d| d.applies == super::steps::Applies::Default),
        });
    }

    fn is_windows(&self) -> bool {
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
    fn stage_of(&self, i: usize) -> Option<&Stage> {
        self.stages
            .stage_of(i)
            .and_then(|s| self.stages.stages.get(s))
    }

    /// A RUN we may append `&& …` to: shell form, no heredoc, no comment, no trailing `;`/`&`.
    fn appendable(&self, i: usize) -> bool {
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
fn shell_run(ins: &Instruction) -> Option<&str> {
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

fn is_pip(c: &Command) -> bool {
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
fn pip_install_word(c: &Command) -> Option<&shell::Word> {
    if !is_pip(c) {
        return None;
    }
    c.args()
        .iter()
        .find(|w| !w.value.starts_with('-') && w.value != "pip" && w.value != "-m")
        .filter(|w| w.value == "install")
}

fn sub_word<'c>(c: &'c Command, sub: &str) -> Option<&'c shell::Word> {
    c.args()
        .iter()
        .find(|w| !w.value.starts_with('-'))
        .filter(|w| w.value == sub)
}

fn is_apt(c: &Command) -> bool {
    matches!(c.name(), Some("apt-get" | "apt"))
}

/// Commands that only delete or clean: merging them into the RUN before makes the deletion free.
fn is_cleanup(c: &Command) -> bool {
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

fn is_index_update(c: &Command) -> bool {
    (is_apt(c) || c.name() == Some("apk")) && c.subcommand() == Some("update")
}

/// Commands whose effect outlives them in the same shell: after merging, they would change what
/// the next RUN's commands see.
fn changes_shell_state(script: &Script) -> bool {
    script.commands.iter().any(|c| {
        !c.nested
            && matches!(
                c.name(),
                Some(
                    "cd" | "pushd"
                        | "popd"
                        | "export"
                        | "source"
                        | "."
                        | "umask"
                        | "unset"
                        | "alias"
                        | "set"
                        | "shopt"
                        | "exec"
                )
            )
    })
}

/// Merge a RUN that only cleans up into the RUN before it; an `apt-get update` alone into the
/// install after it.
fn merge_runs(cx: &mut Cx, estimate: &crate::estimate::Estimate) {
    let stages_list = cx.stages.stages.clone();
    // RUNs that delete what an earlier layer wrote, by the estimate of the original: the
    // instruction, and the line of the layer that wrote it.
    let deleted_later: Vec<(usize, usize)> = estimate
        .layers
        .iter()
        .flat_map(|l| {
            l.lessons
                .iter()
                .filter(|x| x.kind == "deleted-later" && x.wasted_bytes > 0)
                .filter_map(|x| Some((l.instruction, x.from_line?)))
        })
        .collect();
    for st in &stages_list {
        let ins = cx.stage_ins(st);
        // The RUN a chain merges into, and whether the chain can go on.
        let mut head: Option<usize> = None;
        for &i in &ins {
            let this = cx.ins(i);
            if this.keyword != Keyword::Run {
                // Only labels and exposes may sit between two RUNs that merge.
                if !matches!(this.keyword, Keyword::Label | Keyword::Expose) {
                    head = None;
                }
                continue;
            }
            let plain = this.flags.is_empty() && cx.appendable(i);
            let Some(script) = cx.scripts[i].clone() else {
                head = None;
                continue;
            };
            if let (Some(h), true) = (head, plain) {
                let head_script = cx.scripts[h].clone().unwrap_or_default();
                let cleanup = !script.commands.is_empty() && script.commands.iter().all(is_cleanup);
                let update_only = !head_script.commands.is_empty()
                    && head_script
                        .commands
                        .iter()
                        .all(|c| is_index_update(c) || c.name() == Some("true"));
                let installs = script.commands.iter().any(|c| {
                    (is_apt(c) || c.name() == Some("apk"))
                        && matches!(c.subcommand(), Some("install" | "add"))
                });
                // The estimator saw this RUN delete files an earlier layer wrote: with the RUN
                // before, they may never be stored (pricing says whether they were that RUN's).
                // Only files of the chain it joins: a COPY's files stay in the COPY's layer.
                let head_line = cx.ins(h).start_line;
                let frees = deleted_later
                    .iter()
                    .any(|&(d, from)| d == i && from >= head_line);
                if (cleanup || (update_only && installs) || frees)
                    && !changes_shell_state(&head_script)
                {
                    let (title, why) = if frees && !cleanup {
                        (
                            "Create and delete the files in one RUN",
                            "This RUN deletes files that the RUN before it created — but that layer is already stored, so deleting them later hides them without making the image any smaller. Running both in one RUN means the files exist only while the RUN runs.",
                        )
                    } else if cleanup {
                        (
                            "Clean up in the same RUN that made the files",
                            "Each RUN is a layer, and a layer only adds: files deleted in a later RUN are hidden, not removed, and still weigh in the image. Running the cleanup in the RUN that created the files means they are never stored at all.",
                        )
                    } else {
                        (
                            "Update the package index in the RUN that installs",
                            "An `apt-get update` in a RUN of its own is cached: later builds reuse the old index and install stale (or no longer existing) package versions, and the index stays in its own layer. Updating and installing in one RUN keeps them in step and lets the same RUN delete the index.",
                        )
                    };
                    cx.add(
                        "merge-runs",
                        this.start_line,
                        vec![cx.ins(h).start_line, this.start_line],
                        title,
                        why,
                        Safety::Safe,
                        None,
                        vec![Action::MergeInto { from: i, into: h }],
                    );
                    // The merged RUN's shell state now reaches later merges.
                    if changes_shell_state(&script) {
                        head = None;
                    }
                    continue;
                }
            }
            head = if plain && !changes_shell_state(&script) {
                Some(i)
            } else {
                None
            };
        }
    }
}

/// Package manager flags and same-RUN cleanup: `--no-install-recommends`, the apt lists, pip's
/// and npm's caches, `apk --no-cache`.
fn package_flags(cx: &mut Cx) {
    for i in 0..cx.df.instructions.len() {
        let Some(script) = cx.scripts[i].clone() else {
            continue;
        };
        let ins = cx.ins(i);
        let line = ins.start_line;
        let cache_mount = ins
            .flags
            .iter()
            .any(|f| f.name == "mount" && f.value.as_deref().is_some_and(|v| v.contains("cache")));
        let text = ins.text.clone();
        // apt-get install
        let apt_installs: Vec<&Command> = script
            .commands
            .iter()
            .filter(|c| is_apt(c) && c.subcommand() == Some("install"))
            .collect();
        for c in &apt_installs {
            if !c.has_flag("--no-install-recommends") && !text.contains("APT::Install-Recommends") {
                if let Some(w) = sub_word(c, "install") {
                    let at = cx.at(i, w.span.end);
                    cx.add(
                        "apt-no-recommends",
                        line,
                        vec![line],
                        "Install without recommended packages",
                        "By default apt also installs every package the ones you asked for *recommend* — often tens or hundreds of megabytes of documentation tools, X libraries and language packs your app never loads. `--no-install-recommends` installs what is required and nothing more.",
                        Safety::NeedsCheck,
                        Some("a recommended package the app relies on (say `ca-certificates` for HTTPS) must then be named explicitly".into()),
                        vec![Action::Insert { at, text: " --no-install-recommends".into() }],
                    );
                }
            }
        }
        let cleans_lists = text.contains("/var/lib/apt/lists")
            || script
                .commands
                .iter()
                .any(|c| is_apt(c) && c.subcommand() == Some("dist-clean"));
        let uses_apt_index = script
            .commands
            .iter()
            .any(|c| is_apt(c) && matches!(c.subcommand(), Some("update" | "install")));
        // After the RUN that installs (the lists an update left are still there); a RUN that
        // only updates is merged into the install instead.
        let readers = if uses_apt_index
            && !cleans_lists
            && !cache_mount
            && cx.appendable(i)
            && !apt_installs.is_empty()
        {
            lists_readers_after(cx, i)
        } else {
            None
        };
        if let Some(readers) = readers {
            let at = cx.text_end(i);
            let mut lines = vec![line];
            let mut actions = vec![Action::Insert {
                at,
                text: " && rm -rf /var/lib/apt/lists/*".into(),
            }];
            // Without its apt-get installs (an Alpine base replaced them) there are no lists.
            actions.extend(apt_installs.iter().map(|c| Action::Requires {
                start: cx.at(i, c.span.start),
                end: cx.at(i, c.span.end),
            }));
            for (j, at) in readers {
                lines.push(cx.ins(j).start_line);
                actions.push(Action::Insert {
                    at,
                    text: "apt-get update && ".into(),
                });
            }
            cx.add(
                "apt-clean-lists",
                line,
                lines,
                "Delete apt's package lists in the same RUN",
                "`apt-get update` downloads the package index (about 20 MB for Debian bookworm) into /var/lib/apt/lists. Nothing needs it once the packages are installed, and only the RUN that downloaded it can keep it out of the image.",
                Safety::Safe,
                None,
                actions,
            );
        }
        // pip install
        let pip_env = cx.stage_of(i).is_some_and(|st| {
            st.instructions.iter().any(|&j| {
                j < i
                    && cx.ins(j).keyword == Keyword::Env
                    && cx.ins(j).text.contains("PIP_NO_CACHE_DIR")
            })
        });
        // One step for all the pip installs of a RUN.
        let pip_inserts: Vec<Action> = script
            .commands
            .iter()
            .filter(|c| !c.has_flag("--no-cache-dir") && !cache_mount && !pip_env)
            .filter_map(pip_install_word)
            .map(|w| Action::Insert {
                at: cx.at(i, w.span.end),
                text: " --no-cache-dir".into(),
            })
            .collect();
        if !pip_inserts.is_empty() {
            cx.add_in_group(
                "pip-no-cache",
                line,
                vec![line],
                "Tell pip not to keep its download cache",
                "pip keeps a copy of every wheel it downloads in ~/.cache/pip, to reuse next time — but there is no next time inside an image layer: the cache ships with it, roughly the size of the packages again. `--no-cache-dir` skips it.",
                Safety::Safe,
                None,
                pip_inserts,
                Some(format!("cache-L{line}/pip")),
            );
        }
        // apk add
        for c in script
            .commands
            .iter()
            .filter(|c| c.name() == Some("apk") && c.subcommand() == Some("add"))
        {
            if c.has_flag("--no-cache") || cache_mount {
                continue;
            }
            let Some(w) = sub_word(c, "add") else {
                continue;
            };
            let at = cx.at(i, w.span.end);
            cx.add(
                "apk-no-cache",
                line,
                vec![line],
                "Use `apk add --no-cache`",
                "`apk add` stores the package index in /var/cache/apk, which then ships in the layer. `--no-cache` fetches a fresh index for this command only and keeps nothing.",
                Safety::Safe,
                None,
                vec![Action::Insert { at, text: " --no-cache".into() }],
            );
        }
        // npm install / ci
        let npm_installs = script.commands.iter().any(|c| {
            c.name() == Some("npm") && matches!(c.subcommand(), Some("install" | "ci" | "i"))
        });
        let npm_cleans = script
            .commands
            .iter()
            .any(|c| c.name() == Some("npm") && c.subcommand() == Some("cache"))
            || text.contains(".npm");
        if npm_installs && !npm_cleans && !cache_mount && cx.appendable(i) {
            let at = cx.text_end(i);
            cx.add_in_group(
                "npm-cache-clean",
                line,
                vec![line],
                "Clear npm's cache in the same RUN",
                "npm keeps every package tarball it downloads in ~/.npm/_cacache, often as large as node_modules' download. Inside an image it is never reused; `npm cache clean --force` in the installing RUN keeps it out.",
                Safety::Safe,
                None,
                vec![Action::Insert { at, text: " && npm cache clean --force".into() }],
                Some(format!("cache-L{line}/npm")),
            );
        }
        // conda / mamba install: the package downloads stay in pkgs/.
        let conda = script
            .commands
            .iter()
            .filter(|c| {
                matches!(c.name(), Some("conda" | "mamba" | "micromamba"))
                    && matches!(c.subcommand(), Some("install" | "create" | "update"))
            })
            .filter_map(|c| c.name())
            .next_back()
            .map(str::to_string);
        let conda_cleans = script.commands.iter().any(|c| {
            matches!(c.name(), Some("conda" | "mamba" | "micromamba"))
                && c.subcommand() == Some("clean")
        }) || text.contains("/pkgs");
        if let Some(tool) = conda.filter(|_| !conda_cleans && !cache_mount && cx.appendable(i)) {
            let at = cx.text_end(i);
            cx.add_in_group(
                "conda-clean",
                line,
                vec![line],
                "Clear conda's package cache in the same RUN",
                "conda downloads every package as an archive into pkgs/ and keeps it after unpacking — for a data-science stack that is hundreds of megabytes (MKL alone is a 120–200 MB download). `conda clean -ay` in the installing RUN removes the archives and unused packages; in a later RUN it would free nothing.",
                Safety::Safe,
                None,
                vec![Action::Insert { at, text: format!(" && {tool} clean -ay") }],
                Some(format!("cache-L{line}")),
            );
        }
    }
}

/// RUNs after `i` — in its stage and in stages built `FROM` it — that read the apt lists RUN `i`
/// fetched (an install with no `apt-get update` of its own first): if `i` deletes the lists, each
/// must fetch its own, so the step puts `apt-get update && ` before its first apt command. Returns
/// (instruction, source offset) for each; `None` when one cannot be edited safely.
fn lists_readers_after(cx: &Cx, i: usize) -> Option<Vec<(usize, usize)>> {
    let mut out = Vec::new();
    let mut stages = vec![cx.stages.stage_of(i)?];
    let mut seen = Vec::new();
    while let Some(s) = stages.pop() {
        if seen.contains(&s) {
            continue;
        }
        seen.push(s);
        let st = cx.stages.stages.get(s)?;
        'ins: for &j in st.instructions.iter().filter(|&&j| j > i) {
            let ins = cx.ins(j);
            if ins.keyword != Keyword::Run {
                continue;
            }
            let Some(script) = cx.scripts[j].as_ref() else {
                if ins.text.contains("apt") {
                    return None;
                }
                continue;
            };
            let mut prev = None;
            for c in &script.commands {
                let reads = (is_apt(c)
                    && matches!(
                        c.subcommand(),
                        Some(
                            "install"
                                | "upgrade"
                                | "dist-upgrade"
                                | "full-upgrade"
                                | "build-dep"
                                | "source"
                                | "download"
                                | "satisfy"
                        )
                    ))
                    || c.name() == Some("apt-cache");
                if is_apt(c) && c.subcommand() == Some("update") {
                    // The lists are fresh from here on, in this stage.
                    break 'ins;
                }
                if reads {
                    if c.nested
                        || matches!(
                            prev,
                            Some(
                                shell::Operator::Pipe
                                    | shell::Operator::OrIf
                                    | shell::Operator::Background
                            )
                        )
                        || !ins.flags.is_empty()
                    {
                        return None;
                    }
                    out.push((j, cx.at(j, c.span.start)));
                    break 'ins;
                }
                prev = c.next;
            }
        }
        // Stages built FROM this one start with its files, the lists included.
        for (k, other) in cx.stages.stages.iter().enumerate() {
            if matches!(other.base, crate::stages::Base::Stage(b) if b == s) {
                stages.push(k);
            }
        }
    }
    out.sort_unstable();
    out.dedup_by_key(|(j, _)| *j);
    Some(out)
}

/// The `COPY` lines that give RUN `r` the dependency manifests it installs from, when `c` is a
/// `COPY . DEST` the RUN would otherwise need: (lines, whether it is npm).
fn manifest_copy(cx: &Cx, c: usize, r: usize) -> Option<(String, bool)> {
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
        } else if !matches!(cmd.name(), Some("pip" | "pip3" | "npm" | "true")) && !is_cleanup(cmd) {
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

/// BuildKit cache mounts for pip and npm: the download cache lives outside the image and is kept
/// between builds. Offered, off unless asked for (it needs BuildKit).
fn cache_mounts(cx: &mut Cx) {
    for i in 0..cx.df.instructions.len() {
        let Some(script) = cx.scripts[i].clone() else {
            continue;
        };
        let ins = cx.ins(i);
        if ins.flags.iter().any(|f| f.name == "mount") {
            continue;
        }
        let mut targets = Vec::new();
        if script
            .commands
            .iter()
            .any(|c| pip_install_word(c).is_some())
        {
            targets.push("/root/.cache/pip");
        }
        if script.commands.iter().any(|c| {
            c.name() == Some("npm") && matches!(c.subcommand(), Some("install" | "ci" | "i"))
        }) {
            targets.push("/root/.npm");
        }
        if targets.is_empty() {
            continue;
        }
        let text: String = targets
            .iter()
            .map(|t| format!(" --mount=type=cache,target={t}"))
            .collect();
        let line = ins.start_line;
        cx.add_in_group(
            "cache-mount",
            line,
            vec![line],
            "Keep the package cache in a BuildKit cache mount",
            "A cache mount keeps pip's or npm's download cache outside the image, on the build machine, and gives it back to the next build: nothing of it ships, and a rebuild after a dependency change downloads only what changed.",
            Safety::NeedsCheck,
            Some("needs BuildKit (the default builder since Docker 23); CI runners without a persistent builder start with an empty cache".into()),
            vec![Action::Insert { at: ins.keyword_span.end, text }],
            Some(format!("cache-L{line}")),
        );
    }
}

/// Dependency manifests copied and installed before the source: a source edit then reuses the
/// cached install layer.
fn manifests_first(cx: &mut Cx) {
    let stages_list = cx.stages.stages.clone();
    for st in &stages_list {
        let ins = cx.stage_ins(st);
        for (k, &c) in ins.iter().enumerate() {
            // The install RUN: right after, or after ENV/ARG/LABEL/EXPOSE only.
            let Some(&r) = ins[k + 1..].iter().find(|&&j| {
                !matches!(
                    cx.ins(j).keyword,
                    Keyword::Env | Keyword::Arg | Keyword::Label | Keyword::Expose
                )
            }) else {
                continue;
            };
            if cx.moved.contains(&r) {
                continue;
            }
            let Some((lines, node)) = manifest_copy(cx, c, r) else {
                continue;
            };
            let (check, safety) = if node && cx.input.context.is_none() {
                (Some("an install script (`postinstall`, `prepare`) that needs the source must run after `COPY . .`".to_string()), Safety::NeedsCheck)
            } else {
                (None, Safety::Safe)
            };
            let line = cx.ins(c).start_line;
            cx.add(
                "manifests-first",
                line,
                vec![line, cx.ins(r).start_line],
                "Install dependencies before copying the source",
                "The builder reuses a layer only while everything before it is unchanged. With `COPY . .` first, any edit to any file re-runs the dependency install; copying just the dependency list first and installing from it means a code change rebuilds in seconds and the install layer is shared between builds.",
                safety,
                check,
                vec![Action::InsertBefore { before: c, text: lines }, Action::MoveBefore { ins: r, before: c }],
            );
        }
    }
}

/// The image name of a FROM and the source range of its word.
pub(crate) fn from_image(cx: &Cx, st: &Stage) -> Option<(String, usize, usize)> {
    let ins = cx.ins(st.from);
    let Args::From { image: Some(w), .. } = &ins.args else {
        return None;
    };
    if w.value.contains('$') {
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
fn slim_tag(name: &str, tag: &str) -> Option<String> {
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

fn slim_base(cx: &mut Cx, st: &Stage) {
    let Some((reference, start, end)) = from_image(cx, st) else {
        return;
    };
    let (name, tag) = name_tag(&reference);
    let Some(slim) = slim_tag(&name, &tag) else {
        return;
    };
    let prefix =
        &reference[..reference.len() - reference.split('/').next_back().unwrap_or_default().len()];
    let new = format!(
        "{prefix}{name_last}:{slim}",
        name_last = name.rsplit('/').next().unwrap_or(&name)
    );
    let line = cx.ins(st.from).start_line;
    // Alpine, for Python and Node stages that install no system packages (musl is a real
    // difference: off unless asked for).
    let system_packages = st.instructions.iter().any(|&i| {
        cx.ins(i).keyword == Keyword::Run
            && cx.scripts[i].as_ref().is_none_or(|s| {
                s.commands.iter().any(|c| {
                    is_apt(c)
                        || matches!(
                            c.name(),
                            Some("apk" | "dpkg" | "useradd" | "adduser" | "groupadd")
                        )
                })
            })
    });
    if matches!(name.as_str(), "python" | "node") && !system_packages {
        let version = tag
            .split('-')
            .next()
            .filter(|v| v.chars().next().is_some_and(|c| c.is_ascii_digit()))
            .map_or(String::new(), |v| format!("{v}-"));
        let alpine = format!("{prefix}{name}:{version}alpine");
        cx.add_in_group(
            "alpine-base",
            line,
            vec![line],
            format!("Build on `{alpine}`"),
            format!("Alpine images are the smallest maintained {name} bases — a fraction of `{reference}` — because Alpine's C library (musl) and its packages are small."),
            Safety::NeedsCheck,
            Some("musl is not glibc: packages without musl wheels or binaries are compiled at install (needs `apk add build-base`) or fail, and DNS, locale and performance can differ".into()),
            vec![Action::Replace { start, end, text: alpine.clone() }],
            Some("base".into()),
        );
    }
    cx.add_in_group(
        "slim-base",
        line,
        vec![line],
        format!("Build on `{new}`"),
        format!("`{reference}` carries compilers, headers and hundreds of Debian packages for building software; `{new}` is the same system without them. An app that only runs needs the slim one."),
        Safety::NeedsCheck,
        Some("the slim image has no compilers or -dev headers: a `pip install`/`npm install` that builds from source, or a tool the app calls (git, curl), then needs installing".into()),
        vec![Action::Replace { start, end, text: new }],
        Some("base".into()),
    );
}

/// Python packages of the distribution that the official `python` image replaces.
const DISTRO_PYTHON: &[&str] = &[
    "python3",
    "python3-pip",
    "python3-venv",
    "python3-dev",
    "python3-setuptools",
    "python3-wheel",
    "python-is-python3",
    "python3-minimal",
    "python3-full",
    "python3-distutils",
    "python3-pip-whl",
];

/// The Python a Debian or Ubuntu tag ships, and the official image tag built on the same system:
/// ("3.11", "3.11-slim-bookworm", what it was read as). `debian:latest` is read as bookworm, as
/// the estimator does.
fn distro_python_tag(name: &str, tag: &str) -> Option<(&'static str, String, &'static str)> {
    let t = tag.to_ascii_lowercase();
    let t = t.strip_suffix("-slim").unwrap_or(&t);
    let (v, suffix, read) = match name {
        "debian" => match t {
            "latest" | "stable" | "bookworm" | "12" => ("3.11", "-slim-bookworm", "bookworm"),
            _ if t.starts_with("bookworm-") || t.starts_with("12.") => {
                ("3.11", "-slim-bookworm", "bookworm")
            }
            "bullseye" | "11" => ("3.9", "-slim-bullseye", "bullseye"),
            _ if t.starts_with("bullseye-") || t.starts_with("11.") => {
                ("3.9", "-slim-bullseye", "bullseye")
            }
            "trixie" | "13" => ("3.13", "-slim-trixie", "trixie"),
            _ if t.starts_with("trixie-") || t.starts_with("13.") => {
                ("3.13", "-slim-trixie", "trixie")
            }
            _ => return None,
        },
        "ubuntu" => match t {
            "latest" | "24.04" | "noble" => ("3.12", "-slim", "Ubuntu 24.04"),
            "22.04" | "jammy" => ("3.10", "-slim", "Ubuntu 22.04"),
            _ => return None,
        },
        _ => return None,
    };
    Some((v, format!("{v}{suffix}"), read))
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

/// Debian's `adduser` options in BusyBox's spelling (Alpine), or None if one has no equivalent.
fn busybox_adduser(c: &Command) -> Option<String> {
    let mut out = vec!["adduser".to_string()];
    let args = c.args();
    let mut k = 0;
    while k < args.len() {
        let w = &args[k].raw;
        let value = |k: usize| args.get(k + 1).map(|a| a.raw.clone());
        match args[k].value.as_str() {
            "--disabled-password" | "--disabled-login" => out.push("-D".into()),
            "--system" => out.push("-S".into()),
            "--no-create-home" => out.push("-H".into()),
            "--quiet" | "-q" => {}
            o @ ("--gecos" | "--uid" | "--home" | "--shell" | "--ingroup") => {
                let flag = match o {
                    "--gecos" => "-g",
                    "--uid" => "-u",
                    "--home" => "-h",
                    "--shell" => "-s",
                    _ => "-G",
                };
                out.push(flag.into());
                out.push(value(k)?);
                k += 1;
            }
            v if v.starts_with('-') => return None,
            _ => out.push(w.clone()),
        }
        k += 1;
    }
    Some(out.join(" "))
}

/// A Debian or Ubuntu stage that installs the distribution's Python with apt to run a Python app:
/// build on the official `python` image of the same Python instead (its slim variant), and take
/// the Python packages out of the apt install; with no other system packages left, the Alpine
/// variant too (off unless asked for).
fn distro_python(cx: &mut Cx, st: &Stage) {
    let Some((reference, start, end)) = from_image(cx, st) else {
        return;
    };
    let (name, tag) = name_tag(&reference);
    if reference.contains('/') || reference.contains('@') {
        return;
    }
    let Some((version, slim_tag, read_as)) = distro_python_tag(&name, &tag) else {
        return;
    };
    // A floating base (`debian:latest`) gets the floating Python image: `python:3-slim`.
    let floating = matches!(tag.as_str(), "latest" | "stable");
    let (version, slim_tag) = if floating {
        ("3", "3-slim".to_string())
    } else {
        (version, slim_tag)
    };
    // What the apt installs of the stage hold; any other Python package from apt (python3-numpy)
    // would not be seen by the official image's Python.
    let mut deletions: Vec<Action> = Vec::new();
    let mut edits: Vec<Action> = Vec::new();
    let mut other_packages: Vec<String> = Vec::new();
    let mut found = false;
    let mut alpine_ok = true;
    let mut alpine_edits: Vec<Action> = Vec::new();
    let mut runs_python = false;
    for &i in &st.instructions {
        let ins = cx.ins(i);
        let text = ins.text.as_str();
        // Python as a build tool the stage removes again, or a path only the distribution has.
        if [
            "/usr/bin/python",
            "dist-packages",
            "update-alternatives",
            "apt-mark",
            "purge",
            "autoremove",
        ]
        .iter()
        .any(|p| text.contains(p))
        {
            return;
        }
        if matches!(ins.keyword, Keyword::Cmd | Keyword::Entrypoint) && text.contains("python") {
            runs_python = true;
        }
        if matches!(ins.keyword, Keyword::Shell)
            || (matches!(
                ins.keyword,
                Keyword::Cmd | Keyword::Entrypoint | Keyword::Run
            ) && text.contains("bash"))
        {
            alpine_ok = false;
        }
        if ins.keyword != Keyword::Run {
            continue;
        }
        let Some(script) = cx.scripts[i].clone() else {
            if text.contains("apt") {
                return;
            }
            continue;
        };
        let mut python_installs = Vec::new();
        let mut any_install_left = false;
        runs_python |= script
            .commands
            .iter()
            .any(|c| is_pip(c) || c.name().is_some_and(|n| n.starts_with("python")));
        for (k, c) in script.commands.iter().enumerate() {
            if is_apt(c) && c.subcommand() == Some("install") {
                let pkgs: Vec<&shell::Word> = c
                    .args()
                    .iter()
                    .filter(|w| !w.value.starts_with('-') && w.value != "install")
                    .collect();
                let (py, rest): (Vec<&&shell::Word>, Vec<&&shell::Word>) = pkgs
                    .iter()
                    .partition(|w| DISTRO_PYTHON.contains(&w.value.as_str()));
                if rest.iter().any(|w| {
                    w.value.starts_with("python")
                        || w.value.starts_with("libpython")
                        || w.value.contains('$')
                }) {
                    return;
                }
                if py.is_empty() {
                    any_install_left = true;
                    other_packages.extend(rest.iter().map(|w| w.value.clone()));
                    continue;
                }
                found = true;
                if rest.is_empty() {
                    python_installs.push(k);
                } else {
                    any_install_left = true;
                    other_packages.extend(rest.iter().map(|w| w.value.clone()));
                    // Take the Python packages out of the list, each with the space before it.
                    for w in py {
                        let from = ins.text[..w.span.start].trim_end().len();
                        edits.push(Action::Replace {
                            start: cx.at(i, from),
                            end: cx.at(i, w.span.end),
                            text: String::new(),
                        });
                    }
                }
            } else if matches!(
                c.name(),
                Some(
                    "useradd"
                        | "groupadd"
                        | "usermod"
                        | "addgroup"
                        | "dpkg"
                        | "dpkg-reconfigure"
                        | "locale-gen"
                )
            ) {
                alpine_ok = false;
            } else if c.name() == Some("adduser") {
                match busybox_adduser(c) {
                    Some(bb) => alpine_edits.push(Action::Replace {
                        start: cx.at(i, c.span.start),
                        end: cx.at(i, c.span.end),
                        text: bb,
                    }),
                    None => alpine_ok = false,
                }
            }
        }
        for &k in &python_installs {
            deletions.push(
                delete_command(cx, i, &script, k).unwrap_or_else(|| Action::Replace {
                    start: 0,
                    end: 0,
                    text: String::new(),
                }),
            );
        }
        // `apt-get update` with nothing left to install in this RUN goes too.
        if !python_installs.is_empty() && !any_install_left {
            for (k, c) in script.commands.iter().enumerate() {
                if is_apt(c) && matches!(c.subcommand(), Some("update")) {
                    if let Some(a) = delete_command(cx, i, &script, k) {
                        deletions.push(a);
                    }
                }
            }
        }
    }
    // A deletion that could not be made (the install is the RUN's only command): leave it all.
    if !found
        || !runs_python
        || deletions.iter().any(|a| {
            matches!(
                a,
                Action::Replace {
                    start: 0,
                    end: 0,
                    ..
                }
            )
        })
    {
        return;
    }
    // Ubuntu's package names are not Debian's: only when nothing else comes from apt.
    if name == "ubuntu" && !other_packages.is_empty() {
        return;
    }
    let line = cx.ins(st.from).start_line;
    let new = format!("python:{slim_tag}");
    let mut actions = vec![Action::Replace {
        start,
        end,
        text: new.clone(),
    }];
    actions.extend(deletions.iter().cloned());
    actions.extend(edits);
    let same = if floating {
        format!("the newest Python 3, as `{reference}` follows the newest release")
    } else {
        format!("same system, same Python {version}")
    };
    if other_packages.is_empty() && alpine_ok {
        let alpine = format!("python:{version}-alpine");
        let mut a = vec![Action::Replace {
            start,
            end,
            text: alpine.clone(),
        }];
        a.extend(deletions);
        a.extend(alpine_edits);
        cx.add_in_group(
            "alpine-base",
            line,
            vec![line],
            format!("Build on `{alpine}` instead of installing Python with apt"),
            format!("The official Alpine image of Python {version} already has Python and pip, on a system a fraction of `{reference}`'s size; the apt install of Python goes."),
            Safety::NeedsCheck,
            Some("musl is not glibc: packages without musl wheels are compiled at install (needs `apk add build-base`) or fail; BusyBox's adduser takes short options (rewritten here)".into()),
            a,
            Some("base".into()),
        );
    }
    cx.add_in_group(
        "official-python",
        line,
        vec![line],
        format!("Build on `{new}` instead of installing Python with apt"),
        format!("`{reference}` plus the distribution's python3 and pip is what the official Python image already is — {same} — kept up to date by Python's maintainers, with pip ready in /usr/local (apt's pip refuses to install into the system Python on recent releases, PEP 668). By size the two are close; an option, off unless asked for, and the way to the Alpine image."),
        Safety::NeedsCheck,
        Some(format!("the app must not rely on Python packages installed by apt (python3-*) or on /usr/bin/python3; Python is {}", if floating { "the newest 3.x".to_string() } else { format!("{version}, as in {read_as}") })),
        actions,
        Some("base".into()),
    );
}

fn npm_omit_dev(cx: &mut Cx, st: &Stage) {
    let ins = cx.stage_ins(st);
    let builds_later = |from: usize, cx: &Cx| {
        ins.iter().any(|&j| {
            j > from
                && cx.scripts[j].as_ref().is_some_and(|s| {
                    s.commands.iter().any(|c| {
                        matches!(c.name(), Some("npm" | "yarn" | "pnpm"))
                            && matches!(c.subcommand(), Some("run" | "build" | "test"))
                    })
                })
        })
    };
    for &i in &ins {
        let Some(script) = cx.scripts[i].clone() else {
            continue;
        };
        for c in &script.commands {
            if c.name() != Some("npm")
                || !matches!(c.subcommand(), Some("ci" | "install" | "i"))
                || c.operands(&[]).len() > 1
            {
                continue;
            }
            if c.has_any_flag(&["--production", "--only=production", "--only=prod"])
                || c.args()
                    .iter()
                    .any(|w| w.value.starts_with("--omit") || w.value.starts_with("--only"))
                || builds_later(i, cx)
            {
                continue;
            }
            let Some(w) = c.args().iter().find(|w| !w.value.starts_with('-')) else {
                continue;
            };
            let at = cx.at(i, w.span.end);
            let line = cx.ins(i).start_line;
            cx.add(
                "npm-omit-dev",
                line,
                vec![line],
                "Install only production dependencies",
                "devDependencies — test runners, linters, bundlers, type checkers — are for building and testing, not for running. `--omit=dev` leaves them out of node_modules, often half of its size.",
                Safety::NeedsCheck,
                Some("a package the app `require`s at run time must be in `dependencies`, not `devDependencies`".into()),
                vec![Action::Insert { at, text: " --omit=dev".into() }],
            );
        }
    }
}

/// Plain words only: a shell-form command that means the same in JSON form.
fn plain_words(script: &str) -> Option<Vec<String>> {
    let words: Vec<&str> = script.split_whitespace().collect();
    let plain = |w: &&str| {
        !w.is_empty()
            && w.chars()
                .all(|c| c.is_ascii_alphanumeric() || "-_./:=,@%+".contains(c))
    };
    (!words.is_empty() && words.iter().all(plain))
        .then(|| words.iter().map(|w| w.to_string()).collect())
}

fn json_array(words: &[String]) -> String {
    format!(
        "[{}]",
        words
            .iter()
            .map(|w| format!("\"{}\"", w.replace('\\', "\\\\").replace('"', "\\\"")))
            .collect::<Vec<_>>()
            .join(", ")
    )
}

/// Shell-form CMD to JSON form (final stage, no ENTRYPOINT, plain words).
fn exec_form_cmd(cx: &mut Cx, st: &Stage) {
    let ins = cx.stage_ins(st);
    if ins
        .iter()
        .any(|&i| cx.ins(i).keyword == Keyword::Entrypoint)
    {
        return;
    }
    let Some(&c) = ins
        .iter()
        .rev()
        .find(|&&i| cx.ins(i).keyword == Keyword::Cmd)
    else {
        return;
    };
    let cmd = cx.ins(c);
    let Args::Command(CommandForm::Shell { script, .. }) = &cmd.args else {
        return;
    };
    let Some(words) = plain_words(script) else {
        return;
    };
    let (start, end) = (cmd.text_span.start, cmd.text_span.end);
    cx.add(
        "exec-form-cmd",
        cmd.start_line,
        vec![cmd.start_line],
        "Write CMD in JSON (exec) form",
        "In shell form the container's first process is `/bin/sh -c`, which does not pass on `docker stop`'s SIGTERM: the app is killed after the 10-second timeout instead of shutting down cleanly. In JSON form the app itself is process 1 and gets the signal.",
        Safety::Safe,
        None,
        vec![Action::Replace { start, end, text: json_array(&words) }],
    );
}

/// `USER 65534` before the command, when the image starts a program as root.
fn non_root_user(cx: &mut Cx, st: &Stage) {
    let ins = cx.stage_ins(st);
    let mut chain = Some(st.clone());
    while let Some(s) = chain {
        if s.instructions
            .iter()
            .any(|&i| cx.ins(i).keyword == Keyword::User)
        {
            return;
        }
        chain = match s.base {
            Base::Stage(p) => cx.stages.stages.get(p).cloned(),
            Base::Scratch => return,
            Base::Image { reference, .. } if reference.contains("nonroot") => return,
            _ => None,
        };
    }
    let Some(&run) = ins
        .iter()
        .rev()
        .find(|&&i| matches!(cx.ins(i).keyword, Keyword::Cmd | Keyword::Entrypoint))
    else {
        return;
    };
    // A port below 1024 needs root (or a capability) to bind.
    let low_port = ins.iter().any(|&i| {
        let e = cx.ins(i);
        e.keyword == Keyword::Expose
            && e.text.split_whitespace().any(|p| {
                p.split('/')
                    .next()
                    .and_then(|n| n.parse::<u32>().ok())
                    .is_some_and(|n| n < 1024)
            })
    });
    if low_port {
        cx.note(cx.ins(run).start_line, "kept root: the image exposes a port below 1024, which an unprivileged user cannot bind");
        return;
    }
    let first = *ins
        .iter()
        .find(|&&i| {
            matches!(
                cx.ins(i).keyword,
                Keyword::Cmd | Keyword::Entrypoint | Keyword::Healthcheck | Keyword::Stopsignal
            )
        })
        .unwrap_or(&run);
    let line = cx.ins(first).start_line;
    cx.add(
        "non-root-user",
        line,
        vec![line],
        "Run the app as an unprivileged user",
        "Without USER the app runs as root: a bug or a compromised dependency can then change anything in the container. User 65534 (`nobody`) exists in every Debian, Alpine and distroless image and can read what COPY put there.",
        Safety::NeedsCheck,
        Some("the app must not write where only root may (use /tmp or a volume) and must not need root-only files".into()),
        vec![Action::InsertBefore { before: first, text: "USER 65534".into() }],
    );
}

/// What a compiled program needs at run time, by toolchain image.
pub(crate) struct Toolchain {
    pub(crate) runtime: String,
    /// The runtime has a shell (a shell-form CMD still works).
    pub(crate) has_shell: bool,
    /// Extra line for the build (`ENV CGO_ENABLED=0`).
    build_env: Option<&'static str>,
    pub(crate) check: &'static str,
    pub(crate) ecosystem: &'static str,
}

pub(crate) fn toolchain(name: &str, tag: &str) -> Option<Toolchain> {
    let major = |t: &str| {
        t.split(|c: char| !c.is_ascii_digit())
            .find(|s| !s.is_empty())
            .map(str::to_string)
    };
    let base = name.rsplit('/').next().unwrap_or(name);
    Some(match base {
        "golang" => Toolchain { runtime: "gcr.io/distroless/static-debian12".into(), has_shell: false, build_env: Some("ENV CGO_ENABLED=0"), check: "with `CGO_ENABLED=0` the program is linked statically; a program that needs cgo (sqlite3, some DNS setups) must use `gcr.io/distroless/base-debian12` instead", ecosystem: "Go" },
        "rust" => Toolchain { runtime: "gcr.io/distroless/cc-debian12".into(), has_shell: false, build_env: None, check: "the binary may link libraries beyond glibc and libgcc (OpenSSL, libpq): those must be installed in the runtime image", ecosystem: "Rust" },
        "gcc" => Toolchain { runtime: "gcr.io/distroless/cc-debian12".into(), has_shell: false, build_env: None, check: "shared libraries the program links besides glibc, libgcc and libstdc++ must be in the runtime image (`ldd` on the binary lists them)", ecosystem: "C/C++" },
        "maven" | "gradle" | "openjdk" | "eclipse-temurin" | "amazoncorretto" => {
            if base == "eclipse-temurin" && !tag.contains("jdk") {
                return None;
            }
            let v = if base == "maven" || base == "gradle" { tag.split("temurin-").nth(1).or(tag.split("jdk").nth(1)).and_then(major) } else { major(tag) };
            let v = v.filter(|v| matches!(v.as_str(), "8" | "11" | "17" | "21" | "25")).unwrap_or_else(|| "21".into());
            Toolchain { runtime: format!("eclipse-temurin:{v}-jre"), has_shell: true, build_env: None, check: "a JRE has no compiler or `jlink`-removed modules only if you jlink; the app must not compile code at run time", ecosystem: "Java" }
        }
        "sdk" if name.contains("dotnet") => Toolchain { runtime: format!("mcr.microsoft.com/dotnet/aspnet:{}", tag), has_shell: true, build_env: None, check: "the ASP.NET runtime also runs console apps; a self-contained publish can use `runtime-deps` instead", ecosystem: ".NET" },
        _ => return None,
    })
}

/// Commands a compiled build runs: the split keeps them in the builder.
fn is_build_command(c: &Command) -> bool {
    matches!(
        c.name(),
        Some(
            "apt-get"
                | "apt"
                | "apk"
                | "go"
                | "cargo"
                | "rustup"
                | "rustc"
                | "make"
                | "cmake"
                | "gcc"
                | "g++"
                | "cc"
                | "c++"
                | "clang"
                | "mvn"
                | "mvnw"
                | "gradle"
                | "gradlew"
                | "javac"
                | "jar"
                | "dotnet"
                | "mkdir"
                | "cd"
                | "cp"
                | "mv"
                | "rm"
                | "ls"
                | "echo"
                | "true"
                | "set"
                | "git"
                | "curl"
                | "wget"
                | "tar"
                | "unzip"
                | "chmod"
                | "strip"
                | "ninja"
                | "meson"
                | "pkg-config"
                | "autoreconf"
                | "configure"
                | "find"
                | "xargs"
                | "sed"
                | "grep"
                | "test"
                | "["
                | "cat"
                | "touch"
                | "ln"
                | "npm"
                | "yarn"
                | "pnpm"
                | "node"
                | "npx"
        )
    )
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

/// A unique name for the builder stage.
fn builder_name(cx: &Cx) -> String {
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

/// The final stage's instructions the runtime stage needs: metadata moved, COPYs copied (the
/// app's files stay at their paths), ENV/ARG/WORKDIR copied (the build may need them too).
fn runtime_parts(cx: &Cx, st: &Stage, skip: &[usize]) -> Vec<Part> {
    let mut parts = Vec::new();
    for &i in &st.instructions {
        if skip.contains(&i) {
            continue;
        }
        match cx.ins(i).keyword {
            Keyword::Env | Keyword::Arg | Keyword::Workdir | Keyword::Copy | Keyword::Add => {
                parts.push(Part::CopyOf(i))
            }
            Keyword::Label
            | Keyword::Expose
            | Keyword::Volume
            | Keyword::Healthcheck
            | Keyword::Stopsignal
            | Keyword::User
            | Keyword::Cmd
            | Keyword::Entrypoint
            | Keyword::Maintainer => parts.push(Part::MoveOf(i)),
            _ => {}
        }
    }
    parts
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

/// Compiled languages: build in the toolchain image, ship the program on a small runtime.
fn split_compiled(cx: &mut Cx, st: &Stage) -> bool {
    let Some((reference, _, _)) = from_image(cx, st) else {
        return false;
    };
    let (name, tag) = name_tag(&reference);
    let Some(tc) = toolchain(&name, &tag) else {
        return false;
    };
    let from_line = cx.ins(st.from).start_line;
    let ins = cx.stage_ins(st);
    if ins
        .iter()
        .any(|&i| matches!(cx.ins(i).keyword, Keyword::Onbuild | Keyword::Shell))
    {
        cx.note(
            from_line,
            "no multi-stage split: the stage uses ONBUILD or SHELL",
        );
        return false;
    }
    let runs: Vec<usize> = ins
        .iter()
        .copied()
        .filter(|&i| cx.ins(i).keyword == Keyword::Run)
        .collect();
    for &r in &runs {
        match &cx.scripts[r] {
            Some(s)
                if s.commands
                    .iter()
                    .all(|c| c.name().is_none() || is_build_command(c)) => {}
            _ => {
                cx.note(cx.ins(r).start_line, format!("no {} multi-stage split: this RUN may prepare files the program needs at run time", tc.ecosystem));
                return false;
            }
        }
    }
    if ins.iter().any(|&i| {
        cx.ins(i).keyword == Keyword::User
            && !cx
                .ins(i)
                .text
                .trim()
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_digit())
            && cx.ins(i).text.trim() != "root"
    }) {
        cx.note(from_line, "no multi-stage split: USER names a user created in this image; the runtime image would not have it");
        return false;
    }
    let Some((argv, cmd_ins, _)) = start_command(cx, st) else {
        cx.note(
            from_line,
            "no multi-stage split: the stage has no CMD or ENTRYPOINT saying which program it runs",
        );
        return false;
    };
    let wd = cx.workdir_before(cmd_ins);
    // What to copy out of the builder.
    let artifact = match argv[0].as_str() {
        "java" => argv
            .windows(2)
            .find(|w| w[0] == "-jar" || w[0] == "-cp" || w[0] == "-classpath")
            .map(|w| resolve(&w[1], &wd)),
        "dotnet" => argv
            .get(1)
            .filter(|a| a.ends_with(".dll"))
            .map(|a| resolve(a, &wd))
            .map(|p| p.rsplit_once('/').map(|(d, _)| d.to_string()).unwrap_or(p))
            .filter(|d| !d.is_empty()),
        p if p.contains('/') => Some(resolve(p, &wd)),
        p if runs.iter().any(|&r| {
            cx.scripts[r]
                .as_ref()
                .is_some_and(|s| s.commands.iter().any(|c| c.is("cargo", "install")))
        }) && name.ends_with("rust") =>
        {
            Some(format!("/usr/local/cargo/bin/{p}"))
        }
        p if runs.iter().any(|&r| {
            cx.scripts[r]
                .as_ref()
                .is_some_and(|s| s.commands.iter().any(|c| c.is("go", "install")))
        }) && name.ends_with("golang") =>
        {
            Some(format!("/go/bin/{p}"))
        }
        p if runs.iter().any(|&r| {
            cx.scripts[r].as_ref().is_some_and(|s| {
                s.commands
                    .iter()
                    .any(|c| c.is("cargo", "build") && c.has_flag("--release"))
            })
        }) && name.ends_with("rust") =>
        {
            Some(format!(
                "{}/target/release/{p}",
                cx.workdir_before(cmd_ins).trim_end_matches('/')
            ))
        }
        p => {
            // A bare name: a `go build -o NAME` / `-o /path/NAME` in the stage.
            runs.iter()
                .filter_map(|&r| cx.scripts[r].as_ref().map(|s| (r, s)))
                .flat_map(|(r, s)| {
                    s.commands
                        .iter()
                        .filter_map(move |c| c.flag_value("-o").map(|o| (r, o.to_string())))
                })
                .find(|(_, o)| o.rsplit('/').next() == Some(p))
                .map(|(r, o)| resolve(&o, &cx.workdir_before(r)))
        }
    };
    let Some(artifact) = artifact.filter(|a| !a.contains('$') && !a.contains('*')) else {
        cx.note(
            from_line,
            format!(
                "no {} multi-stage split: cannot tell which file the CMD runs",
                tc.ecosystem
            ),
        );
        return false;
    };
    let builds = runs.iter().any(|&r| {
        cx.scripts[r].as_ref().is_some_and(|s| {
            s.commands.iter().any(|c| {
                matches!(
                    c.name(),
                    Some(
                        "go" | "cargo"
                            | "make"
                            | "gcc"
                            | "g++"
                            | "cc"
                            | "c++"
                            | "clang"
                            | "mvn"
                            | "mvnw"
                            | "gradle"
                            | "gradlew"
                            | "javac"
                            | "jar"
                            | "dotnet"
                            | "cmake"
                            | "ninja"
                    )
                )
            })
        })
    });
    if !builds {
        return false;
    }
    // A shell-form command needs a shell; distroless has none.
    let cmd_shell = st.instructions.iter().any(|&i| {
        matches!(cx.ins(i).args, Args::Command(CommandForm::Shell { .. }))
            && matches!(
                cx.ins(i).keyword,
                Keyword::Cmd | Keyword::Entrypoint | Keyword::Healthcheck
            )
    });
    let runtime = if cmd_shell && !tc.has_shell {
        "debian:bookworm-slim".to_string()
    } else {
        tc.runtime.clone()
    };
    let builder = builder_name(cx);
    let from = cx.ins(st.from);
    let mut actions = Vec::new();
    // Name the toolchain stage (or reuse its name).
    let stage_name = match &from.args {
        Args::From {
            stage_name: Some(n),
            ..
        } => n.value.clone(),
        _ => {
            actions.push(Action::Insert {
                at: cx.text_end(st.from),
                text: format!(" AS {builder}"),
            });
            builder.clone()
        }
    };
    if let Some(env) = tc.build_env {
        if let Some(&first_build) = runs.iter().find(|&&r| {
            cx.scripts[r]
                .as_ref()
                .is_some_and(|s| s.commands.iter().any(|c| c.name() == Some("go")))
        }) {
            actions.push(Action::InsertBefore {
                before: first_build,
                text: env.to_string(),
            });
        }
    }
    let mut parts = vec![Part::Text(format!("FROM {runtime}"))];
    let mut rt = runtime_parts(cx, st, &[]);
    // The program goes in after the app's own files, before USER/CMD.
    let at = rt.iter().rposition(|p| matches!(p, Part::CopyOf(i) if matches!(cx.ins(*i).keyword, Keyword::Copy | Keyword::Add | Keyword::Workdir | Keyword::Env | Keyword::Arg))).map_or(0, |k| k + 1);
    // A program started by bare name must land on the runtime image's PATH (the toolchain image
    // put /go/bin or /usr/local/cargo/bin there; the runtime image does not).
    let on_path = [
        "/usr/local/sbin",
        "/usr/local/bin",
        "/usr/sbin",
        "/usr/bin",
        "/sbin",
        "/bin",
    ];
    let dir = artifact.rsplit_once('/').map_or("", |(d, _)| d);
    let dest = if !argv[0].contains('/')
        && !matches!(argv[0].as_str(), "java" | "dotnet")
        && !on_path.contains(&dir)
    {
        format!("/usr/local/bin/{}", argv[0])
    } else {
        artifact.clone()
    };
    rt.insert(
        at,
        Part::Text(format!("COPY --from={stage_name} {artifact} {dest}")),
    );
    parts.extend(rt);
    actions.push(Action::InsertStage {
        before: None,
        parts,
    });
    cx.add(
        "split-compiled",
        from_line,
        vec![from_line],
        format!("Build in `{reference}`, ship on `{runtime}`"),
        format!("A {eco} toolchain is needed to build the program, not to run it: the compiler, its caches and the build's intermediate files can weigh hundreds of megabytes. A second stage starts from `{runtime}` and copies in only what runs — `{artifact}` and the files the Dockerfile put there — with the same ENV, WORKDIR, USER and command.", eco = tc.ecosystem),
        Safety::NeedsCheck,
        Some(format!("{}; tools the build stage installed (git, curl, …) are not in the runtime image", tc.check)),
        actions,
    );
    true
}

/// Debian packages only needed to build (compilers, headers).
fn build_only_package(p: &str) -> bool {
    p.ends_with("-dev")
        || matches!(
            p,
            "build-essential"
                | "gcc"
                | "g++"
                | "make"
                | "cmake"
                | "pkg-config"
                | "autoconf"
                | "automake"
                | "libtool"
                | "git"
                | "gfortran"
                | "cargo"
                | "rustc"
                | "python3-dev"
                | "build-base"
                | "musl-dev"
                | "linux-headers"
        )
}

/// Python: dependencies into a virtual environment in a builder stage, copied to a slim (or
/// Alpine) runtime.
fn split_python(cx: &mut Cx, st: &Stage) -> bool {
    let Some((reference, img_start, img_end)) = from_image(cx, st) else {
        return false;
    };
    let (name, tag) = name_tag(&reference);
    if name != "python" {
        return false;
    }
    let from_line = cx.ins(st.from).start_line;
    let ins = cx.stage_ins(st);
    if ins
        .iter()
        .any(|&i| matches!(cx.ins(i).keyword, Keyword::Onbuild | Keyword::Shell))
    {
        return false;
    }
    let pip_runs: Vec<usize> = ins
        .iter()
        .copied()
        .filter(|&i| {
            cx.scripts[i]
                .as_ref()
                .is_some_and(|s| s.commands.iter().any(|c| pip_install_word(c).is_some()))
        })
        .collect();
    let Some(&last_pip) = pip_runs.last() else {
        return false;
    };
    // Every pip RUN must be only about installing packages.
    for &r in &pip_runs {
        let Some(s) = cx.scripts[r].as_ref() else {
            return false;
        };
        let ok = s.commands.iter().all(|c| {
            if is_pip(c) {
                return !c.has_any_flag(&[
                    "-e",
                    "--editable",
                    "--user",
                    "--target",
                    "-t",
                    "--prefix",
                ]) && !c
                    .operands(&[
                        "-r",
                        "-c",
                        "--requirement",
                        "--constraint",
                        "-i",
                        "--index-url",
                        "--extra-index-url",
                        "-f",
                        "--find-links",
                    ])
                    .iter()
                    .any(|w| {
                        w.value == "." || w.value.starts_with("./") || w.value.starts_with('/')
                    });
            }
            is_cleanup(c)
                || is_index_update(c)
                || c.name() == Some("true")
                || (is_apt(c)
                    && c.subcommand() == Some("install")
                    && c.operands(&[])
                        .iter()
                        .skip(1)
                        .all(|w| build_only_package(&w.value)))
        });
        if !ok {
            cx.note(cx.ins(r).start_line, "no Python multi-stage split: this RUN does more than install Python packages (or installs the project itself in place)");
            return false;
        }
    }
    if ins
        .iter()
        .any(|&i| cx.ins(i).keyword == Keyword::Env && cx.ins(i).text.contains("VIRTUAL_ENV"))
    {
        return false;
    }
    // apt/apk RUNs before the last pip RUN: build-only ones move to the builder, others are
    // copied (the build may need them) and stay.
    // (RUN, installs only build tools, installs any build tool)
    let mut pkg_runs: Vec<(usize, bool, bool)> = Vec::new();

    for &i in ins
        .iter()
        .filter(|&&i| cx.ins(i).keyword == Keyword::Run && !pip_runs.contains(&i))
    {
        let Some(s) = cx.scripts[i].as_ref() else {
            continue;
        };
        let installs = s.commands.iter().any(|c| {
            (is_apt(c) || c.name() == Some("apk"))
                && matches!(c.subcommand(), Some("install" | "add"))
        });
        if i < last_pip && installs {
            let build_only = s.commands.iter().all(|c| {
                is_cleanup(c)
                    || is_index_update(c)
                    || ((is_apt(c) || c.name() == Some("apk"))
                        && matches!(c.subcommand(), Some("install" | "add"))
                        && c.operands(&["-t", "--target-release"])
                            .iter()
                            .skip(1)
                            .all(|w| w.value.starts_with('-') || build_only_package(&w.value)))
            });
            let any_build = s.commands.iter().any(|c| {
                (is_apt(c) || c.name() == Some("apk"))
                    && c.operands(&[])
                        .iter()
                        .skip(1)
                        .any(|w| build_only_package(&w.value))
            });
            pkg_runs.push((i, build_only, any_build));
        }
    }
    // Without compilers or headers to leave behind, a split only adds a virtual environment
    // (pip and setuptools, ~18 MB) to the image: a slim base does better (real builds, lab/rewrite).
    if !pkg_runs.iter().any(|(_, _, any_build)| *any_build) {
        return false;
    }
    let builder = builder_name(cx);
    let alpine = tag.contains("alpine");
    let slim = if alpine {
        tag.clone()
    } else {
        slim_tag("python", &tag).unwrap_or(tag.clone())
    };
    let prefix =
        &reference[..reference.len() - reference.split('/').next_back().unwrap_or_default().len()];
    let runtime_ref = format!("{prefix}python:{slim}");
    let venv = "/opt/venv";

    let build = |cx: &Cx, builder_from: &str, extra: Option<&str>, runtime: &str| -> Vec<Action> {
        let mut parts = vec![Part::Text(format!("FROM {builder_from} AS {builder}"))];
        if let Some(e) = extra {
            parts.push(Part::Text(e.to_string()));
        }
        parts.push(Part::Text(format!(
            "RUN python -m venv {venv}\nENV PATH=\"{venv}/bin:$PATH\""
        )));
        for &i in ins.iter().filter(|&&i| i < last_pip) {
            let k = cx.ins(i).keyword;
            if k == Keyword::Copy && pip_runs.iter().any(|&r| r > i) {
                // The builder only needs what pip reads: the requirements, not the source.
                match pip_runs
                    .iter()
                    .find(|&&r| r > i)
                    .and_then(|&r| manifest_copy(cx, i, r))
                {
                    Some((lines, _)) => parts.push(Part::Text(lines)),
                    None => parts.push(Part::CopyOf(i)),
                }
            } else if matches!(
                k,
                Keyword::Env | Keyword::Arg | Keyword::Workdir | Keyword::Copy | Keyword::Add
            ) {
                parts.push(Part::CopyOf(i));
            } else if let Some(&(_, build_only, any_build)) =
                pkg_runs.iter().find(|(r, _, _)| *r == i)
            {
                // Build tools go to the builder; a RUN that only installs what the app uses
                // stays in the final stage alone.
                if build_only {
                    parts.push(Part::MoveOf(i));
                } else if any_build {
                    parts.push(Part::CopyOf(i));
                }
            } else if pip_runs.contains(&i) {
                parts.push(Part::MoveOf(i));
            }
        }
        parts.push(Part::MoveOf(last_pip));
        vec![
            Action::InsertStage {
                before: Some(st.from),
                parts,
            },
            Action::Replace {
                start: img_start,
                end: img_end,
                text: runtime.to_string(),
            },
            Action::InsertAfter {
                after: st.from,
                text: format!("COPY --from={builder} {venv} {venv}\nENV PATH=\"{venv}/bin:$PATH\""),
            },
        ]
    };
    cx.moved.extend(pip_runs.iter().copied());
    cx.moved
        .extend(pkg_runs.iter().filter(|(_, b, _)| *b).map(|(r, _, _)| *r));
    let moved_dev: Vec<String> = pkg_runs
        .iter()
        .filter(|(_, b, _)| *b)
        .filter_map(|(r, _, _)| cx.scripts[*r].as_ref())
        .flat_map(|s| {
            s.commands.iter().filter(|c| is_apt(c)).flat_map(|c| {
                c.operands(&[])
                    .into_iter()
                    .skip(1)
                    .map(|w| w.value.clone())
                    .collect::<Vec<_>>()
            })
        })
        .filter(|p| p.ends_with("-dev"))
        .collect();
    let dev_check = if moved_dev.is_empty() {
        String::new()
    } else {
        format!("; the run-time libraries of {} (e.g. `libpq5` for `libpq-dev`) must be installed in the final stage", moved_dev.join(", "))
    };
    let builder_from = reference.clone();
    let actions = build(cx, &builder_from, None, &runtime_ref);
    cx.add_in_group(
        "split-python-venv",
        from_line,
        vec![from_line],
        format!("Install packages in a builder stage, ship on `{runtime_ref}`"),
        format!("pip's packages go into a virtual environment ({venv}) built in a first stage from `{reference}`, which has the compilers and headers; the image you ship starts from `{runtime_ref}` and copies in only that environment — no compilers, no -dev packages, no caches."),
        Safety::NeedsCheck,
        Some(format!("a package that calls a system tool or library at run time needs it installed in the final stage{dev_check}")),
        actions,
        Some("split-python".into()),
    );
    true
}

/// Whether two step groups are alternatives: the same group, or one inside the other
/// (`cache-L9` and `cache-L9/pip`).
pub(crate) fn conflict(a: &str, b: &str) -> bool {
    let inside = |x: &str, y: &str| x.strip_prefix(y).is_some_and(|rest| rest.starts_with('/'));
    a == b || inside(a, b) || inside(b, a)
}
