use super::util::span;
use crate::lint::{Cx, Finding, Rule, RuleDoc, Severity};
#[allow(unused_imports)]
use crate::syntax::{Args, CommandForm, Keyword};

pub const RULE: Rule = Rule {
    doc: RuleDoc {
        code: "LL334",
        name: "empty-continuation",
        hadolint: None,
        buildkit: Some("NoEmptyContinuation"),
        severity: Severity::Warning,
        summary: "A blank line inside a continued instruction.",
        why: "BuildKit accepts a blank line after a trailing `\\` only with a warning, and may refuse it in a future version; it also hides where the instruction ends.",
        example: "FROM alpine:3.20\nRUN echo a \\\n\n  && echo b\n",
        use_instead: "FROM alpine:3.20\nRUN echo a \\\n  && echo b\n",
        fix_safety: "Safe.",
        example_context: &[],
    },
    check,
};

fn check(cx: &Cx, out: &mut Vec<Finding>) {
    for d in &cx.df.warnings {
        if !d.message.starts_with("empty continuation line") {
            continue;
        }
        if let Some(ins) = cx
            .df
            .instructions
            .iter()
            .find(|i| i.start_line <= d.span.line && d.span.line <= i.end_line)
        {
            // Reported at the instruction's last line, as BuildKit does.
            let mut at = span(ins);
            at.line = ins.end_line;
            at.end_line = ins.end_line;
            at.column = 1;
            at.end_column = 1;
            let f = cx.finding(
                &RULE.doc,
                at,
                "remove the blank line inside this instruction",
            );
            if !out.iter().any(|o| o.code == f.code && o.line == f.line) {
                out.push(f);
            }
        }
    }
}
