//! `apk-no-cache`: Use `apk add --no-cache`.

use super::{Applies, StepDoc};
use crate::optimize::Safety;

pub const DOC: StepDoc = StepDoc {
    kind: "apk-no-cache",
    title: "Use `apk add --no-cache`",
    why: "Without `--no-cache`, apk keeps its package index (≈ 2–3 MB) in /var/cache/apk. With it, apk fetches the index, installs and keeps nothing.",
    example: "FROM alpine:3.20\nRUN apk update && apk add curl\n",
    use_instead: "FROM alpine:3.20\nRUN apk add --no-cache curl\n",
    safety: Safety::Safe,
    check: None,
    applies: Applies::Default,
    example_context: &[],
};

// The finder: what the planner calls (`plan.rs`).
use crate::optimize::doc::Action;
use crate::optimize::plan::*;

pub(crate) fn find(cx: &mut Cx) {
    for (i, script, line, cache_mount, _) in shell_runs(cx) {
        // apk add
        for c in script
            .commands
            .iter()
            .filter(|c| c.name() == Some("apk") && c.subcommand() == Some("add"))
        {
            if c.has_flag("--no-cache") || cache_mount {
                continue;
            }
            let Some(w) = sub_word(c, "add") else {
                continue;
            };
            let at = cx.at(i, w.span.end);
            cx.add(
                "apk-no-cache",
                line,
                vec![line],
                "Use `apk add --no-cache`",
                "`apk add` stores the package index in /var/cache/apk, which then ships in the layer. `--no-cache` fetches a fresh index for this command only and keeps nothing.",
                Safety::Safe,
                None,
                vec![Action::Insert { at, text: " --no-cache".into() }],
            );
        }
    }
}
