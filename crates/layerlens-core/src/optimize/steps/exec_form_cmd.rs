//! `exec-form-cmd`: Start the app in exec form.

use super::{Applies, StepDoc};
use crate::optimize::Safety;

pub const DOC: StepDoc = StepDoc {
    kind: "exec-form-cmd",
    title: "Start the app in exec form",
    why: "A shell-form CMD runs `/bin/sh -c …`: the shell is PID 1, the app never receives SIGTERM, and `docker stop` waits 10 s before killing it. The JSON form starts the program itself; for a command of plain words the two run the same program.",
    example: "FROM python:3.12-slim\nCOPY app.py /app/\nCMD python /app/app.py\n",
    use_instead: "FROM python:3.12-slim\nCOPY app.py /app/\nCMD [\"python\", \"/app/app.py\"]\n",
    safety: Safety::Safe,
    check: None,
    applies: Applies::Default,
    example_context: &[],
};

// The finder: what the planner calls (`plan.rs`).
use crate::optimize::doc::Action;
use crate::optimize::plan::*;
use crate::stages::Stage;
use crate::syntax::{Args, CommandForm, Keyword};

pub(crate) fn json_array(words: &[String]) -> String {
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
pub(crate) fn exec_form_cmd(cx: &mut Cx, st: &Stage) {
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
