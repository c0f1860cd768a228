use super::util::span;
use crate::lint::{Cx, Finding, Rule, RuleDoc, Severity};
#[allow(unused_imports)]
use crate::syntax::{Args, CommandForm, Keyword};

pub const RULE: Rule = Rule {
    doc: RuleDoc {
        code: "LL206",
        name: "apk-version-unpinned",
        hadolint: Some("DL3018"),
        buildkit: None,
        severity: Severity::Warning,
        summary: "`apk add` without versions: each rebuild may install different packages.",
        why: "Without `pkg=version` a rebuild takes whatever the Alpine repository has that day. Pinning makes the layer reproducible.",
        example: "FROM alpine:3.20\nRUN apk add --no-cache curl\n",
        use_instead: "FROM alpine:3.20\nRUN apk add --no-cache curl=8.12.1-r0\n",
        fix_safety: "Needs a check: Alpine drops old versions from its repositories, so pins need bumping.",
        example_context: &[],
    },
    check,
};

fn check(cx: &Cx, out: &mut Vec<Finding>) {
    for (i, ins) in cx.instructions() {
        let Some(script) = cx.script(i) else { continue };
        let unpinned = script
            .commands
            .iter()
            .filter(|c| {
                c.name() == Some("apk")
                    && c.subcommand_skipping(&[
                        "--repository",
                        "-X",
                        "-t",
                        "--virtual",
                        "--root",
                        "-p",
                    ]) == Some("add")
            })
            .any(|c| {
                let virt = c.flag_value("--virtual").or_else(|| c.flag_value("-t"));
                c.operands(&["--repository", "-X", "-t", "--virtual", "--root", "-p"])
                    .iter()
                    .any(|w| {
                        !w.value.contains('=')
                            && !w.value.ends_with(".apk")
                            && Some(w.value.as_str()) != virt
                    })
            });
        if unpinned {
            out.push(cx.finding(
                &RULE.doc,
                span(ins),
                "pin versions in `apk add` (`pkg=version`)",
            ));
        }
    }
}
