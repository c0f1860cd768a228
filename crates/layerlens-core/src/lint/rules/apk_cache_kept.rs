use super::util::span;
use crate::lint::{Cx, Finding, Rule, RuleDoc, Severity};

pub const RULE: Rule = Rule {
    doc: RuleDoc {
        code: "LL204",
        name: "apk-cache-kept",
        hadolint: Some("DL3019"),
        buildkit: None,
        severity: Severity::Info,
        summary: "`apk add` without `--no-cache` keeps the package index in the layer.",
        why: "Without `--no-cache`, apk stores its index in /var/cache/apk (≈ 2.5 MB) and you need `apk update` first. `--no-cache` fetches the index for this command only and keeps nothing.",
        example: "FROM alpine:3.20\nRUN apk update && apk add curl\n",
        use_instead: "FROM alpine:3.20\nRUN apk add --no-cache curl=8.12.1-r0\n",
        fix_safety: "Safe.",
        example_context: &[],
    },
    check,
};

fn check(cx: &Cx, out: &mut Vec<Finding>) {
    for (i, ins) in cx.instructions() {
        let Some(script) = cx.script(i) else { continue };
        let mounted = ins.flags.iter().any(|f| {
            f.name == "mount"
                && f.value
                    .as_deref()
                    .is_some_and(|v| v.contains("/var/cache/apk"))
        });
        let bad = script.commands.iter().any(|c| {
            c.name() == Some("apk") && c.subcommand() == Some("add") && !c.has_flag("--no-cache")
        });
        if bad && !mounted {
            out.push(cx.finding(&RULE.doc, span(ins), "use `apk add --no-cache`"));
        }
    }
}
