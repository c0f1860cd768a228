use super::util::span;
use crate::lint::{Cx, Finding, Rule, RuleDoc, Severity};
#[allow(unused_imports)]
use crate::syntax::{Args, CommandForm, Keyword};

pub const RULE: Rule = Rule {
    doc: RuleDoc {
        code: "LL330",
        name: "legacy-key-value",
        hadolint: None,
        buildkit: Some("LegacyKeyValueFormat"),
        severity: Severity::Warning,
        summary: "`ENV name value` (or `LABEL`): use `name=value`.",
        why: "The old form sets one variable to everything after its name — spaces, quotes and all — which surprises; `name=value` says exactly what is set and can set several at once.",
        example: "FROM alpine:3.20\nENV MODE production\n",
        use_instead: "FROM alpine:3.20\nENV MODE=production\n",
        fix_safety: "Safe when the value has no spaces; quote it otherwise.",
        example_context: &[],
    },
    check,
};

fn check(cx: &Cx, out: &mut Vec<Finding>) {
    for (_, ins) in cx.instructions() {
        if !matches!(ins.keyword, Keyword::Env | Keyword::Label) {
            continue;
        }
        let words = crate::syntax::words::quoted_words(&ins.text, cx.df.escape);
        if words
            .first()
            .is_some_and(|w| !ins.text[w.clone()].contains('='))
        {
            out.push(cx.finding(
                &RULE.doc,
                span(ins),
                format!("write `{} name=value`", ins.keyword.as_str()),
            ));
        }
    }
}
