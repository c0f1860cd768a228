//! The image-size panel: the final image's estimated size with its range, a bar per layer (the
//! final stage's layers in colour, build stages' in grey: they do not ship), and what could go.

use super::bars::{bar_scale, layer_bars, missing_notes, table_status, BARS_LEGEND};
use super::rich::rich;
use crate::state::{Analysis, TableStatus};
use layerlens_core::estimate::human;
use std::rc::Rc;
use yew::prelude::*;

/// Whether the figures shown are provisional: the file installs apt packages and Debian's table
/// (which makes them exact) is still on its way.
fn provisional(wants_table: bool, table: &TableStatus) -> bool {
    wants_table && matches!(table, TableStatus::NotLoaded | TableStatus::Loading)
}

#[derive(Properties, PartialEq)]
pub struct SizeProps {
    pub analysis: Rc<Analysis>,
    pub on_jump: Callback<(usize, usize)>,
    pub table: TableStatus,
    /// The pinned analysis ("Set as baseline"), if any.
    pub baseline: Option<Rc<Analysis>>,
    /// Pin (true) or let go of (false) the baseline.
    pub on_baseline: Callback<bool>,
}

/// `+310 MB`, `−12 MB`, `±0`.
fn signed(delta: i64) -> String {
    layerlens_core::compare::signed_size(delta, human)
}

/// What changed against the baseline: the total's delta and each instruction that differs.
fn against_baseline(base: &Analysis, now: &Analysis, on_jump: &Callback<(usize, usize)>) -> Html {
    let d = layerlens_core::compare::dockerfiles(&base.df, &base.estimate, &now.df, &now.estimate);
    let rows: Vec<_> = d
        .instructions
        .iter()
        .filter(|i| i.delta != 0 || i.status == layerlens_core::compare::Status::Added)
        .filter(|i| i.status != layerlens_core::compare::Status::Shared)
        .collect();
    html! {
        <div class="baseline" role="group" aria-label="Against the baseline">
            <p class="baseline-total">
                <span data-testid="baseline-delta" class={classes!("baseline-delta", (d.final_image_bytes.delta > 0).then_some("grew"))}>{ signed(d.final_image_bytes.delta) }</span>
                { format!(" against the baseline ({} → {})", human(d.final_image_bytes.before), human(d.final_image_bytes.after)) }
            </p>
            if !rows.is_empty() {
                <ul class="baseline-rows">
                    { for rows.iter().map(|i| {
                        let line = i.after_line;
                        let jump = on_jump.clone();
                        html! {
                            <li>
                                <span class="baseline-row-delta">{ signed(i.delta) }</span>{ " " }
                                if let Some(l) = line {
                                    <button type="button" class="link baseline-line" aria-label={format!("Go to line {l}")} onclick={Callback::from(move |_| jump.emit((l, 1)))}>{ format!("line {l}") }</button>
                                } else {
                                    <span class="baseline-removed">{"removed"}</span>
                                }
                                { " " }<code>{ clip(&i.instruction, 90) }</code>
                            </li>
                        }
                    }) }
                </ul>
            }
        </div>
    }
}

/// "Set as baseline", or "Clear baseline" when one is pinned.
fn baseline_button(set: bool, on_baseline: &Callback<bool>) -> Html {
    let cb = on_baseline.clone();
    html! {
        <button type="button" class="button baseline-button"
                title="Pin these figures: every edit then shows what it adds or saves against them"
                onclick={Callback::from(move |_| cb.emit(set))}>
            { if set { "Set as baseline" } else { "Clear baseline" } }
        </button>
    }
}

fn clip(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        s.chars().take(max - 1).collect::<String>() + "…"
    }
}

#[function_component(SizePanel)]
pub fn size_panel(p: &SizeProps) -> Html {
    let e = &p.analysis.estimate;
    if e.layers.is_empty() {
        return html! {};
    }
    let max = bar_scale(&[e]);
    let wants = p.analysis.wants_debian.is_some();
    let provisional = provisional(wants, &p.table);
    let lessons: Vec<_> = e
        .layers
        .iter()
        .filter(|l| l.is_final)
        .flat_map(|l| l.lessons.iter().map(move |x| (l.line, x)))
        .collect();
    html! {
        <section class="size" aria-label="Image size">
            <div class="size-total">
                <span class="size-label">{"Final image, estimated"}</span>
                <span class="size-value" data-testid="final-size" data-provisional={provisional.to_string()}>{ human(e.final_image_bytes) }</span>
                if provisional {
                    <span class="size-provisional">{"provisional"}</span>
                }
                <span class="size-range">{ format!("range {} – {}", human(e.final_low), human(e.final_high)) }</span>
                if e.final_wasted_bytes > 0 {
                    <span class="size-waste">{ format!("≈ {} of it avoidable", human(e.final_wasted_bytes)) }</span>
                }
                { baseline_button(p.baseline.is_none(), &p.on_baseline) }
            </div>
            if let Some(base) = &p.baseline {
                { against_baseline(base, &p.analysis, &p.on_jump) }
            }
            { layer_bars(e, max, "Layers by size", Some(&p.on_jump)) }
            <p class="bars-legend">{ BARS_LEGEND }</p>
            if !lessons.is_empty() {
                <ul class="lessons" aria-label="Where the size goes">
                    { for lessons.iter().map(|(line, l)| html! {
                        <li><span class="lesson-line">{ format!("line {line}") }</span>{ " " }{ rich(&l.text) }</li>
                    }) }
                </ul>
            }
            { missing_notes(&e.missing) }
            { table_status(&p.table, wants) }
        </section>
    }
}
