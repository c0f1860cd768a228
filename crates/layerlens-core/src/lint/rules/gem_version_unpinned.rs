use crate::lint::{Cx, Finding, Rule, RuleDoc, Severity};
#[allow(unused_imports)]
use crate::syntax::{Args, CommandForm, Keyword};

pub const RULE: Rule = Rule {
    doc: RuleDoc {
        code: "LL212",
        name: "gem-version-unpinned",
        hadolint: Some("DL3028"),
        buildkit: None,
        severity: Severity::Warning,
        summary: "`gem install` without a version.",
        why: "A gem named without a version installs whatever is newest at build time.",
        example: "FROM ruby:3.3-slim\nRUN gem install rake\n",
        use_instead: "FROM ruby:3.3-slim\nRUN gem install rake:13.3.0\n",
        fix_safety: "Needs a check.",
        example_context: &[],
    },
    check,
};

/// The fix the finding names.
const FIX: &str = "pin versions in `gem install` (`gem:version` or `-v`)";

fn check(cx: &Cx, out: &mut Vec<Finding>) {
    super::util::commands_where(cx, out, &RULE.doc, FIX, is_target, is_bad);
}

fn is_target(c: &crate::shell::Command) -> bool {
    c.name() == Some("gem") && c.subcommand() == Some("install")
}

fn is_bad(_ins: &crate::syntax::Instruction, c: &crate::shell::Command) -> bool {
    !c.has_any_flag(&["-v", "--version"])
        && c.args_no_flags()
            .iter()
            .skip(1)
            .any(|w| !w.value.contains(':') && !w.value.starts_with('$'))
}
