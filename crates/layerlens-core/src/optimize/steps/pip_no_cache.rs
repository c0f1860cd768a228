//! `pip-no-cache`: Use `pip install --no-cache-dir`.

use super::{Applies, StepDoc};
use crate::optimize::Safety;

pub const DOC: StepDoc = StepDoc {
    kind: "pip-no-cache",
    title: "Use `pip install --no-cache-dir`",
    why: "pip keeps every wheel it downloads in ~/.cache/pip, as big again as what it installs. In an image nothing reuses that cache: `--no-cache-dir` leaves it out.",
    example: "FROM python:3.12-slim\nRUN pip install requests\n",
    use_instead: "FROM python:3.12-slim\nRUN pip install --no-cache-dir requests\n",
    safety: Safety::Safe,
    check: None,
    applies: Applies::Default,
    example_context: &[],
};

// The finder: what the planner calls (`plan.rs`).
use crate::optimize::doc::Action;
use crate::optimize::plan::*;
use crate::syntax::Keyword;

pub(crate) fn find(cx: &mut Cx) {
    for (i, script, line, cache_mount, _) in shell_runs(cx) {
        // pip install
        let pip_env = cx.stage_of(i).is_some_and(|st| {
            st.instructions.iter().any(|&j| {
                j < i
                    && cx.ins(j).keyword == Keyword::Env
                    && cx.ins(j).text.contains("PIP_NO_CACHE_DIR")
            })
        });
        // One step for all the pip installs of a RUN.
        let pip_inserts: Vec<Action> = script
            .commands
            .iter()
            .filter(|c| !c.has_flag("--no-cache-dir") && !cache_mount && !pip_env)
            .filter_map(pip_install_word)
            .map(|w| Action::Insert {
                at: cx.at(i, w.span.end),
                text: " --no-cache-dir".into(),
            })
            .collect();
        if !pip_inserts.is_empty() {
            cx.add_in_group(
                "pip-no-cache",
                line,
                vec![line],
                "Tell pip not to keep its download cache",
                "pip keeps a copy of every wheel it downloads in ~/.cache/pip, to reuse next time — but there is no next time inside an image layer: the cache ships with it, roughly the size of the packages again. `--no-cache-dir` skips it.",
                Safety::Safe,
                None,
                pip_inserts,
                Some(format!("cache-L{line}/pip")),
            );
        }
    }
}
