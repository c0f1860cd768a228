use super::util::span;
use crate::lint::{Cx, Finding, Rule, RuleDoc, Severity};
#[allow(unused_imports)]
use crate::syntax::{Args, CommandForm, Keyword};

pub const RULE: Rule = Rule {
    doc: RuleDoc {
        code: "LL337",
        name: "expose-proto-casing",
        hadolint: None,
        buildkit: Some("ExposeProtoCasing"),
        severity: Severity::Warning,
        summary: "EXPOSE with an upper-case protocol.",
        why: "Protocols are `tcp` and `udp` in lower case.",
        example: "FROM alpine:3.20\nEXPOSE 80/TCP\n",
        use_instead: "FROM alpine:3.20\nEXPOSE 80/tcp\n",
        fix_safety: "Safe.",
        example_context: &[],
    },
    check,
};

fn check(cx: &Cx, out: &mut Vec<Finding>) {
    for (_, ins) in cx.instructions() {
        if let (Keyword::Expose, Args::List { items, .. }) = (ins.keyword, &ins.args) {
            if items.iter().any(|w| {
                w.value
                    .split_once('/')
                    .is_some_and(|(_, p)| p != p.to_ascii_lowercase())
            }) {
                out.push(cx.finding(&RULE.doc, span(ins), "write the protocol in lower case"));
            }
        }
    }
}
