use crate::lint::{Cx, Finding, Rule, RuleDoc, Severity};
#[allow(unused_imports)]
use crate::syntax::{Args, CommandForm, Keyword};

pub const RULE: Rule = Rule {
    doc: RuleDoc {
        code: "LL205",
        name: "apt-version-unpinned",
        hadolint: Some("DL3008"),
        buildkit: None,
        severity: Severity::Warning,
        summary: "`apt-get install` without versions: each rebuild may install different packages.",
        why: "Without `pkg=version` a rebuild installs whatever the mirror has that day: a different size, different behaviour, and a cache that cannot tell. Pinning makes the layer reproducible (and its size knowable).",
        example: "FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*\n",
        use_instead: "FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u14 && rm -rf /var/lib/apt/lists/*\n",
        fix_safety: "Needs a check: pins must be bumped when the distribution updates them.",
        example_context: &[],
    },
    check,
};

/// The fix the finding names.
const FIX: &str = "pin versions in `apt-get install` (`pkg=version`)";

fn check(cx: &Cx, out: &mut Vec<Finding>) {
    super::util::commands_where(cx, out, &RULE.doc, FIX, is_target, is_bad);
}

fn is_target(c: &crate::shell::Command) -> bool {
    c.is("apt-get", "install")
}

fn is_bad(_ins: &crate::syntax::Instruction, c: &crate::shell::Command) -> bool {
    c.operands(&["-o", "-t", "--target-release", "-c"])
        .iter()
        .any(|w| !w.value.contains('=') && !w.value.ends_with(".deb"))
}
