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

/// The fix the finding names.
const FIX: &str = "add `-y` to `apt-get install`";

fn check(cx: &Cx, out: &mut Vec<Finding>) {
    super::util::commands_where(cx, out, &RULE.doc, FIX, is_target, is_bad);
}

fn is_target(c: &crate::shell::Command) -> bool {
    c.is("apt-get", "install")
}

fn is_bad(_ins: &crate::syntax::Instruction, c: &crate::shell::Command) -> bool {
    !c.has_any_flag(&["-y", "--yes", "--assume-yes", "-qq"])
        && !c
            .args()
            .iter()
            .any(|w| w.value == "-q=2" || w.value.contains("Assume-Yes"))
}
