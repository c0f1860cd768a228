//! The image in figures: size, efficiency, wasted bytes, user wasted percent (dive's numbers) and
//! dive's CI verdict with its default thresholds; the platform chooser for multi-platform
//! images; and "Turn into a Dockerfile".

use crate::image::human;
use crate::image::protocol::Summary;
use std::rc::Rc;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct SummaryProps {
    pub summary: Rc<Summary>,
    pub file: Option<(String, u64)>,
    pub on_platform: Callback<String>,
    pub on_dockerfile: Callback<String>,
}

fn rule_label(name: &str) -> &str {
    match name {
        "lowestEfficiency" => "Efficiency at least",
        "highestWastedBytes" => "Wasted bytes at most",
        "highestUserWastedPercent" => "User wasted at most",
        _ => name,
    }
}

#[function_component(SummaryPanel)]
pub fn summary_panel(p: &SummaryProps) -> Html {
    let s = &p.summary;
    let onchange = {
        let on = p.on_platform.clone();
        Callback::from(move |e: Event| {
            let sel: HtmlSelectElement = e.target_unchecked_into();
            on.emit(sel.value());
        })
    };
    let to_dockerfile = {
        let (on, text) = (p.on_dockerfile.clone(), s.dockerfile.clone());
        Callback::from(move |_| on.emit(text.clone()))
    };
    let name = p.file.as_ref().map(|f| f.0.clone()).unwrap_or_default();
    let mut about = vec![s.format.clone()];
    if s.compressed_archive {
        about.push("compressed".into());
    }
    if let Some(pl) = &s.platform {
        about.push(pl.clone());
    }
    if !s.repo_tags.is_empty() {
        about.push(s.repo_tags.join(", "));
    }
    let read = format!(
        "Read {} of {} in {} ({}){}.",
        human::bytes(s.bytes_read.min(s.file_bytes)),
        human::bytes(s.file_bytes),
        human::duration(s.elapsed_ms),
        human::speed(s.file_bytes, s.elapsed_ms),
        if s.bytes_read < s.file_bytes / 2 {
            ": only headers and compressed layers are read"
        } else {
            ""
        }
    );
    let figure = |label: &str, value: String, detail: String, id: &str| {
        html! {
            <div class="img-fig" data-figure={id.to_string()}>
                <dt>{ label.to_string() }</dt>
                <dd><span class="img-fig-value">{ value }</span>
                    if !detail.is_empty() { <span class="img-fig-detail">{ detail }</span> }
                </dd>
            </div>
        }
    };
    html! {
        <section class="img-summary" aria-label="Summary">
            <header class="img-summary-head">
                <h2 class="img-title">{ name }</h2>
                <p class="img-about">{ about.join(" · ") }</p>
                <button type="button" class="img-to-dockerfile" onclick={to_dockerfile}
                        title="Open the image's history, rebuilt as a Dockerfile, in the editor (Analyze view), ready to optimize">{"Turn into a Dockerfile"}</button>
            </header>
            if s.platforms.len() > 1 {
                <p class="img-platform">
                    <label for="img-platform">{"Platform"}</label>
                    <select id="img-platform" {onchange}>
                        { for s.platforms.iter().map(|pl| html! { <option value={pl.clone()} selected={s.platform.as_deref() == Some(pl.as_str())}>{ pl }</option> }) }
                    </select>
                    <span class="img-hint">{ format!("{} platforms in this image", s.platforms.len()) }</span>
                </p>
            }
            <dl class="img-figs">
                { figure("Image size", human::bytes(s.size_bytes), format!("{} bytes · user layers {}{}", human::grouped(s.size_bytes), human::bytes(s.user_size_bytes), pull_size(s)), "size") }
                { figure("Efficiency", human::percent(s.efficiency), "dive's score: 100 % when no file is stored twice".into(), "efficiency") }
                { figure("Wasted", human::bytes(s.wasted_bytes), format!("{} bytes in files stored in more than one layer", human::grouped(s.wasted_bytes)), "wasted") }
                { figure("User wasted", human::percent(s.user_wasted_percent), "of the bytes the layers above the base add".into(), "user-wasted") }
                { figure("Layers", s.layers.len().to_string(), format!("{} files in the end, {}", human::grouped(s.final_files), human::bytes(s.final_bytes)), "layers") }
            </dl>
            <div class={classes!("img-verdict", if s.pass { "pass" } else { "fail" })} aria-label="dive's verdict">
                <p><strong>{ if s.pass { "PASS" } else { "FAIL" } }</strong>{" — dive's CI rules with their default thresholds ("}<code>{"dive --ci"}</code>{")"}</p>
                <ul>
                    { for s.rules.iter().map(|r| html! {
                        <li class={r.status.clone()}>
                            <span class="img-rule-status">{ r.status.to_uppercase() }</span>{" "}
                            { format!("{} {}", rule_label(&r.name), r.threshold) }
                            if !r.message.is_empty() && r.status == "fail" { <span class="img-rule-msg">{ format!(": {}", r.message) }</span> }
                        </li>
                    }) }
                </ul>
            </div>
            <p class="img-read" data-elapsed-ms={format!("{:.0}", s.elapsed_ms)} data-read-ms={format!("{:.0}", s.timing.read_ms)} data-feed-ms={format!("{:.0}", s.timing.feed_ms)}
               data-analyze-ms={format!("{:.0}", s.timing.analyze_ms)} data-wasm-bytes={s.timing.wasm_memory_bytes.to_string()} data-bytes-read={s.bytes_read.to_string()} data-streams={s.reads.to_string()} data-helpers={s.timing.helpers.to_string()} data-helper-wasm-bytes={s.timing.helper_memory_bytes.to_string()}
               title={format!("{}waiting for the file {}, reading headers and inflating {}, analysis {}; worker memory {}", if s.timing.helpers > 0 { format!("layers read by {} helper worker{}; summed over them: ", s.timing.helpers, if s.timing.helpers == 1 { "" } else { "s" }) } else { String::new() }, human::duration(s.timing.read_ms), human::duration(s.timing.feed_ms), human::duration(s.timing.analyze_ms), human::bytes(s.timing.wasm_memory_bytes))}>{ read }</p>
            { for s.warnings.iter().map(|w| html! { <p class="img-warning">{ w }</p> }) }
        </section>
    }
}

/// ` · pull 805 kB stored` when every layer is stored compressed with its blob size known (what
/// a pull downloads; an uncompressed layer's tar is not that).
fn pull_size(s: &Summary) -> String {
    if s.layers.is_empty()
        || s.layers
            .iter()
            .any(|l| l.stored_bytes == 0 || l.compression.is_none())
    {
        return String::new();
    }
    let stored: u64 = s.layers.iter().map(|l| l.stored_bytes).sum();
    format!(" · pull {} stored", human::bytes(stored))
}
