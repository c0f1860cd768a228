use super::util::span;
use crate::lint::{Cx, Finding, Rule, RuleDoc, Severity};
#[allow(unused_imports)]
use crate::syntax::{Args, CommandForm, Keyword};

pub const RULE: Rule = Rule {
    doc: RuleDoc {
        code: "LL313",
        name: "duplicate-stage-name",
        hadolint: Some("DL3024"),
        buildkit: Some("DuplicateStageName"),
        severity: Severity::Error,
        summary: "Two stages have the same name.",
        why: "A stage name must point at one stage: with two, `COPY --from` and `FROM` silently take one of them.",
        example: "FROM alpine:3.20 AS build\nFROM alpine:3.20 AS build\n",
        use_instead: "FROM alpine:3.20 AS build\nFROM alpine:3.20 AS test\n",
        fix_safety: "Needs a check: rename and update the references.",
        example_context: &[],
    },
    check,
};

fn check(cx: &Cx, out: &mut Vec<Finding>) {
    let mut names: Vec<&str> = Vec::new();
    for st in &cx.stages.stages {
        let Some(name) = st.name.as_deref() else {
            continue;
        };
        if names.contains(&name) {
            if let Some(ins) = cx.df.instructions.get(st.from) {
                out.push(cx.finding(
                    &RULE.doc,
                    span(ins),
                    format!("the stage name `{name}` is already used"),
                ));
            }
        }
        names.push(name);
    }
}
