use super::{Applies, StepDoc};
use crate::optimize::Safety;

pub const DOC: StepDoc = StepDoc {
    kind: "official-python",
    title: "Build on the official Python image instead of installing Python with apt",
    why: "A Debian or Ubuntu base plus the distribution's python3 and pip is what the official Python image already is, kept current by Python's maintainers, with pip ready in /usr/local (apt's pip refuses to install into the system Python on recent releases, PEP 668).",
    example: "FROM debian:bookworm\nRUN apt-get update && apt-get install -y python3 python3-pip && rm -rf /var/lib/apt/lists/*\nCMD [\"python3\", \"-m\", \"http.server\"]\n",
    use_instead: "FROM python:3.11-slim-bookworm\nCMD [\"python3\", \"-m\", \"http.server\"]\n",
    safety: Safety::NeedsCheck,
    check: Some("the app must not rely on Python packages installed by apt (python3-*) or on /usr/bin/python3"),
    applies: Applies::OptIn,
    example_context: &[],
};
