use super::util::span;
use crate::lint::{Cx, Finding, Rule, RuleDoc, Severity};
#[allow(unused_imports)]
use crate::syntax::{Args, CommandForm, Keyword};

pub const RULE: Rule = Rule {
    doc: RuleDoc {
        code: "LL315",
        name: "copy-many-needs-dir",
        hadolint: Some("DL3021"),
        buildkit: None,
        severity: Severity::Error,
        summary: "COPY of several sources needs a destination ending in `/`.",
        why: "With more than one source the destination must be a folder; without the trailing `/` the build fails.",
        example: "FROM alpine:3.20\nCOPY a.txt b.txt /app\n",
        use_instead: "FROM alpine:3.20\nCOPY a.txt b.txt /app/\n",
        fix_safety: "Safe.",
        example_context: &[],
    },
    check,
};

fn check(cx: &Cx, out: &mut Vec<Finding>) {
    for (_, ins) in cx.instructions() {
        if ins.keyword != Keyword::Copy || !ins.heredocs.is_empty() {
            continue;
        }
        let Args::Copy { paths, .. } = &ins.args else {
            continue;
        };
        if paths.len() > 2 {
            if let Some(dest) = paths.last() {
                let d = dest.value.trim_matches('"');
                if !d.ends_with('/') && !d.starts_with('$') {
                    out.push(cx.finding(
                        &RULE.doc,
                        span(ins),
                        format!("end the destination `{d}` with `/`"),
                    ));
                }
            }
        }
    }
}
