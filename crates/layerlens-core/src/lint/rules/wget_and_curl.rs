use super::util::span;
use crate::lint::{Cx, Finding, Rule, RuleDoc, Severity};
#[allow(unused_imports)]
use crate::syntax::{Args, CommandForm, Keyword};

pub const RULE: Rule = Rule {
    doc: RuleDoc {
        code: "LL318",
        name: "wget-and-curl",
        hadolint: Some("DL4001"),
        buildkit: None,
        severity: Severity::Warning,
        summary: "Both wget and curl are used: one is enough.",
        why: "Each download tool is a package in the image; using one everywhere keeps one.",
        example: "FROM debian:bookworm-slim\nRUN wget -q https://example.com/a\nRUN curl -fsSLO https://example.com/b\n",
        use_instead: "FROM debian:bookworm-slim\nRUN curl -fsSLO https://example.com/a && curl -fsSLO https://example.com/b\n",
        fix_safety: "Needs a check: flags differ between the tools.",
        example_context: &[],
    },
    check,
};

fn check(cx: &Cx, out: &mut Vec<Finding>) {
    // Per stage: a RUN that brings in the second tool is the one to change.
    for st in &cx.stages.stages {
        let (mut wget, mut curl) = (false, false);
        for &i in &st.instructions {
            let (Some(ins), Some(script)) = (cx.df.instructions.get(i), cx.script(i)) else {
                continue;
            };
            let w = script.commands.iter().any(|c| c.name() == Some("wget"));
            let c = script.commands.iter().any(|c| c.name() == Some("curl"));
            if (w && (curl || c)) || (c && wget) {
                out.push(cx.finding(&RULE.doc, span(ins), "use either wget or curl, not both"));
            }
            wget |= w;
            curl |= c;
        }
    }
}
