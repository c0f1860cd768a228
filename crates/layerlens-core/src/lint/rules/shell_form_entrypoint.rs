use super::util::span;
use crate::lint::{Cx, Finding, Rule, RuleDoc, Severity};
use crate::stages::Base;
use crate::syntax::{Args, CommandForm, Keyword};

pub const RULE: Rule = Rule {
    doc: RuleDoc {
        code: "LL301",
        name: "shell-form-cmd",
        hadolint: Some("DL3025"),
        buildkit: Some("JSONArgsRecommended"),
        severity: Severity::Warning,
        summary: "CMD or ENTRYPOINT in shell form: your program runs under /bin/sh and misses signals.",
        why: "In shell form the container's main process is `/bin/sh -c`, not your program, so `docker stop`'s SIGTERM never reaches it and it is killed after the timeout. The JSON form runs the program directly.",
        example: "FROM python:3.12-slim\nCMD python app.py\n",
        use_instead: "FROM python:3.12-slim\nUSER 65534\nCMD [\"python\", \"app.py\"]\n",
        fix_safety: "Needs a check: shell features in the command (variables, `&&`) stop working in JSON form.",
        example_context: &[],
    },
    check,
};

/// Whether a SHELL instruction before instruction `i` (in its stage or the stages it is built
/// FROM) chose the shell: BuildKit then takes the shell form as intended and does not warn.
fn shell_chosen(cx: &Cx, i: usize) -> bool {
    let Some(mut st) = cx.stages.stage_of(i).and_then(|s| cx.stages.stages.get(s)) else {
        return false;
    };
    let mut before = i;
    loop {
        if st.instructions.iter().any(|&j| {
            j < before
                && cx
                    .df
                    .instructions
                    .get(j)
                    .is_some_and(|x| x.keyword == Keyword::Shell)
        }) {
            return true;
        }
        match st.base {
            Base::Stage(p) => match cx.stages.stages.get(p) {
                Some(parent) => {
                    st = parent;
                    before = usize::MAX;
                }
                None => return false,
            },
            _ => return false,
        }
    }
}

fn check(cx: &Cx, out: &mut Vec<Finding>) {
    for (i, ins) in cx.instructions() {
        if matches!(ins.keyword, Keyword::Cmd | Keyword::Entrypoint) {
            if let Args::Command(CommandForm::Shell { script, .. }) = &ins.args {
                if !script.is_empty() {
                    let mut f = cx.finding(
                        &RULE.doc,
                        span(ins),
                        format!(
                            "write {} as a JSON array so the program gets signals",
                            ins.keyword.as_str()
                        ),
                    );
                    if shell_chosen(cx, i) {
                        // hadolint still reports it; BuildKit does not once SHELL is set.
                        f.buildkit = None;
                    }
                    out.push(f);
                }
            }
        }
    }
}
