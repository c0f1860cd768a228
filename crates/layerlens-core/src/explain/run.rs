//! RUN: the command, its form, its mounts and its heredocs.

use super::text::{self, code};
use super::{flag_doc, Cx, Note, State};
use crate::stages::RunMount;
use crate::syntax::{CommandForm, Heredoc, Instruction, Keyword, Word};

const LAYER: &str = "and saves every file it changes as a new layer";

pub(super) fn explain(cx: &Cx, st: &State, ins: &Instruction) -> (String, Vec<Note>) {
    let mut notes = Vec::new();
    let summary = match &ins.args {
        crate::syntax::Args::Command(CommandForm::Shell { script, .. }) => {
            shell_form(st, ins, script, &mut notes)
        }
        crate::syntax::Args::Command(CommandForm::Exec { args }) => {
            exec_form(ins, args, &mut notes)
        }
        _ => String::from("RUN without a command: `docker build` stops here."),
    };
    for f in &ins.flags {
        let value = f.value.as_deref().unwrap_or_default();
        match f.name.to_ascii_lowercase().as_str() {
            "mount" => {
                // BuildKit expands build arguments in mount options.
                let expanded = if value.contains('$') {
                    cx.expand(st, value)
                } else {
                    None
                };
                let m = RunMount::parse(expanded.as_deref().unwrap_or(value));
                let text = if m.kind.contains('$') {
                    format!(
                        "The mount type {} comes from a build argument without a known value here.",
                        code(&m.kind)
                    )
                } else {
                    mount_text(cx, st, &m)
                };
                notes.push(Note::new(format!("--mount=type={}", m.kind), text, f.span));
            }
            "network" | "security" => {
                let name = f.name.to_ascii_lowercase();
                let text = match flag_doc(Keyword::Run, &name, Some(value)) {
                    Some(d) => d.text.to_string(),
                    None => {
                        let known = if name == "network" {
                            "default, none or host"
                        } else {
                            "sandbox or insecure"
                        };
                        format!(
                            "{} is not a {name} mode BuildKit knows: use {known}.",
                            code(value)
                        )
                    }
                };
                notes.push(Note::new(format!("--{name}={value}"), text, f.span));
            }
            _ => {}
        }
    }
    (summary, notes)
}

fn shell_desc(st: &State) -> String {
    match &st.shell {
        // The program only: a PowerShell SHELL line can be longer than the command.
        Some(sh) => format!(
            "with {} (see SHELL)",
            code(sh.first().map_or("", String::as_str))
        ),
        None => String::from("in a shell"),
    }
}

fn shell_form(st: &State, ins: &Instruction, script: &str, notes: &mut Vec<Note>) -> String {
    if script.trim().is_empty() {
        return String::from("RUN without a command: `docker build` stops here.");
    }
    let only_markers = script.split_whitespace().all(is_heredoc_marker);
    let script_mode = only_markers && ins.heredocs.len() == 1;
    let program = script
        .split_whitespace()
        .find(|w| !w.contains('=') || w.starts_with("<<"))
        .unwrap_or_default();
    for h in &ins.heredocs {
        notes.push(Note::new(
            format!("heredoc {}", marker(ins, h)),
            heredoc_text(st, h, script_mode, program),
            h.marker_span,
        ));
    }
    match (script_mode, ins.heredocs.first()) {
        (true, Some(h)) if shebang(h).is_none() => commands_note(&h.content, h.body_span, notes),
        (false, _) => commands_note(script, ins.text_span, notes),
        _ => {}
    }
    match (script_mode, ins.heredocs.first()) {
        (true, Some(h)) => {
            let lines = h.content.lines().count();
            let how = match shebang(h) {
                Some(interp) => format!("with {}", code(interp)),
                None => shell_desc(st),
            };
            let script = if lines == 1 {
                String::from("one-line script")
            } else {
                format!("{lines}-line script")
            };
            format!(
                "Runs the {script} below ({}) {how} {LAYER}.",
                code(&marker(ins, h))
            )
        }
        _ if !ins.heredocs.is_empty() => {
            format!(
                "Runs {} {}, feeding it the heredoc lines below, {LAYER}.",
                text::command(script),
                shell_desc(st)
            )
        }
        _ => format!("Runs {} {} {LAYER}.", text::command(script), shell_desc(st)),
    }
}

/// Programs that take a subcommand worth naming (`apt-get install`, `pip install`, ...).
const WITH_SUBCOMMAND: &[&str] = &[
    "apt-get", "apt", "apk", "yum", "dnf", "microdnf", "zypper", "pip", "pip3", "npm", "yarn",
    "pnpm", "go", "cargo", "gem", "bundle", "composer", "conda", "mamba", "git", "dotnet", "mvn",
    "gradle",
];

/// The commands a shell script runs, in order and joined the way the shell joins them, read
/// with the shell parser (the same reading the estimator and the rules use).
fn commands_note(script: &str, span: crate::Span, notes: &mut Vec<Note>) {
    let parsed = crate::shell::parse_shared(script);
    // `set -eux` configures the shell; it is not work the reader needs listed.
    let cmds: Vec<_> = parsed
        .commands
        .iter()
        .filter(|c| !c.nested && c.name().is_some_and(|n| n != "set"))
        .collect();
    if cmds.len() < 2 {
        return;
    }
    let mut out = String::new();
    for (i, c) in cmds.iter().enumerate().take(12) {
        let name = c.name().unwrap_or_default();
        let shown = match c.subcommand() {
            Some(sub) if WITH_SUBCOMMAND.contains(&name) => format!("{name} {sub}"),
            _ => name.to_string(),
        };
        out.push_str(&code(&shown));
        if i + 1 < cmds.len() {
            use crate::shell::Operator::*;
            out.push_str(match c.next {
                Some(AndIf) => ", then if it succeeds ",
                Some(OrIf) => ", or if it fails ",
                Some(Pipe) => " piped into ",
                Some(Background) => " in the background, ",
                _ => ", then ",
            });
        }
    }
    if cmds.len() > 12 {
        out.push_str(&format!("… ({} commands in all)", cmds.len()));
    }
    out.push('.');
    notes.push(Note::new(format!("{} commands", cmds.len()), format!("In order: {out} All of them write into this one layer, so files a later command deletes here never reach the image."), span));
}

fn exec_form(ins: &Instruction, args: &[Word], notes: &mut Vec<Note>) -> String {
    if args.is_empty() {
        return String::from("RUN with an empty command list: `docker build` stops here.");
    }
    let line = argv_line(args);
    let program = args[0].value.as_str();
    let mut text = format!(
        "Written as a JSON array, so {} runs directly with no shell: `&&`, pipes, globs and `$VARIABLES` are not interpreted.",
        code(program)
    );
    if !is_shell(program) {
        if let Some(w) = args.iter().skip(1).find(|w| is_shell_syntax(&w.value)) {
            text.push_str(&format!(
                " Here {} reaches the program as a plain argument.",
                code(&text::short(&w.value, 20))
            ));
        }
    }
    notes.push(Note::new("exec form", text, ins.text_span));
    format!(
        "Runs {} directly, without a shell, {LAYER}.",
        text::command(&line)
    )
}

/// The arguments as one line, quoting those with spaces so the boundaries stay visible.
pub(super) fn argv_line(args: &[Word]) -> String {
    args.iter()
        .map(|w| {
            if w.value.contains(char::is_whitespace) || w.value.is_empty() {
                format!("\"{}\"", w.value)
            } else {
                w.value.clone()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

pub(super) fn is_shell(program: &str) -> bool {
    let base = program
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or(program)
        .to_ascii_lowercase();
    matches!(
        base.trim_end_matches(".exe"),
        "sh" | "bash" | "ash" | "dash" | "zsh" | "ksh" | "cmd" | "powershell" | "pwsh"
    )
}

fn is_shell_syntax(arg: &str) -> bool {
    matches!(arg, "&&" | "||" | "|" | ";" | ">" | ">>" | "<")
        || arg.starts_with('$')
        || arg.contains("${")
}

fn is_heredoc_marker(word: &str) -> bool {
    word.trim_start_matches(|c: char| c.is_ascii_digit())
        .starts_with("<<")
}

/// The heredoc's marker as written (`<<EOF`, `<<-'EOF'`, `3<<EOF`): found among the words of
/// the instruction's text, else rebuilt from the model.
pub(super) fn marker(ins: &Instruction, h: &Heredoc) -> String {
    let written = ins.text.split_whitespace().find(|w| {
        let Some(rest) = w
            .trim_start_matches(|c: char| c.is_ascii_digit())
            .strip_prefix("<<")
        else {
            return false;
        };
        let name: String = rest
            .trim_start_matches('-')
            .chars()
            .filter(|c| !matches!(c, '"' | '\'' | '\\'))
            .collect();
        name == h.name
    });
    if let Some(w) = written {
        return w.to_string();
    }
    let fd = h.fd.map(|f| f.to_string()).unwrap_or_default();
    let dash = if h.chomp { "-" } else { "" };
    let name = if h.expand {
        h.name.clone()
    } else {
        format!("\"{}\"", h.name)
    };
    format!("{fd}<<{dash}{name}")
}

fn shebang(h: &Heredoc) -> Option<&str> {
    let first = h.content.lines().next()?;
    first
        .strip_prefix("#!")
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

fn heredoc_text(st: &State, h: &Heredoc, script_mode: bool, program: &str) -> String {
    let end = code(&h.name);
    let mut t = if script_mode {
        match shebang(h) {
            Some(interp) => format!(
                "The lines up to {end} are a script for {}: BuildKit saves them as a file and runs it with that program, all in this one layer.",
                code(interp)
            ),
            None => {
                let mut s = format!(
                    "The lines up to {end} are the script: they run one after another in one shell and one layer, with no `&& \\` chains needed."
                );
                let errexit = |o: &str| o.starts_with('-') && !o.starts_with("--") && o.contains('e');
                let stops = h.content.lines().any(|l| {
                    let mut w = l.split_whitespace();
                    w.next() == Some("set") && w.any(errexit)
                }) || st.shell.as_ref().is_some_and(|sh| sh.iter().skip(1).any(|o| errexit(o)));
                if !stops {
                    s.push_str(" A failing line does not stop the script unless it starts with `set -e`.");
                }
                s
            }
        }
    } else {
        let fd = match h.fd {
            Some(n) if n != 0 => format!(" on file descriptor {n}"),
            _ => String::from(" on its standard input"),
        };
        let mut s = format!("The lines up to {end} are given to {}{fd}.", code(program));
        if !h.expand {
            s.push_str(" The delimiter is quoted, so the shell passes them on without expanding `$VARIABLES`.");
        } else if h.content.contains('$') {
            s.push_str(&format!(
                " The delimiter is not quoted, so the shell expands `$VARIABLES` in them first; write `<<'{}'` to pass them on unchanged.",
                h.name
            ));
        }
        s
    };
    if h.chomp {
        t.push_str(&format!(
            " `<<-` strips leading tabs from each line and from the closing {end}, so the body can be indented with tabs."
        ));
    }
    t
}

/// "stage `build`", "the image `node:20`" or "the build context", for a `from=` value.
fn from_phrase(cx: &Cx, st: &State, from: Option<&str>) -> String {
    let Some(from) = from else {
        return String::from("the build context");
    };
    if st.in_onbuild {
        return format!("{} (a stage or image of the derived build)", code(from));
    }
    let expanded = cx.expand(st, from);
    match expanded.as_deref().and_then(|f| cx.stages.find(f)) {
        Some(i) => cx.stage_ref(i),
        None if expanded.is_none() => format!("{} (set by a build argument)", code(from)),
        None => format!("the image {}", code(from)),
    }
}

fn mount_text(cx: &Cx, st: &State, m: &RunMount) -> String {
    let target = m.get("target");
    let at = |default: &str| match target {
        Some(t) => code(t),
        None => code(default),
    };
    let mut details: Vec<String> = Vec::new();
    let general = flag_doc(Keyword::Run, "mount", Some(&m.kind)).map(|d| d.text);
    let main = match m.kind.as_str() {
        "cache" => {
            if let Some(id) = m.get("id") {
                details.push(format!(
                    "shared by every cache mount with the id {}",
                    code(id)
                ));
            }
            match m.get("sharing").map(str::to_ascii_lowercase).as_deref() {
                Some("locked") => details.push(String::from(
                    "`sharing=locked`: one build at a time uses it, others wait",
                )),
                Some("private") => details.push(String::from(
                    "`sharing=private`: concurrent builds each get their own copy",
                )),
                Some("shared") => details.push(String::from(
                    "`sharing=shared`, the default: concurrent builds use it at the same time",
                )),
                Some(other) => details.push(format!(
                    "{} is not a sharing mode: use shared, private or locked",
                    code(other)
                )),
                None => {}
            }
            if m.get("from").is_some() || m.get("source").is_some() {
                let src = m
                    .get("source")
                    .map(|s| format!("{} of ", code(s)))
                    .unwrap_or_default();
                details.push(format!(
                    "starts out with the files of {src}{}",
                    from_phrase(cx, st, m.get("from"))
                ));
            }
            owner_details(m, &mut details);
            if m.is_set(&["readonly", "ro"]) {
                details.push(String::from("read-only"));
            }
            match target {
                Some(t) => format!(
                    "Mounts a build cache at {} while this command runs",
                    in_workdir(st, t)
                ),
                None => String::from(
                    "Mounts a build cache, but gives no `target` path, which a cache mount needs",
                ),
            }
        }
        "bind" => {
            let origin = from_phrase(cx, st, m.get("from"));
            let what = match m.get("source") {
                Some(s) => format!("{} from {origin}", code(s)),
                None => format!("all of {origin}"),
            };
            if m.is_set(&["rw", "readwrite"]) {
                details.push(String::from(
                    "writable, but whatever the command writes there is thrown away afterwards",
                ));
            } else {
                details.push(String::from("read-only"));
            }
            match target {
                Some(t) => format!(
                    "Mounts {what} at {} while this command runs",
                    in_workdir(st, t)
                ),
                None => {
                    format!("Mounts {what}, but gives no `target` path, which a bind mount needs")
                }
            }
        }
        "secret" => {
            let id = m
                .get("id")
                .map(str::to_string)
                .or_else(|| target.map(|t| t.rsplit('/').next().unwrap_or(t).to_string()));
            let name = id
                .as_deref()
                .map(code)
                .unwrap_or_else(|| String::from("a secret"));
            let place = match (m.get("env"), target) {
                (Some(env), Some(t)) => {
                    format!("as the variable {} and the file {}", code(env), code(t))
                }
                (Some(env), None) => format!("as the environment variable {}", code(env)),
                (None, _) => format!(
                    "at {}",
                    at(&format!("/run/secrets/{}", id.as_deref().unwrap_or("<id>")))
                ),
            };
            required_detail(m, &mut details, "secret");
            owner_details(m, &mut details);
            format!("Makes the secret {name} readable {place} while this command runs")
        }
        "ssh" => {
            let id = m.get("id").unwrap_or("default");
            if target.is_some() {
                details.push(format!("the agent socket is at {}", at("")));
            }
            required_detail(m, &mut details, "SSH agent");
            format!(
                "Lets this command use the SSH agent passed to the build under the id {}",
                code(id)
            )
        }
        "tmpfs" => {
            if let Some(size) = m.get("size") {
                details.push(format!("at most {}", code(size)));
            }
            match target {
                Some(t) => format!(
                    "Mounts an empty in-memory filesystem at {} while this command runs",
                    code(t)
                ),
                None => String::from(
                    "Mounts an in-memory filesystem, but gives no `target` path, which it needs",
                ),
            }
        }
        other => {
            return format!(
                "{} is not a mount type BuildKit knows: use bind, cache, tmpfs, secret or ssh.",
                code(other)
            )
        }
    };
    let mut out = main;
    if !details.is_empty() {
        out.push_str(&format!(" ({})", details.join("; ")));
    }
    out.push('.');
    if let Some(g) = general {
        out.push(' ');
        out.push_str(g);
    }
    out
}

/// A mount target; a relative one is in the working directory.
fn in_workdir(st: &State, target: &str) -> String {
    if target.starts_with('/') {
        return code(target);
    }
    match &st.workdir {
        Some(w) if matches!(target, "." | "./") => {
            format!("{} (the working directory, {})", code(target), code(w))
        }
        Some(w) => format!(
            "{} (that is {})",
            code(target),
            code(&text::join_path(w, target))
        ),
        None => format!("{} (in the working directory)", code(target)),
    }
}

fn owner_details(m: &RunMount, details: &mut Vec<String>) {
    let parts: Vec<String> = [("uid", "owner"), ("gid", "group"), ("mode", "mode")]
        .iter()
        .filter_map(|(k, what)| m.get(k).map(|v| format!("{what} {}", code(v))))
        .collect();
    if !parts.is_empty() {
        details.push(parts.join(", "));
    }
}

fn required_detail(m: &RunMount, details: &mut Vec<String>, what: &str) {
    if m.is_set(&["required"]) {
        details.push(format!(
            "`required`: the build fails if no {what} is passed"
        ));
    } else {
        details.push(format!(
            "if no {what} is passed, the command runs without it"
        ));
    }
}

#[cfg(test)]
mod tests {
    use crate::explain::{test_note, test_steps};

    fn run(src: &str) -> crate::explain::Step {
        test_steps(&format!("FROM a\nWORKDIR /src\n{src}")).remove(2)
    }

    #[test]
    fn shell_and_exec_forms() {
        let s = run("RUN apt-get update && apt-get install -y curl\n");
        assert_eq!(
            s.summary,
            "Runs `apt-get update && apt-get install -y curl` in a shell and saves every file it changes as a new layer."
        );
        let s = run("RUN [\"echo\", \"$HOME\", \"&&\", \"ls\"]\n");
        assert!(
            s.summary
                .contains("`echo $HOME && ls` directly, without a shell"),
            "{}",
            s.summary
        );
        assert!(test_note(&s, "exec form")
            .text
            .contains("Here `$HOME` reaches the program as a plain argument"));
        let s = run(&format!("RUN {}\n", "x".repeat(200)));
        assert!(
            s.summary.contains(&format!("`{}…`", "x".repeat(79))),
            "{}",
            s.summary
        );
    }

    #[test]
    fn mounts_explain_their_options() {
        let s = run("RUN --mount=type=cache,target=/root/.cache/pip,id=pip,sharing=private,uid=1000 \\\n    --mount=type=bind,from=build,source=/out,target=out,rw \\\n    --mount=type=secret,id=aws \\\n    --mount=type=nfs,target=/x \\\n    --mount=type=cache \\\n    pip install .\n");
        let labels: Vec<&str> = s.notes.iter().map(|n| n.label.as_str()).collect();
        assert_eq!(
            labels,
            [
                "--mount=type=cache",
                "--mount=type=bind",
                "--mount=type=secret",
                "--mount=type=nfs",
                "--mount=type=cache"
            ]
        );
        let cache = &s.notes[0].text;
        assert!(
            cache.contains("at `/root/.cache/pip`")
                && cache.contains("id `pip`")
                && cache.contains("`sharing=private`")
                && cache.contains("owner `1000`"),
            "{cache}"
        );
        assert!(cache.contains("never saved in the layer"), "{cache}");
        let bind = &s.notes[1].text;
        assert!(
            bind.contains("Mounts `/out` from the image `build`") || bind.contains("from stage"),
            "{bind}"
        );
        assert!(
            bind.contains("`out` (that is `/src/out`)") && bind.contains("thrown away"),
            "{bind}"
        );
        assert!(
            s.notes[2]
                .text
                .contains("`aws` readable at `/run/secrets/aws`"),
            "{}",
            s.notes[2].text
        );
        assert!(s.notes[2].text.contains("runs without it"));
        assert!(s.notes[3].text.starts_with("`nfs` is not a mount type"));
        assert!(s.notes[4].text.contains("gives no `target`"));
    }

    #[test]
    fn network_and_security() {
        let s = run("RUN --network=none --security=sandbox --network=wifi true\n");
        assert!(test_note(&s, "--network=none")
            .text
            .contains("no network access"));
        assert!(test_note(&s, "--security=sandbox")
            .text
            .contains("same as leaving the flag out"));
        assert!(test_note(&s, "--network=wifi")
            .text
            .contains("not a network mode"));
    }

    #[test]
    fn heredocs() {
        let s = run("RUN <<EOF\napt-get update\napt-get install -y git\nEOF\n");
        assert!(
            s.summary
                .starts_with("Runs the 2-line script below (`<<EOF`) in a shell"),
            "{}",
            s.summary
        );
        assert!(test_note(&s, "heredoc <<EOF")
            .text
            .contains("unless it starts with `set -e`"));
        let s = run("RUN <<EOF\nset -eux\nmake\nEOF\n");
        assert!(!test_note(&s, "heredoc <<EOF").text.contains("set -e"));
        let s = run("RUN <<EOF\n#!/usr/bin/env python3\nprint(1)\nEOF\n");
        assert!(
            s.summary.contains("with `/usr/bin/env python3`"),
            "{}",
            s.summary
        );
        let s = run("RUN cat <<-'X' > /etc/conf\n\tkey=$VALUE\n\tX\n");
        assert!(
            s.summary
                .starts_with("Runs `cat <<-'X' > /etc/conf` in a shell, feeding it"),
            "{}",
            s.summary
        );
        let t = &test_note(&s, "heredoc <<-'X'").text;
        assert!(
            t.contains("given to `cat`")
                && t.contains("quoted")
                && t.contains("strips leading tabs"),
            "{t}"
        );
    }
}
