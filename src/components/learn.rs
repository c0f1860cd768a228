//! "Learn": every rule and every kind of rewrite step, searchable — the same text as
//! `layerlens rule CODE` and `layerlens step KIND`.

use super::rich::{rich, rule_doc};
use layerlens_core::lint::{all_rules, rule_matches};
use std::rc::Rc;
use wasm_bindgen::JsCast;
use web_sys::HtmlInputElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct LearnProps {
    /// The search, kept by the page (and in the address).
    pub query: std::rc::Rc<str>,
    pub on_query: Callback<String>,
}

#[function_component(Learn)]
pub fn learn(p: &LearnProps) -> Html {
    let query = &p.query;
    let oninput = {
        let on_query = p.on_query.clone();
        Callback::from(move |e: InputEvent| {
            let el: HtmlInputElement = e.target_unchecked_into();
            on_query.emit(el.value());
        })
    };
    let rules: Vec<_> = all_rules()
        .iter()
        .filter(|r| rule_matches(&r.doc, query))
        .collect();
    // The rewrite's step kinds: `layerlens step all --format json`, fetched when Learn opens (the
    // optimizer is not part of the first load).
    let docs = use_state(|| None::<Result<Rc<Vec<StepView>>, String>>);
    {
        let docs = docs.clone();
        use_effect_with((), move |_| {
            yew::platform::spawn_local(async move {
                let got = crate::fetch::text(STEPS)
                    .await
                    .and_then(|t| parse_steps(&t).map(Rc::new));
                docs.set(Some(got));
            });
        });
    }
    let steps_html = match &*docs {
        None => html! { <p class="empty" role="status">{ "Loading the rewrite steps…" }</p> },
        Some(Err(why)) => {
            html! { <p class="empty" role="status">{ format!("The rewrite steps could not be loaded ({why}).") }</p> }
        }
        Some(Ok(all)) => step_list(all, query),
    };
    html! {
        <section class="pane learn" aria-label="Learn">
            <h2 class="pane-title">{ "Every rule, explained" }</h2>
            <p class="learn-intro">{ "What each finding means, why it matters for size, rebuild time or safety, and what to write instead. The codes beside a rule's name are hadolint's and BuildKit's names for the same rule." }</p>
            <input type="search" class="learn-search" aria-label="Search rules" placeholder="Search: cache, apt, DL3009, root…" {oninput} value={query.to_string()} />
            <p class="learn-count" role="status">{ format!("{} of {} rules", rules.len(), all_rules().len()) }</p>
            <ul class="learn-list" role="list">
                { for rules.iter().map(|r| {
                    let d = &r.doc;
                    html! {
                        <li class="learn-rule" id={d.code}>
                            <details>
                                <summary>
                                    <code class="finding-code">{ d.code }</code>
                                    <span class={classes!("finding-sev", d.severity.as_str())}>{ d.severity.as_str() }</span>
                                    <span class="learn-name">{ d.name }</span>
                                    if let Some(h) = d.hadolint { <code class="finding-peer">{ h }</code> }
                                    if let Some(b) = d.buildkit { <code class="finding-peer">{ b }</code> }
                                    <span class="learn-summary">{ rich(d.summary) }</span>
                                </summary>
                                { rule_doc(d, false) }
                            </details>
                        </li>
                    }
                }) }
            </ul>
            <h2 class="pane-title learn-steps-title">{ "Every rewrite step, explained" }</h2>
            <p class="learn-intro">{ "What the Optimize view can change, why, and how safe it is. Opt-in steps are offered but never applied unless you switch them on." }</p>
            { steps_html }
        </section>
    }
}

/// Where the step kinds' documentation is, relative to the page.
const STEPS: &str = "steps.json";

/// One kind's documentation as `layerlens step all --format json` writes it.
#[derive(PartialEq)]
struct StepView {
    kind: String,
    title: String,
    why: String,
    example: String,
    use_instead: String,
    safety: String,
    check: Option<String>,
    applies: String,
}

/// The JSON array, read with the browser's own parser (serde_json's would add ≈ 11 kB of gzip to
/// the first load).
fn parse_steps(text: &str) -> Result<Vec<StepView>, String> {
    let all = js_sys::JSON::parse(text).map_err(|_| "not JSON".to_string())?;
    let all: js_sys::Array = all
        .dyn_into()
        .map_err(|_| "not a list of steps".to_string())?;
    let field = |o: &wasm_bindgen::JsValue, k: &str| {
        js_sys::Reflect::get(o, &k.into())
            .ok()
            .and_then(|v| v.as_string())
    };
    all.iter()
        .map(|o| {
            let need = |k: &str| field(&o, k).ok_or_else(|| format!("a step without `{k}`"));
            Ok(StepView {
                kind: need("kind")?,
                title: need("title")?,
                why: need("why")?,
                example: need("example")?,
                use_instead: need("use_instead")?,
                safety: need("safety")?,
                check: field(&o, "check"),
                applies: need("applies")?,
            })
        })
        .collect()
}

fn step_list(all: &[StepView], query: &str) -> Html {
    // A plain loop and one small template: Yew's code grows with every new iterator and element.
    let mut items: Vec<Html> = Vec::new();
    for d in all.iter().filter(|d| step_matches(d, query)) {
        let safety = if d.safety == "safe" {
            "Safe: the app runs as before.".to_string()
        } else {
            format!(
                "Needs a check: {}",
                d.check.as_deref().unwrap_or("see above")
            )
        };
        // One text, as `layerlens step KIND` prints it.
        let text = format!(
            "{}\n\n{safety}\n\nExample\n{}\nRewritten\n{}",
            d.why, d.example, d.use_instead
        );
        items.push(html! {
            <li class="learn-step">
                <details>
                    <summary><code class="finding-code">{ d.kind.clone() }</code>{" "}<span class="finding-sev info">{ d.applies.clone() }</span>{" "}<span class="learn-summary">{ rich(&d.title) }</span></summary>
                    <pre class="learn-step-doc">{ text }</pre>
                </details>
            </li>
        });
    }
    let count = format!("{} of {} rewrite steps", items.len(), all.len());
    html! {
        <>
            <p class="learn-count" role="status">{ count }</p>
            <ul class="learn-list" role="list" aria-label="Rewrite steps">{ items }</ul>
        </>
    }
}

/// A step kind matches a search when every word is in its kind, title or why.
fn step_matches(d: &StepView, query: &str) -> bool {
    let hay = format!("{} {} {}", d.kind, d.title, d.why).to_ascii_lowercase();
    query
        .split_whitespace()
        .all(|w| hay.contains(&w.to_ascii_lowercase()))
}
