use super::util::span;
use crate::lint::{Cx, Finding, Rule, RuleDoc, Severity};
#[allow(unused_imports)]
use crate::syntax::{Args, CommandForm, Keyword};

pub const RULE: Rule = Rule {
    doc: RuleDoc {
        code: "LL336",
        name: "reserved-stage-name",
        hadolint: Some("DL3063"),
        buildkit: Some("ReservedStageName"),
        severity: Severity::Error,
        summary: "A stage named `scratch` or `context`.",
        why: "Those names already mean something (`scratch` is the empty image, `context` the build context), so a stage with that name cannot be referred to.",
        example: "FROM alpine:3.20 AS scratch\n",
        use_instead: "FROM alpine:3.20 AS base\n",
        fix_safety: "Safe: rename and update the references.",
        example_context: &[],
    },
    check,
};

fn check(cx: &Cx, out: &mut Vec<Finding>) {
    for (ins, stage) in super::util::froms(cx) {
        if let Some(n) = stage {
            if matches!(n.value.to_ascii_lowercase().as_str(), "scratch" | "context") {
                out.push(cx.finding(
                    &RULE.doc,
                    span(ins),
                    format!("`{}` is a reserved name", n.value),
                ));
            }
        }
    }
}
