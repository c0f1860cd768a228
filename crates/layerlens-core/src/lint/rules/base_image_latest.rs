use super::util::{from_image, span};
use crate::lint::{Cx, Finding, Rule, RuleDoc, Severity};

pub const RULE: Rule = Rule {
    doc: RuleDoc {
        code: "LL102",
        name: "base-image-latest",
        hadolint: Some("DL3007"),
        buildkit: None,
        severity: Severity::Warning,
        summary: "The base image is tagged `latest`, which moves.",
        why: "`latest` is whatever was pushed last: rebuilding next month can bring a different distribution release and a different size. Name the version you tested.",
        example: "FROM node:latest\nCMD [\"node\"]\n",
        use_instead: "FROM node:22-bookworm-slim\nUSER 65534\nCMD [\"node\"]\n",
        fix_safety: "Needs a check: pick the version you tested with.",
        example_context: &[],
    },
    check,
};

fn check(cx: &Cx, out: &mut Vec<Finding>) {
    for (i, ins) in cx.instructions() {
        if let Some((name, _, None)) =
            from_image(cx, i).filter(|(_, t, _)| t.as_deref() == Some("latest"))
        {
            out.push(cx.finding(
                &RULE.doc,
                span(ins),
                format!("`{name}:latest` moves: pin a version"),
            ));
        }
    }
}
