use super::util::span;
use crate::lint::{Cx, Finding, Rule, RuleDoc, Severity};
#[allow(unused_imports)]
use crate::syntax::{Args, CommandForm, Keyword};

pub const RULE: Rule = Rule {
    doc: RuleDoc {
        code: "LL316",
        name: "from-platform-flag",
        hadolint: Some("DL3029"),
        buildkit: None,
        severity: Severity::Warning,
        summary: "`FROM --platform` fixes the platform.",
        why: "A fixed platform makes the image build (and run) for one architecture only; on another machine it runs emulated or fails. Leave the platform to the builder, or use `$BUILDPLATFORM` for build stages.",
        example: "FROM --platform=linux/amd64 alpine:3.20\n",
        use_instead: "FROM alpine:3.20\n",
        fix_safety: "Needs a check: some images exist for one platform only.",
    },
    check,
};

fn check(cx: &Cx, out: &mut Vec<Finding>) {
    for (_, ins) in cx.instructions() {
        if ins.keyword != Keyword::From {
            continue;
        }
        if let Some(p) = ins.flag("platform").and_then(|f| f.value.as_deref()) {
            if !p.contains('$') {
                out.push(cx.finding(&RULE.doc, span(ins), format!("`--platform={p}` fixes the platform")));
            }
        }
    }
}
