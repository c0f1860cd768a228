use super::util::span;
use crate::lint::{Cx, Finding, Rule, RuleDoc, Severity};
#[allow(unused_imports)]
use crate::syntax::{Args, CommandForm, Keyword};

pub const RULE: Rule = Rule {
    doc: RuleDoc {
        code: "LL209",
        name: "apt-not-apt-get",
        hadolint: Some("DL3027"),
        buildkit: None,
        severity: Severity::Warning,
        summary: "`apt` in a RUN: use `apt-get`.",
        why: "`apt` is meant for people at a terminal; its output and behaviour may change between releases. `apt-get` is the stable interface for scripts.",
        example: "FROM debian:bookworm-slim\nRUN apt update\n",
        use_instead: "FROM debian:bookworm-slim\nRUN apt-get update && rm -rf /var/lib/apt/lists/*\n",
        fix_safety: "Safe.",
        example_context: &[],
    },
    check,
};

fn check(cx: &Cx, out: &mut Vec<Finding>) {
    for (i, ins) in cx.instructions() {
        let Some(script) = cx.script(i) else { continue };
        if script.commands.iter().any(|c| c.name() == Some("apt")) {
            out.push(cx.finding(
                &RULE.doc,
                span(ins),
                "use `apt-get` (or `apt-cache`) instead of `apt`",
            ));
        }
    }
}
