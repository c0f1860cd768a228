use super::util::span;
use crate::lint::{Cx, Finding, Rule, RuleDoc, Severity};
use crate::syntax::Keyword;

pub const RULE: Rule = Rule {
    doc: RuleDoc {
        code: "LL302",
        name: "maintainer-deprecated",
        hadolint: Some("DL4000"),
        buildkit: Some("MaintainerDeprecated"),
        severity: Severity::Error,
        summary: "MAINTAINER is deprecated; use a LABEL.",
        why: "MAINTAINER was replaced by labels, which tools can read in a standard way (`org.opencontainers.image.authors`).",
        example: "FROM alpine:3.20\nMAINTAINER Jane <jane@example.com>\n",
        use_instead: "FROM alpine:3.20\nLABEL org.opencontainers.image.authors=\"Jane <jane@example.com>\"\n",
        fix_safety: "Safe: the label carries the same text.",
        example_context: &[],
    },
    check,
};

fn check(cx: &Cx, out: &mut Vec<Finding>) {
    for (_, ins) in cx.instructions() {
        if ins.keyword == Keyword::Maintainer {
            out.push(cx.finding(
                &RULE.doc,
                span(ins),
                "MAINTAINER is deprecated: use `LABEL org.opencontainers.image.authors=…`",
            ));
        }
    }
}
