use crate::lint::{Cx, Finding, Rule, RuleDoc, Severity};
#[allow(unused_imports)]
use crate::syntax::{Args, CommandForm, Keyword};

pub const RULE: Rule = Rule {
    doc: RuleDoc {
        code: "LL211",
        name: "npm-version-unpinned",
        hadolint: Some("DL3016"),
        buildkit: None,
        severity: Severity::Warning,
        summary: "`npm install <pkg>` without a version.",
        why: "A package named without `@version` installs whatever is newest at build time; a lockfile (`npm ci`) or an explicit version keeps rebuilds the same.",
        example: "FROM node:22-alpine\nRUN npm install -g typescript\n",
        use_instead: "FROM node:22-alpine\nRUN npm install -g typescript@5.9.3\n",
        fix_safety: "Needs a check.",
        example_context: &[],
    },
    check,
};

/// The fix the finding names.
const FIX: &str = "pin versions in `npm install` (`pkg@version`)";

fn check(cx: &Cx, out: &mut Vec<Finding>) {
    super::util::commands_where(cx, out, &RULE.doc, FIX, is_target, is_bad);
}

fn is_target(c: &crate::shell::Command) -> bool {
    c.name() == Some("npm") && matches!(c.subcommand(), Some("install" | "i" | "add"))
}

fn is_bad(_ins: &crate::syntax::Instruction, c: &crate::shell::Command) -> bool {
    c.args_no_flags().iter().skip(1).any(|w| {
        let v = w.value.as_str();
        let versioned = v.trim_start_matches('@').contains('@');
        let local = v.starts_with('.')
            || v.starts_with('/')
            || v.contains("://")
            || v.contains(':')
            || v.ends_with(".tgz")
            || v.starts_with('$');
        !versioned && !local
    })
}
