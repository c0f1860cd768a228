//! `split-node-build`: Build in a builder stage, run on production dependencies.

use super::{Applies, StepDoc};
use crate::knowledge::runtimes::{node_build_output, NODE_DEV_RUNNERS};
use crate::optimize::doc::{Action, Part};
use crate::optimize::plan::{builder_stage, from_image, name_tag, slim_tag, start_command, Cx};
use crate::optimize::steps::split_compiled::runtime_parts;
use crate::optimize::Safety;
use crate::stages::Stage;
use crate::syntax::{Args, Keyword};

pub const DOC: StepDoc = StepDoc {
    kind: "split-node-build",
    title: "Build in a builder stage, run on production dependencies",
    why: "A Node app with a build step needs its devDependencies — bundlers, compilers, type definitions — to build, not to run, and they are often most of node_modules. The builder stage installs everything and builds; the runtime stage installs production dependencies only (`npm ci --omit=dev`), takes the project's files and copies in the build's output.",
    example: "FROM node:20\nWORKDIR /app\nCOPY package*.json ./\nRUN npm ci\nCOPY . .\nRUN npm run build\nCMD [\"node\", \"dist/main.js\"]\n",
    use_instead: "FROM node:20 AS builder\nWORKDIR /app\nCOPY package*.json ./\nRUN npm ci\nCOPY . .\nRUN npm run build\n\nFROM node:20-slim\nWORKDIR /app\nCOPY package*.json ./\nRUN npm ci --omit=dev && npm cache clean --force\nCOPY . .\nCOPY --from=builder /app/dist ./dist\nCMD [\"node\", \"dist/main.js\"]\n",
    safety: Safety::NeedsCheck,
    check: Some("the app must not load a devDependency when it runs, and the build must write what runs into its output directory (files it writes elsewhere stay in the builder)"),
    applies: Applies::Default,
    example_context: &[
        ("package.json", "{\"name\":\"app\",\"scripts\":{\"build\":\"nest build\",\"start\":\"node dist/main.js\"},\"dependencies\":{\"express\":\"^4.21.2\"},\"devDependencies\":{\"@nestjs/cli\":\"^10.0.0\",\"typescript\":\"^5.4.0\"}}"),
        ("package-lock.json", "{}"),
        ("src/main.ts", "console.log('hi')\n"),
    ],
};

/// The `scripts` entry `name` of a package.json.
fn script<'a>(package: &'a serde_json::Value, name: &str) -> Option<&'a str> {
    package.get("scripts")?.get(name)?.as_str()
}

pub(crate) fn find(cx: &mut Cx, st: &Stage) -> bool {
    let Some((reference, _, _)) = from_image(cx, st) else {
        return false;
    };
    let (name, tag) = name_tag(&reference);
    if name != "node" {
        return false;
    }
    let Some(ctx) = cx.input.context else {
        return false;
    };
    let Some(package) = ctx
        .text("package.json")
        .and_then(|t| serde_json::from_str::<serde_json::Value>(t).ok())
    else {
        return false;
    };
    // The install (everything) and the build after it.
    let runs: Vec<usize> = st
        .instructions
        .iter()
        .copied()
        .filter(|&i| cx.ins(i).keyword == Keyword::Run)
        .collect();
    let install = runs.iter().copied().find(|&r| {
        cx.scripts[r].as_ref().is_some_and(|s| {
            s.commands.iter().any(|c| {
                c.name() == Some("npm")
                    && matches!(c.subcommand(), Some("ci" | "install" | "i"))
                    && c.operands(&[]).len() <= 1
            })
        })
    });
    // The build: a later RUN, or the install's own RUN (`npm install && npm run build`).
    let build = runs.iter().copied().find(|&r| {
        Some(r) >= install
            && cx.scripts[r].as_ref().is_some_and(|s| {
                s.commands.iter().any(|c| {
                    c.name() == Some("npm")
                        && c.subcommand() == Some("run")
                        && c.operands(&[]).iter().any(|w| w.value == "build")
                })
            })
    });
    let (Some(install), Some(build)) = (install, build) else {
        return false;
    };
    let line = cx.ins(st.from).start_line;
    let text = |i: usize| cx.ins(i).text.as_str();
    if text(install).contains("--omit=dev")
        || text(install).contains("--production")
        || runs.iter().any(|&r| text(r).contains("prune"))
    {
        return false;
    }
    // Nothing else may run after the install but the build (a RUN that needs a dev tool would
    // need it in the runtime stage too).
    if runs
        .iter()
        .any(|&r| r != install && r != build && r > install)
    {
        cx.note(
            line,
            "no Node builder split: the stage runs more than the install and the build",
        );
        return false;
    }
    let Some(out) = script(&package, "build")
        .and_then(|s| node_build_output(s, ctx.text("tsconfig.json")))
        .filter(|d| !d.is_empty() && !d.contains("..") && !d.starts_with('/'))
    else {
        cx.note(
            line,
            "no Node builder split: where the build script writes its output is not known",
        );
        return false;
    };
    // The app must start without devDependencies.
    let Some((argv, _, _)) = start_command(cx, st) else {
        return false;
    };
    let started = match argv.as_slice() {
        [npm, start] if npm == "npm" && start == "start" => script(&package, "start")
            .unwrap_or("node server.js")
            .to_string(),
        [npm, run, s] if npm == "npm" && run == "run" => {
            script(&package, s).unwrap_or("").to_string()
        }
        _ => argv.join(" "),
    };
    if started.is_empty()
        || NODE_DEV_RUNNERS.iter().any(|d| started.contains(d))
        || started.contains("npx")
    {
        cx.note(line, format!("no Node builder split: the app starts with `{started}`, which needs devDependencies"));
        return false;
    }
    // The working directory (node images set none: `/`).
    let workdir = match st.instructions.iter().rev().find_map(|&i| {
        match (&cx.ins(i).keyword, &cx.ins(i).args) {
            (Keyword::Workdir, Args::Text(Some(w))) => Some(w.value.clone()),
            _ => None,
        }
    }) {
        Some(w) if w.starts_with('/') => w.trim_end_matches('/').to_string(),
        Some(_) => return false,
        None => String::new(),
    };
    let runtime = match slim_tag(&name, &tag) {
        Some(t) => format!("node:{t}"),
        None => reference.clone(),
    };
    let mut actions = Vec::new();
    // Name the build stage (or reuse its name).
    let stage_name = builder_stage(cx, st, &mut actions);
    let ci = if text(install).contains("npm ci") {
        "npm ci"
    } else {
        "npm install"
    };
    let mut parts = vec![Part::Text(format!("FROM {runtime}"))];
    let mut rt = runtime_parts(cx, st, &[]);
    // The production install goes where the original installed: after the COPY before it.
    let copy_before = st
        .instructions
        .iter()
        .copied()
        .rfind(|&i| i < install && matches!(cx.ins(i).keyword, Keyword::Copy | Keyword::Add));
    let at = copy_before
        .and_then(|c| {
            rt.iter()
                .position(|p| matches!(p, Part::CopyOf(i) if *i == c))
        })
        .map_or(0, |k| k + 1);
    // The npm of images older than Node 15 reads `--production`.
    let omit = if crate::knowledge::runtimes::node_major(&tag)
        .is_some_and(|m| m < crate::knowledge::runtimes::NPM_OMIT_FROM_NODE)
    {
        "--production"
    } else {
        "--omit=dev"
    };
    rt.insert(
        at,
        Part::Text(format!("RUN {ci} {omit} && npm cache clean --force")),
    );
    // The build's output after the project's own files, before USER/CMD.
    let last_copy = rt
        .iter()
        .rposition(|p| matches!(p, Part::CopyOf(i) if matches!(cx.ins(*i).keyword, Keyword::Copy | Keyword::Add | Keyword::Workdir | Keyword::Env | Keyword::Arg)))
        .map_or(rt.len(), |k| k + 1);
    rt.insert(
        last_copy,
        Part::Text(format!("COPY --from={stage_name} {workdir}/{out} ./{out}")),
    );
    parts.extend(rt);
    actions.push(Action::InsertStage {
        before: None,
        parts,
    });
    cx.add(
        DOC.kind,
        line,
        vec![line, cx.ins(install).start_line, cx.ins(build).start_line],
        format!("Build in `{reference}`, run on `{runtime}` with production dependencies"),
        format!("The build needs the devDependencies; running the app does not. The runtime stage installs only `dependencies`, takes the project's files and the build's `{out}/`, and starts the app the same way."),
        DOC.safety,
        DOC.check.map(String::from),
        actions,
    );
    true
}
