//! Layer bars on a shared scale, and where apt-get sizes come from: drawn by the Analyze view's
//! size panel and by the Optimize view (its own lazily loaded wasm), so this file uses nothing
//! but the engine and `TableStatus`.

use crate::state::TableStatus;
use layerlens_core::estimate::{human, Estimate, LayerKind};
use yew::prelude::*;

pub const BARS_LEGEND: &str =
    "Bars: estimate; pale band: its range. Grey layers belong to build stages and do not ship.";

/// Where apt-get sizes come from, while Debian's table loads and after.
pub fn table_status(table: &TableStatus) -> Html {
    match table {
        TableStatus::Loading => {
            html! { <p class="size-missing" role="status">{"Loading Debian's package table (once, from this site) for exact apt-get sizes…"}</p> }
        }
        TableStatus::Loaded => {
            html! { <p class="size-missing">{"apt-get sizes: exact dependency closures from Debian bookworm's package index."}</p> }
        }
        TableStatus::Failed(why) => {
            html! { <p class="size-missing" role="status">{ format!("Debian's package table could not be loaded ({why}): apt-get sizes use precomputed closures of common packages.") }</p> }
        }
        TableStatus::NotLoaded => html! {},
    }
}

/// The bar scale for estimates drawn side by side: the largest layer estimate among them, plus a
/// margin. Not the largest high end: an unknown's range can be 100× its estimate and would
/// flatten every bar; ranges beyond the scale are clipped.
pub fn bar_scale(estimates: &[&Estimate]) -> f64 {
    estimates
        .iter()
        .flat_map(|e| e.layers.iter())
        .filter(|l| l.kind != LayerKind::Metadata)
        .map(|l| l.bytes.max(1))
        .max()
        .unwrap_or(1) as f64
        * 1.25
}

/// A bar per layer that adds bytes (the final stage's in colour, build stages' in grey), on the
/// scale `max`. With `on_jump`, a bar is a button that goes to its line; without, it is text.
pub fn layer_bars(
    e: &Estimate,
    max: f64,
    label: &str,
    on_jump: Option<&Callback<(usize, usize)>>,
) -> Html {
    let pct = |b: u64| format!("{:.2}%", (b as f64 / max * 100.0).min(100.0));
    html! {
        <ol class="bars" aria-label={label.to_string()}>
            { for e.layers.iter().filter(|l| l.kind != LayerKind::Metadata).map(|l| {
                let line = l.line;
                let text = format!("Line {} {}: {} ({} – {}). {}", l.line, l.keyword, human(l.bytes), human(l.low), human(l.high), l.basis);
                let inner = html! {
                    <>
                        <span class="bar-name">{ format!("{} {}", l.line, l.keyword) }</span>
                        <span class="bar-track">
                            <span class="bar-range" style={format!("left:{};width:calc({} - {})", pct(l.low), pct(l.high), pct(l.low))}></span>
                            <span class="bar-fill" style={format!("width:{}", pct(l.bytes))}></span>
                        </span>
                        <span class="bar-size">{ human(l.bytes) }</span>
                    </>
                };
                html! {
                    <li class={classes!("bar", (!l.is_final).then_some("bar-build"), (l.kind == LayerKind::Base).then_some("bar-base"))}>
                        if let Some(jump) = on_jump {
                            <button type="button" class="bar-btn" title={text.clone()} aria-label={text}
                                    onclick={jump.reform(move |_| (line, 1))}>{ inner }</button>
                        } else {
                            <div class="bar-btn bar-static" title={text}>{ inner }</div>
                        }
                    </li>
                }
            }) }
        </ol>
    }
}
