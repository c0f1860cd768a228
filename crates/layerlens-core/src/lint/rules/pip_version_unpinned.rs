use super::util::span;
use crate::lint::{Cx, Finding, Rule, RuleDoc, Severity};
#[allow(unused_imports)]
use crate::syntax::{Args, CommandForm, Keyword};

pub const RULE: Rule = Rule {
    doc: RuleDoc {
        code: "LL210",
        name: "pip-version-unpinned",
        hadolint: Some("DL3013"),
        buildkit: None,
        severity: Severity::Warning,
        summary: "`pip install` without versions: each rebuild may install different packages.",
        why: "Without `==version` (or a requirements file with pins) a rebuild takes the newest releases: a different size, different behaviour, and no way for the cache to know.",
        example: "FROM python:3.12-slim\nRUN pip install --no-cache-dir flask\n",
        use_instead: "FROM python:3.12-slim\nRUN pip install --no-cache-dir flask==3.1.3\n",
        fix_safety: "Needs a check: pins must be bumped deliberately.",
        example_context: &[],
    },
    check,
};

fn check(cx: &Cx, out: &mut Vec<Finding>) {
    const TAKES_VALUE: &[&str] = crate::shell::PIP_INSTALL_VALUE_OPTIONS;
    for (i, ins) in cx.instructions() {
        let Some(script) = cx.script(i) else { continue };
        let bad = script.commands.iter().any(|c| {
            let args = match c.name() {
                Some("pip" | "pip3") => c.args(),
                Some(n)
                    if n.starts_with("python")
                        && c.args().first().is_some_and(|w| w.value == "-m")
                        && c.args().get(1).is_some_and(|w| w.value.starts_with("pip")) =>
                {
                    &c.args()[2..]
                }
                _ => return false,
            };
            if args.first().map(|w| w.value.as_str()) != Some("install") {
                return false;
            }
            let mut skip = false;
            args[1..].iter().any(|w| {
                let v = w.value.as_str();
                if skip {
                    skip = false;
                    return false;
                }
                if TAKES_VALUE.contains(&v) {
                    skip = true;
                    return false;
                }
                if v.starts_with('-') {
                    return false;
                }
                let pinned = ["==", ">=", "<=", "~=", "!=", ">", "<", "@"]
                    .iter()
                    .any(|s| v.contains(s));
                let local = v.starts_with('.')
                    || v.starts_with('/')
                    || v.contains("://")
                    || v.ends_with(".whl")
                    || v.ends_with(".tar.gz")
                    || v.ends_with(".zip")
                    || v.starts_with('$');
                !pinned && !local
            })
        });
        if bad {
            out.push(cx.finding(
                &RULE.doc,
                span(ins),
                "pin versions in `pip install` (`pkg==version`, or a pinned requirements file)",
            ));
        }
    }
}
