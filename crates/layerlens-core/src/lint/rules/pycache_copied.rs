use crate::estimate::human;
use crate::lint::{Cx, Finding, Rule, RuleDoc, Severity};

pub const RULE: Rule = Rule {
    doc: RuleDoc {
        code: "LL244",
        name: "pycache-copied",
        hadolint: None,
        buildkit: None,
        severity: Severity::Warning,
        summary: "COPY sends Python bytecode (`__pycache__`, `*.pyc`) from your machine into the image.",
        why: "`__pycache__` folders are compiled leftovers of running the code on your machine: they belong to your Python version, Python rebuilds them anyway, and they add bytes to the layer and change its checksum (so the cache misses) whenever you run your tests. Keep them out with `.dockerignore` (`**/__pycache__`, `**/*.pyc`). (Needs the project folder.)",
        example: "FROM python:3.12-slim\nWORKDIR /app\nCOPY app.py __pycache__ ./\n",
        use_instead: "FROM python:3.12-slim\nWORKDIR /app\nCOPY app.py ./\n",
        fix_safety: "Safe: Python recreates bytecode when it needs it.",
        example_context: &[("app.py", "print('hi')\n"), ("__pycache__/app.cpython-312.pyc", "0123456789abcdef")],
    },
    check,
};

pub fn is_bytecode(path: &str) -> bool {
    path.split('/').any(|s| s == "__pycache__") || path.ends_with(".pyc") || path.ends_with(".pyo")
}

fn check(cx: &Cx, out: &mut Vec<Finding>) {
    let Some(ctx) = cx.context() else { return };
    for (ins, sources) in super::util::context_copies(cx) {
        let mut seen: Vec<&str> = Vec::new();
        let (mut bytes, mut files) = (0u64, 0usize);
        for w in sources {
            for (path, size) in ctx.selected(&w.value).filter(|(p, _)| is_bytecode(p)) {
                if !seen.contains(&path) {
                    seen.push(path);
                    bytes += size;
                    files += 1;
                }
            }
        }
        if files > 0 {
            let s = if files == 1 { "" } else { "s" };
            out.push(cx.finding(&RULE.doc, ins.keyword_span, format!("copies {files} bytecode file{s} ({}) that Python would recreate; add `**/__pycache__` to .dockerignore", human(bytes))));
        }
    }
}
