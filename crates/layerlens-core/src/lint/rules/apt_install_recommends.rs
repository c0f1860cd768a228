use super::util::span;
use crate::lint::{Cx, Finding, Rule, RuleDoc, Severity};

pub const RULE: Rule = Rule {
    doc: RuleDoc {
        code: "LL202",
        name: "apt-install-recommends",
        hadolint: Some("DL3015"),
        buildkit: None,
        severity: Severity::Info,
        summary: "`apt-get install` without `--no-install-recommends` installs packages you did not ask for.",
        why: "apt also installs every package the ones you named merely recommend: `python3-pip` with Recommends adds 477 MB to debian:bookworm, without them 48 MB.",
        example: "FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y python3-pip && rm -rf /var/lib/apt/lists/*\n",
        use_instead: "FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends python3-pip=23.0.1+dfsg-1 && rm -rf /var/lib/apt/lists/*\n",
        fix_safety: "Needs a check: a program may rely on a recommended package; add it by name.",
        example_context: &[],
    },
    check,
};

fn check(cx: &Cx, out: &mut Vec<Finding>) {
    for (i, ins) in cx.instructions() {
        let Some(script) = cx.script(i) else { continue };
        let bad = script.commands.iter().any(|c| {
            c.name() == Some("apt-get")
                && c.subcommand() == Some("install")
                && !c.has_flag("--no-install-recommends")
                && !c.args().iter().any(|w| {
                    w.value.contains("Install-Recommends=false")
                        || w.value.contains("Install-Recommends=0")
                })
        });
        if bad {
            out.push(cx.finding(
                &RULE.doc,
                span(ins),
                "add `--no-install-recommends` to `apt-get install`",
            ));
        }
    }
}
