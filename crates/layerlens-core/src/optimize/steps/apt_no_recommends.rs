//! `apt-no-recommends`: Install without recommended packages.

use super::{Applies, StepDoc};
use crate::optimize::Safety;

pub const DOC: StepDoc = StepDoc {
    kind: "apt-no-recommends",
    title: "Install without recommended packages",
    why: "apt-get installs every package's Recommends by default: documentation tools, extra libraries and fonts nothing asked for. `--no-install-recommends` keeps the dependencies that are needed and skips the rest, often a third of the download.",
    example: "FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\n",
    use_instead: "FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl ca-certificates && rm -rf /var/lib/apt/lists/*\n",
    safety: Safety::NeedsCheck,
    check: Some("a program that used a recommended package at run time (a locale, a plugin) must have it installed by name; the CA bundle curl, wget and git need for HTTPS is named by the step itself"),
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
                    // What the named packages only got through a Recommends they rely on (the CA
                    // bundle of curl, wget and git) is named instead.
                    let operands = c.operands(&["-o", "-t", "--target-release", "-c"]);
                    let named: Vec<&str> = operands
                        .iter()
                        .map(|w| w.value.split(['=', '/', ':']).next().unwrap_or(""))
                        .collect();
                    let mut also: Vec<&str> = Vec::new();
                    // A package the RUN removes again fetched nothing the image keeps.
                    let removed = |pkg: &str| {
                        script.commands.iter().any(|r| {
                            is_apt(r)
                                && matches!(r.subcommand(), Some("remove" | "purge"))
                                && r.operands(&[]).iter().any(|w| w.value == pkg)
                        })
                    };
                    for (pkg, relied) in crate::knowledge::packages::RECOMMENDS_RELIED_ON {
                        if named.contains(pkg)
                            && !removed(pkg)
                            && !named.contains(relied)
                            && !also.contains(relied)
                        {
                            also.push(relied);
                        }
                    }
                    let mut actions = vec![Action::Insert {
                        at,
                        text: " --no-install-recommends".into(),
                    }];
                    // After the last package named (the list reads as the author wrote it).
                    if let (false, Some(last)) = (also.is_empty(), operands.last()) {
                        actions.push(Action::Insert {
                            at: cx.at(i, last.span.end),
                            text: format!(" {}", also.join(" ")),
                        });
                    }
                    cx.add(
                        "apt-no-recommends",
                        line,
                        vec![line],
                        "Install without recommended packages",
                        "By default apt also installs every package the ones you asked for *recommend* — often tens or hundreds of megabytes of documentation tools, X libraries and language packs your app never loads. `--no-install-recommends` installs what is required and nothing more.",
                        Safety::NeedsCheck,
                        Some(if also.is_empty() {
                            "a recommended package the app relies on (say `ca-certificates` for HTTPS) must then be named explicitly".to_string()
                        } else {
                            format!("{} is named, which the packages only got as a recommendation; any other recommended package the app relies on (a locale, a plugin) must be named too", also.join(", "))
                        }),
                        actions,
                    );
                }
            }
        }
    }
}
