//! The instructions that hold a command for later: CMD, ENTRYPOINT, HEALTHCHECK, and SHELL,
//! which says how such commands are run.

use super::run::{argv_line, is_shell};
use super::text::{self, code};
use super::{flag_doc, Cx, Note, State};
use crate::syntax::{Args, CommandForm, Healthcheck, Instruction, Keyword};

fn form(ins: &Instruction) -> Option<&CommandForm> {
    match &ins.args {
        Args::Command(f) => Some(f),
        _ => None,
    }
}

fn shell_line(st: &State) -> String {
    st.shell.as_ref().map_or_else(
        || String::from("/bin/sh -c"),
        |s| text::short(&s.join(" "), 40),
    )
}

/// The JSON form of a simple shell command (words only, no shell syntax), to suggest it.
fn json_suggestion(keyword: &str, script: &str) -> Option<String> {
    let special = |c: char| "$|&;<>*?`'\"(){}[]\\~#=".contains(c);
    if script.contains(special) || script.trim().is_empty() {
        return None;
    }
    let words: Vec<String> = script
        .split_whitespace()
        .map(|w| format!("\"{w}\""))
        .collect();
    Some(format!("{keyword} [{}]", words.join(", ")))
}

pub(super) fn cmd_or_entrypoint(
    cx: &Cx,
    st: &State,
    i: usize,
    ins: &Instruction,
) -> (String, Vec<Note>) {
    let kw = ins.keyword;
    let is_cmd = kw == Keyword::Cmd;
    let mut notes = Vec::new();
    // The ENTRYPOINT the image ends up with decides what a CMD means.
    let entrypoint = match st.stage {
        Some(s) if is_cmd => cx
            .entrypoint
            .get(s)
            .copied()
            .flatten()
            .and_then(|j| cx.df.instructions.get(j)),
        _ => None,
    };
    let ep_form = entrypoint
        .and_then(form)
        .filter(|f| !matches!(f, CommandForm::Exec { args } if args.is_empty()));
    if let Some(CommandForm::Shell { .. }) = ep_form {
        let note = Note::new(
            "ignored",
            "A shell-form ENTRYPOINT runs through `/bin/sh -c` and drops CMD. Write the ENTRYPOINT as a JSON array for \
             this CMD to become its default arguments.",
            ins.text_span,
        );
        let mut notes = vec![note];
        if let Some(later) = later_same(cx, st, i, kw) {
            notes.push(overridden(kw, later, ins));
        }
        return (ignored_cmd(entrypoint), notes);
    }
    let summary = match form(ins) {
        None => format!("{} without a command.", kw.as_str()),
        Some(CommandForm::Exec { args }) if args.is_empty() => {
            if is_cmd {
                String::from("Clears the default command (an empty list), so the container needs one from `docker run` or an ENTRYPOINT.")
            } else {
                String::from("Clears the entrypoint inherited from the base image (an empty list).")
            }
        }
        Some(CommandForm::Exec { args }) => {
            let line = text::command(&argv_line(args));
            let program = args[0].value.as_str();
            if is_cmd && ep_form.is_some() {
                notes.push(Note::new(
                    "exec form",
                    "Written as a JSON array, so these words reach the ENTRYPOINT exactly as written, with no shell in between.",
                    ins.text_span,
                ));
            } else {
                let mut t = format!(
                    "Written as a JSON array, so {} runs directly as the container's main process and receives signals such as \
                     SIGTERM from `docker stop`. With no shell, `$VARIABLES` in it are not expanded.",
                    code(program)
                );
                if is_shell(program) {
                    t.push_str(" Here the program is itself a shell: start the app with `exec` in its command so the app, not the shell, gets the signals.");
                }
                notes.push(Note::new("exec form", t, ins.text_span));
            }
            match (is_cmd, ep_form) {
                (true, Some(_)) => format!("Sets the default arguments passed to the ENTRYPOINT: {line}."),
                (true, None) => format!("Sets the default command the container runs: {line}."),
                (false, _) => format!(
                    "Makes {line} the program every container of this image starts; CMD or `docker run` arguments are added after it."
                ),
            }
        }
        Some(CommandForm::Shell { script, .. }) => {
            let line = text::command(script);
            let sh = shell_line(st);
            let run_as = code(&format!("{sh} \"…\""));
            let ignored = if is_cmd {
                ""
            } else {
                " In this form, CMD and `docker run` arguments are ignored."
            };
            let execs = script.trim_start().strip_prefix("exec ").map(str::trim);
            let suggestion = json_suggestion(kw.as_str(), execs.unwrap_or(script))
                .map(|s| format!(" The JSON form {} runs it directly.", code(&s)))
                .unwrap_or_else(|| {
                    String::from(
                        " The JSON form (`[\"program\", \"arg\"]`) runs the program directly.",
                    )
                });
            let t = if execs.is_some() {
                format!(
                    "Written as plain text, so Docker runs it as {run_as}; the leading `exec` replaces the shell with your program, \
                     so the program does receive `docker stop`'s SIGTERM.{ignored}{suggestion}"
                )
            } else {
                format!(
                    "Written as plain text, so Docker runs it as {run_as}: the shell is the main process and receives `docker stop`'s \
                     SIGTERM, not your program, which is killed after the 10-second timeout instead of shutting down cleanly.{ignored}{suggestion}"
                )
            };
            notes.push(Note::new("shell form", t, ins.text_span));
            match (is_cmd, ep_form) {
                (true, Some(_)) => format!(
                    "Passes {} followed by {line} to the ENTRYPOINT as its default arguments: a shell-form CMD is wrapped in a shell call.",
                    code(&sh)
                ),
                (true, None) => format!("Sets the default command the container runs: {line}, through {}.", code(&sh)),
                (false, _) => format!("Makes {line}, run through {}, the program every container of this image starts.", code(&sh)),
            }
        }
    };
    if let Some(later) = later_same(cx, st, i, kw) {
        notes.push(overridden(kw, later, ins));
    }
    (summary, notes)
}

fn overridden(kw: Keyword, later: usize, ins: &Instruction) -> Note {
    Note::new(
        "overridden",
        format!(
            "Only the last {} of a stage counts: the one on line {later} replaces this one.",
            kw.as_str()
        ),
        ins.keyword_span,
    )
}

fn ignored_cmd(entrypoint: Option<&Instruction>) -> String {
    let line = entrypoint
        .map(|e| format!(" on line {}", e.start_line))
        .unwrap_or_default();
    format!("Sets a default command, but the ENTRYPOINT{line} is in shell form, which ignores CMD.")
}

/// The line of the instruction `k` that wins over this one: the last one of the stage.
fn later_same(cx: &Cx, st: &State, i: usize, k: Keyword) -> Option<usize> {
    cx.later(st, i, k).map(|x| x.start_line)
}

pub(super) fn healthcheck(ins: &Instruction) -> (String, Vec<Note>) {
    let Args::Healthcheck(h) = &ins.args else {
        return (String::from("HEALTHCHECK without a check."), Vec::new());
    };
    let mut notes = Vec::new();
    let summary = match h {
        Healthcheck::None => {
            String::from("Turns off any health check inherited from the base image.")
        }
        Healthcheck::Invalid { word } => format!(
            "HEALTHCHECK needs `CMD <command>` or `NONE`{}: `docker build` stops here.",
            word.as_ref()
                .map(|w| format!(", not {}", code(&w.value)))
                .unwrap_or_default()
        ),
        Healthcheck::Cmd { command } => {
            let interval = ins
                .flag("interval")
                .and_then(|f| f.value.clone())
                .unwrap_or_else(|| String::from("30s"));
            let (line, program) = match command {
                Some(CommandForm::Exec { args }) => {
                    (argv_line(args), args.first().map(|w| w.value.clone()))
                }
                Some(CommandForm::Shell { script, .. }) => (
                    script.clone(),
                    script.split_whitespace().next().map(str::to_string),
                ),
                None => (String::new(), None),
            };
            if let Some(tool) = program
                .as_deref()
                .map(|p| p.rsplit('/').next().unwrap_or(p))
                .filter(|p| matches!(*p, "curl" | "wget"))
            {
                notes.push(Note::new(
                    "check tool",
                    format!("The check runs inside the container, so {} must be installed in the image.", code(tool)),
                    ins.text_span,
                ));
            }
            if line.is_empty() {
                String::from("HEALTHCHECK CMD without a command: `docker build` stops here.")
            } else {
                format!(
                    "Checks the container's health by running {} inside it every {}; exit code 0 means healthy.",
                    text::command(&line),
                    code(&interval)
                )
            }
        }
    };
    for f in &ins.flags {
        let name = f.name.to_ascii_lowercase();
        let Some(doc) = flag_doc(Keyword::Healthcheck, &name, None) else {
            continue;
        };
        let (label, t) = match f.value.as_deref() {
            Some(v) => (
                format!("--{name}={v}"),
                format!("{} — {}", code(v), lower_first(doc.text)),
            ),
            None => (format!("--{name}"), doc.text.to_string()),
        };
        notes.push(Note::new(label, t, f.span));
    }
    (summary, notes)
}

fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        // ASCII only: Unicode's case tables would cost the page's first load ≈ 1 KB of gzip,
        // for sentences the explainer writes itself.
        Some(f) => std::iter::once(f.to_ascii_lowercase()).chain(c).collect(),
        None => String::new(),
    }
}

pub(super) fn shell(st: &State, ins: &Instruction) -> (String, Vec<Note>) {
    match form(ins) {
        Some(CommandForm::Exec { args }) if !args.is_empty() => {
            let words: Vec<String> = args.iter().map(|w| w.value.clone()).collect();
            (
                format!(
                    "Makes later shell-form RUN, CMD and ENTRYPOINT instructions in this stage run with {} instead of {}.",
                    text::command(&words.join(" ")),
                    code(&shell_line(st))
                ),
                Vec::new(),
            )
        }
        _ => (
            String::from("SHELL needs a JSON array such as `[\"/bin/bash\", \"-c\"]`: `docker build` stops here."),
            Vec::new(),
        ),
    }
}

/// The SHELL in force after this instruction.
pub(super) fn next_shell(ins: &Instruction) -> Option<Vec<String>> {
    match form(ins) {
        Some(CommandForm::Exec { args }) if !args.is_empty() => {
            Some(args.iter().map(|w| w.value.clone()).collect())
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use crate::explain::{test_note, test_steps};

    #[test]
    fn cmd_and_entrypoint() {
        let s = test_steps("FROM a\nCMD npm start\nCMD [\"node\", \"server.js\"]\n");
        assert!(test_note(&s[1], "shell form")
            .text
            .contains("`CMD [\"npm\", \"start\"]`"));
        assert!(test_note(&s[1], "overridden").text.contains("line 3"));
        assert_eq!(
            s[2].summary,
            "Sets the default command the container runs: `node server.js`."
        );
        let s = test_steps("FROM a\nENTRYPOINT [\"tini\", \"--\"]\nCMD [\"app\"]\nFROM a AS b\nENTRYPOINT java -jar app.jar\nCMD [\"--x\"]\n");
        assert!(
            s[1].summary
                .starts_with("Makes `tini --` the program every container"),
            "{}",
            s[1].summary
        );
        assert_eq!(
            s[2].summary,
            "Sets the default arguments passed to the ENTRYPOINT: `app`."
        );
        assert!(test_note(&s[4], "shell form")
            .text
            .contains("CMD and `docker run` arguments are ignored"));
        assert!(
            s[5].summary
                .contains("ENTRYPOINT on line 5 is in shell form"),
            "{}",
            s[5].summary
        );
        test_note(&s[5], "ignored");
    }

    #[test]
    fn healthcheck_and_shell() {
        let s = test_steps(
            "FROM a\nHEALTHCHECK NONE\nHEALTHCHECK --retries=2 CMD [\"wget\", \"-q\", \"localhost\"]\nSHELL [\"pwsh\", \"-Command\"]\nRUN Get-Date\n",
        );
        assert_eq!(
            s[1].summary,
            "Turns off any health check inherited from the base image."
        );
        assert!(s[2].summary.contains("every `30s`"), "{}", s[2].summary);
        test_note(&s[2], "check tool");
        assert!(test_note(&s[2], "--retries=2")
            .text
            .contains("the default is 3"));
        assert!(
            s[3].summary
                .contains("with `pwsh -Command` instead of `/bin/sh -c`"),
            "{}",
            s[3].summary
        );
        assert!(
            s[4].summary.contains("with `pwsh` (see SHELL)"),
            "{}",
            s[4].summary
        );
    }
}
