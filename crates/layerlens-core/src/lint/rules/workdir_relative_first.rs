use super::util::span;
use crate::lint::{Cx, Finding, Rule, RuleDoc, Severity};
#[allow(unused_imports)]
use crate::syntax::{Args, CommandForm, Keyword};

pub const RULE: Rule = Rule {
    doc: RuleDoc {
        code: "LL332",
        name: "workdir-relative-first",
        hadolint: None,
        buildkit: Some("WorkdirRelativePath"),
        severity: Severity::Warning,
        summary: "A relative WORKDIR before any absolute one.",
        why: "A relative WORKDIR is resolved against the base image’s working directory, which can change when the base image does.",
        example: "FROM alpine:3.20\nWORKDIR app\n",
        use_instead: "FROM alpine:3.20\nWORKDIR /app\n",
        fix_safety: "Needs a check.",
        example_context: &[],
    },
    check,
};

/// The last value an ENV in stage `st` (or the stages it builds FROM) gave `name` before `before`.
fn env_value(cx: &Cx, stage: usize, before: usize, name: &str) -> Option<String> {
    let st = cx.stages.stages.get(stage)?;
    let own = st
        .instructions
        .iter()
        .take_while(|&&j| j < before)
        .filter_map(|&j| cx.df.instructions.get(j))
        .filter(|p| p.keyword == Keyword::Env)
        .filter_map(|p| match &p.args {
            Args::KeyValues(kvs) => kvs
                .iter()
                .rev()
                .find(|kv| kv.key == name)
                .and_then(|kv| kv.value.clone()),
            _ => None,
        })
        .last();
    own.or_else(|| match st.base {
        crate::stages::Base::Stage(p) if p < stage => env_value(cx, p, usize::MAX, name),
        _ => None,
    })
}

/// Whether stage `stage` (or its parents) set an absolute WORKDIR before `before`.
fn has_absolute(cx: &Cx, stage: usize, before: usize) -> bool {
    let Some(st) = cx.stages.stages.get(stage) else {
        return false;
    };
    let own = st.instructions.iter().take_while(|&&j| j < before).filter_map(|&j| cx.df.instructions.get(j)).any(|p| {
        p.keyword == Keyword::Workdir && matches!(&p.args, Args::Text(Some(w)) if resolved(cx, stage, before, &w.value).is_some_and(|v| v.starts_with('/')))
    });
    own || matches!(st.base, crate::stages::Base::Stage(p) if p < stage && has_absolute(cx, p, usize::MAX))
}

/// The path with a leading `$VAR`/`${VAR}` replaced by its ENV value; None when unknown.
fn resolved(cx: &Cx, stage: usize, before: usize, v: &str) -> Option<String> {
    match v.strip_prefix('$') {
        None => Some(v.to_string()),
        Some(rest) => {
            let (name, tail) = match rest.strip_prefix('{') {
                Some(r) => r.split_once('}')?,
                None => rest.split_at(
                    rest.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                        .unwrap_or(rest.len()),
                ),
            };
            env_value(cx, stage, before, name).map(|val| format!("{val}{tail}"))
        }
    }
}

fn check(cx: &Cx, out: &mut Vec<Finding>) {
    // BuildKit's reading on Linux: only a path starting with `/` is absolute (`C:\app` is not).
    for st in &cx.stages.stages {
        for &i in &st.instructions {
            let Some(ins) = cx.df.instructions.get(i) else {
                continue;
            };
            if ins.keyword != Keyword::Workdir {
                continue;
            }
            let Args::Text(Some(w)) = &ins.args else {
                continue;
            };
            let Some(v) = resolved(cx, st.index, i, &w.value) else {
                continue;
            };
            if !v.starts_with('/') && !has_absolute(cx, st.index, i) {
                out.push(cx.finding(
                    &RULE.doc,
                    span(ins),
                    format!(
                        "`WORKDIR {}` is relative to the base image's directory: make it absolute",
                        w.value
                    ),
                ));
            }
        }
    }
}
