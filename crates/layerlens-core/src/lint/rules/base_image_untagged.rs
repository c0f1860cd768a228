use super::util::{from_image, span};
use crate::lint::{Cx, Finding, Rule, RuleDoc, Severity};

pub const RULE: Rule = Rule {
    doc: RuleDoc {
        code: "LL101",
        name: "base-image-untagged",
        hadolint: Some("DL3006"),
        buildkit: None,
        severity: Severity::Warning,
        summary: "The base image has no tag, so the build takes whatever `latest` is that day.",
        why: "Without a tag the image you build changes when the base image is republished: a new major version, a new libc, a bigger image — and two builds of the same Dockerfile differ. A tag (or better, a digest) makes the size and the behaviour something you chose.",
        example: "FROM python\nCMD [\"python\"]\n",
        use_instead: "FROM python:3.12-slim\nUSER 65534\nCMD [\"python\"]\n",
        fix_safety: "Needs a check: pick the tag you actually tested with.",
        example_context: &[],
    },
    check,
};

fn check(cx: &Cx, out: &mut Vec<Finding>) {
    for (i, ins) in cx.instructions() {
        let Some((name, tag, digest)) = from_image(cx, i) else {
            continue;
        };
        // A reference that is a variable is decided at build time.
        if tag.is_none() && digest.is_none() && !name.starts_with('$') {
            out.push(cx.finding(
                &RULE.doc,
                span(ins),
                format!("`{name}` has no tag: write `{name}:<version>` (or pin a digest)"),
            ));
        }
    }
}
