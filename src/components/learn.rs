//! "Learn": every rule, searchable — the same text as `layerlens rule CODE`.

use super::rich::{rich, rule_doc};
use layerlens_core::lint::{all_rules, rule_matches};
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
        </section>
    }
}
