use crate::lint::{Cx, Finding, Rule, RuleDoc, Severity};

pub const RULE: Rule = Rule {
    doc: RuleDoc {
        code: "LL204",
        name: "apk-cache-kept",
        hadolint: Some("DL3019"),
        buildkit: None,
        severity: Severity::Info,
        summary: "`apk add` without `--no-cache` keeps the package index in the layer.",
        why: "Without `--no-cache`, apk stores its index in /var/cache/apk (≈ 2.5 MB) and you need `apk update` first. `--no-cache` fetches the index for this command only and keeps nothing.",
        example: "FROM alpine:3.20\nRUN apk update && apk add curl\n",
        use_instead: "FROM alpine:3.20\nRUN apk add --no-cache curl=8.12.1-r0\n",
        fix_safety: "Safe.",
        example_context: &[],
    },
    check,
};

/// The fix the finding names.
const FIX: &str = "use `apk add --no-cache`";

fn check(cx: &Cx, out: &mut Vec<Finding>) {
    super::util::commands_where(cx, out, &RULE.doc, FIX, is_target, is_bad);
}

fn is_target(c: &crate::shell::Command) -> bool {
    c.name() == Some("apk") && c.subcommand() == Some("add")
}

fn is_bad(ins: &crate::syntax::Instruction, c: &crate::shell::Command) -> bool {
    !c.has_flag("--no-cache") && !super::util::cache_mounted(ins, "/var/cache/apk")
}
