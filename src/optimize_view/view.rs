//! The Optimize view as its own wasm (`src/bin/optimize_view.rs`), fetched the first time the
//! Optimize tab opens, so the first load does not carry the optimizer: the rewrite beside the
//! original, the steps it took (each can be switched off), what it left alone, the size before
//! and after, and the generated .dockerignore — with Copy and Download for both files. Every
//! text here is the engine's (`optimize::Step`, `Note`).
//!
//! The page's app owns the text, the folder and which steps are switched; it sends them here
//! (`wire`), and this view sends back the steps the person switches. Debian's package table, when
//! the Dockerfile needs it, this view fetches and parses for itself.

use super::wire;
use crate::components::bars::{bar_scale, layer_bars, missing_notes, table_status, BARS_LEGEND};
use crate::components::export::Export;
use crate::components::rich::rich;
use crate::components::side_by_side::{step_colour, SideBySide};
use crate::shared::{Optimization, TableStatus};
use layerlens_core::estimate::{human, BuildContext};
use layerlens_core::knowledge::debian::DebianIndex;
use layerlens_core::optimize::{Safety, Step};
use std::collections::BTreeSet;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// What the view knows: the page's input, and what it made of it.
#[derive(Default)]
pub struct ViewState {
    source: Rc<str>,
    off: BTreeSet<String>,
    on: BTreeSet<String>,
    folder: Option<Rc<BuildContext>>,
    debian: Option<Rc<DebianIndex>>,
    table: TableStatus,
    /// None until the first input arrives.
    optimization: Option<Rc<Optimization>>,
}

pub enum Msg {
    Input(String),
    Folder(String),
    DebianLoading,
    DebianLoaded(Rc<DebianIndex>),
    DebianFailed(String),
    /// The measured package tables are here: rewrite and price again.
    TablesLoaded,
}

impl ViewState {
    fn remade(self) -> Self {
        let optimization = Some(Rc::new(Optimization::of(
            &self.source,
            self.folder.as_deref(),
            self.debian.as_deref(),
            &self.off,
            &self.on,
        )));
        ViewState {
            optimization,
            ..self
        }
    }
    fn copied(&self) -> Self {
        ViewState {
            source: self.source.clone(),
            off: self.off.clone(),
            on: self.on.clone(),
            folder: self.folder.clone(),
            debian: self.debian.clone(),
            table: self.table.clone(),
            optimization: self.optimization.clone(),
        }
    }
}

impl Reducible for ViewState {
    type Action = Msg;
    fn reduce(self: Rc<Self>, msg: Msg) -> Rc<Self> {
        Rc::new(match msg {
            Msg::Input(text) => {
                let (source, off, on) = wire::parse_input(&text);
                let (off, on): (BTreeSet<String>, BTreeSet<String>) =
                    (off.into_iter().collect(), on.into_iter().collect());
                if *self.source == *source
                    && self.off == off
                    && self.on == on
                    && self.optimization.is_some()
                {
                    return self;
                }
                ViewState {
                    source: source.into(),
                    off,
                    on,
                    ..self.copied()
                }
                .remade()
            }
            Msg::Folder(text) => {
                let folder = wire::parse_folder(&text)
                    .map(|(files, texts)| Rc::new(BuildContext::new(files, texts)));
                let next = ViewState {
                    folder,
                    ..self.copied()
                };
                if next.optimization.is_some() {
                    next.remade()
                } else {
                    next
                }
            }
            Msg::DebianLoading => ViewState {
                table: TableStatus::Loading,
                ..self.copied()
            },
            Msg::DebianFailed(why) => ViewState {
                table: TableStatus::Failed(why),
                ..self.copied()
            },
            Msg::TablesLoaded if self.optimization.is_some() => self.copied().remade(),
            Msg::TablesLoaded => self.copied(),
            Msg::DebianLoaded(idx) => ViewState {
                debian: Some(idx),
                table: TableStatus::Loaded,
                ..self.copied()
            }
            .remade(),
        })
    }
}

fn emit(target: &web_sys::Element, name: &str, detail: &str) {
    let init = web_sys::CustomEventInit::new();
    init.set_detail(&JsValue::from_str(detail));
    if let Ok(e) = web_sys::CustomEvent::new_with_event_init_dict(name, &init) {
        let _ = target.dispatch_event(&e);
    }
}

#[derive(Properties, PartialEq)]
struct AppProps {
    host: web_sys::Element,
}

#[function_component(OptimizeApp)]
fn optimize_app(p: &AppProps) -> Html {
    let state = use_reducer(ViewState::default);
    // The page's messages, for as long as the view lives; then "ready" so it sends what it has.
    {
        let host = p.host.clone();
        let dispatcher = state.dispatcher();
        use_effect_with((), move |_| {
            let d1 = dispatcher.clone();
            let input =
                Closure::<dyn Fn(web_sys::CustomEvent)>::new(move |e: web_sys::CustomEvent| {
                    if let Some(t) = e.detail().as_string() {
                        d1.dispatch(Msg::Input(t));
                    }
                });
            let folder =
                Closure::<dyn Fn(web_sys::CustomEvent)>::new(move |e: web_sys::CustomEvent| {
                    dispatcher.dispatch(Msg::Folder(e.detail().as_string().unwrap_or_default()));
                });
            let _ =
                host.add_event_listener_with_callback(wire::INPUT, input.as_ref().unchecked_ref());
            let _ = host
                .add_event_listener_with_callback(wire::FOLDER, folder.as_ref().unchecked_ref());
            input.forget();
            folder.forget();
            emit(&host, wire::READY, "");
        });
    }
    // Debian's package table: fetched from this site the first time a Dockerfile installs apt
    // packages (the browser's cache usually has it from the Analyze view), then kept.
    {
        let wants = state.optimization.as_ref().and_then(|o| o.wants_debian);
        let status = state.table.clone();
        let loaded: Option<String> = state.debian.as_ref().map(|d| d.release().to_string());
        let dispatcher = state.dispatcher();
        use_effect_with((wants, status, loaded), move |(wants, status, loaded)| {
            // The file's release: loaded first time, or in place of another release's table.
            let stale = *status == TableStatus::Loaded && loaded.as_deref() != *wants;
            if let (Some(release), true) = (*wants, *status == TableStatus::NotLoaded || stale) {
                dispatcher.dispatch(Msg::DebianLoading);
                yew::platform::spawn_local(async move {
                    match crate::fetch::text(&crate::fetch::debian_table(release)).await {
                        Ok(text) => dispatcher
                            .dispatch(Msg::DebianLoaded(Rc::new(DebianIndex::parse(&text)))),
                        Err(e) => dispatcher.dispatch(Msg::DebianFailed(e)),
                    }
                });
            }
        });
    }
    // The measured pip and npm tables, the first time a Dockerfile installs packages.
    {
        let wants = state
            .optimization
            .as_ref()
            .is_some_and(|o| o.wants_packages);
        let dispatcher = state.dispatcher();
        use_effect_with(wants, move |wants| {
            if *wants {
                crate::fetch::load_package_tables(move || dispatcher.dispatch(Msg::TablesLoaded));
            }
        });
    }
    let on_step = {
        let host = p.host.clone();
        Callback::from(move |(id, on): (String, bool)| {
            emit(&host, wire::STEP, &format!("{} {id}", u8::from(on)))
        })
    };
    let s = &*state;
    let Some(opt) = s.optimization.clone() else {
        return html! { <main class="workspace"><p class="empty" role="status">{"Optimizing…"}</p></main> };
    };
    let source = s.source.clone();
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
                    <Export what="optimized Dockerfile" filename="Dockerfile" text={AttrValue::from(o.dockerfile.clone())} />
                </div>
                { summary }
                <SideBySide source={source.clone()} optimization={opt.clone()} />
                <section class="opt-ignore" aria-label=".dockerignore">
                    <div class="toolbar">
                        <h2 class="pane-title opt-title">{".dockerignore"}</h2>
                        <Export what=".dockerignore" filename=".dockerignore" text={AttrValue::from(o.dockerignore.clone())} />
                    </div>
                    <p class="opt-hint">
                        { if s.folder.as_ref().is_some_and(|f| f.has_dockerignore()) {
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
                { sizes(&opt, &s.table, opt.wants_debian.is_some()) }
                <section class="opt-steps" aria-label="Steps">
                    <h2 class="pane-title">{ format!("Steps ({})", o.steps.len()) }</h2>
                    if o.steps.is_empty() {
                        <p class="empty">{"No steps for this Dockerfile."}</p>
                    } else {
                        <p class="opt-hint">{"Switch a step off to see the rewrite without it; everything updates at once."}</p>
                        <ol class="opt-step-list">
                            { for o.steps.iter().enumerate().map(|(i, st)| step(i, st, &on_step)) }
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

/// A saving in words. Disabled steps' figures are what they would save if switched on.
fn saving(bytes: i64, enabled: bool) -> String {
    match (bytes, enabled) {
        (b, true) if b > 0 => format!("saves {}", human(b as u64)),
        (b, false) if b > 0 => format!("would save {}", human(b as u64)),
        (0, _) => "no size change".to_string(),
        (b, _) => format!("adds {}", human(b.unsigned_abs())),
    }
}

/// "saves 660 MB, 85 %" (or what it adds).
fn delta(before: u64, after: u64) -> String {
    if after <= before {
        let pct = if before > 0 {
            (before - after) as f64 / before as f64 * 100.0
        } else {
            0.0
        };
        format!("saves {}, {pct:.0} %", human(before - after))
    } else {
        format!("adds {}", human(after - before))
    }
}

fn sizes(opt: &Optimization, table: &TableStatus, wants_table: bool) -> Html {
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
            { missing_notes(&o.after.missing) }
            { table_status(table, wants_table) }
        </section>
    }
}

fn step(i: usize, s: &Step, on_step: &Callback<(String, bool)>) -> Html {
    let id = format!("opt-step-{i}");
    // Off without the person asking: the engine left it out (it would make the image larger).
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
        many => format!(
            "lines {}",
            many.iter()
                .map(|n| n.to_string())
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    html! {
        <li class={classes!("opt-step", (!s.enabled).then_some("off"))} style={step_colour(i)}>
            <div class="opt-step-head">
                <input type="checkbox" id={id.clone()} checked={s.enabled} disabled={left_out} {onchange} />
                // The line in the name too: two steps of one kind have the same title.
                <label for={id}><span class="swatch" aria-hidden="true"></span>{ rich(&s.title) }<span class="visually-hidden">{ format!(" ({lines})") }</span></label>
                <span class="opt-saving">{ if s.unpriced { "not priced on its own".to_string() } else { saving(s.saved_bytes, s.enabled) } }</span>
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
            { kind_doc(s) }
        </li>
    }
}

/// The kind's own documentation (`optimize::steps`, the text `layerlens step KIND` prints): why,
/// whether it is opt-in, and its example before and after.
fn kind_doc(s: &Step) -> Html {
    use layerlens_core::optimize::steps::{doc, Applies};
    let Some(d) = doc(s.kind) else {
        return html! {};
    };
    html! {
        <details class="opt-kind">
            <summary>{ format!("About “{}” steps", d.kind) }</summary>
            <p>{ rich(d.why) }</p>
            if d.applies == Applies::OptIn {
                <p class="opt-kind-optin">{"Offered, off unless you switch it on: it can change what the program sees when it runs."}</p>
            }
            <div class="opt-kind-example">
                <figure><figcaption>{"Example"}</figcaption><pre>{ d.example }</pre></figure>
                <figure><figcaption>{"Rewritten"}</figcaption><pre>{ d.use_instead }</pre></figure>
            </div>
        </details>
    }
}

/// Yew apps on one page tell their elements apart by a subtree id counted from 1 in each wasm
/// instance; the page's app and the Image view's use the low ones. Ids burnt on empty apps give
/// this one an id neither ever has.
#[function_component(Nothing)]
fn nothing() -> Html {
    html! {}
}

pub fn mount() {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Some(host) = doc.get_element_by_id(wire::HOST_ID) else {
        return;
    };
    if let (Ok(link), Some(head)) = (doc.create_element("link"), doc.head()) {
        let _ = link.set_attribute("rel", "stylesheet");
        let _ = link.set_attribute("href", "optimize.css");
        let _ = head.append_child(&link);
    }
    host.set_inner_html("");
    for _ in 0..127 {
        if let Ok(el) = doc.create_element("div") {
            std::mem::forget(yew::Renderer::<Nothing>::with_root(el).render());
        }
    }
    yew::Renderer::<OptimizeApp>::with_root_and_props(host.clone(), AppProps { host }).render();
}
