//! `merge-runs`: Merge consecutive RUNs into one layer.

use super::{Applies, StepDoc};
use crate::optimize::Safety;

pub const DOC: StepDoc = StepDoc {
    kind: "merge-runs",
    title: "Merge consecutive RUNs into one layer",
    why: "Every RUN is a layer, and a file deleted in a later layer still ships in the earlier one. Merging an install with the cleanup after it (or a run of small RUNs) puts them in one layer, so what the cleanup deletes is really gone.",
    example: "FROM debian:bookworm-slim\nRUN apt-get update\nRUN apt-get install -y --no-install-recommends curl\nRUN rm -rf /var/lib/apt/lists/*\n",
    use_instead: "FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*\n",
    safety: Safety::Safe,
    check: None,
    applies: Applies::Default,
    example_context: &[],
};

// The finder: what the planner calls (`plan.rs`).
use crate::optimize::doc::Action;
use crate::optimize::plan::*;
use crate::shell::Script;
use crate::syntax::Keyword;

/// Commands whose effect outlives them in the same shell: after merging, they would change what
/// the next RUN's commands see.
pub(crate) fn changes_shell_state(script: &Script) -> bool {
    script.commands.iter().any(|c| {
        !c.nested
            && matches!(
                c.name(),
                Some(
                    "cd" | "pushd"
                        | "popd"
                        | "export"
                        | "source"
                        | "."
                        | "umask"
                        | "unset"
                        | "alias"
                        | "set"
                        | "shopt"
                        | "exec"
                )
            )
    })
}

/// Merge a RUN that only cleans up into the RUN before it; an `apt-get update` alone into the
/// install after it.
pub(crate) fn merge_runs(cx: &mut Cx, estimate: &crate::estimate::Estimate) {
    let stages_list = cx.stages.stages.clone();
    // RUNs that delete what an earlier layer wrote, by the estimate of the original: the
    // instruction, and the line of the layer that wrote it.
    let deleted_later: Vec<(usize, usize)> = estimate
        .layers
        .iter()
        .flat_map(|l| {
            l.lessons
                .iter()
                .filter(|x| x.kind == "deleted-later" && x.wasted_bytes > 0)
                .filter_map(|x| Some((l.instruction, x.from_line?)))
        })
        .collect();
    for st in &stages_list {
        let ins = cx.stage_ins(st);
        // The RUN a chain merges into, and whether the chain can go on.
        let mut head: Option<usize> = None;
        for &i in &ins {
            let this = cx.ins(i);
            if this.keyword != Keyword::Run {
                // Only labels and exposes may sit between two RUNs that merge.
                if !matches!(this.keyword, Keyword::Label | Keyword::Expose) {
                    head = None;
                }
                continue;
            }
            let plain = this.flags.is_empty() && cx.appendable(i);
            let Some(script) = cx.scripts[i].clone() else {
                head = None;
                continue;
            };
            if let (Some(h), true) = (head, plain) {
                let head_script = cx.scripts[h].clone().unwrap_or_default();
                let cleanup = !script.commands.is_empty() && script.commands.iter().all(is_cleanup);
                let update_only = !head_script.commands.is_empty()
                    && head_script
                        .commands
                        .iter()
                        .all(|c| is_index_update(c) || c.name() == Some("true"));
                let installs = script.commands.iter().any(|c| {
                    (is_apt(c) || c.name() == Some("apk"))
                        && matches!(c.subcommand(), Some("install" | "add"))
                });
                // The estimator saw this RUN delete files an earlier layer wrote: with the RUN
                // before, they may never be stored (pricing says whether they were that RUN's).
                // Only files of the chain it joins: a COPY's files stay in the COPY's layer.
                let head_line = cx.ins(h).start_line;
                let frees = deleted_later
                    .iter()
                    .any(|&(d, from)| d == i && from >= head_line);
                if (cleanup || (update_only && installs) || frees)
                    && !changes_shell_state(&head_script)
                {
                    let (title, why) = if frees && !cleanup {
                        (
                            "Create and delete the files in one RUN",
                            "This RUN deletes files that the RUN before it created — but that layer is already stored, so deleting them later hides them without making the image any smaller. Running both in one RUN means the files exist only while the RUN runs.",
                        )
                    } else if cleanup {
                        (
                            "Clean up in the same RUN that made the files",
                            "Each RUN is a layer, and a layer only adds: files deleted in a later RUN are hidden, not removed, and still weigh in the image. Running the cleanup in the RUN that created the files means they are never stored at all.",
                        )
                    } else {
                        (
                            "Update the package index in the RUN that installs",
                            "An `apt-get update` in a RUN of its own is cached: later builds reuse the old index and install stale (or no longer existing) package versions, and the index stays in its own layer. Updating and installing in one RUN keeps them in step and lets the same RUN delete the index.",
                        )
                    };
                    cx.add(
                        "merge-runs",
                        this.start_line,
                        vec![cx.ins(h).start_line, this.start_line],
                        title,
                        why,
                        Safety::Safe,
                        None,
                        vec![Action::MergeInto { from: i, into: h }],
                    );
                    // The merged RUN's shell state now reaches later merges.
                    if changes_shell_state(&script) {
                        head = None;
                    }
                    continue;
                }
            }
            head = if plain && !changes_shell_state(&script) {
                Some(i)
            } else {
                None
            };
        }
    }
}
