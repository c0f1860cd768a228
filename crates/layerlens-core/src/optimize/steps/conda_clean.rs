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
