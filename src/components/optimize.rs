//! The "Optimize" view: the rewrite beside the original, the steps it took (each can be switched
//! off), what it left alone, the size before and after, and the generated .dockerignore — with
//! Copy and Download for both files. Every text here is the engine's (`optimize::Step`, `Note`).

use super::export::Export;
use super::folder::FolderPicker;
use super::rich::rich;
use super::side_by_side::{step_colour, SideBySide};
use super::size::{bar_scale, layer_bars, table_status, BARS_LEGEND};
use crate::state::{Optimization, ProjectFolder, TableStatus};
use layerlens_core::estimate::human;
use layerlens_core::optimize::{Safety, Step};
use std::collections::BTreeSet;
use std::rc::Rc;
use web_sys::HtmlInputElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct OptimizeProps {
    pub source: Rc<str>,
    /// None only for the moment before the state has made it.
    pub optimization: Option<Rc<Optimization>>,
    /// The steps the person switched off.
    pub disabled: Rc<BTreeSet<String>>,
    /// (step id, on).
    pub on_step: Callback<(String, bool)>,
    pub folder: Option<Rc<ProjectFolder>>,
    pub on_folder: Callback<Option<Rc<ProjectFolder>>>,
    pub table: TableStatus,
}

/// A saving in words. Disabled steps' figures are what they would save if switched on.
fn saving(bytes: i64, enabled: bool) -> String {
    match (bytes, enabled) {
        (b, true) if b > 0 => format!("saves {}", human(b as u64)),
        (b, false) if b > 0 => format!("would save {}", human(b as u64)),
        (0, _) => "no size change".to_string(),
        (b, _) => format!("adds {}", human(b.unsigned_abs())),
    }
}

#[function_component(OptimizeView)]
pub fn optimize_view(p: &OptimizeProps) -> Html {
    let Some(opt) = p.optimization.clone() else {
        return html! { <main class="workspace"><p class="empty" role="status">{"Optimizing…"}</p></main> };
    };
    let o = &opt.result;
    let on = o.steps.iter().filter(|s| s.enabled).count();
    let summary = if o.steps.is_empty() {
        html! {
            <p class="opt-summary opt-nochange" role="status" data-testid="no-changes">
                {"No changes: layerlens found nothing in this Dockerfile that it can make smaller. "}
                if !o.notes.is_empty() { {"What it left alone, and why, is listed beside."} }
            </p>
        }
    } else if on == 0 {
        html! { <p class="opt-summary opt-nochange" role="status">{"Every step is switched off: the optimized Dockerfile is the original."}</p> }
    } else {
        html! {
            <p class="opt-summary" role="status">
                { format!("{on} of {} step{} on: ", o.steps.len(), if o.steps.len() == 1 { "" } else { "s" }) }
                <strong>{ format!("{} → {}", human(o.before_bytes), human(o.after_bytes)) }</strong>
                { format!(" estimated ({})", delta(o.before_bytes, o.after_bytes)) }
            </p>
        }
    };
    html! {
        <main class="workspace optimize-view">
            <section class="pane opt-main" aria-label="Optimized Dockerfile">
                <div class="toolbar">
                    <h2 class="pane-title opt-title">{"Original → optimized"}</h2>
                    <FolderPicker folder={p.folder.clone()} on_folder={p.on_folder.clone()} />
                    <Export what="optimized Dockerfile" filename="Dockerfile" text={AttrValue::from(o.dockerfile.clone())} />
                </div>
                { summary }
                <SideBySide source={p.source.clone()} optimization={opt.clone()} />
                <section class="opt-ignore" aria-label=".dockerignore">
                    <div class="toolbar">
                        <h2 class="pane-title opt-title">{".dockerignore"}</h2>
                        <Export what=".dockerignore" filename=".dockerignore" text={AttrValue::from(o.dockerignore.clone())} />
                    </div>
                    <p class="opt-hint">
                        { if p.folder.as_ref().is_some_and(|f| f.context.has_dockerignore()) {
                            "The project's own .dockerignore, extended. "
                        } else {
                            "Generated for this Dockerfile. "
                        } }
                        {"It keeps out of the build context what the image does not need, so COPY sends less and rebuilds less often. Save it beside the Dockerfile."}
                    </p>
                    <pre class="code-block" tabindex="0" aria-label="Generated .dockerignore"><code>{ &o.dockerignore }</code></pre>
                </section>
            </section>
            <div class="pane opt-side">
                { sizes(&opt, &p.table) }
                <section class="opt-steps" aria-label="Steps">
                    <h2 class="pane-title">{ format!("Steps ({})", o.steps.len()) }</h2>
                    if o.steps.is_empty() {
                        <p class="empty">{"No steps for this Dockerfile."}</p>
                    } else {
                        <p class="opt-hint">{"Switch a step off to see the rewrite without it; everything updates at once."}</p>
                        <ol class="opt-step-list">
                            { for o.steps.iter().enumerate().map(|(i, s)| step(i, s, &p.disabled, &p.on_step)) }
                        </ol>
                    }
                </section>
                if !o.notes.is_empty() {
                    <section class="opt-notes" aria-label="Left alone">
                        <h2 class="pane-title">{"Left alone, and why"}</h2>
                        <ul>
                            { for o.notes.iter().map(|n| html! {
                                <li><span class="lesson-line">{ format!("line {}", n.line) }</span>{" "}{ rich(&n.message) }</li>
                            }) }
                        </ul>
                    </section>
                }
            </div>
        </main>
    }
}

/// "saves 660 MB, 85 %" (or what it adds).
fn delta(before: u64, after: u64) -> String {
    if after <= before {
        let pct = if before > 0 { (before - after) as f64 / before as f64 * 100.0 } else { 0.0 };
        format!("saves {}, {pct:.0} %", human(before - after))
    } else {
        format!("adds {}", human(after - before))
    }
}

fn sizes(opt: &Optimization, table: &TableStatus) -> Html {
    let o = &opt.result;
    let max = bar_scale(&[&o.before, &o.after]);
    html! {
        <section class="size opt-size" aria-label="Size before and after">
            <h2 class="pane-title">{"Final image, estimated"}</h2>
            <div class="size-compare">
                <span class="size-side">
                    <span class="size-label">{"Before"}</span>
                    <span class="size-value" data-testid="size-before">{ human(o.before_bytes) }</span>
                </span>
                <span class="size-arrow" aria-hidden="true">{"→"}</span>
                <span class="size-side">
                    <span class="size-label">{"After"}</span>
                    <span class="size-value" data-testid="size-after">{ human(o.after_bytes) }</span>
                </span>
                <span class="size-delta">{ delta(o.before_bytes, o.after_bytes) }</span>
            </div>
            <h3 class="bars-title">{"Before, per layer"}</h3>
            { layer_bars(&o.before, max, "Layers before", None) }
            <h3 class="bars-title">{"After, per layer"}</h3>
            { layer_bars(&o.after, max, "Layers after", None) }
            <p class="bars-legend">{ BARS_LEGEND }{" Both on the same scale."}</p>
            { for o.after.missing.iter().map(|m| html! { <p class="size-missing">{ m }</p> }) }
            { table_status(table) }
        </section>
    }
}

fn step(i: usize, s: &Step, disabled: &BTreeSet<String>, on_step: &Callback<(String, bool)>) -> Html {
    let id = format!("opt-step-{i}");
    // Off without the person asking: the engine left it out (it would make the image larger).
    let _ = disabled;
    let left_out = s.left_out;
    let onchange = {
        let step_id = s.id.clone();
        on_step.reform(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            (step_id.clone(), input.checked())
        })
    };
    let lines = match s.lines.as_slice() {
        [] => String::new(),
        [one] => format!("line {one}"),
        many => format!("lines {}", many.iter().map(|n| n.to_string()).collect::<Vec<_>>().join(", ")),
    };
    html! {
        <li class={classes!("opt-step", (!s.enabled).then_some("off"))} style={step_colour(i)}>
            <div class="opt-step-head">
                <input type="checkbox" id={id.clone()} checked={s.enabled} disabled={left_out} {onchange} />
                <label for={id}><span class="swatch" aria-hidden="true"></span>{ rich(&s.title) }</label>
                <span class="opt-saving">{ saving(s.saved_bytes, s.enabled) }</span>
            </div>
            if let Some(other) = &s.superseded_by {
                <p class="opt-superseded">{ format!("An alternative to {other}, which is applied instead; switch that one off to use this.") }</p>
            }
            { match s.safety {
                Safety::Safe => html! { <p class="safety safe"><span aria-hidden="true">{"✓ "}</span>{"safe"}</p> },
                Safety::NeedsCheck => html! {
                    <p class="safety needs-check">
                        <span aria-hidden="true">{"⚠ "}</span>{"needs a check: "}
                        { rich(s.check.as_deref().unwrap_or("see the explanation")) }
                    </p>
                },
            } }
            if left_out {
                <p class="safety needs-check">{"Left out: by the estimate it would make the image larger."}</p>
            }
            <p class="opt-step-why">{ rich(&s.explanation) }</p>
            <p class="opt-step-meta">{ lines }{" · "}<code>{ &s.id }</code></p>
        </li>
    }
}
