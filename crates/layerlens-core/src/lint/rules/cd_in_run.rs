use super::util::span;
use crate::lint::{Cx, Finding, Rule, RuleDoc, Severity};
#[allow(unused_imports)]
use crate::syntax::{Args, CommandForm, Keyword};

pub const RULE: Rule = Rule {
    doc: RuleDoc {
        code: "LL303",
        name: "cd-in-run",
        hadolint: Some("DL3003"),
        buildkit: None,
        severity: Severity::Warning,
        summary: "`cd` inside a RUN: use WORKDIR.",
        why: "A `cd` lasts only for its RUN, so later instructions silently run elsewhere; WORKDIR says where the following instructions run, and readers see it.",
        example: "FROM debian:bookworm-slim\nRUN cd /tmp && touch x\n",
        use_instead: "FROM debian:bookworm-slim\nWORKDIR /tmp\nRUN touch x\n",
        fix_safety: "Needs a check: WORKDIR applies to every instruction after it.",
        example_context: &[],
    },
    check,
};

fn check(cx: &Cx, out: &mut Vec<Finding>) {
    for (i, ins) in cx.instructions() {
        let Some(script) = cx.script(i) else { continue };
        if script.commands.iter().any(|c| c.name() == Some("cd")) {
            out.push(cx.finding(&RULE.doc, span(ins), "use WORKDIR instead of `cd`"));
        }
    }
}
