use super::util::span;
use crate::lint::{Cx, Finding, Rule, RuleDoc, Severity};
#[allow(unused_imports)]
use crate::syntax::{Args, CommandForm, Keyword};

pub const RULE: Rule = Rule {
    doc: RuleDoc {
        code: "LL304",
        name: "add-for-files",
        hadolint: Some("DL3020"),
        buildkit: None,
        severity: Severity::Error,
        summary: "ADD for plain files: use COPY.",
        why: "ADD also downloads URLs and unpacks archives, so a reader cannot tell what it does without knowing the file. COPY only copies.",
        example: "FROM alpine:3.20\nADD app.py /app/\n",
        use_instead: "FROM alpine:3.20\nCOPY app.py /app/\n",
        fix_safety: "Safe for files and folders.",
        example_context: &[],
    },
    check,
};

fn check(cx: &Cx, out: &mut Vec<Finding>) {
    const ARCHIVES: &[&str] = &[
        ".tar", ".gz", ".bz2", ".xz", ".tgz", ".tbz", ".txz", ".zip", ".zst", ".lz", ".lzma", ".Z",
        ".tb2", ".7z",
    ];
    for (_, ins) in cx.instructions() {
        if ins.keyword != Keyword::Add || !ins.heredocs.is_empty() {
            continue;
        }
        let Args::Copy { paths, .. } = &ins.args else {
            continue;
        };
        let sources = &paths[..paths.len().saturating_sub(1)];
        let plain = sources.iter().any(|w| {
            let v = w.value.as_str();
            !(v.contains("://") || v.starts_with("git@") || ARCHIVES.iter().any(|e| v.ends_with(e)))
        });
        if plain {
            out.push(cx.finding(&RULE.doc, span(ins), "use COPY for files and folders"));
        }
    }
}
