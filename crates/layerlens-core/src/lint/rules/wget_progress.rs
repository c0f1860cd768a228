use super::util::span;
use crate::lint::{Cx, Finding, Rule, RuleDoc, Severity};
#[allow(unused_imports)]
use crate::syntax::{Args, CommandForm, Keyword};

pub const RULE: Rule = Rule {
    doc: RuleDoc {
        code: "LL317",
        name: "wget-progress",
        hadolint: Some("DL3047"),
        buildkit: None,
        severity: Severity::Info,
        summary: "`wget` without `--progress` fills the build log.",
        why: "wget's default progress bar writes a line per chunk in a build log: megabytes of noise for a big download.",
        example: "FROM debian:bookworm-slim\nRUN wget https://example.com/file.tgz\n",
        use_instead: "FROM debian:bookworm-slim\nRUN wget --progress=dot:giga https://example.com/file.tgz\n",
        fix_safety: "Safe.",
        example_context: &[],
    },
    check,
};

fn check(cx: &Cx, out: &mut Vec<Finding>) {
    for (i, ins) in cx.instructions() {
        let Some(script) = cx.script(i) else { continue };
        let bad = script
            .commands
            .iter()
            .filter(|c| c.name() == Some("wget"))
            .any(|c| {
                !c.args().iter().any(|w| w.value.starts_with("--progress"))
                    && !c.has_any_flag(&[
                        "-q",
                        "--quiet",
                        "-nv",
                        "--no-verbose",
                        "-o",
                        "--output-file",
                        "-a",
                        "--append-output",
                    ])
            });
        if bad {
            out.push(cx.finding(
                &RULE.doc,
                span(ins),
                "use `wget --progress=dot:giga` (or `-q`)",
            ));
        }
    }
}
