//! `npm-cache-clean`: Empty npm's cache in the same RUN.

use super::{Applies, StepDoc};
use crate::optimize::Safety;

pub const DOC: StepDoc = StepDoc {
    kind: "npm-cache-clean",
    title: "Empty npm's cache in the same RUN",
    why: "npm keeps a copy of every package tarball it fetched in ~/.npm. `npm cache clean --force` in the same RUN leaves it out of the layer.",
    example: "FROM node:22-slim\nWORKDIR /app\nCOPY package.json ./\nRUN npm install\nCOPY . .\nCMD [\"node\", \"server.js\"]\n",
    use_instead: "FROM node:22-slim\nWORKDIR /app\nCOPY package.json ./\nRUN npm install && npm cache clean --force\nCOPY . .\nCMD [\"node\", \"server.js\"]\n",
    safety: Safety::Safe,
    check: None,
    applies: Applies::Default,
    example_context: &[],
};

// The finder: what the planner calls (`plan.rs`).
use crate::optimize::doc::Action;
use crate::optimize::plan::*;

pub(crate) fn find(cx: &mut Cx) {
    for (i, script, line, cache_mount, text) in shell_runs(cx) {
        // npm install / ci
        let npm_installs = script.commands.iter().any(|c| {
            c.name() == Some("npm") && matches!(c.subcommand(), Some("install" | "ci" | "i"))
        });
        let npm_cleans = script
            .commands
            .iter()
            .any(|c| c.name() == Some("npm") && c.subcommand() == Some("cache"))
            || text.contains(".npm");
        if npm_installs && !npm_cleans && !cache_mount && cx.appendable(i) {
            let at = cx.text_end(i);
            cx.add_in_group(
                "npm-cache-clean",
                line,
                vec![line],
                "Clear npm's cache in the same RUN",
                "npm keeps every package tarball it downloads in ~/.npm/_cacache, often as large as node_modules' download. Inside an image it is never reused; `npm cache clean --force` in the installing RUN keeps it out.",
                Safety::Safe,
                None,
                vec![Action::Insert { at, text: " && npm cache clean --force".into() }],
                Some(format!("cache-L{line}/npm")),
            );
        }
    }
}
