//! The optimized rewrite: the smaller Dockerfile an expert would write, as a list of named steps.
//!
//! Each step is data — what it changes (original lines), a title, an explanation, how safe it is
//! and what it saves — written once and read by the app and the CLI. Steps are found by reading
//! the parsed model and the shell commands (`plan`), applied to a document made of the original
//! text (`doc`), and priced with the estimator: a step's saving is the estimate with every other
//! enabled step applied, minus the estimate with this one applied too.
//!
//! Rules the rewrite keeps:
//! - What it does not understand is copied byte for byte (heredocs, `--mount`, unknown
//!   instructions, Windows files, `# escape=` files: only steps that need no new syntax apply).
//! - The final image keeps its runtime contract: CMD, ENTRYPOINT, ENV, EXPOSE, WORKDIR, LABEL,
//!   VOLUME, HEALTHCHECK, STOPSIGNAL and USER (unless a step says otherwise), and the files COPY
//!   puts there, at the same paths.
//! - Optimizing the output again changes nothing, and the output is never estimated larger than
//!   the input (a step that would make it larger is left out, and said so).

mod diff;
mod doc;
mod ignore;
mod plan;
pub mod steps;

pub use diff::{align, Row, RowKind};

use crate::estimate::{estimate, BuildContext, Estimate, Input};
use serde::Serialize;

/// How safe a step is to take without looking.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Safety {
    /// Same behaviour, smaller or faster image.
    Safe,
    /// Usually right, but depends on the app: `check` says what to verify.
    NeedsCheck,
}

/// One change of the rewrite.
#[derive(Debug, Clone, Serialize)]
pub struct Step {
    /// Stable id: the kind and the line it starts at (`pip-no-cache-L9`). `--disable` takes an id
    /// or a kind (all steps of that kind).
    pub id: String,
    /// What sort of change (`pip-no-cache`, `split-python-venv`, ...).
    pub kind: &'static str,
    pub title: String,
    pub explanation: String,
    pub safety: Safety,
    /// For `needs-check` steps: what to verify.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub check: Option<String>,
    /// Estimated bytes the final image loses with this step (given the other enabled steps).
    pub saved_bytes: i64,
    /// False when the file was too big to price every step on its own (see
    /// [`PRICING_BUDGET`]): `saved_bytes` is then 0 and means "not priced"; the totals are exact.
    #[serde(skip_serializing_if = "std::ops::Not::not", default)]
    pub unpriced: bool,
    pub enabled: bool,
    /// Switched on, but an alternative earlier in the list (same group) is applied instead: the
    /// id of that step.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub superseded_by: Option<String>,
    /// Left out by the engine itself: with it the rewrite would be estimated larger.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub left_out: bool,
    /// Lines of the original Dockerfile the step changes.
    pub lines: Vec<usize>,
}

impl Step {
    /// A step found, switched on and not yet priced.
    pub(crate) fn found(
        id: String,
        kind: &'static str,
        title: String,
        explanation: String,
        safety: Safety,
        check: Option<String>,
        lines: Vec<usize>,
    ) -> Step {
        Step {
            id,
            kind,
            title,
            explanation,
            safety,
            check,
            saved_bytes: 0,
            unpriced: false,
            enabled: true,
            superseded_by: None,
            left_out: false,
            lines,
        }
    }
}

/// Something the optimizer looked at and chose not to change, with why.
#[derive(Debug, Clone, Serialize)]
pub struct Note {
    pub line: usize,
    pub message: String,
}

/// The rewrite and everything the app and the CLI show about it.
#[derive(Debug, Clone, Serialize)]
pub struct Optimized {
    /// The optimized Dockerfile.
    pub dockerfile: String,
    /// A `.dockerignore` for it (the project's own, extended, when it has one).
    pub dockerignore: String,
    /// Every step found, enabled or not, in the order of the lines they change.
    pub steps: Vec<Step>,
    pub notes: Vec<Note>,
    pub before_bytes: u64,
    pub after_bytes: u64,
    /// For each line of `dockerfile` (0-based index = line − 1): the ids of the steps that wrote it.
    pub line_steps: Vec<Vec<String>>,
    #[serde(skip)]
    pub before: Estimate,
    #[serde(skip)]
    pub after: Estimate,
}

/// What to optimize with.
#[derive(Default, Clone)]
pub struct Options<'a> {
    /// The build context and Debian table, as for the estimate.
    pub input: Input<'a>,
    /// Step ids or kinds switched off.
    pub disabled: Vec<String>,
    /// Step ids or kinds switched on that are off unless asked for (`alpine-base`).
    pub enabled: Vec<String>,
}

impl Options<'_> {
    pub(crate) fn is_disabled(&self, id: &str, kind: &str) -> bool {
        self.disabled
            .iter()
            .any(|d| d.eq_ignore_ascii_case(id) || d.eq_ignore_ascii_case(kind))
    }

    fn is_enabled(&self, id: &str, kind: &str) -> bool {
        self.enabled
            .iter()
            .any(|d| d.eq_ignore_ascii_case(id) || d.eq_ignore_ascii_case(kind))
    }
}

/// Steps × instructions above which steps are not priced one by one (each pricing is a rewrite
/// and an estimate of the whole file): 40,000 is 200 steps on a 200-instruction file, ≈ 0.2 s.
pub const PRICING_BUDGET: usize = 40_000;

/// Optimizes a Dockerfile. Never fails: a file it cannot improve comes back unchanged, with notes.
pub fn optimize(src: &str, opts: &Options) -> Optimized {
    let df = crate::parse(src);
    match steps::expand_onbuild::expand(&df, src) {
        Some(exp) => steps::expand_onbuild::optimize(&df, src, &exp, opts),
        None => optimize_plain(&df, src, opts),
    }
}

/// [`optimize`] on a file with no `-onbuild` image.
pub(crate) fn optimize_plain(
    df: &crate::syntax::Dockerfile,
    src: &str,
    opts: &Options,
) -> Optimized {
    let before = estimate(df, &opts.input);
    let candidates = plan::plan(df, &opts.input, &before);
    let mut notes = candidates.notes.clone();
    let mut steps: Vec<Step> = candidates.steps.iter().map(|c| c.step.clone()).collect();
    for (s, c) in steps.iter_mut().zip(&candidates.steps) {
        s.enabled =
            (c.default_on || opts.is_enabled(&s.id, s.kind)) && !opts.is_disabled(&s.id, s.kind);
    }

    // The project's .dockerignore, extended; the "after" estimate sees the context through it.
    let dockerignore = ignore::generate(df, opts.input.context);
    let after_ctx: Option<BuildContext> = opts
        .input
        .context
        .map(|c| c.with_dockerignore(&dockerignore));
    let after_input = Input {
        context: after_ctx.as_ref().or(opts.input.context),
        debian: opts.input.debian,
    };
    let build = |enabled: &[bool]| doc::render(df, src, &candidates.steps, enabled);
    let estimated = |text: &str| estimate(&crate::parse(text), &after_input);
    let size = |text: &str| estimated(text).final_image_bytes;

    // Price every step against the others: its saving is the image without it minus the image
    // with it. A step may cost a little (a manifest COPY is a layer of its own) as long as the
    // whole rewrite is smaller; if it is not, the costliest steps are left out until it is.
    let mut enabled: Vec<bool> = steps.iter().map(|s| s.enabled).collect();
    // Returns the rewrite with the steps in `enabled` and its estimate.
    // Pricing each step costs a rewrite and an estimate per step: on a big file with many steps
    // that grows as their product, so past a budget only the whole rewrite is priced.
    let each = steps.len().saturating_mul(df.instructions.len()) <= PRICING_BUDGET;
    if !each && !steps.is_empty() {
        notes.push(Note {
            line: 1,
            message: format!("{} steps on a file of {} instructions: too many to price each one on its own in good time, so only the total is estimated", steps.len(), df.instructions.len()),
        });
    }
    let price = |enabled: &[bool], steps: &mut [Step]| {
        let out = build(enabled);
        let after = estimated(&out.text);
        let all = after.final_image_bytes as i64;
        if !each {
            for s in steps.iter_mut() {
                s.saved_bytes = 0;
                s.unpriced = true;
            }
            return (out, after);
        }
        for i in 0..steps.len() {
            let mut other = enabled.to_vec();
            other[i] = !other[i];
            let flipped = size(&build(&other).text) as i64;
            steps[i].saved_bytes = if enabled[i] {
                flipped - all
            } else {
                all - flipped
            };
        }
        (out, after)
    };
    let (mut out, mut after) = price(&enabled, &mut steps);
    while after.final_image_bytes > before.final_image_bytes {
        let Some(worst) = (0..steps.len())
            .filter(|&i| enabled[i] && steps[i].saved_bytes < 0)
            .min_by_key(|&i| steps[i].saved_bytes)
        else {
            break;
        };
        enabled[worst] = false;
        steps[worst].enabled = false;
        steps[worst].left_out = true;
        notes.push(Note { line: steps[worst].lines.first().copied().unwrap_or(1), message: format!("left out “{}”: by the estimate the rewrite would otherwise be larger than the original", steps[worst].title) });
        (out, after) = price(&enabled, &mut steps);
    }
    // Alternatives: an enabled step whose group already has an applied step says which one.
    let mut taken: Vec<(&str, usize)> = Vec::new();
    for i in 0..steps.len() {
        let group = candidates.steps[i].group.as_deref();
        let by = group.and_then(|g| taken.iter().find(|(t, _)| plan::conflict(t, g)));
        steps[i].superseded_by = by.map(|&(_, j)| steps[j].id.clone()).filter(|_| enabled[i]);
        if let (Some(g), true, None) = (group, enabled[i], by) {
            taken.push((g, i));
        }
    }
    if after.final_image_bytes > before.final_image_bytes {
        // Never larger than the input: give the input back.
        notes.push(Note {
            line: 1,
            message: "no rewrite: by the estimate every combination of steps was larger".into(),
        });
        enabled.iter_mut().for_each(|e| *e = false);
        steps.iter_mut().for_each(|s| s.enabled = false);
        out = build(&enabled);
        after = estimate(&crate::parse(&out.text), &opts.input);
    }
    // A step whose every edit lies inside a larger edit of another step (a flag on a command that
    // step deletes) changed nothing: it says which step took its place.
    let mut wrote = vec![false; steps.len()];
    for l in &out.line_steps {
        for &i in l {
            if let Some(w) = wrote.get_mut(i) {
                *w = true;
            }
        }
    }
    // (A step that requires some text is swallowed when that text is.)
    let ranges = |i: usize| -> Vec<(usize, usize)> {
        let actions = &candidates.steps[i].actions;
        let required: Vec<(usize, usize)> = actions
            .iter()
            .filter_map(|a| match a {
                doc::Action::Requires { start, end } => Some((*start, *end)),
                _ => None,
            })
            .collect();
        if !required.is_empty() {
            return required;
        }
        actions
            .iter()
            .filter_map(|a| match a {
                doc::Action::Insert { at, .. } => Some((*at, *at)),
                doc::Action::Replace { start, end, .. } => Some((*start, *end)),
                _ => None,
            })
            .collect()
    };
    // Steps that wrote something, by the original lines they change: a step can only have been
    // swallowed by one that changes one of its lines.
    let mut by_line: std::collections::HashMap<usize, Vec<usize>> = Default::default();
    for j in (0..steps.len()).filter(|&j| enabled[j] && wrote[j]) {
        // The lines it names, and those of the instructions its replacements change (an Alpine
        // base names its FROM but also rewrites the RUN that installed Python with apt).
        let replaced = candidates.steps[j].actions.iter().filter_map(|a| match a {
            doc::Action::Replace { start, .. } => df
                .instructions
                .iter()
                .find(|ins| ins.span.start <= *start && *start < ins.span.end)
                .map(|ins| ins.start_line),
            _ => None,
        });
        let mut lines: Vec<usize> = steps[j].lines.iter().copied().chain(replaced).collect();
        lines.sort_unstable();
        lines.dedup();
        for l in lines {
            by_line.entry(l).or_default().push(j);
        }
    }
    for i in 0..steps.len() {
        if !enabled[i] || wrote[i] || steps[i].superseded_by.is_some() {
            continue;
        }
        let mine = ranges(i);
        if mine.is_empty() {
            continue;
        }
        let mut others: Vec<usize> = steps[i]
            .lines
            .iter()
            .filter_map(|l| by_line.get(l))
            .flatten()
            .copied()
            .filter(|&j| j != i)
            .collect();
        others.sort_unstable();
        others.dedup();
        let by = others.into_iter().find(|&j| {
            let theirs = ranges(j);
            mine.iter()
                .all(|&(s, e)| theirs.iter().any(|&(os, oe)| os <= s && e <= oe && oe > os))
        });
        if let Some(j) = by {
            steps[i].superseded_by = Some(steps[j].id.clone());
        }
    }
    unanswered_lessons(df, &before, &steps, &mut notes);
    notes.sort_by_key(|n| n.line);
    Optimized {
        dockerfile: out.text,
        dockerignore,
        before_bytes: before.final_image_bytes,
        after_bytes: after.final_image_bytes,
        line_steps: out
            .line_steps
            .into_iter()
            .map(|ids| ids.into_iter().map(|i| steps[i].id.clone()).collect())
            .collect(),
        steps,
        notes,
        before,
        after,
    }
}

/// Every size lesson of the final image (what the Analyze view's findings say could go) gets an
/// answer here: a step on its line, or a note on its line saying why the rewrite leaves it.
fn unanswered_lessons(
    df: &crate::syntax::Dockerfile,
    before: &Estimate,
    steps: &[Step],
    notes: &mut Vec<Note>,
) {
    let whole_file = notes
        .iter()
        .find(|n| n.line == 1 && steps.is_empty())
        .map(|n| n.message.clone());
    // A split leaves the build tools in its builder stage.
    let split = steps
        .iter()
        .any(|s| s.enabled && s.kind.starts_with("split-"));
    for l in before.layers.iter().filter(|l| l.is_final) {
        let lessons: Vec<&crate::estimate::Lesson> =
            l.lessons.iter().filter(|x| x.wasted_bytes > 0).collect();
        if lessons.is_empty()
            || steps.iter().any(|s| s.lines.contains(&l.line))
            || notes.iter().any(|n| n.line == l.line)
        {
            continue;
        }
        let heredoc = df
            .instructions
            .get(l.instruction)
            .is_some_and(|i| !i.heredocs.is_empty());
        let why = if let Some(m) = &whole_file {
            format!("left as written: {m}")
        } else if heredoc {
            "a RUN written as a heredoc is left as written: add the cleanup at the end of its script yourself (the finding on this line says which)".to_string()
        } else if split && lessons.iter().all(|x| x.kind == "toolchain-in-final") {
            "the build tools stay in the builder stage the split writes: the image that ships does not have them".to_string()
        } else if lessons.iter().any(|x| x.kind == "toolchain-in-final") {
            "the build tools stay: no builder stage is written for this build, because what the final stage must copy out of it cannot be told from the Dockerfile (the rewrite splits the Python, Node, Go, Rust, C, Java and .NET builds it can follow, on toolchain images and on plain Debian, Ubuntu and Alpine)".to_string()
        } else if lessons.iter().any(|x| x.kind == "deleted-later") {
            "not merged with the instruction that added what this one deletes: the instructions between them would move, so the join is left to you".to_string()
        } else {
            "left as written: no rewrite step applies to this instruction's form".to_string()
        };
        notes.push(Note {
            line: l.line,
            message: why,
        });
    }
}

#[cfg(test)]
mod tests;
