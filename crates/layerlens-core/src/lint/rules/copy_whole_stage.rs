use super::util::span;
use crate::lint::{Cx, Finding, Rule, RuleDoc, Severity};
#[allow(unused_imports)]
use crate::syntax::{Args, CommandForm, Keyword};

pub const RULE: Rule = Rule {
    doc: RuleDoc {
        code: "LL323",
        name: "copy-whole-stage",
        hadolint: Some("DL3067"),
        buildkit: None,
        severity: Severity::Warning,
        summary: "`COPY --from` copies a stage’s entire filesystem.",
        why: "Copying `/` from another stage brings its whole operating system — shells, package caches, compilers — which is what a multi-stage build exists to leave behind. Copy the folders you need.",
        example: "FROM alpine:3.20 AS build\nRUN mkdir -p /out\nFROM scratch\nCOPY --from=build / /\n",
        use_instead: "FROM alpine:3.20 AS build\nRUN mkdir -p /out\nFROM scratch\nCOPY --from=build /out /out\n",
        fix_safety: "Needs a check: list what the program needs.",
        example_context: &[],
    },
    check,
};

fn check(cx: &Cx, out: &mut Vec<Finding>) {
    for (_, ins) in cx.instructions() {
        if ins.keyword != Keyword::Copy || ins.flag("from").is_none() {
            continue;
        }
        let Args::Copy { paths, .. } = &ins.args else {
            continue;
        };
        // `/` into `/`: the other stage's whole system over this one. (Copying `/` of a small
        // artifact stage into a folder is a common, deliberate pattern.)
        let whole = paths.len() == 2 && paths[0].value == "/" && paths[1].value == "/";
        if whole {
            out.push(cx.finding(&RULE.doc, span(ins), "copy the folders you need, not `/`"));
        }
    }
}
