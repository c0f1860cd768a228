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
