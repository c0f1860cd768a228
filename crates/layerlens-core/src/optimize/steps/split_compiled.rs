//! `split-compiled`: Compile in a builder stage, ship only the program.

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

// The finder: what the planner calls (`plan.rs`).
use crate::knowledge::wrappers;
use crate::optimize::doc::{Action, Part};
use crate::optimize::plan::*;
use crate::shell::Command;
use crate::stages::Stage;
use crate::syntax::Keyword;

/// Directories on the PATH of every Linux image with a shell (and of distroless): a program
/// copied there runs by bare name.
pub(crate) const ON_PATH: &[&str] = &[
    "/usr/local/sbin",
    "/usr/local/bin",
    "/usr/sbin",
    "/usr/bin",
    "/sbin",
    "/bin",
];

/// Programs that compile: a stage that runs none of them has nothing to split.
const COMPILERS: &[&str] = &[
    "go",
    "go-wrapper",
    "cargo",
    "make",
    "gcc",
    "g++",
    "cc",
    "c++",
    "clang",
    "mvn",
    "mvnw",
    "gradle",
    "gradlew",
    "javac",
    "jar",
    "dotnet",
    "cmake",
    "ninja",
];

/// What else a compiled build runs (package managers, file and shell tools): the split keeps
/// them in the builder with the compilers.
const BUILD_HELPERS: &[&str] = &[
    "apt-get",
    "apt",
    "apk",
    "rustup",
    "rustc",
    "mkdir",
    "cd",
    "cp",
    "mv",
    "rm",
    "ls",
    "echo",
    "true",
    "set",
    "git",
    "curl",
    "wget",
    "tar",
    "unzip",
    "chmod",
    "strip",
    "meson",
    "pkg-config",
    "autoreconf",
    "configure",
    "find",
    "xargs",
    "sed",
    "grep",
    "test",
    "[",
    "cat",
    "touch",
    "ln",
    "npm",
    "yarn",
    "pnpm",
    "node",
    "npx",
];

pub(crate) fn compiles(c: &Command) -> bool {
    c.name().is_some_and(|n| COMPILERS.contains(&n))
}

/// Commands a compiled build runs: the split keeps them in the builder.
pub(crate) fn is_build_command(c: &Command) -> bool {
    compiles(c)
        || c.name().is_some_and(|n| BUILD_HELPERS.contains(&n))
        || wrappers::expand(c).is_some_and(|e| compiles(&e))
}

/// The final stage's instructions the runtime stage needs: metadata moved, COPYs copied (the
/// app's files stay at their paths), ENV/ARG/WORKDIR copied (the build may need them too).
pub(crate) fn runtime_parts(cx: &Cx, st: &Stage, skip: &[usize]) -> Vec<Part> {
    let mut parts = Vec::new();
    for &i in &st.instructions {
        if skip.contains(&i) {
            continue;
        }
        match cx.ins(i).keyword {
            Keyword::Env | Keyword::Arg | Keyword::Workdir | Keyword::Copy | Keyword::Add => {
                parts.push(Part::CopyOf(i))
            }
            Keyword::Label
            | Keyword::Expose
            | Keyword::Volume
            | Keyword::Healthcheck
            | Keyword::Stopsignal
            | Keyword::User
            | Keyword::Cmd
            | Keyword::Entrypoint
            | Keyword::Maintainer => parts.push(Part::MoveOf(i)),
            _ => {}
        }
    }
    parts
}

/// COPY/ADD of the build context (not `--from`) before the stage's last compiling RUN: the
/// sources the program is built from, which `binary-only` leaves out of the runtime stage.
/// Files copied after the build (configuration, data) are not sources: they stay.
pub(crate) fn source_copies(cx: &Cx, ins: &[usize]) -> Vec<usize> {
    let last_build = ins.iter().copied().rfind(|&i| {
        cx.scripts[i].as_ref().is_some_and(|s| {
            s.commands
                .iter()
                .any(|c| compiles(c) || wrappers::expand(c).is_some_and(|e| compiles(&e)))
        })
    });
    ins.iter()
        .copied()
        .filter(|&i| {
            matches!(cx.ins(i).keyword, Keyword::Copy | Keyword::Add)
                && cx.ins(i).flag("from").is_none()
                && last_build.is_some_and(|b| i < b)
        })
        .collect()
}

/// Whether a USER line names a user by name (not root, not a number): one the stage created,
/// which an image the program moves to would not have.
pub(crate) fn named_user_created(cx: &Cx, ins: &[usize]) -> bool {
    ins.iter().any(|&i| {
        cx.ins(i).keyword == Keyword::User
            && !cx
                .ins(i)
                .text
                .trim()
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_digit())
            && cx.ins(i).text.trim() != "root"
    })
}

/// Compiled languages: build in the toolchain image, ship the program on a small runtime.
pub(crate) fn split_compiled(cx: &mut Cx, st: &Stage) -> bool {
    let Some((reference, _, _)) = from_image(cx, st) else {
        return false;
    };
    let (name, tag) = name_tag(&reference);
    let Some(tc) = toolchain(&name, &tag) else {
        return false;
    };
    let from_line = cx.ins(st.from).start_line;
    let ins = cx.stage_ins(st);
    if has_onbuild_or_shell(cx, &ins) {
        cx.note(
            from_line,
            "no multi-stage split: the stage uses ONBUILD or SHELL",
        );
        return false;
    }
    let runs: Vec<usize> = ins
        .iter()
        .copied()
        .filter(|&i| cx.ins(i).keyword == Keyword::Run)
        .collect();
    for &r in &runs {
        match &cx.scripts[r] {
            Some(s)
                if s.commands
                    .iter()
                    .all(|c| c.name().is_none() || is_build_command(c)) => {}
            _ => {
                cx.note(cx.ins(r).start_line, format!("no {} multi-stage split: this RUN may prepare files the program needs at run time", tc.ecosystem));
                return false;
            }
        }
    }
    if named_user_created(cx, &ins) {
        cx.note(from_line, "no multi-stage split: USER names a user created in this image; the runtime image would not have it");
        return false;
    }
    let Some((argv, cmd_ins, _)) = start_command(cx, st) else {
        let has_start = st
            .instructions
            .iter()
            .any(|&i| matches!(cx.ins(i).keyword, Keyword::Cmd | Keyword::Entrypoint));
        cx.note(
            from_line,
            if has_start {
                "no multi-stage split: the stage's CMD/ENTRYPOINT is a shell command with variables or operators, so which program it runs (and what the runtime image needs) is not certain"
            } else {
                "no multi-stage split: the stage has no CMD or ENTRYPOINT saying which program it runs"
            },
        );
        return false;
    };
    let wd = cx.workdir_before(cmd_ins);
    // `go-wrapper run` (the old golang images) starts what `go install` named after the
    // working directory: the runtime stage starts that program itself.
    let wrapped = wrappers::is_go_wrapper_run(&argv);
    let program = if wrapped {
        wd.trim_end_matches('/')
            .rsplit('/')
            .next()
            .unwrap_or("")
            .to_string()
    } else {
        argv[0].clone()
    };
    // `go install`, and `go get` without `-d` (before Go 1.18 it built and installed into
    // $GOPATH/bin; where it no longer does, the original image had no program to start either).
    let go_installs = |c: &Command| {
        let installs =
            |c: &Command| c.is("go", "install") || (c.is("go", "get") && !c.has_flag("-d"));
        installs(c) || wrappers::expand(c).is_some_and(|e| installs(&e))
    };
    // What to copy out of the builder.
    let artifact = match program.as_str() {
        "" => None,
        "java" => argv
            .windows(2)
            .find(|w| w[0] == "-jar" || w[0] == "-cp" || w[0] == "-classpath")
            .map(|w| resolve(&w[1], &wd)),
        "dotnet" => argv
            .get(1)
            .filter(|a| a.ends_with(".dll"))
            .map(|a| resolve(a, &wd))
            .map(|p| p.rsplit_once('/').map(|(d, _)| d.to_string()).unwrap_or(p))
            .filter(|d| !d.is_empty()),
        p if p.contains('/') => Some(resolve(p, &wd)),
        p if runs.iter().any(|&r| {
            cx.scripts[r]
                .as_ref()
                .is_some_and(|s| s.commands.iter().any(|c| c.is("cargo", "install")))
        }) && name.ends_with("rust") =>
        {
            Some(format!("/usr/local/cargo/bin/{p}"))
        }
        p if runs.iter().any(|&r| {
            cx.scripts[r]
                .as_ref()
                .is_some_and(|s| s.commands.iter().any(go_installs))
        }) && name.ends_with("golang") =>
        {
            Some(format!("/go/bin/{p}"))
        }
        p if runs.iter().any(|&r| {
            cx.scripts[r].as_ref().is_some_and(|s| {
                s.commands
                    .iter()
                    .any(|c| c.is("cargo", "build") && c.has_flag("--release"))
            })
        }) && name.ends_with("rust") =>
        {
            Some(format!(
                "{}/target/release/{p}",
                cx.workdir_before(cmd_ins).trim_end_matches('/')
            ))
        }
        p => {
            // A bare name: a `go build -o NAME` / `-o /path/NAME` in the stage.
            runs.iter()
                .filter_map(|&r| cx.scripts[r].as_ref().map(|s| (r, s)))
                .flat_map(|(r, s)| {
                    s.commands
                        .iter()
                        .filter_map(move |c| c.flag_value("-o").map(|o| (r, o.to_string())))
                })
                .find(|(_, o)| o.rsplit('/').next() == Some(p))
                .map(|(r, o)| resolve(&o, &cx.workdir_before(r)))
        }
    };
    let Some(artifact) = artifact.filter(|a| !a.contains('$') && !a.contains('*')) else {
        cx.note(
            from_line,
            format!(
                "no {} multi-stage split: cannot tell which file the CMD runs",
                tc.ecosystem
            ),
        );
        return false;
    };
    let builds = runs.iter().any(|&r| {
        cx.scripts[r]
            .as_ref()
            .is_some_and(|s| s.commands.iter().any(compiles))
    });
    if !builds {
        return false;
    }
    // COPY/ADD of the build context in the stage (not `--from`): what the runtime stage keeps
    // next to the program by default.
    let context_copies = source_copies(cx, &ins);
    // A shell-form command needs a shell; distroless has none.
    let cmd_shell = shell_form_in(
        cx,
        st,
        &[Keyword::Cmd, Keyword::Entrypoint, Keyword::Healthcheck],
    );
    let runtime = if cmd_shell && !tc.has_shell {
        "debian:bookworm-slim".to_string()
    } else {
        tc.runtime.clone()
    };
    // The actions of the split; with `binary_only`, the runtime stage leaves out the files the
    // Dockerfile copied from the build context (the sources next to the program).
    let make = |binary_only: bool| -> Vec<Action> {
        let mut actions = Vec::new();
        // Name the build stage (or reuse its name).
        let stage_name = builder_stage(cx, st, &mut actions);
        if let Some(env) = tc.build_env {
            if let Some(&first_build) = runs.iter().find(|&&r| {
                cx.scripts[r].as_ref().is_some_and(|s| {
                    s.commands
                        .iter()
                        .any(|c| matches!(c.name(), Some("go" | "go-wrapper")))
                })
            }) {
                actions.push(Action::InsertBefore {
                    before: first_build,
                    text: env.to_string(),
                });
            }
        }
        let mut parts = vec![Part::Text(format!("FROM {runtime}"))];
        let mut skip = if wrapped { vec![cmd_ins] } else { Vec::new() };
        if binary_only {
            skip.extend(context_copies.iter().copied());
        }
        let mut rt = runtime_parts(cx, st, &skip);
        // The program goes in after the app's own files, before USER/CMD.
        let at = rt.iter().rposition(|p| matches!(p, Part::CopyOf(i) if matches!(cx.ins(*i).keyword, Keyword::Copy | Keyword::Add | Keyword::Workdir | Keyword::Env | Keyword::Arg))).map_or(0, |k| k + 1);
        // A program started by bare name must land on the runtime image's PATH (the toolchain image
        // put /go/bin or /usr/local/cargo/bin there; the runtime image does not).
        let on_path = ON_PATH;
        let dir = artifact.rsplit_once('/').map_or("", |(d, _)| d);
        let dest = if !program.contains('/')
            && !matches!(program.as_str(), "java" | "dotnet")
            && !on_path.contains(&dir)
        {
            format!("/usr/local/bin/{program}")
        } else {
            artifact.clone()
        };
        rt.insert(
            at,
            Part::Text(format!("COPY --from={stage_name} {artifact} {dest}")),
        );
        if wrapped {
            // The command that was `go-wrapper run ARGS`, in exec form, where the old one stood.
            let words: Vec<String> = std::iter::once(dest.clone())
                .chain(argv[2..].iter().cloned())
                .map(|w| serde_json::to_string(&w).unwrap_or_default())
                .collect();
            let kw = if cx.ins(cmd_ins).keyword == Keyword::Entrypoint {
                "ENTRYPOINT"
            } else {
                "CMD"
            };
            let pos = rt
                .iter()
                .position(|p| matches!(p, Part::MoveOf(i) if *i > cmd_ins))
                .unwrap_or(rt.len());
            rt.insert(pos, Part::Text(format!("{kw} [{}]", words.join(", "))));
            actions.push(Action::Delete { ins: cmd_ins });
        }
        parts.extend(rt);
        actions.push(Action::InsertStage {
            before: None,
            parts,
        });
        actions
    };
    let lean = make(true);
    let actions = make(false);
    if !context_copies.is_empty() {
        cx.add_in_group(
            "binary-only",
            from_line,
            vec![from_line],
            format!("Build in `{reference}`, ship only `{artifact}` on `{runtime}`"),
            format!("As the {eco} split, but the runtime stage leaves out the files the Dockerfile copied from the project folder: the program was built from them and does not read them — unless it does (templates, static files, configuration next to it), which is why this is not the default.", eco = tc.ecosystem),
            Safety::NeedsCheck,
            Some(format!("the program must not read files from the project folder at run time (templates, static assets, config): copy those it does read with their own COPY; {}", tc.check)),
            lean,
            Some("split-compiled".into()),
        );
    }
    cx.add_in_group(
        "split-compiled",
        from_line,
        vec![from_line],
        format!("Build in `{reference}`, ship on `{runtime}`"),
        format!("A {eco} toolchain is needed to build the program, not to run it: the compiler, its caches and the build's intermediate files can weigh hundreds of megabytes. A second stage starts from `{runtime}` and copies in only what runs — `{artifact}` and the files the Dockerfile put there — with the same ENV, WORKDIR, USER and command.", eco = tc.ecosystem),
        Safety::NeedsCheck,
        Some(format!("{}; tools the build stage installed (git, curl, …) are not in the runtime image", tc.check)),
        actions,
        Some("split-compiled".into()),
    );
    true
}
