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
            </div>
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
