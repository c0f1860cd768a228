use crate::lint::{Cx, Finding, Rule, RuleDoc, Severity};
#[allow(unused_imports)]
use crate::syntax::{Args, CommandForm, Keyword};

pub const RULE: Rule = Rule {
    doc: RuleDoc {
        code: "LL209",
        name: "apt-not-apt-get",
        hadolint: Some("DL3027"),
        buildkit: None,
        severity: Severity::Warning,
        summary: "`apt` in a RUN: use `apt-get`.",
        why: "`apt` is meant for people at a terminal; its output and behaviour may change between releases. `apt-get` is the stable interface for scripts.",
        example: "FROM debian:bookworm-slim\nRUN apt update\n",
        use_instead: "FROM debian:bookworm-slim\nRUN apt-get update && rm -rf /var/lib/apt/lists/*\n",
        fix_safety: "Safe.",
        example_context: &[],
    },
    check,
};

/// The fix the finding names.
const FIX: &str = "use `apt-get` (or `apt-cache`) instead of `apt`";

fn check(cx: &Cx, out: &mut Vec<Finding>) {
    super::util::commands_where(cx, out, &RULE.doc, FIX, is_target, is_bad);
}

fn is_target(c: &crate::shell::Command) -> bool {
    c.name() == Some("apt")
}

fn is_bad(_ins: &crate::syntax::Instruction, _c: &crate::shell::Command) -> bool {
    true
}
