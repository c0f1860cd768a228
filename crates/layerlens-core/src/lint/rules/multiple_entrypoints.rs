use crate::lint::{Cx, Finding, Rule, RuleDoc, Severity};
#[allow(unused_imports)]
use crate::syntax::{Args, CommandForm, Keyword};

pub const RULE: Rule = Rule {
    doc: RuleDoc {
        code: "LL312",
        name: "multiple-entrypoints",
        hadolint: Some("DL4004"),
        buildkit: None,
        severity: Severity::Error,
        summary: "More than one ENTRYPOINT in a stage: only the last counts.",
        why: "Only the last ENTRYPOINT is used; the others do nothing.",
        example: "FROM alpine:3.20\nENTRYPOINT [\"sh\"]\nENTRYPOINT [\"ash\"]\n",
        use_instead: "FROM alpine:3.20\nUSER 65534\nENTRYPOINT [\"ash\"]\n",
        fix_safety: "Safe.",
        example_context: &[],
    },
    check,
};

/// The fix the finding names.
const FIX: &str = "only the last ENTRYPOINT takes effect";

fn check(cx: &Cx, out: &mut Vec<Finding>) {
    super::util::repeated_in_stage(cx, out, &RULE.doc, Keyword::Entrypoint, FIX);
}
