use super::util::span;
use crate::lint::{Cx, Finding, Rule, RuleDoc, Severity};
use crate::syntax::Keyword;

pub const RULE: Rule = Rule {
    doc: RuleDoc {
        code: "LL340",
        name: "overridden-instruction",
        hadolint: None,
        buildkit: Some("MultipleInstructionsDisallowed"),
        severity: Severity::Warning,
        summary: "A CMD, ENTRYPOINT or HEALTHCHECK that a later one in the same stage replaces: it does nothing.",
        why: "A stage keeps only its last CMD, ENTRYPOINT and HEALTHCHECK. An earlier one is dead text that a reader may take for the real command — often the sign of a merge gone wrong or a forgotten `FROM`.",
        example: "FROM alpine:3.20\nCMD [\"sh\"]\nCMD [\"ash\"]\n",
        use_instead: "FROM alpine:3.20\nUSER 65534\nCMD [\"ash\"]\n",
        fix_safety: "Safe: the instruction had no effect. Check which command you meant.",
        example_context: &[],
    },
    check,
};

fn check(cx: &Cx, out: &mut Vec<Finding>) {
    for st in &cx.stages.stages {
        for kw in [Keyword::Cmd, Keyword::Entrypoint, Keyword::Healthcheck] {
            let all: Vec<_> = st
                .instructions
                .iter()
                .filter_map(|&i| cx.df.instructions.get(i))
                .filter(|i| i.keyword == kw)
                .collect();
            if let Some((last, earlier)) = all.split_last() {
                for ins in earlier {
                    out.push(cx.finding(
                        &RULE.doc,
                        span(ins),
                        format!(
                            "this {} is replaced by the one on line {}: only the last counts",
                            kw.as_str(),
                            last.start_line
                        ),
                    ));
                }
            }
        }
    }
}
