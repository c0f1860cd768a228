use super::util::span;
use crate::lint::{Cx, Finding, Rule, RuleDoc, Severity};
#[allow(unused_imports)]
use crate::syntax::{Args, CommandForm, Keyword};

pub const RULE: Rule = Rule {
    doc: RuleDoc {
        code: "LL331",
        name: "from-as-casing",
        hadolint: None,
        buildkit: Some("FromAsCasing"),
        severity: Severity::Warning,
        summary: "`FROM … as name`: the `AS` keyword’s case does not match `FROM`’s.",
        why: "Mixed case (`FROM x as y`) reads as a typo and BuildKit warns about it; keep keywords in one case.",
        example: "FROM alpine:3.20 as build\n",
        use_instead: "FROM alpine:3.20 AS build\n",
        fix_safety: "Safe.",
        example_context: &[],
    },
    check,
};

fn check(cx: &Cx, out: &mut Vec<Finding>) {
    for (ins, _) in super::util::froms(cx) {
        let words: Vec<&str> = ins.text.split_whitespace().collect();
        let Some(as_word) = words.get(1).filter(|w| w.eq_ignore_ascii_case("as")) else {
            continue;
        };
        let kw = ins.keyword_text.as_str();
        let kw_upper = kw == kw.to_ascii_uppercase();
        let kw_lower = kw == kw.to_ascii_lowercase();
        let as_upper = *as_word == "AS";
        let as_lower = *as_word == "as";
        if (kw_upper && !as_upper) || (kw_lower && !as_lower) {
            out.push(cx.finding(
                &RULE.doc,
                span(ins),
                format!(
                    "write `{}` to match `{kw}`",
                    if kw_upper { "AS" } else { "as" }
                ),
            ));
        }
    }
}
