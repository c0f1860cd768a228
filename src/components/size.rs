//! The image-size panel: the final image's estimated size with its range, a bar per layer (the
//! final stage's layers in colour, build stages' in grey: they do not ship), and what could go.

use super::rich::rich;
use crate::state::{Analysis, TableStatus};
use layerlens_core::estimate::{human, LayerKind};
use std::rc::Rc;
use yew::prelude::*;

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
    // Scale to the largest estimate (not the largest high end: an unknown's range can be 100×
    // its estimate and would flatten every bar); ranges beyond the scale are clipped.
    let max = e.layers.iter().filter(|l| l.kind != LayerKind::Metadata).map(|l| l.bytes.max(1)).max().unwrap_or(1) as f64 * 1.25;
    let pct = |b: u64| format!("{:.2}%", (b as f64 / max * 100.0).min(100.0));
    let lessons: Vec<_> = e.layers.iter().filter(|l| l.is_final).flat_map(|l| l.lessons.iter().map(move |x| (l.line, x))).collect();
    html! {
        <section class="size" aria-label="Image size">
            <div class="size-total">
                <span class="size-label">{"Final image, estimated"}</span>
                <span class="size-value" data-testid="final-size">{ human(e.final_image_bytes) }</span>
                <span class="size-range">{ format!("range {} – {}", human(e.final_low), human(e.final_high)) }</span>
                if e.final_wasted_bytes > 0 {
                    <span class="size-waste">{ format!("≈ {} of it avoidable", human(e.final_wasted_bytes)) }</span>
                }
            </div>
            <ol class="bars" aria-label="Layers by size">
                { for e.layers.iter().filter(|l| l.kind != LayerKind::Metadata).map(|l| {
                    let line = l.line;
                    let jump = p.on_jump.clone();
                    let label = format!("Line {} {}: {} ({} – {}). {}", l.line, l.keyword, human(l.bytes), human(l.low), human(l.high), l.basis);
                    html! {
                        <li class={classes!("bar", (!l.is_final).then_some("bar-build"), (l.kind == LayerKind::Base).then_some("bar-base"))}>
                            <button type="button" class="bar-btn" title={label.clone()} aria-label={label}
                                    onclick={Callback::from(move |_| jump.emit((line, 1)))}>
                                <span class="bar-name">{ format!("{} {}", l.line, l.keyword) }</span>
                                <span class="bar-track">
                                    <span class="bar-range" style={format!("left:{};width:calc({} - {})", pct(l.low), pct(l.high), pct(l.low))}></span>
                                    <span class="bar-fill" style={format!("width:{}", pct(l.bytes))}></span>
                                </span>
                                <span class="bar-size">{ human(l.bytes) }</span>
                            </button>
                        </li>
                    }
                }) }
            </ol>
            <p class="bars-legend">{"Bars: estimate; pale band: its range. Grey layers belong to build stages and do not ship."}</p>
            if !lessons.is_empty() {
                <ul class="lessons" aria-label="Where the size goes">
                    { for lessons.iter().map(|(line, l)| html! {
                        <li><span class="lesson-line">{ format!("line {line}") }</span>{ " " }{ rich(&l.text) }</li>
                    }) }
                </ul>
            }
            { for e.missing.iter().map(|m| html! { <p class="size-missing">{ m }</p> }) }
            { match &p.table {
                TableStatus::Loading => html! { <p class="size-missing" role="status">{"Loading Debian's package table (once, from this site) for exact apt-get sizes…"}</p> },
                TableStatus::Loaded => html! { <p class="size-missing">{"apt-get sizes: exact dependency closures from Debian bookworm's package index."}</p> },
                TableStatus::Failed(why) => html! { <p class="size-missing" role="status">{ format!("Debian's package table could not be loaded ({why}): apt-get sizes use precomputed closures of common packages.") }</p> },
                TableStatus::NotLoaded => html! {},
            } }
        </section>
    }
}
