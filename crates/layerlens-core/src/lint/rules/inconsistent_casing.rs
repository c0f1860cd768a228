use super::util::span;
use crate::lint::{Cx, Finding, Rule, RuleDoc, Severity};
#[allow(unused_imports)]
use crate::syntax::{Args, CommandForm, Keyword};

pub const RULE: Rule = Rule {
    doc: RuleDoc {
        code: "LL333",
        name: "inconsistent-casing",
        hadolint: None,
        buildkit: Some("ConsistentInstructionCasing"),
        severity: Severity::Warning,
        summary: "Instructions in mixed case.",
        why: "Keywords are case-insensitive, but a file that mixes `RUN` and `run` is harder to read; BuildKit warns. Write them in the case most of the file uses.",
        example: "FROM alpine:3.20\nRUN true\nrun true\n",
        use_instead: "FROM alpine:3.20\nRUN true\nRUN true\n",
        fix_safety: "Safe.",
        example_context: &[],
    },
    check,
};

fn check(cx: &Cx, out: &mut Vec<Finding>) {
    let (mut upper, mut lower) = (0, 0);
    for (_, ins) in cx.instructions() {
        let k = ins.keyword_text.as_str();
        if k == k.to_ascii_uppercase() {
            upper += 1;
        } else if k == k.to_ascii_lowercase() {
            lower += 1;
        }
    }
    let want_upper = upper >= lower;
    for (_, ins) in cx.instructions() {
        let k = ins.keyword_text.as_str();
        let ok = if want_upper {
            k == k.to_ascii_uppercase()
        } else {
            k == k.to_ascii_lowercase()
        };
        if !ok {
            let case = if want_upper { "uppercase" } else { "lowercase" };
            out.push(cx.finding(
                &RULE.doc,
                span(ins),
                format!("`{k}` should be {case}, as most of the file"),
            ));
        }
    }
}
