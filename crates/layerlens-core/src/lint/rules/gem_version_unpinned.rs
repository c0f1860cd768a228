use super::util::span;
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

fn check(cx: &Cx, out: &mut Vec<Finding>) {
    for (i, ins) in cx.instructions() {
        let Some(script) = cx.script(i) else { continue };
        let bad = script
            .commands
            .iter()
            .filter(|c| c.name() == Some("gem") && c.subcommand() == Some("install"))
            .any(|c| {
                !c.has_any_flag(&["-v", "--version"])
                    && c.args_no_flags()
                        .iter()
                        .skip(1)
                        .any(|w| !w.value.contains(':') && !w.value.starts_with('$'))
            });
        if bad {
            out.push(cx.finding(
                &RULE.doc,
                span(ins),
                "pin versions in `gem install` (`gem:version` or `-v`)",
            ));
        }
    }
}
