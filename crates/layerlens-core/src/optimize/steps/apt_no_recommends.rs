use super::{Applies, StepDoc};
use crate::optimize::Safety;

pub const DOC: StepDoc = StepDoc {
    kind: "apt-no-recommends",
    title: "Install without recommended packages",
    why: "apt-get installs every package's Recommends by default: documentation tools, extra libraries and fonts nothing asked for. `--no-install-recommends` keeps the dependencies that are needed and skips the rest, often a third of the download.",
    example: "FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\n",
    use_instead: "FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*\n",
    safety: Safety::NeedsCheck,
    check: Some("a program that used a recommended package at run time (a CA bundle, a locale, a plugin) must have it installed by name"),
    applies: Applies::Default,
    example_context: &[],
};
