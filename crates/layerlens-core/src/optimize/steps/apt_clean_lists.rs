//! `apt-clean-lists`: Delete apt's package lists in the same RUN.

use super::{Applies, StepDoc};
use crate::optimize::Safety;

pub const DOC: StepDoc = StepDoc {
    kind: "apt-clean-lists",
    title: "Delete apt's package lists in the same RUN",
    why: "`apt-get update` downloads the package lists (≈ 20 MB) into /var/lib/apt/lists. Deleted in the same RUN they never reach a layer; deleted later, or not at all, they ship.",
    example: "FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl\n",
    use_instead: "FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*\n",
    safety: Safety::Safe,
    check: None,
    applies: Applies::Default,
    example_context: &[],
};

// The finder: what the planner calls (`plan.rs`).
use crate::optimize::doc::Action;
use crate::optimize::plan::*;
use crate::shell::{self, Command};
use crate::syntax::Keyword;

/// RUNs after `i` — in its stage and in stages built `FROM` it — that read the apt lists RUN `i`
/// fetched (an install with no `apt-get update` of its own first): if `i` deletes the lists, each
/// must fetch its own, so the step puts `apt-get update && ` before its first apt command. Returns
/// (instruction, source offset) for each; `None` when one cannot be edited safely.
pub(crate) fn lists_readers_after(cx: &Cx, i: usize) -> Option<Vec<(usize, usize)>> {
    let mut out = Vec::new();
    let mut stages = vec![cx.stages.stage_of(i)?];
    let mut seen = Vec::new();
    while let Some(s) = stages.pop() {
        if seen.contains(&s) {
            continue;
        }
        seen.push(s);
        let st = cx.stages.stages.get(s)?;
        'ins: for &j in st.instructions.iter().filter(|&&j| j > i) {
            let ins = cx.ins(j);
            if ins.keyword != Keyword::Run {
                continue;
            }
            let Some(script) = cx.scripts[j].as_ref() else {
                if ins.text.contains("apt") {
                    return None;
                }
                continue;
            };
            let mut prev = None;
            for c in &script.commands {
                let reads = (is_apt(c)
                    && matches!(
                        c.subcommand(),
                        Some(
                            "install"
                                | "upgrade"
                                | "dist-upgrade"
                                | "full-upgrade"
                                | "build-dep"
                                | "source"
                                | "download"
                                | "satisfy"
                        )
                    ))
                    || c.name() == Some("apt-cache");
                if is_apt(c) && c.subcommand() == Some("update") {
                    // The lists are fresh from here on, in this stage.
                    break 'ins;
                }
                if reads {
                    if c.nested
                        || matches!(
                            prev,
                            Some(
                                shell::Operator::Pipe
                                    | shell::Operator::OrIf
                                    | shell::Operator::Background
                            )
                        )
                        || !ins.flags.is_empty()
                    {
                        return None;
                    }
                    out.push((j, cx.at(j, c.span.start)));
                    break 'ins;
                }
                prev = c.next;
            }
        }
        // Stages built FROM this one start with its files, the lists included.
        for (k, other) in cx.stages.stages.iter().enumerate() {
            if matches!(other.base, crate::stages::Base::Stage(b) if b == s) {
                stages.push(k);
            }
        }
    }
    out.sort_unstable();
    out.dedup_by_key(|(j, _)| *j);
    Some(out)
}

pub(crate) fn find(cx: &mut Cx) {
    for (i, script, line, cache_mount, text) in shell_runs(cx) {
        let apt_installs: Vec<&Command> = script
            .commands
            .iter()
            .filter(|c| is_apt(c) && c.subcommand() == Some("install"))
            .collect();
        let cleans_lists = text.contains("/var/lib/apt/lists")
            || script
                .commands
                .iter()
                .any(|c| is_apt(c) && c.subcommand() == Some("dist-clean"));
        let uses_apt_index = script
            .commands
            .iter()
            .any(|c| is_apt(c) && matches!(c.subcommand(), Some("update" | "install")));
        // After the RUN that installs (the lists an update left are still there); a RUN that
        // only updates is merged into the install instead.
        let readers = if uses_apt_index
            && !cleans_lists
            && !cache_mount
            && cx.appendable(i)
            && !apt_installs.is_empty()
        {
            lists_readers_after(cx, i)
        } else {
            None
        };
        if let Some(readers) = readers {
            let at = cx.text_end(i);
            let mut lines = vec![line];
            let mut actions = vec![Action::Insert {
                at,
                text: " && rm -rf /var/lib/apt/lists/*".into(),
            }];
            // Without its apt-get installs (an Alpine base replaced them) there are no lists.
            actions.extend(apt_installs.iter().map(|c| Action::Requires {
                start: cx.at(i, c.span.start),
                end: cx.at(i, c.span.end),
            }));
            for (j, at) in readers {
                lines.push(cx.ins(j).start_line);
                actions.push(Action::Insert {
                    at,
                    text: "apt-get update && ".into(),
                });
            }
            cx.add(
                "apt-clean-lists",
                line,
                lines,
                "Delete apt's package lists in the same RUN",
                "`apt-get update` downloads the package index (about 20 MB for Debian bookworm) into /var/lib/apt/lists. Nothing needs it once the packages are installed, and only the RUN that downloaded it can keep it out of the image.",
                Safety::Safe,
                None,
                actions,
            );
        }
    }
}
