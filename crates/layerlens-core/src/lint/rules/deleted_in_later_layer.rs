use super::util::span;
use crate::lint::{Cx, Finding, Rule, RuleDoc, Severity};
#[allow(unused_imports)]
use crate::syntax::{Args, CommandForm, Keyword};

pub const RULE: Rule = Rule {
    doc: RuleDoc {
        code: "LL240",
        name: "deleted-in-later-layer",
        hadolint: None,
        buildkit: None,
        severity: Severity::Warning,
        summary: "Files are deleted in a later RUN than the one that added them: they still ship.",
        why: "Each RUN is a layer that is kept as it was. Deleting a file, a cache or a package in a later RUN only hides it: the bytes stay in the earlier layer and every pull downloads them. Install, use and clean up in the same RUN.",
        example: "FROM debian:bookworm-slim\nRUN apt-get update\nRUN rm -rf /var/lib/apt/lists/*\n",
        use_instead: "FROM debian:bookworm-slim\nRUN apt-get update && rm -rf /var/lib/apt/lists/*\n",
        fix_safety: "Needs a check: joining the RUNs changes what the build cache reuses.",
        example_context: &[],
    },
    check,
};

fn check(cx: &Cx, out: &mut Vec<Finding>) {
    for l in cx.estimate().layers.iter().filter(|l| l.is_final) {
        for lesson in l.lessons.iter().filter(|x| x.kind == "deleted-later") {
            if let Some(ins) = cx.df.instructions.get(l.instruction) {
                let mut f = cx.finding(&RULE.doc, span(ins), lesson.text.clone());
                f.saving_bytes = (lesson.wasted_bytes > 0).then_some(lesson.wasted_bytes);
                out.push(f);
            }
        }
    }
}
