use super::util::span;
use crate::lint::{Cx, Finding, Rule, RuleDoc, Severity};

pub const RULE: Rule = Rule {
    doc: RuleDoc {
        code: "LL201",
        name: "apt-lists-not-removed",
        hadolint: Some("DL3009"),
        buildkit: None,
        severity: Severity::Info,
        summary: "apt's package lists stay in the layer (≈ 20 MB).",
        why: "`apt-get update` downloads the package lists into /var/lib/apt/lists. Unless the same RUN deletes them they are saved in the layer — and deleting them in a later RUN frees nothing, because the earlier layer keeps them.",
        example: "FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl\n",
        use_instead: "FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u14 \\\n && rm -rf /var/lib/apt/lists/*\n",
        fix_safety: "Safe: the lists are only needed while installing.",
        example_context: &[],
    },
    check,
};

fn check(cx: &Cx, out: &mut Vec<Finding>) {
    for (i, ins) in cx.instructions() {
        let Some(script) = cx.script(i) else { continue };
        let apt = |c: &&crate::shell::Command| matches!(c.name(), Some("apt-get" | "apt"));
        if !script
            .commands
            .iter()
            .filter(apt)
            .any(|c| c.subcommand() == Some("update"))
        {
            continue;
        }
        let cleaned = script.commands.iter().any(|c| {
            (c.name() == Some("rm") && c.args_no_flags().iter().any(|w| w.value.starts_with("/var/lib/apt/lists")))
                // Debian 13's apt removes the lists itself.
                || (apt(&c) && c.subcommand() == Some("dist-clean"))
        });
        // A cache mount keeps the lists out of the layer.
        let mounts: Vec<&str> = ins
            .flags
            .iter()
            .filter(|f| f.name == "mount")
            .filter_map(|f| f.value.as_deref())
            .collect();
        let mounted = mounts.iter().any(|v| v.contains("/var/lib/apt/lists"))
            || (mounts.iter().any(|v| v.contains("/var/lib/apt"))
                && mounts.iter().any(|v| v.contains("/var/cache/apt")));
        // The lists matter where they ship: the final stage, or a stage another stage builds FROM.
        let stage = cx.stages.stage_of(i).and_then(|s| cx.stages.stages.get(s));
        let ships = stage.is_some_and(|s| {
            s.is_final
                || cx
                    .stages
                    .stages
                    .iter()
                    .any(|o| matches!(o.base, crate::stages::Base::Stage(p) if p == s.index))
        });
        if !cleaned && !mounted && ships {
            out.push(cx.finding(
                &RULE.doc,
                span(ins),
                "delete the apt lists in the same RUN: add `&& rm -rf /var/lib/apt/lists/*`",
            ));
        }
    }
}
