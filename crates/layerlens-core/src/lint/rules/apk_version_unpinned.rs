use crate::lint::{Cx, Finding, Rule, RuleDoc, Severity};
#[allow(unused_imports)]
use crate::syntax::{Args, CommandForm, Keyword};

pub const RULE: Rule = Rule {
    doc: RuleDoc {
        code: "LL206",
        name: "apk-version-unpinned",
        hadolint: Some("DL3018"),
        buildkit: None,
        severity: Severity::Warning,
        summary: "`apk add` without versions: each rebuild may install different packages.",
        why: "Without `pkg=version` a rebuild takes whatever the Alpine repository has that day. Pinning makes the layer reproducible.",
        example: "FROM alpine:3.20\nRUN apk add --no-cache curl\n",
        use_instead: "FROM alpine:3.20\nRUN apk add --no-cache curl=8.12.1-r0\n",
        fix_safety: "Needs a check: Alpine drops old versions from its repositories, so pins need bumping.",
        example_context: &[],
    },
    check,
};

const VALUED: &[&str] = &["--repository", "-X", "-t", "--virtual", "--root", "-p"];

/// The fix the finding names.
const FIX: &str = "pin versions in `apk add` (`pkg=version`)";

fn check(cx: &Cx, out: &mut Vec<Finding>) {
    super::util::commands_where(cx, out, &RULE.doc, FIX, is_target, is_bad);
}

fn is_target(c: &crate::shell::Command) -> bool {
    c.name() == Some("apk") && c.subcommand_skipping(VALUED) == Some("add")
}

fn is_bad(_ins: &crate::syntax::Instruction, c: &crate::shell::Command) -> bool {
    let virt = c.flag_value("--virtual").or_else(|| c.flag_value("-t"));
    c.operands(VALUED).iter().any(|w| {
        !w.value.contains('=') && !w.value.ends_with(".apk") && Some(w.value.as_str()) != virt
    })
}
