use super::util::span;
use crate::lint::{Cx, Finding, Rule, RuleDoc, Severity};
#[allow(unused_imports)]
use crate::syntax::{Args, CommandForm, Keyword};

pub const RULE: Rule = Rule {
    doc: RuleDoc {
        code: "LL339",
        name: "redundant-target-platform",
        hadolint: Some("DL3065"),
        buildkit: Some("RedundantTargetPlatform"),
        severity: Severity::Info,
        summary: "`FROM --platform=$TARGETPLATFORM` says what is already the default.",
        why: "A stage is built for the target platform unless told otherwise; the flag only adds noise.",
        example: "FROM --platform=$TARGETPLATFORM alpine:3.20\n",
        use_instead: "FROM alpine:3.20\n",
        fix_safety: "Safe.",
        example_context: &[],
    },
    check,
};

fn check(cx: &Cx, out: &mut Vec<Finding>) {
    for (ins, _) in super::util::froms(cx) {
        if ins
            .flag("platform")
            .and_then(|f| f.value.as_deref())
            .is_some_and(|v| v == "$TARGETPLATFORM" || v == "${TARGETPLATFORM}")
        {
            out.push(cx.finding(
                &RULE.doc,
                span(ins),
                "drop `--platform=$TARGETPLATFORM`: it is the default",
            ));
        }
    }
}
