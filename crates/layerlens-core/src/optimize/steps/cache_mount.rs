//! `cache-mount`: Keep the package manager's cache in a BuildKit cache mount.

use super::{Applies, StepDoc};
use crate::optimize::Safety;

pub const DOC: StepDoc = StepDoc {
    kind: "cache-mount",
    title: "Keep the package manager's cache in a BuildKit cache mount",
    why: "`RUN --mount=type=cache,target=/root/.cache/pip` keeps the download cache on the build machine, out of the image, and gives it back to the next build: nothing of it ships, and a rebuild after a dependency change downloads only what changed.",
    example: "FROM python:3.12-slim\nRUN pip install requests\n",
    use_instead: "FROM python:3.12-slim\nRUN --mount=type=cache,target=/root/.cache/pip pip install requests\n",
    safety: Safety::NeedsCheck,
    check: Some("needs BuildKit (the default builder since Docker 23); CI runners without a persistent builder start with an empty cache"),
    applies: Applies::OptIn,
    example_context: &[],
};

// The finder: what the planner calls (`plan.rs`).
use crate::optimize::doc::Action;
use crate::optimize::plan::*;

/// BuildKit cache mounts for pip and npm: the download cache lives outside the image and is kept
/// between builds. Offered, off unless asked for (it needs BuildKit).
pub(crate) fn cache_mounts(cx: &mut Cx) {
    for i in 0..cx.df.instructions.len() {
        let Some(script) = cx.scripts[i].clone() else {
            continue;
        };
        let ins = cx.ins(i);
        if ins.flags.iter().any(|f| f.name == "mount") {
            continue;
        }
        let mut targets = Vec::new();
        if script
            .commands
            .iter()
            .any(|c| pip_install_word(c).is_some())
        {
            targets.push("/root/.cache/pip");
        }
        if script.commands.iter().any(|c| {
            c.name() == Some("npm") && matches!(c.subcommand(), Some("install" | "ci" | "i"))
        }) {
            targets.push("/root/.npm");
        }
        if targets.is_empty() {
            continue;
        }
        let text: String = targets
            .iter()
            .map(|t| format!(" --mount=type=cache,target={t}"))
            .collect();
        let line = ins.start_line;
        cx.add_in_group(
            "cache-mount",
            line,
            vec![line],
            "Keep the package cache in a BuildKit cache mount",
            "A cache mount keeps pip's or npm's download cache outside the image, on the build machine, and gives it back to the next build: nothing of it ships, and a rebuild after a dependency change downloads only what changed.",
            Safety::NeedsCheck,
            Some("needs BuildKit (the default builder since Docker 23); CI runners without a persistent builder start with an empty cache".into()),
            vec![Action::Insert { at: ins.keyword_span.end, text }],
            Some(format!("cache-L{line}")),
        );
    }
}
