use super::util::span;
use crate::lint::{Cx, Finding, Rule, RuleDoc, Severity};

pub const RULE: Rule = Rule {
    doc: RuleDoc {
        code: "LL345",
        name: "copy-ignored-file",
        hadolint: None,
        buildkit: Some("CopyIgnoredFile"),
        severity: Severity::Warning,
        summary: "COPY or ADD names a path that `.dockerignore` keeps out of the build context.",
        why: "Files `.dockerignore` excludes never reach the builder, so this COPY fails (\"not found\") or silently copies less than it says. Either the ignore file or the COPY is wrong. (Needs the project folder: without it layerlens cannot see `.dockerignore`.)",
        example: "FROM python:3.12-slim\nWORKDIR /app\nCOPY tests/ tests/\n",
        use_instead: "FROM python:3.12-slim\nWORKDIR /app\nCOPY app.py .\n",
        fix_safety: "Needs a check: decide whether the file belongs in the image.",
        example_context: &[(".dockerignore", "tests/\n"), ("app.py", "print('hi')\n"), ("tests/test_app.py", "def test(): pass\n")],
    },
    check,
};

fn check(cx: &Cx, out: &mut Vec<Finding>) {
    let Some(ctx) = cx.context().filter(|c| c.has_dockerignore()) else {
        return;
    };
    for (_, sources) in super::util::context_copies(cx) {
        for w in sources {
            let src = w
                .value
                .trim_start_matches("./")
                .trim_start_matches('/')
                .trim_end_matches('/');
            if src.is_empty()
                || src == "."
                || src.starts_with("<<")
                || src.contains("://")
                || src.contains('$')
            {
                continue;
            }
            if ctx.is_ignored(src) {
                out.push(cx.finding(
                    &RULE.doc,
                    w.span,
                    format!(
                        "`{}` is excluded by .dockerignore: the builder never sees it",
                        w.value
                    ),
                ));
            }
        }
    }
    let _ = span;
}
