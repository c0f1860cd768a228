use crate::lint::{Cx, Finding, Rule, RuleDoc, Severity};
#[allow(unused_imports)]
use crate::syntax::{Args, CommandForm, Keyword};

pub const RULE: Rule = Rule {
    doc: RuleDoc {
        code: "LL311",
        name: "multiple-cmds",
        hadolint: Some("DL4003"),
        buildkit: None,
        severity: Severity::Warning,
        summary: "More than one CMD in a stage: only the last counts.",
        why: "Only the last CMD is the image's default command; the others do nothing.",
        example: "FROM alpine:3.20\nCMD [\"sh\"]\nCMD [\"ash\"]\n",
        use_instead: "FROM alpine:3.20\nUSER 65534\nCMD [\"ash\"]\n",
        fix_safety: "Safe.",
        example_context: &[],
    },
    check,
};

/// The fix the finding names.
const FIX: &str = "only the last CMD takes effect";

fn check(cx: &Cx, out: &mut Vec<Finding>) {
    super::util::repeated_in_stage(cx, out, &RULE.doc, Keyword::Cmd, FIX);
}
