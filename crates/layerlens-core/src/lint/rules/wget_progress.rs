use crate::lint::{Cx, Finding, Rule, RuleDoc, Severity};
#[allow(unused_imports)]
use crate::syntax::{Args, CommandForm, Keyword};

pub const RULE: Rule = Rule {
    doc: RuleDoc {
        code: "LL317",
        name: "wget-progress",
        hadolint: Some("DL3047"),
        buildkit: None,
        severity: Severity::Info,
        summary: "`wget` without `--progress` fills the build log.",
        why: "wget's default progress bar writes a line per chunk in a build log: megabytes of noise for a big download.",
        example: "FROM debian:bookworm-slim\nRUN wget https://example.com/file.tgz\n",
        use_instead: "FROM debian:bookworm-slim\nRUN wget --progress=dot:giga https://example.com/file.tgz\n",
        fix_safety: "Safe.",
        example_context: &[],
    },
    check,
};

/// The fix the finding names.
const FIX: &str = "use `wget --progress=dot:giga` (or `-q`)";

fn check(cx: &Cx, out: &mut Vec<Finding>) {
    super::util::commands_where(cx, out, &RULE.doc, FIX, is_target, is_bad);
}

fn is_target(c: &crate::shell::Command) -> bool {
    c.name() == Some("wget")
}

fn is_bad(_ins: &crate::syntax::Instruction, c: &crate::shell::Command) -> bool {
    !c.args().iter().any(|w| w.value.starts_with("--progress"))
        && !c.has_any_flag(&[
            "-q",
            "--quiet",
            "-nv",
            "--no-verbose",
            "-o",
            "--output-file",
            "-a",
            "--append-output",
        ])
}
