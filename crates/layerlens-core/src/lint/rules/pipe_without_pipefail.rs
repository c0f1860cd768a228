use super::util::span;
use crate::lint::{Cx, Finding, Rule, RuleDoc, Severity};
#[allow(unused_imports)]
use crate::syntax::{Args, CommandForm, Keyword};

pub const RULE: Rule = Rule {
    doc: RuleDoc {
        code: "LL401",
        name: "pipe-without-pipefail",
        hadolint: Some("DL4006"),
        buildkit: None,
        severity: Severity::Warning,
        summary: "A RUN pipes commands without `pipefail`: a failure before the last `|` goes unnoticed.",
        why: "`/bin/sh -c` reports only the last command of a pipe: `curl https://… | tar x` succeeds even when the download failed, and the layer is built from nothing. Make the shell fail on any part of the pipe.",
        example: "FROM debian:bookworm-slim\nRUN curl -fsSL https://example.com/x.tgz | tar -xz -C /opt\n",
        use_instead: "FROM debian:bookworm-slim\nSHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\nRUN curl -fsSL https://example.com/x.tgz | tar -xz -C /opt\n",
        fix_safety: "Safe where bash exists (not in Alpine without bash, nor distroless).",
        example_context: &[],
    },
    check,
};

fn check(cx: &Cx, out: &mut Vec<Finding>) {
    for (i, ins) in cx.instructions() {
        let Some(script) = cx.script(i) else { continue };
        if !script
            .commands
            .iter()
            .any(|c| c.next == Some(crate::shell::Operator::Pipe))
        {
            continue;
        }
        // The SHELL in force for this stage, if any: pipefail set, or a shell that is not sh-like.
        let stage = cx.stages.stage_of(i).and_then(|s| cx.stages.stages.get(s));
        let shell_ok = stage.is_some_and(|s| {
            s.instructions
                .iter()
                .take_while(|&&j| j < i)
                .filter_map(|&j| cx.df.instructions.get(j))
                .filter(|p| p.keyword == Keyword::Shell)
                .last()
                .is_some_and(|p| match &p.args {
                    Args::Command(CommandForm::Exec { args }) => {
                        let words: Vec<&str> = args.iter().map(|w| w.value.as_str()).collect();
                        let pipefail = words.windows(2).any(|w| {
                            w[0].starts_with('-') && w[0].contains('o') && w[1] == "pipefail"
                        });
                        let posix = words.first().is_some_and(|p| {
                            p.ends_with("sh")
                                || p.ends_with("bash")
                                || p.ends_with("zsh")
                                || p.ends_with("ash")
                        });
                        pipefail || !posix
                    }
                    _ => false,
                })
        });
        if !shell_ok {
            out.push(cx.finding(
                &RULE.doc,
                span(ins),
                "set `SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]` before a RUN that pipes",
            ));
        }
    }
}
