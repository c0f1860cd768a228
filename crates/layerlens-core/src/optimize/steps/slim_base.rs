use super::{Applies, StepDoc};
use crate::optimize::Safety;

pub const DOC: StepDoc = StepDoc {
    kind: "slim-base",
    title: "Build on the image's `-slim` variant",
    why: "The full official images (`python:3.12`, `node:22`) are built on buildpack-deps: compilers, headers and hundreds of libraries a running app rarely needs — about 900 MB against 130–200 MB for `-slim`.",
    example: "FROM python:3.12\nRUN pip install --no-cache-dir flask\nCMD [\"flask\", \"run\"]\n",
    use_instead: "FROM python:3.12-slim\nRUN pip install --no-cache-dir flask\nCMD [\"flask\", \"run\"]\n",
    safety: Safety::NeedsCheck,
    check: Some("packages that compile C extensions at install need their build tools (`apt-get install build-essential`), and tools the full image had (git, curl) must be installed if the app uses them"),
    applies: Applies::Default,
    example_context: &[],
};
