use super::util::span;
use crate::lint::{Cx, Finding, Rule, RuleDoc, Severity};
#[allow(unused_imports)]
use crate::syntax::{Args, CommandForm, Keyword};

pub const RULE: Rule = Rule {
    doc: RuleDoc {
        code: "LL320",
        name: "copy-from-unknown-stage",
        hadolint: Some("DL3022"),
        buildkit: None,
        severity: Severity::Warning,
        summary: "`COPY --from` names no earlier stage.",
        why: "`COPY --from=name` copies from a stage defined above; a name that is not one is taken as an image to pull — usually a typo.",
        example: "FROM alpine:3.20 AS build\nFROM alpine:3.20\nCOPY --from=biuld /out /out\n",
        use_instead: "FROM alpine:3.20 AS build\nFROM alpine:3.20\nCOPY --from=build /out /out\n",
        fix_safety: "Needs a check: name the stage you meant.",
        example_context: &[],
    },
    check,
};

fn check(cx: &Cx, out: &mut Vec<Finding>) {
    for (i, ins) in cx.instructions() {
        if ins.keyword != Keyword::Copy {
            continue;
        }
        let Some(v) = ins.flag("from").and_then(|f| f.value.as_deref()) else {
            continue;
        };
        // A stage index or a tagged image (`golang:1.22`) is fine; anything else should be an
        // earlier stage's name.
        if v.parse::<usize>().is_ok() || v.contains(':') {
            continue;
        }
        let earlier =
            cx.stages.stages.iter().any(|s| {
                s.from < i && s.name.as_deref().is_some_and(|n| n.eq_ignore_ascii_case(v))
            });
        if !earlier {
            out.push(cx.finding(
                &RULE.doc,
                span(ins),
                format!("`--from={v}` names no earlier stage"),
            ));
        }
    }
}
