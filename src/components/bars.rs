//! Layer bars on a shared scale, and where apt-get sizes come from: drawn by the Analyze view's
//! size panel and by the Optimize view (its own lazily loaded wasm), so this file uses nothing
//! but the engine and `TableStatus`.

use crate::shared::TableStatus;
use layerlens_core::estimate::{human, Estimate, LayerKind};
use yew::prelude::*;

pub const BARS_LEGEND: &str =
    "Bars: estimate; pale band: its range. Grey layers belong to build stages and do not ship.";

/// What the estimate went without, in the page's words (the CLI says `--context DIR`).
pub fn missing_notes(missing: &[String]) -> Html {
    html! {
        { for missing.iter().map(|m| {
            let hint = if m == layerlens_core::estimate::NO_FOLDER { " Pick it with “Project folder…” (read in this tab, never uploaded)." } else { "" };
            html! { <p class="size-missing">{ m }{"."}{ hint }</p> }
        }) }
    }
}

/// Where apt-get sizes come from, while Debian's table loads and after — only for a file that
/// installs apt packages (`wants_table`): a note about apt on an Alpine file would be noise.
pub fn table_status(table: &TableStatus, wants_table: bool) -> Html {
    if !wants_table {
        return html! {};
    }
    match table {
        TableStatus::Loading => {
            html! { <p class="size-missing" role="status">{"Provisional: loading Debian's package table (once, from this site) for exact apt-get sizes…"}</p> }
        }
        TableStatus::Loaded => {
            html! { <p class="size-missing">{"apt-get sizes: exact dependency closures from the package index of the image's Debian release (bullseye, bookworm or trixie; older releases use bullseye's)."}</p> }
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
    let count = e
        .layers
        .iter()
        .filter(|l| l.kind != LayerKind::Metadata)
        .count();
    html! {
        <ol class="bars" aria-label={label.to_string()}>
            { for e.layers.iter().filter(|l| l.kind != LayerKind::Metadata).take(BARS).map(|l| html! {
                <Bar line={l.line} keyword={l.keyword.clone()} bytes={l.bytes} low={l.low} high={l.high}
                     basis={l.basis.clone()} build={!l.is_final} base={l.kind == LayerKind::Base}
                     {max} on_jump={on_jump.cloned()} />
            }) }
            if count > BARS {
                <li class="bar bars-more">{ format!("… and {} more layers, not drawn (the total counts them all)", count - BARS) }</li>
            }
        </ol>
    }
}

/// Bars drawn at most: a pasted file can have thousands of layers.
const BARS: usize = 200;

/// One layer's bar. A component with props compared by value: on a keystroke in a long file only
/// the bars whose layer or scale changed are rendered again.
#[derive(Properties, PartialEq)]
struct BarProps {
    line: usize,
    keyword: String,
    bytes: u64,
    low: u64,
    high: u64,
    basis: String,
    build: bool,
    base: bool,
    max: f64,
    on_jump: Option<Callback<(usize, usize)>>,
}

#[function_component(Bar)]
fn bar(p: &BarProps) -> Html {
    let pct = |b: u64| format!("{:.2}%", (b as f64 / p.max * 100.0).min(100.0));
    let line = p.line;
    let text = format!(
        "Line {} {}: {} ({} – {}). {}",
        p.line,
        p.keyword,
        human(p.bytes),
        human(p.low),
        human(p.high),
        p.basis
    );
    // The name is the visible text plus the range and basis (hidden), so it contains the label
    // a person sees.
    let inner = html! {
        <>
            <span class="bar-name">{ format!("{} {}", p.line, p.keyword) }</span>
            <span class="bar-track">
                <span class="bar-range" style={format!("left:{};width:calc({} - {})", pct(p.low), pct(p.high), pct(p.low))}></span>
                <span class="bar-fill" style={format!("width:{}", pct(p.bytes))}></span>
            </span>
            <span class="bar-size">{ human(p.bytes) }</span>
            <span class="visually-hidden">{ format!(" ({} – {}). {}", human(p.low), human(p.high), p.basis) }</span>
        </>
    };
    html! {
        <li class={classes!("bar", p.build.then_some("bar-build"), p.base.then_some("bar-base"))}>
            if let Some(jump) = &p.on_jump {
                <button type="button" class="bar-btn" title={text}
                        onclick={jump.reform(move |_| (line, 1))}>{ inner }</button>
            } else {
                <div class="bar-btn bar-static" title={text}>{ inner }</div>
            }
        </li>
    }
}
