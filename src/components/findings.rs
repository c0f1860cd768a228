//! Findings under the editor: severity, code, message and the line; opening one shows the
//! rule's explanation (the same text `layerlens rule CODE` prints).

use super::rich::{rich, rule_doc};
use crate::state::Analysis;
use layerlens_core::lint::{rule, Finding};
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct FindingsProps {
    pub analysis: Rc<Analysis>,
    pub on_jump: Callback<(usize, usize)>,
}

/// Findings shown at first; the rest behind a button (a 3,000-line paste can have thousands,
/// and the page must stay responsive).
const SHOWN: usize = 100;

#[function_component(Findings)]
pub fn findings(p: &FindingsProps) -> Html {
    let more = use_state(|| false);
    let list = &p.analysis.findings;
    if list.is_empty() {
        return html! {};
    }
    // A long list shows its errors (a layer limit, say) whatever their line, then the rest.
    let shown_list: Vec<&Finding> = if *more || list.len() <= SHOWN {
        list.iter().collect()
    } else {
        let errors = list
            .iter()
            .filter(|f| f.severity == layerlens_core::lint::Severity::Error)
            .count();
        let mut others = SHOWN.saturating_sub(errors);
        list.iter()
            .filter(|f| {
                f.severity == layerlens_core::lint::Severity::Error || {
                    let keep = others > 0;
                    others = others.saturating_sub(1);
                    keep
                }
            })
            .collect()
    };
    let shown = shown_list.len();
    let show_all = {
        let more = more.clone();
        Callback::from(move |_: MouseEvent| more.set(true))
    };
    html! {
        <section class="findings" aria-label="Findings">
            <h2 class="pane-title">{ format!("Findings ({})", list.len()) }</h2>
            <ul role="list">
                { for shown_list.iter().map(|f| html! { <FindingRow finding={(*f).clone()} on_jump={p.on_jump.clone()} /> }) }
            </ul>
            if shown < list.len() {
                <button type="button" class="button" onclick={show_all}>
                    { format!("Show all {} findings ({} more)", list.len(), list.len() - shown) }
                </button>
            }
        </section>
    }
}

/// One finding. A component with props compared by value: on a keystroke in a long file only
/// the findings that changed are rendered again. Its rule's explanation is drawn when opened.
#[derive(Properties, PartialEq)]
struct FindingRowProps {
    finding: Finding,
    on_jump: Callback<(usize, usize)>,
}

#[function_component(FindingRow)]
fn finding_row(p: &FindingRowProps) -> Html {
    let open = use_state(|| false);
    let f = &p.finding;
    let (line, col) = (f.line, f.column);
    let jump = p.on_jump.clone();
    let doc = rule(f.code).map(|r| &r.doc);
    let ontoggle = {
        let open = open.clone();
        Callback::from(move |e: Event| {
            let d: web_sys::HtmlDetailsElement = e.target_unchecked_into();
            open.set(d.open());
        })
    };
    html! {
        <li class={classes!("finding", f.severity.as_str())}>
            // The line button sits beside the summary, not in it: a button inside a <summary>
            // is a control inside a control.
            <button type="button" class="problem-loc finding-loc" aria-label={format!("line {line}: go there in the editor")}
                onclick={Callback::from(move |_: MouseEvent| jump.emit((line, col)))}>
                { format!("line {line}") }
            </button>
            <details {ontoggle}>
                <summary>
                    <span class="finding-sev">{ f.severity.as_str() }</span>
                    <code class="finding-code">{ f.code }</code>
                    if let Some(h) = f.hadolint { <code class="finding-peer" title="hadolint's code">{ h }</code> }
                    <span class="finding-msg">{ rich(&f.message) }</span>
                    if let Some(b) = f.saving_bytes {
                        <span class="finding-saving" title="what the fix saves in the final image, by the estimate">{ format!("saves ≈ {}", layerlens_core::estimate::human(b)) }</span>
                    }
                </summary>
                if let (Some(d), true) = (doc, *open) {
                    { rule_doc(d, true) }
                }
            </details>
        </li>
    }
}
