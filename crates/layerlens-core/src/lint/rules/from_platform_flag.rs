use super::util::span;
use crate::lint::{Cx, Finding, Rule, RuleDoc, Severity};
#[allow(unused_imports)]
use crate::syntax::{Args, CommandForm, Keyword};

pub const RULE: Rule = Rule {
    doc: RuleDoc {
        code: "LL316",
        name: "from-platform-flag",
        hadolint: Some("DL3029"),
        buildkit: Some("FromPlatformFlagConstDisallowed"),
        severity: Severity::Warning,
        summary: "`FROM --platform` fixes the platform.",
        why: "A fixed platform makes the image build (and run) for one architecture only; on another machine it runs emulated or fails. Leave the platform to the builder, or use `$BUILDPLATFORM` for build stages.",
        example: "FROM --platform=linux/amd64 alpine:3.20\n",
        use_instead: "FROM alpine:3.20\n",
        fix_safety: "Needs a check: some images exist for one platform only.",
        example_context: &[],
    },
    check,
};

fn check(cx: &Cx, out: &mut Vec<Finding>) {
    for (ins, stage) in super::util::froms(cx) {
        if let Some(p) = ins.flag("platform").and_then(|f| f.value.as_deref()) {
            if !p.contains('$') {
                let mut f = cx.finding(
                    &RULE.doc,
                    span(ins),
                    format!("`--platform={p}` fixes the platform"),
                );
                // BuildKit accepts a constant in a stage named after it (`AS build_arm64`).
                if let Some(n) = stage {
                    let name = n.value.to_ascii_lowercase();
                    if p.to_ascii_lowercase()
                        .split('/')
                        .take(2)
                        .any(|part| !part.is_empty() && name.contains(part))
                    {
                        f.buildkit = None;
                    }
                }
                out.push(f);
            }
        }
    }
}
