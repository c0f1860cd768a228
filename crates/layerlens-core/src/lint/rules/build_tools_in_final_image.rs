use super::util::span;
use crate::lint::{Cx, Finding, Rule, RuleDoc, Severity};
#[allow(unused_imports)]
use crate::syntax::{Args, CommandForm, Keyword};

pub const RULE: Rule = Rule {
    doc: RuleDoc {
        code: "LL241",
        name: "build-tools-in-final-image",
        hadolint: None,
        buildkit: None,
        severity: Severity::Warning,
        summary: "Compilers or -dev packages are installed in the image you ship.",
        why: "Build tools are needed to build, not to run: gcc and build-essential alone add 200–400 MB. Install them in a builder stage, build there, and copy only the result into a slim final stage (a multi-stage build).",
        example: "FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends gcc=4:12.2.0-3 && rm -rf /var/lib/apt/lists/*\n",
        use_instead: "FROM debian:bookworm-slim AS build\nRUN apt-get update && apt-get install -y --no-install-recommends gcc=4:12.2.0-3 && rm -rf /var/lib/apt/lists/*\n\nFROM debian:bookworm-slim\nCOPY --from=build /usr/bin/gcc /usr/local/bin/gcc-copy\n",
        fix_safety: "Needs a check: move the build into a builder stage and copy its output.",
        example_context: &[],
    },
    check,
};

fn check(cx: &Cx, out: &mut Vec<Finding>) {
    for l in cx.estimate().layers.iter().filter(|l| l.is_final) {
        for lesson in l.lessons.iter().filter(|x| x.kind == "toolchain-in-final") {
            if let Some(ins) = cx.df.instructions.get(l.instruction) {
                let mut f = cx.finding(&RULE.doc, span(ins), lesson.text.clone());
                // This lesson's own bytes: another lesson on the same layer is another finding.
                f.saving_bytes = (lesson.wasted_bytes > 0).then_some(lesson.wasted_bytes);
                out.push(f);
            }
        }
    }
}
