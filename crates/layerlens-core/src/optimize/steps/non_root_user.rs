use super::{Applies, StepDoc};
use crate::optimize::Safety;

pub const DOC: StepDoc = StepDoc {
    kind: "non-root-user",
    title: "Run the app as an unprivileged user",
    why: "Without USER the app runs as root: a bug or a compromised dependency can then change anything in the container. User 65534 (`nobody`) exists in every Debian, Alpine and distroless image and can read what COPY put there. It is hardening, not size, and it can stop an app that writes its state where only root may — so it is offered, never applied unasked.",
    example: "FROM python:3.12-slim\nCOPY app.py /app/\nCMD [\"python\", \"/app/app.py\"]\n",
    use_instead: "FROM python:3.12-slim\nCOPY app.py /app/\nUSER 65534\nCMD [\"python\", \"/app/app.py\"]\n",
    safety: Safety::NeedsCheck,
    check: Some("the app must not write where only root may (its home under /root, /var/lib/…; use /tmp or a volume) and must not need root-only files or ports below 1024"),
    applies: Applies::OptIn,
    example_context: &[],
};
