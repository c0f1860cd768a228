use super::util::span;
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
        use_instead: "FROM alpine:3.20\nENTRYPOINT [\"ash\"]\n",
        fix_safety: "Safe.",
    },
    check,
};

fn check(cx: &Cx, out: &mut Vec<Finding>) {
    for st in &cx.stages.stages {
        let mut seen = false;
        for &i in &st.instructions {
            let Some(ins) = cx.df.instructions.get(i) else { continue };
            if ins.keyword == Keyword::Entrypoint {
                if seen {
                    out.push(cx.finding(&RULE.doc, span(ins), "only the last ENTRYPOINT takes effect"));
                }
                seen = true;
            }
        }
    }
}
