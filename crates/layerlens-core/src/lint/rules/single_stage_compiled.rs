use super::util::span;
use crate::lint::{Cx, Finding, Rule, RuleDoc, Severity};
#[allow(unused_imports)]
use crate::syntax::{Args, CommandForm, Keyword};

pub const RULE: Rule = Rule {
    doc: RuleDoc {
        code: "LL243",
        name: "single-stage-compiled",
        hadolint: None,
        buildkit: None,
        severity: Severity::Info,
        summary: "A compiled program is built in the image that ships.",
        why: "Go, Rust, Java and .NET builds need a toolchain and leave caches (often hundreds of MB) that the program does not need to run. Build in a builder stage and copy only the binary or package into a small runtime image (distroless, -slim, or scratch for a static Go binary).",
        example: "FROM golang:1.26-alpine\nWORKDIR /src\nCOPY . .\nRUN go build -o /app .\nCMD [\"/app\"]\n",
        use_instead: "FROM golang:1.26-alpine AS build\nWORKDIR /src\nCOPY . .\nRUN go build -o /app .\n\nFROM gcr.io/distroless/static-debian12:nonroot\nCOPY --from=build /app /app\nCMD [\"/app\"]\n",
        fix_safety: "Needs a check: the runtime image must have what the program loads (libc, certificates).",
        example_context: &[],
    },
    check,
};

fn check(cx: &Cx, out: &mut Vec<Finding>) {
    if cx.stages.stages.len() != 1 {
        return;
    }
    for (i, ins) in cx.instructions() {
        let Some(script) = cx.script(i) else { continue };
        let builds = script.commands.iter().any(|c| {
            // `go-wrapper install` (old golang images) is the `go install` it runs.
            let expanded = crate::knowledge::wrappers::expand(c);
            let c = expanded.as_ref().unwrap_or(c);
            matches!(
                (c.name(), c.subcommand()),
                (Some("go"), Some("build" | "install"))
                    | (Some("cargo"), Some("build" | "install"))
                    | (Some("mvn"), Some("package" | "install" | "verify"))
                    | (
                        Some("gradle" | "./gradlew"),
                        Some("build" | "assemble" | "bootJar")
                    )
                    | (Some("dotnet"), Some("publish" | "build"))
            )
        });
        if builds {
            out.push(cx.finding(
                &RULE.doc,
                span(ins),
                "build in a builder stage and copy only the result into a small runtime stage",
            ));
            return;
        }
    }
}
