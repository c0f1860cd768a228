use crate::lint::{Cx, Finding, Rule, RuleDoc, Severity};
use crate::syntax::{Args, Keyword};

pub const RULE: Rule = Rule {
    doc: RuleDoc {
        code: "LL350",
        name: "add-remote-url",
        hadolint: None,
        buildkit: None,
        severity: Severity::Warning,
        summary: "`ADD https://…` without `--checksum`: the build trusts whatever the server sends.",
        why: "ADD downloads the URL at every cache miss and puts it in a layer unchecked: if the file changes or the server is compromised, the image silently changes too. An archive fetched this way also stays in its layer even after you unpack and delete it later. Pin it with `ADD --checksum=sha256:…`, or fetch, verify, unpack and delete in one RUN. Dockle flags ADD for the same reasons (CIS-DI-0009).",
        example: "FROM alpine:3.20\nADD https://example.com/tool-1.0.tar.gz /opt/\n",
        use_instead: "FROM alpine:3.20\nADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d https://example.com/tool-1.0.tar.gz /opt/\n",
        fix_safety: "Needs a check: compute the file's sha256 once and pin it.",
        example_context: &[],
    },
    check,
};

fn check(cx: &Cx, out: &mut Vec<Finding>) {
    for (_, ins) in cx.instructions() {
        if ins.keyword != Keyword::Add || ins.flag("checksum").is_some() {
            continue;
        }
        let Args::Copy { paths, .. } = &ins.args else {
            continue;
        };
        let Some((_, sources)) = paths.split_last() else {
            continue;
        };
        for w in sources
            .iter()
            .filter(|w| w.value.starts_with("http://") || w.value.starts_with("https://"))
        {
            out.push(cx.finding(
                &RULE.doc,
                w.span,
                "pin the download with `--checksum=sha256:…`",
            ));
        }
    }
}
