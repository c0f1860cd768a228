//! `binary-only`: Ship only the compiled program, without the project's sources.

use super::{Applies, StepDoc};
use crate::optimize::Safety;

pub const DOC: StepDoc = StepDoc {
    kind: "binary-only",
    title: "Ship only the compiled program, without the project's sources",
    why: "A compiled split (`split-compiled`) copies the program into a small runtime image and, to keep the app as it was, also the files the Dockerfile copied from the project folder — usually the very sources the program was built from, megabytes the program never reads. Experts ship the program alone. Off by default: an app that reads templates, static files or configuration from its folder needs those copied on their own.",
    example: "FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN go build -o /app .\nCMD [\"/app\"]\n",
    use_instead: "FROM golang:1.22 AS builder\nWORKDIR /src\nCOPY . .\nENV CGO_ENABLED=0\nRUN go build -o /app .\n\nFROM gcr.io/distroless/static-debian12\nWORKDIR /src\nCOPY --from=builder /app /app\nCMD [\"/app\"]\n",
    safety: Safety::NeedsCheck,
    check: Some("the program must not read files from the project folder at run time (templates, static assets, configuration): copy those with their own COPY"),
    applies: Applies::OptIn,
    example_context: &[],
};

// The finder is `split_compiled` (`split_compiled.rs`): the same split, its runtime stage
// without the build context's files, offered as its alternative.
