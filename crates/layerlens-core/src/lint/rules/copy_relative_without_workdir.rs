use super::util::span;
use crate::lint::{Cx, Finding, Rule, RuleDoc, Severity};
#[allow(unused_imports)]
use crate::syntax::{Args, CommandForm, Keyword};

pub const RULE: Rule = Rule {
    doc: RuleDoc {
        code: "LL321",
        name: "copy-relative-without-workdir",
        hadolint: Some("DL3045"),
        buildkit: None,
        severity: Severity::Warning,
        summary: "`COPY` to a relative destination before any WORKDIR.",
        why: "A relative destination is resolved against the working directory, which without a WORKDIR is whatever the base image set (often `/`). Files land where nobody expects.",
        example: "FROM alpine:3.20\nCOPY app.py app/\n",
        use_instead: "FROM alpine:3.20\nWORKDIR /srv\nCOPY app.py app/\n",
        fix_safety: "Needs a check: choose the directory meant.",
        example_context: &[],
    },
    check,
};

fn check(cx: &Cx, out: &mut Vec<Finding>) {
    // Whether a stage (or the stage it builds FROM) set a WORKDIR before instruction `i`.
    fn has_workdir(cx: &Cx, stage: usize, before: usize) -> bool {
        let Some(st) = cx.stages.stages.get(stage) else {
            return false;
        };
        let own = st
            .instructions
            .iter()
            .take_while(|&&j| j < before)
            .any(|&j| {
                cx.df
                    .instructions
                    .get(j)
                    .is_some_and(|p| p.keyword == Keyword::Workdir)
            });
        own || matches!(st.base, crate::stages::Base::Stage(p) if p < stage && has_workdir(cx, p, usize::MAX))
    }
    for (i, ins) in cx.instructions() {
        if ins.keyword != Keyword::Copy {
            continue;
        }
        let Args::Copy { paths, .. } = &ins.args else {
            continue;
        };
        let Some(dest) = paths.last() else { continue };
        let d = dest.value.trim_matches('"');
        let absolute = d.starts_with('/')
            || d.starts_with('$')
            || (d.len() > 1 && d.as_bytes()[1] == b':')
            || d.starts_with('\\');
        if paths.len() < 2 || absolute {
            continue;
        }
        let Some(stage) = cx.stages.stage_of(i) else {
            continue;
        };
        if !has_workdir(cx, stage, i) {
            out.push(cx.finding(
                &RULE.doc,
                span(ins),
                format!(
                    "`{d}` is relative and no WORKDIR is set: set one, or copy to an absolute path"
                ),
            ));
        }
    }
}
