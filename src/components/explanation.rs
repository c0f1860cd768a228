//! The explanation: one card per build stage, one row per instruction, each saying in plain
//! words what it does and whether it adds a filesystem layer or only metadata. The step under
//! the editor's caret is highlighted; a row's line number jumps to it in the editor.

use super::rich::rich;
use crate::state::Analysis;
use layerlens_core::explain::{Effect, Step};
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ExplanationProps {
    pub analysis: Rc<Analysis>,
    pub caret_line: usize,
    pub on_jump: Callback<(usize, usize)>,
}

/// (badge text, css class, tooltip): the words are the core's, as the CLI prints them.
fn effect(e: &Effect) -> (&'static str, &'static str, &'static str) {
    let class = match e {
        Effect::NewStage => "fx-stage",
        Effect::Layer => "fx-layer",
        Effect::SmallLayer => "fx-small",
        Effect::Metadata => "fx-meta",
        Effect::BuildOnly => "fx-build",
        Effect::Invalid => "fx-invalid",
    };
    (e.label(), class, e.meaning())
}

/// What a row shows of its layer's estimate.
#[derive(Clone, PartialEq)]
struct LayerSize {
    metadata: bool,
    base: bool,
    bytes: u64,
    low: u64,
    high: u64,
    basis: String,
}

/// One instruction's row. A component with props compared by value: on a keystroke in a long
/// Dockerfile only the rows whose text, size or line changed are rendered again.
#[derive(Properties, PartialEq)]
struct StepRowProps {
    step: Step,
    size: Option<LayerSize>,
    current: bool,
    on_jump: Callback<(usize, usize)>,
}

fn layer_size(l: &layerlens_core::estimate::LayerEstimate) -> LayerSize {
    use layerlens_core::estimate::LayerKind;
    LayerSize {
        metadata: l.kind == LayerKind::Metadata,
        base: l.kind == LayerKind::Base,
        bytes: l.bytes,
        low: l.low,
        high: l.high,
        basis: l.basis.clone(),
    }
}

/// The estimate under an instruction: bytes, range and the basis a person can check.
fn size_line(size: Option<&LayerSize>) -> Html {
    use layerlens_core::estimate::human;
    match size {
        Some(l) if l.metadata => html! {
            <p class="size-line">{"0 B — no layer: this only changes the image's configuration."}</p>
        },
        Some(l) => html! {
            <p class="size-line">
                <span class="size-line-range">{ format!("{} ({} – {})", human(l.bytes), human(l.low), human(l.high)) }</span>
                { " · " }{ rich(&l.basis) }
            </p>
        },
        None => html! {},
    }
}

fn size_chip(size: Option<&LayerSize>) -> Html {
    use layerlens_core::estimate::human;
    match size {
        Some(l) if !l.metadata => {
            let sign = if l.base { "" } else { "+" };
            html! {
                <span class="size-chip" title={format!("{} – {}: {}", human(l.low), human(l.high), l.basis)}>
                    { format!("{sign}{}", human(l.bytes)) }
                </span>
            }
        }
        _ => html! {},
    }
}

#[function_component(StepRow)]
fn step_row(p: &StepRowProps) -> Html {
    let st = &p.step;
    let (badge, class, tip) = effect(&st.effect);
    let current = p.current;
    let line = st.line;
    let jump = p.on_jump.clone();
    let lines = if st.line == st.end_line {
        format!("{}", st.line)
    } else {
        format!("{}–{}", st.line, st.end_line)
    };
    html! {
        <li class={classes!("step", current.then_some("current"))} aria-current={current.then_some("true")}>
            <button type="button" class="step-line" onclick={Callback::from(move |_| jump.emit((line, 1)))}
                    aria-label={format!("Show line {line} in the editor")}>{ lines }</button>
            <div class="step-body">
                <div class="step-head">
                    <span class="kw">{ &st.keyword }</span>
                    <span class={classes!("fx", class)} title={tip}>{ badge }</span>
                    { size_chip(p.size.as_ref()) }
                </div>
                <p class="step-summary">{ rich(&st.summary) }</p>
                { size_line(p.size.as_ref()) }
                if !st.notes.is_empty() {
                    <ul class="notes">
                        { for st.notes.iter().map(|n| html! {
                            <li><code class="note-label">{ &n.label }</code>{ " " }{ rich(&n.text) }</li>
                        }) }
                    </ul>
                }
            </div>
        </li>
    }
}

/// Rows drawn at first; the rest behind a button (a pasted file can have thousands).
const ROWS: usize = 300;

/// The rows of some steps: each with its layer's size (looked up once per panel, not per row),
/// while `budget` lasts.
fn step_rows(
    p: &ExplanationProps,
    steps: &[Step],
    sizes: &[Option<&layerlens_core::estimate::LayerEstimate>],
    budget: &mut usize,
) -> Html {
    let n = steps.len().min(*budget);
    *budget -= n;
    html! {
        { for steps[..n].iter().map(|st| {
            let current = p.caret_line >= st.line && p.caret_line <= st.end_line;
            html! {
                <StepRow step={st.clone()} size={sizes.get(st.instruction).copied().flatten().map(layer_size)}
                         {current} on_jump={p.on_jump.clone()} />
            }
        }) }
    }
}

#[function_component(ExplanationPanel)]
pub fn explanation_panel(p: &ExplanationProps) -> Html {
    let all = use_state(|| false);
    let ex = &p.analysis.explanation;
    if ex.stages.is_empty() && ex.preamble.is_empty() {
        return html! { <p class="empty">{"Type or paste a Dockerfile on the left: each instruction will be explained here."}</p> };
    }
    // Each instruction's layer (the first one listed for it), looked up once; only the rows
    // drawn turn theirs into props.
    let mut sizes: Vec<Option<&layerlens_core::estimate::LayerEstimate>> =
        vec![None; p.analysis.df.instructions.len()];
    for l in &p.analysis.estimate.layers {
        if let Some(slot @ None) = sizes.get_mut(l.instruction) {
            *slot = Some(l);
        }
    }
    let total = ex.preamble.len() + ex.stages.iter().map(|s| s.steps.len()).sum::<usize>();
    let mut budget = if *all { usize::MAX } else { ROWS };
    let show_all = {
        let all = all.clone();
        Callback::from(move |_: MouseEvent| all.set(true))
    };
    html! {
        <div class="stages">
            if !ex.preamble.is_empty() {
                <section class="stage preamble" aria-label="Before the first stage">
                    <header class="stage-head"><h3>{"Before the first stage"}</h3></header>
                    <ol class="steps">{ step_rows(p, &ex.preamble, &sizes, &mut budget) }</ol>
                </section>
            }
            { for ex.stages.iter().map(|stage| html! {
                <section class={classes!("stage", stage.is_final.then_some("final"))} aria-label={stage.title.clone()}>
                    <header class="stage-head">
                        <h3>{ &stage.title }</h3>
                        if stage.is_final {
                            <span class="final-badge">{"final image"}</span>
                        } else {
                            <span class="build-badge">{"build stage"}</span>
                        }
                        { stage_total(&p.analysis, stage.index) }
                        <p class="stage-summary">{ rich(&stage.summary) }</p>
                    </header>
                    <ol class="steps">{ step_rows(p, &stage.steps, &sizes, &mut budget) }</ol>
                </section>
            }) }
            if total > ROWS && !*all {
                <button type="button" class="button" onclick={show_all}>
                    { format!("Explain all {total} instructions ({} more)", total - ROWS) }
                </button>
            }
        </div>
    }
}

fn stage_total(a: &Analysis, index: usize) -> Html {
    use layerlens_core::estimate::human;
    match a.estimate.stages.iter().find(|t| t.index == index) {
        Some(t) => html! {
            <span class="stage-size" title={format!("range {} – {}", human(t.low), human(t.high))}>{ format!("≈ {}", human(t.bytes)) }</span>
        },
        None => html! {},
    }
}
