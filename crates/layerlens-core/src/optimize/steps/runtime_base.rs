//! A final stage that runs on a toolchain image only to start a program a builder stage (or the
//! build outside Docker) made: an already multi-stage file's last mile, or a jar on a JDK.

use super::{Applies, StepDoc};
use crate::optimize::doc::Action;
use crate::optimize::plan::{from_image, name_tag, shell_form_in, start_command, toolchain, Cx};
use crate::optimize::Safety;
use crate::stages::{Base, Stage};
use crate::syntax::Keyword;

pub const DOC: StepDoc = StepDoc {
    kind: "runtime-base",
    title: "Run the built program on a runtime image, not the toolchain",
    why: "The final stage starts from a toolchain image (`rust`, `golang`, a JDK or Maven image, the .NET SDK) only to run a program copied from a builder stage or built outside (`COPY target/app.jar`): nothing is compiled in it. The toolchain is hundreds of MB the program never uses; a runtime image (distroless, a JRE, ASP.NET) has what it needs to run.",
    example: "FROM golang:1.22 AS build\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /out/app .\n\nFROM golang:1.22\nCOPY --from=build /out/app /app\nCMD [\"/app\"]\n",
    use_instead: "FROM golang:1.22 AS build\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /out/app .\n\nFROM gcr.io/distroless/static-debian12\nCOPY --from=build /out/app /app\nCMD [\"/app\"]\n",
    safety: Safety::NeedsCheck,
    check: Some("the program must not call the toolchain at run time, and must find there the shared libraries, CA certificates and files it read from the toolchain image"),
    applies: Applies::Default,
    example_context: &[],
};

/// Words of a start command that need the toolchain itself.
const NEEDS_TOOLCHAIN: &[&str] = &[
    "go",
    "cargo",
    "rustc",
    "mvn",
    "mvnw",
    "./mvnw",
    "gradle",
    "gradlew",
    "./gradlew",
    "javac",
    "gcc",
    "g++",
    "make",
];

pub(crate) fn find(cx: &mut Cx, st: &Stage) {
    if !matches!(st.base, Base::Image { .. }) {
        return;
    }
    let Some((reference, start, end)) = from_image(cx, st) else {
        return;
    };
    let (name, tag) = name_tag(&reference);
    let Some(tc) = toolchain(&name, &tag) else {
        return;
    };
    // Only metadata and copies (of what a builder made, or of a jar or binary built outside):
    // a RUN may need the toolchain or its package manager.
    let mut copies = false;
    for &i in &st.instructions {
        match cx.ins(i).keyword {
            Keyword::Run | Keyword::Onbuild | Keyword::Shell => return,
            Keyword::Copy | Keyword::Add => copies = true,
            _ => {}
        }
    }
    if !copies {
        return;
    }
    let Some((words, _, _)) = start_command(cx, st) else {
        return;
    };
    if words.iter().any(|w| NEEDS_TOOLCHAIN.contains(&w.as_str()))
        || (tc.ecosystem == ".NET"
            && words
                .get(1)
                .is_some_and(|w| matches!(w.as_str(), "run" | "build" | "watch" | "test")))
    {
        return;
    }
    // Go: a binary built without CGO_ENABLED=0 links glibc — the distroless image with it.
    let runtime = if tc.ecosystem == "Go"
        && !cx
            .df
            .instructions
            .iter()
            .any(|i| i.text.contains("CGO_ENABLED=0"))
    {
        "gcr.io/distroless/base-debian12".to_string()
    } else {
        tc.runtime.clone()
    };
    // A shell-form start command needs a shell: Debian slim instead of distroless.
    let shell_form = shell_form_in(cx, st, &[Keyword::Cmd, Keyword::Entrypoint]);
    let runtime = if shell_form && !tc.has_shell {
        "debian:bookworm-slim".to_string()
    } else {
        runtime
    };
    let line = cx.ins(st.from).start_line;
    cx.add(
        DOC.kind,
        line,
        vec![line],
        format!("Run on `{runtime}` instead of `{reference}`"),
        format!("This stage only starts what an earlier stage built; the {} toolchain in `{reference}` is not needed to run it.", tc.ecosystem),
        DOC.safety,
        Some(format!("{}; {}", tc.check, DOC.check.unwrap_or_default())),
        vec![Action::Replace { start, end, text: runtime }],
    );
}
