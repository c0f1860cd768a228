//! `conda-clean`: Run `conda clean -afy` in the same RUN.

use super::{Applies, StepDoc};
use crate::optimize::Safety;

pub const DOC: StepDoc = StepDoc {
    kind: "conda-clean",
    title: "Run `conda clean -afy` in the same RUN",
    why: "conda keeps every package archive it downloaded in its pkgs/ folder, as big as the environment itself. `conda clean -afy` in the same RUN deletes them before the layer is made.",
    example: "FROM continuumio/miniconda3\nRUN conda install -y numpy\n",
    use_instead: "FROM continuumio/miniconda3\nRUN conda install -y numpy && conda clean -afy\n",
    safety: Safety::Safe,
    check: None,
    applies: Applies::Default,
    example_context: &[],
};

// The finder: what the planner calls (`plan.rs`).
use crate::optimize::doc::Action;
use crate::optimize::plan::*;

pub(crate) fn find(cx: &mut Cx) {
    for (i, script, line, cache_mount, text) in shell_runs(cx) {
        // conda / mamba install: the package downloads stay in pkgs/.
        let conda = script
            .commands
            .iter()
            .filter(|c| {
                matches!(c.name(), Some("conda" | "mamba" | "micromamba"))
                    && matches!(c.subcommand(), Some("install" | "create" | "update"))
            })
            .filter_map(|c| c.name())
            .next_back()
            .map(str::to_string);
        let conda_cleans = script.commands.iter().any(|c| {
            matches!(c.name(), Some("conda" | "mamba" | "micromamba"))
                && c.subcommand() == Some("clean")
        }) || text.contains("/pkgs");
        if let Some(tool) = conda.filter(|_| !conda_cleans && !cache_mount && cx.appendable(i)) {
            let at = cx.text_end(i);
            cx.add_in_group(
                "conda-clean",
                line,
                vec![line],
                "Clear conda's package cache in the same RUN",
                "conda downloads every package as an archive into pkgs/ and keeps it after unpacking — for a data-science stack that is hundreds of megabytes (MKL alone is a 120–200 MB download). `conda clean -ay` in the installing RUN removes the archives and unused packages; in a later RUN it would free nothing.",
                Safety::Safe,
                None,
                vec![Action::Insert { at, text: format!(" && {tool} clean -ay") }],
                Some(format!("cache-L{line}")),
            );
        }
    }
}
