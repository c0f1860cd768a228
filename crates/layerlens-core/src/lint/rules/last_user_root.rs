use super::util::span;
use crate::lint::{Cx, Finding, Rule, RuleDoc, Severity};
#[allow(unused_imports)]
use crate::syntax::{Args, CommandForm, Keyword};

pub const RULE: Rule = Rule {
    doc: RuleDoc {
        code: "LL319",
        name: "last-user-root",
        hadolint: Some("DL3002"),
        buildkit: None,
        severity: Severity::Warning,
        summary: "The image runs as root: the last USER is root.",
        why: "A process running as root inside the container is root on any mount and one escape away from the host. Switch to an unprivileged user at the end.",
        example: "FROM debian:bookworm-slim\nUSER root\n",
        use_instead: "FROM debian:bookworm-slim\nUSER 1000\n",
        fix_safety: "Needs a check: the program must not need root.",
        example_context: &[],
    },
    check,
};

fn check(cx: &Cx, out: &mut Vec<Finding>) {
    // Each stage's last USER: a stage others build FROM passes its user on.
    for st in &cx.stages.stages {
        let last = st
            .instructions
            .iter()
            .filter_map(|&i| cx.df.instructions.get(i))
            .rfind(|i| i.keyword == Keyword::User);
        if let Some(ins) = last {
            if let Args::Text(Some(w)) = &ins.args {
                let user = w.value.split(':').next().unwrap_or("");
                if user == "root" || user == "0" {
                    out.push(cx.finding(
                        &RULE.doc,
                        span(ins),
                        "the last USER is root: switch to an unprivileged user",
                    ));
                }
            }
        }
    }
}
