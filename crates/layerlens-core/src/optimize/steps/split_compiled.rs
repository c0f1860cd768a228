use super::{Applies, StepDoc};
use crate::optimize::Safety;

pub const DOC: StepDoc = StepDoc {
    kind: "split-compiled",
    title: "Compile in a builder stage, ship only the program",
    why: "A compiled program (Go, Rust, C, Java, .NET) needs its toolchain to build, not to run. Building in a builder stage and copying only the binary or jar into a small runtime image (distroless, Debian slim, a JRE) leaves the compiler, the caches and the sources behind — usually hundreds of MB.",
    example: "FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN go build -o /app .\nCMD [\"/app\"]\n",
    use_instead: "FROM golang:1.22 AS build\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /app .\n\nFROM gcr.io/distroless/static-debian12\nCOPY --from=build /app /app\nCMD [\"/app\"]\n",
    safety: Safety::NeedsCheck,
    check: Some("the program must find at run time what it read from the build image: config files, templates, CA certificates, shared libraries"),
    applies: Applies::Default,
    example_context: &[],
};
