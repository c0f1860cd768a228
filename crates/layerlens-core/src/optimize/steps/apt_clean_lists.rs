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
