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
