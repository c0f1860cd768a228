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
