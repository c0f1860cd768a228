use super::util::span;
use crate::lint::{Cx, Finding, Rule, RuleDoc, Severity};
#[allow(unused_imports)]
use crate::syntax::{Args, CommandForm, Keyword};

pub const RULE: Rule = Rule {
    doc: RuleDoc {
        code: "LL335",
        name: "stage-name-casing",
        hadolint: None,
        buildkit: Some("StageNameCasing"),
        severity: Severity::Warning,
        summary: "A stage name with capitals.",
        why: "Stage names are compared in lower case; writing them in lower case avoids two spellings of one name.",
        example: "FROM alpine:3.20 AS Build\n",
        use_instead: "FROM alpine:3.20 AS build\n",
        fix_safety: "Safe: update the references too.",
        example_context: &[],
    },
    check,
};

fn check(cx: &Cx, out: &mut Vec<Finding>) {
    for (ins, stage) in super::util::froms(cx) {
        if let Some(n) = stage {
            if n.value != n.value.to_ascii_lowercase() {
                out.push(cx.finding(
                    &RULE.doc,
                    span(ins),
                    format!("write the stage name `{}` in lower case", n.value),
                ));
            }
        }
    }
}
