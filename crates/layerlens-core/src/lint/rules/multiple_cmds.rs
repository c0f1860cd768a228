use super::util::span;
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
        use_instead: "FROM alpine:3.20\nCMD [\"ash\"]\n",
        fix_safety: "Safe.",
    },
    check,
};

fn check(cx: &Cx, out: &mut Vec<Finding>) {
    for st in &cx.stages.stages {
        let mut seen = false;
        for &i in &st.instructions {
            let Some(ins) = cx.df.instructions.get(i) else { continue };
            if ins.keyword == Keyword::Cmd {
                if seen {
                    out.push(cx.finding(&RULE.doc, span(ins), "only the last CMD takes effect"));
                }
                seen = true;
            }
        }
    }
}
