//! Reading: a progress bar with bytes and speed and a Cancel button; and the clear error when an
//! archive cannot be read.

use crate::image::human;
use crate::image::protocol::{Failure, Progress};
use web_sys::HtmlSelectElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ProgressProps {
    pub progress: Option<Progress>,
    /// The file's size, shown before the first report.
    pub size: u64,
    pub on_cancel: Callback<()>,
}

fn stage(s: &str) -> &str {
    match s {
        "scanning" => "finding the image's files",
        "metadata" => "reading the manifest and config",
        "layers" => "reading layers",
        "streaming" => "reading the compressed archive",
        "analyzing" => "analyzing",
        _ => "starting",
    }
}

#[function_component(ReadProgress)]
pub fn read_progress(p: &ProgressProps) -> Html {
    let d = p.progress.clone().unwrap_or(Progress {
        total: p.size,
        ..Progress::default()
    });
    let pct = if d.total > 0 {
        (d.position as f64 * 100.0 / d.total as f64).clamp(0.0, 100.0)
    } else {
        0.0
    };
    let text = format!("{} of {}", human::bytes(d.position), human::bytes(d.total));
    let mut detail = vec![text.clone()];
    if d.elapsed_ms > 200.0 {
        detail.push(human::speed(d.position, d.elapsed_ms));
    }
    if d.layers_total > 0 {
        // Several layers are read at once: how many are done, not which one is being read.
        detail.push(format!(
            "{} of {} layers read",
            d.layers_done.min(d.layers_total),
            d.layers_total
        ));
    }
    detail.push(stage(&d.stage).to_string());
    let cancel = p.on_cancel.reform(|_| ());
    html! {
        <section class="img-progress" aria-label="Reading">
            <div class="img-bar" role="progressbar" aria-label="Reading the image" aria-valuemin="0" aria-valuemax="100"
                 aria-valuenow={format!("{pct:.0}")} aria-valuetext={format!("{pct:.0} % — {text}")}>
                <div class="img-bar-fill" style={format!("width: {pct:.1}%")}></div>
            </div>
            <p class="img-progress-text">{ detail.join(" · ") }</p>
            <button type="button" class="img-cancel" onclick={cancel}>{"Cancel"}</button>
        </section>
    }
}

#[derive(Properties, PartialEq)]
pub struct ErrorProps {
    pub failure: Failure,
    pub file: Option<(String, u64)>,
    pub on_platform: Callback<String>,
}

fn title(kind: &str) -> &'static str {
    match kind {
        "not_an_image" => "This is not an image archive",
        "truncated" => "The file is cut short",
        "corrupt" => "The file is damaged",
        "hostile" => "Refused: this archive looks built to do harm",
        "limit" => "Too big to read safely",
        "missing" => "Something the manifest names is not in the archive",
        "platform" => "That platform is not in the image",
        "io" => "The file could not be read",
        _ => "The image could not be read",
    }
}

fn hint(kind: &str) -> &'static str {
    match kind {
        "not_an_image" => "Open the tar that `docker save -o app.tar app:latest` writes (or an OCI layout tar, or either gzip-compressed).",
        "truncated" => "Did the copy or download finish? Save the image again and open the new file.",
        "corrupt" => "Save the image again; if it keeps happening, the tool that wrote it may be at fault.",
        "hostile" => "Nothing was written anywhere: the archive is only read in this tab. Do not `docker load` it.",
        "limit" => "The reader stops before an archive can exhaust this tab's memory.",
        _ => "",
    }
}

#[function_component(ReadError)]
pub fn read_error(p: &ErrorProps) -> Html {
    let f = &p.failure;
    let onchange = {
        let on = p.on_platform.clone();
        Callback::from(move |e: Event| {
            let s: HtmlSelectElement = e.target_unchecked_into();
            if !s.value().is_empty() {
                on.emit(s.value());
            }
        })
    };
    html! {
        <section class="img-error" role="alert" aria-label="Error">
            <h2>{ title(&f.kind) }</h2>
            if let Some((name, size)) = &p.file {
                <p class="img-error-file">{ format!("{name} ({})", human::bytes(*size)) }</p>
            }
            <p class="img-error-msg">{ &f.message }</p>
            if !hint(&f.kind).is_empty() {
                <p class="img-error-hint">{ crate::image::view::rich(hint(&f.kind)) }</p>
            }
            if f.platforms.len() > 1 {
                <p class="img-platform">
                    <label for="img-platform-err">{"Platform"}</label>
                    <select id="img-platform-err" {onchange}>
                        <option value="" selected=true disabled=true>{"Choose…"}</option>
                        { for f.platforms.iter().map(|p| html! { <option value={p.clone()}>{ p }</option> }) }
                    </select>
                </p>
            }
        </section>
    }
}
