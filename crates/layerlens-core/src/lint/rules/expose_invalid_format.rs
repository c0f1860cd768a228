use super::util::span;
use crate::lint::{Cx, Finding, Rule, RuleDoc, Severity};
#[allow(unused_imports)]
use crate::syntax::{Args, CommandForm, Keyword};

pub const RULE: Rule = Rule {
    doc: RuleDoc {
        code: "LL338",
        name: "expose-invalid-format",
        hadolint: None,
        buildkit: Some("ExposeInvalidFormat"),
        severity: Severity::Warning,
        summary: "EXPOSE with an IP or a host port.",
        why: "EXPOSE documents a container port; publishing to a host address or port happens at `docker run -p`, not here.",
        example: "FROM alpine:3.20\nEXPOSE 8080:80\n",
        use_instead: "FROM alpine:3.20\nEXPOSE 80\n",
        fix_safety: "Needs a check: publish with `docker run -p` instead.",
        example_context: &[],
    },
    check,
};

fn check(cx: &Cx, out: &mut Vec<Finding>) {
    for (_, ins) in cx.instructions() {
        if let (Keyword::Expose, Args::List { items, .. }) = (ins.keyword, &ins.args) {
            if items.iter().any(|w| w.value.contains(':')) {
                out.push(cx.finding(&RULE.doc, span(ins), "EXPOSE takes container ports only"));
            }
        }
    }
}
