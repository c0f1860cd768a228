use super::util::{referenced_vars, span};
use crate::lint::{Cx, Finding, Rule, RuleDoc, Severity};
use crate::syntax::{Args, Keyword};

pub const RULE: Rule = Rule {
    doc: RuleDoc {
        code: "LL343",
        name: "undefined-arg-in-from",
        hadolint: None,
        buildkit: Some("UndefinedArgInFrom"),
        severity: Severity::Warning,
        summary: "`FROM` uses a variable that no ARG before the first `FROM` declares.",
        why: "A FROM line can only use ARGs declared before the first FROM (and the platform arguments the builder sets, like `$BUILDPLATFORM`). Anything else expands to nothing, so the base image name is wrong or empty.",
        example: "FROM python:${PYTHON_VERSION}-slim\n",
        use_instead: "ARG PYTHON_VERSION=3.12\nFROM python:${PYTHON_VERSION}-slim\n",
        fix_safety: "Needs a check: declare the ARG before the first FROM, with a default.",
        example_context: &[],
    },
    check,
};

/// Arguments the builder defines for FROM lines.
pub const BUILTIN: &[&str] = &[
    "BUILDPLATFORM",
    "BUILDOS",
    "BUILDARCH",
    "BUILDVARIANT",
    "TARGETPLATFORM",
    "TARGETOS",
    "TARGETARCH",
    "TARGETVARIANT",
    "TARGETSTAGE",
];

fn check(cx: &Cx, out: &mut Vec<Finding>) {
    let escape = cx.df.escape;
    let mut declared: Vec<String> = Vec::new();
    for &i in &cx.stages.global_args {
        if let Some(Args::KeyValues(kvs)) = cx.df.instructions.get(i).map(|ins| &ins.args) {
            declared.extend(kvs.iter().map(|kv| kv.key.clone()));
        }
    }
    for (_, ins) in cx.instructions() {
        if ins.keyword != Keyword::From {
            continue;
        }
        let mut words: Vec<String> = ins
            .flag("platform")
            .and_then(|f| f.value.clone())
            .into_iter()
            .collect();
        if let Args::From { image: Some(w), .. } = &ins.args {
            words.push(w.raw.clone());
        }
        for w in words {
            for v in referenced_vars(&w, escape) {
                if !declared.contains(&v) && !BUILTIN.contains(&v.as_str()) {
                    out.push(cx.finding(
                        &RULE.doc,
                        span(ins),
                        format!("`${v}` is not declared by an ARG before the first FROM"),
                    ));
                }
            }
        }
    }
}
