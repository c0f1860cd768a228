use super::util::span;
use crate::lint::{Cx, Finding, Rule, RuleDoc, Severity};
#[allow(unused_imports)]
use crate::syntax::{Args, CommandForm, Keyword};

pub const RULE: Rule = Rule {
    doc: RuleDoc {
        code: "LL208",
        name: "apt-without-yes",
        hadolint: Some("DL3014"),
        buildkit: None,
        severity: Severity::Warning,
        summary: "`apt-get install` without `-y`: the build stops at the prompt.",
        why: "There is no one to answer apt's question during a build; without `-y` the install aborts.",
        example: "FROM debian:bookworm-slim\nRUN apt-get update && apt-get install --no-install-recommends curl=7.88.1-10+deb12u14 && rm -rf /var/lib/apt/lists/*\n",
        use_instead: "FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u14 && rm -rf /var/lib/apt/lists/*\n",
        fix_safety: "Safe.",
        example_context: &[],
    },
    check,
};

fn check(cx: &Cx, out: &mut Vec<Finding>) {
    for (i, ins) in cx.instructions() {
        let Some(script) = cx.script(i) else { continue };
        let bad = script
            .commands
            .iter()
            .filter(|c| c.is("apt-get", "install"))
            .any(|c| {
                !c.has_any_flag(&["-y", "--yes", "--assume-yes", "-qq"])
                    && !c
                        .args()
                        .iter()
                        .any(|w| w.value == "-q=2" || w.value.contains("Assume-Yes"))
            });
        if bad {
            out.push(cx.finding(&RULE.doc, span(ins), "add `-y` to `apt-get install`"));
        }
    }
}
