use super::util::span;
use crate::lint::{Cx, Finding, Rule, RuleDoc, Severity};
#[allow(unused_imports)]
use crate::syntax::{Args, CommandForm, Keyword};

pub const RULE: Rule = Rule {
    doc: RuleDoc {
        code: "LL306",
        name: "workdir-relative",
        hadolint: Some("DL3000"),
        buildkit: None,
        severity: Severity::Error,
        summary: "WORKDIR with a relative path.",
        why: "A relative WORKDIR depends on every WORKDIR before it (and on the base image's); an absolute path says where you are.",
        example: "FROM alpine:3.20\nWORKDIR app\n",
        use_instead: "FROM alpine:3.20\nWORKDIR /app\n",
        fix_safety: "Needs a check: make sure the absolute path is the one meant.",
        example_context: &[],
    },
    check,
};

fn check(cx: &Cx, out: &mut Vec<Finding>) {
    for (_, ins) in cx.instructions() {
        if ins.keyword != Keyword::Workdir {
            continue;
        }
        if let Args::Text(Some(w)) = &ins.args {
            let v = w.value.trim_matches('"');
            let windows = v.len() > 1 && v.as_bytes()[1] == b':';
            if !v.starts_with('/') && !v.starts_with('$') && !windows {
                out.push(cx.finding(
                    &RULE.doc,
                    span(ins),
                    format!("use an absolute path in WORKDIR (not `{v}`)"),
                ));
            }
        }
    }
}
