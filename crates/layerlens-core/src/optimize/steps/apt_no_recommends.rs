//! `apt-no-recommends`: Install without recommended packages.

use super::{Applies, StepDoc};
use crate::optimize::Safety;

pub const DOC: StepDoc = StepDoc {
    kind: "apt-no-recommends",
    title: "Install without recommended packages",
    why: "apt-get installs every package's Recommends by default: documentation tools, extra libraries and fonts nothing asked for. `--no-install-recommends` keeps the dependencies that are needed and skips the rest, often a third of the download.",
    example: "FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\n",
    use_instead: "FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*\n",
    safety: Safety::NeedsCheck,
    check: Some("a program that used a recommended package at run time (a CA bundle, a locale, a plugin) must have it installed by name"),
    applies: Applies::Default,
    example_context: &[],
};

// The finder: what the planner calls (`plan.rs`).
use crate::optimize::doc::Action;
use crate::optimize::plan::*;
use crate::shell::Command;

pub(crate) fn find(cx: &mut Cx) {
    for (i, script, line, _, text) in shell_runs(cx) {
        // apt-get install
        let apt_installs: Vec<&Command> = script
            .commands
            .iter()
            .filter(|c| is_apt(c) && c.subcommand() == Some("install"))
            .collect();
        for c in &apt_installs {
            if !c.has_flag("--no-install-recommends") && !text.contains("APT::Install-Recommends") {
                if let Some(w) = sub_word(c, "install") {
                    let at = cx.at(i, w.span.end);
                    cx.add(
                        "apt-no-recommends",
                        line,
                        vec![line],
                        "Install without recommended packages",
                        "By default apt also installs every package the ones you asked for *recommend* — often tens or hundreds of megabytes of documentation tools, X libraries and language packs your app never loads. `--no-install-recommends` installs what is required and nothing more.",
                        Safety::NeedsCheck,
                        Some("a recommended package the app relies on (say `ca-certificates` for HTTPS) must then be named explicitly".into()),
                        vec![Action::Insert { at, text: " --no-install-recommends".into() }],
                    );
                }
            }
        }
    }
}
