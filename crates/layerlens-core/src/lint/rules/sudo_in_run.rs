use super::util::span;
use crate::lint::{Cx, Finding, Rule, RuleDoc, Severity};
#[allow(unused_imports)]
use crate::syntax::{Args, CommandForm, Keyword};

pub const RULE: Rule = Rule {
    doc: RuleDoc {
        code: "LL305",
        name: "sudo-in-run",
        hadolint: Some("DL3004"),
        buildkit: None,
        severity: Severity::Error,
        summary: "`sudo` in a RUN.",
        why: "RUN already runs as the current USER; `sudo` adds a package, a setuid binary and surprises. Switch with USER instead.",
        example: "FROM debian:bookworm-slim\nRUN sudo touch /x\n",
        use_instead: "FROM debian:bookworm-slim\nRUN touch /x\nUSER 1000\n",
        fix_safety: "Needs a check: decide which user each step needs.",
        example_context: &[],
    },
    check,
};

fn check(cx: &Cx, out: &mut Vec<Finding>) {
    for (i, ins) in cx.instructions() {
        let Some(script) = cx.script(i) else { continue };
        if script
            .commands
            .iter()
            .any(|c| c.words.first().is_some_and(|w| w.value == "sudo"))
        {
            out.push(cx.finding(&RULE.doc, span(ins), "do not use `sudo`: set USER instead"));
        }
    }
}
