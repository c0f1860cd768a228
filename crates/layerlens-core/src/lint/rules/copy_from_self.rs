use super::util::span;
use crate::lint::{Cx, Finding, Rule, RuleDoc, Severity};
#[allow(unused_imports)]
use crate::syntax::{Args, CommandForm, Keyword};

pub const RULE: Rule = Rule {
    doc: RuleDoc {
        code: "LL314",
        name: "copy-from-self",
        hadolint: Some("DL3023"),
        buildkit: None,
        severity: Severity::Error,
        summary: "`COPY --from` names the stage it is in.",
        why: "A stage cannot copy from itself: the build fails.",
        example: "FROM alpine:3.20 AS app\nCOPY --from=app /a /b\n",
        use_instead: "FROM alpine:3.20 AS app\nCOPY a /b\n",
        fix_safety: "Needs a check: name the stage you meant.",
        example_context: &[],
    },
    check,
};

fn check(cx: &Cx, out: &mut Vec<Finding>) {
    for st in &cx.stages.stages {
        let Some(name) = st.name.as_deref() else {
            continue;
        };
        for &i in &st.instructions {
            let Some(ins) = cx.df.instructions.get(i) else {
                continue;
            };
            if ins.keyword == Keyword::Copy
                && ins
                    .flag("from")
                    .and_then(|f| f.value.as_deref())
                    .is_some_and(|v| v.eq_ignore_ascii_case(name))
            {
                out.push(cx.finding(
                    &RULE.doc,
                    span(ins),
                    format!("`COPY --from={name}` is inside stage `{name}`"),
                ));
            }
        }
    }
}
