use super::util::span;
use crate::lint::{Cx, Finding, Rule, RuleDoc, Severity};
use crate::syntax::{Args, CommandForm, Keyword};

pub const RULE: Rule = Rule {
    doc: RuleDoc {
        code: "LL301",
        name: "shell-form-cmd",
        hadolint: Some("DL3025"),
        buildkit: None,
        severity: Severity::Warning,
        summary: "CMD or ENTRYPOINT in shell form: your program runs under /bin/sh and misses signals.",
        why: "In shell form the container's main process is `/bin/sh -c`, not your program, so `docker stop`'s SIGTERM never reaches it and it is killed after the timeout. The JSON form runs the program directly.",
        example: "FROM python:3.12-slim\nCMD python app.py\n",
        use_instead: "FROM python:3.12-slim\nCMD [\"python\", \"app.py\"]\n",
        fix_safety: "Needs a check: shell features in the command (variables, `&&`) stop working in JSON form.",
    },
    check,
};

fn check(cx: &Cx, out: &mut Vec<Finding>) {
    for (_, ins) in cx.instructions() {
        if matches!(ins.keyword, Keyword::Cmd | Keyword::Entrypoint) {
            if let Args::Command(CommandForm::Shell { script, .. }) = &ins.args {
                if !script.is_empty() {
                    out.push(cx.finding(&RULE.doc, span(ins), format!("write {} as a JSON array so the program gets signals", ins.keyword.as_str())));
                }
            }
        }
    }
}
