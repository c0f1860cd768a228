use crate::estimate::human;
use crate::lint::{Cx, Finding, Rule, RuleDoc, Severity};

pub const RULE: Rule = Rule {
    doc: RuleDoc {
        code: "LL245",
        name: "copy-all-without-dockerignore",
        hadolint: None,
        buildkit: None,
        severity: Severity::Warning,
        summary: "`COPY . ` with no `.dockerignore`: everything in the folder goes into the image.",
        why: "Without `.dockerignore` the whole folder is sent to the builder and `COPY .` puts all of it in a layer: `.git` history, `node_modules` or virtualenvs built for your machine, caches, test data, sometimes `.env` files with secrets. Each edit to any of them also invalidates the layer cache. A `.dockerignore` that lists them keeps the image small and the cache warm. (Needs the project folder.)",
        example: "FROM node:20-slim\nWORKDIR /app\nCOPY . .\n",
        use_instead: "FROM node:20-slim\nWORKDIR /app\nCOPY package.json server.js ./\n",
        fix_safety: "Needs a check: make sure the build does not need what you ignore.",
        example_context: &[("package.json", "{\"name\": \"app\"}\n"), ("server.js", "console.log(1)\n"), (".git/HEAD", "ref: refs/heads/main\n")],
    },
    check,
};

/// Paths that are rarely meant for an image.
const USUALLY_UNWANTED: &[&str] = &[
    ".git",
    "node_modules",
    "__pycache__",
    ".venv",
    "venv",
    ".env",
    ".pytest_cache",
    ".mypy_cache",
    "target",
    ".idea",
    ".vscode",
    "dist",
    "build",
    ".tox",
    ".DS_Store",
];

fn check(cx: &Cx, out: &mut Vec<Finding>) {
    let Some(ctx) = cx.context().filter(|c| !c.has_dockerignore()) else {
        return;
    };
    for (ins, sources) in super::util::context_copies(cx) {
        if !sources
            .iter()
            .any(|w| matches!(w.value.as_str(), "." | "./" | "*" | "/"))
        {
            continue;
        }
        let (bytes, files) = ctx.select(".");
        let mut unwanted: Vec<(&str, u64)> = Vec::new();
        for (path, size) in ctx.selected(".") {
            if let Some(top) = path.split('/').find(|s| USUALLY_UNWANTED.contains(s)) {
                match unwanted.iter_mut().find(|(t, _)| *t == top) {
                    Some((_, b)) => *b += size,
                    None => unwanted.push((top, size)),
                }
            }
        }
        crate::sort::sort_by_key(&mut unwanted, |(_, b)| std::cmp::Reverse(*b));
        let detail = if unwanted.is_empty() {
            String::new()
        } else {
            format!(
                ", including {}",
                unwanted
                    .iter()
                    .take(3)
                    .map(|(t, b)| format!("{t} ({})", human(*b)))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        };
        out.push(cx.finding(
            &RULE.doc,
            ins.keyword_span,
            format!(
                "no .dockerignore: this copies all {} ({}){detail}",
                crate::estimate::count(files, "file", "files"),
                human(bytes)
            ),
        ));
        return;
    }
}
