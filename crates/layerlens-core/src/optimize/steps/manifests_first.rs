//! `manifests-first`: Install dependencies before copying the source.

use super::{Applies, StepDoc};
use crate::optimize::Safety;

pub const DOC: StepDoc = StepDoc {
    kind: "manifests-first",
    title: "Install dependencies before copying the source",
    why: "A COPY of the whole project before the install makes every source edit invalidate the install's cache, so each build downloads everything again. Copying only the dependency manifest first (requirements.txt, package.json, go.mod, Cargo.toml, pom.xml) lets the install layer be reused until the dependencies change.",
    example: "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nRUN pip install -r requirements.txt\nCMD [\"python\", \"app.py\"]\n",
    use_instead: "FROM python:3.12-slim\nWORKDIR /app\nCOPY requirements.txt ./\nRUN pip install --no-cache-dir -r requirements.txt\nCOPY . .\nCMD [\"python\", \"app.py\"]\n",
    safety: Safety::Safe,
    check: None,
    applies: Applies::Default,
    example_context: &[("requirements.txt", "flask==3.0.0\n"), ("app.py", "print('hi')\n")],
};

// The finder: what the planner calls (`plan.rs`).
use crate::optimize::doc::Action;
use crate::optimize::plan::*;
use crate::syntax::Keyword;

/// Dependency manifests copied and installed before the source: a source edit then reuses the
/// cached install layer.
pub(crate) fn manifests_first(cx: &mut Cx) {
    let stages_list = cx.stages.stages.clone();
    for st in &stages_list {
        let ins = cx.stage_ins(st);
        for (k, &c) in ins.iter().enumerate() {
            // The install RUN: right after, or after ENV/ARG/LABEL/EXPOSE only.
            let Some(&r) = ins[k + 1..].iter().find(|&&j| {
                !matches!(
                    cx.ins(j).keyword,
                    Keyword::Env | Keyword::Arg | Keyword::Label | Keyword::Expose
                )
            }) else {
                continue;
            };
            if cx.moved.contains(&r) {
                continue;
            }
            let Some((lines, node)) = manifest_copy(cx, c, r) else {
                continue;
            };
            let (check, safety) = if node && cx.input.context.is_none() {
                (Some("an install script (`postinstall`, `prepare`) that needs the source must run after `COPY . .`".to_string()), Safety::NeedsCheck)
            } else {
                (None, Safety::Safe)
            };
            let line = cx.ins(c).start_line;
            cx.add(
                "manifests-first",
                line,
                vec![line, cx.ins(r).start_line],
                "Install dependencies before copying the source",
                "The builder reuses a layer only while everything before it is unchanged. With `COPY . .` first, any edit to any file re-runs the dependency install; copying just the dependency list first and installing from it means a code change rebuilds in seconds and the install layer is shared between builds.",
                safety,
                check,
                vec![Action::InsertBefore { before: c, text: lines }, Action::MoveBefore { ins: r, before: c }],
            );
        }
    }
}
