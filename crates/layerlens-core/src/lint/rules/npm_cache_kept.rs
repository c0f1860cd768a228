use super::util::span;
use crate::lint::{Cx, Finding, Rule, RuleDoc, Severity};

pub const RULE: Rule = Rule {
    doc: RuleDoc {
        code: "LL207",
        name: "npm-cache-kept",
        hadolint: None,
        buildkit: None,
        severity: Severity::Info,
        summary: "`npm install`/`npm ci` leaves npm's download cache in the layer.",
        why: "npm keeps every package tarball it fetched in ~/.npm/_cacache — often tens of megabytes, as much as the download itself. The image never installs again, so the cache is dead weight unless the same RUN clears it (`npm cache clean --force`) or the build keeps it out of the layer with a cache mount.",
        example: "FROM node:22-bookworm-slim\nWORKDIR /app\nCOPY package.json package-lock.json ./\nRUN npm ci --omit=dev\n",
        use_instead: "FROM node:22-bookworm-slim\nWORKDIR /app\nCOPY package.json package-lock.json ./\nRUN npm ci --omit=dev && npm cache clean --force\n",
        fix_safety: "Safe.",
        example_context: &[],
    },
    check,
};

fn check(cx: &Cx, out: &mut Vec<Finding>) {
    for (i, ins) in cx.instructions() {
        let Some(script) = cx.script(i) else { continue };
        let mounted = super::util::cache_mounted(ins, "npm");
        let installs = script.commands.iter().any(|c| {
            c.name() == Some("npm")
                && matches!(c.subcommand(), Some("install" | "ci" | "i"))
                && !c.has_any_flag(&["--cache", "-g", "--global"])
        });
        let cleans = script.commands.iter().any(|c| {
            (c.name() == Some("npm") && c.subcommand() == Some("cache"))
                || (c.name() == Some("rm") && c.args().iter().any(|w| w.value.contains(".npm")))
        });
        if installs && !cleans && !mounted {
            out.push(cx.finding(
                &RULE.doc,
                span(ins),
                "add `&& npm cache clean --force` to this RUN",
            ));
        }
    }
}
