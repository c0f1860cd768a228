//! `npm-omit-dev`: Install only production dependencies.

use super::{Applies, StepDoc};
use crate::optimize::Safety;

pub const DOC: StepDoc = StepDoc {
    kind: "npm-omit-dev",
    title: "Install only production dependencies",
    why: "devDependencies are build and test tools — bundlers, compilers, linters, test runners — often several times the size of what the app needs to run. `npm ci --omit=dev` leaves them out of an image that only runs the app.",
    example: "FROM node:22-slim\nWORKDIR /app\nCOPY package*.json ./\nRUN npm ci && npm cache clean --force\nCOPY . .\nCMD [\"node\", \"server.js\"]\n",
    use_instead: "FROM node:22-slim\nWORKDIR /app\nCOPY package*.json ./\nRUN npm ci --omit=dev && npm cache clean --force\nCOPY . .\nCMD [\"node\", \"server.js\"]\n",
    safety: Safety::NeedsCheck,
    check: Some("the app must not load a devDependency at run time (a build step must run before, in a builder stage)"),
    applies: Applies::Default,
    example_context: &[],
};

// The finder: what the planner calls (`plan.rs`).
use crate::optimize::doc::Action;
use crate::optimize::plan::*;
use crate::stages::Stage;

pub(crate) fn npm_omit_dev(cx: &mut Cx, st: &Stage) {
    let ins = cx.stage_ins(st);
    let builds = |c: &crate::shell::Command| {
        matches!(c.name(), Some("npm" | "yarn" | "pnpm" | "npx"))
            && (c.name() == Some("npx")
                || matches!(
                    c.subcommand(),
                    Some("run" | "build" | "test" | "run-script")
                ))
    };
    // A build after the install — later in the same RUN or in a later one — needs the
    // devDependencies (bundlers, compilers).
    let builds_later = |from: usize, cx: &Cx| {
        ins.iter().any(|&j| {
            j > from
                && cx.scripts[j]
                    .as_ref()
                    .is_some_and(|s| s.commands.iter().any(builds))
        })
    };
    for &i in &ins {
        let Some(script) = cx.scripts[i].clone() else {
            continue;
        };
        for c in &script.commands {
            if c.name() != Some("npm")
                || !matches!(c.subcommand(), Some("ci" | "install" | "i"))
                || c.operands(&[]).len() > 1
            {
                continue;
            }
            if c.has_any_flag(&["--production", "--only=production", "--only=prod"])
                || c.args()
                    .iter()
                    .any(|w| w.value.starts_with("--omit") || w.value.starts_with("--only"))
                || builds_later(i, cx)
                || script
                    .commands
                    .iter()
                    .skip_while(|o| !std::ptr::eq(*o, c))
                    .any(builds)
            {
                continue;
            }
            let Some(w) = c.args().iter().find(|w| !w.value.starts_with('-')) else {
                continue;
            };
            let at = cx.at(i, w.span.end);
            let line = cx.ins(i).start_line;
            // An image whose npm is older than 7 reads `--production`.
            let old_npm = from_image(cx, st).is_some_and(|(r, _, _)| {
                let (name, tag) = name_tag(&r);
                name == "node"
                    && crate::knowledge::runtimes::node_major(&tag)
                        .is_some_and(|m| m < crate::knowledge::runtimes::NPM_OMIT_FROM_NODE)
            });
            let flag = if old_npm {
                "--production"
            } else {
                "--omit=dev"
            };
            cx.add(
                "npm-omit-dev",
                line,
                vec![line],
                "Install only production dependencies",
                format!("devDependencies — test runners, linters, bundlers, type checkers — are for building and testing, not for running. `{flag}` leaves them out of node_modules, often half of its size."),
                Safety::NeedsCheck,
                Some("a package the app `require`s at run time must be in `dependencies`, not `devDependencies`".into()),
                vec![Action::Insert { at, text: format!(" {flag}") }],
            );
        }
    }
}
