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

#[function_component(Findings)]
pub fn findings(p: &FindingsProps) -> Html {
    let list = &p.analysis.findings;
    if list.is_empty() {
        return html! {};
    }
    html! {
        <section class="findings" aria-label="Findings">
            <h2 class="pane-title">{ format!("Findings ({})", list.len()) }</h2>
            <ul role="list">
                { for list.iter().map(|f| html! { <FindingRow finding={f.clone()} on_jump={p.on_jump.clone()} /> }) }
            </ul>
        </section>
    }
}

/// One finding. A component with props compared by value: on a keystroke in a long file only
/// the findings that changed are rendered again (each carries its rule's explanation).
#[derive(Properties, PartialEq)]
struct FindingRowProps {
    finding: Finding,
    on_jump: Callback<(usize, usize)>,
}

#[function_component(FindingRow)]
fn finding_row(p: &FindingRowProps) -> Html {
    let f = &p.finding;
    let (line, col) = (f.line, f.column);
    let jump = p.on_jump.clone();
    let doc = rule(f.code).map(|r| &r.doc);
    html! {
        <li class={classes!("finding", f.severity.as_str())}>
            <details>
                <summary>
                    <span class="finding-sev">{ f.severity.as_str() }</span>
                    <code class="finding-code">{ f.code }</code>
                    if let Some(h) = f.hadolint { <code class="finding-peer" title="hadolint's code">{ h }</code> }
                    <span class="finding-msg">{ rich(&f.message) }</span>
                    if let Some(b) = f.saving_bytes {
                        <span class="finding-saving" title="what the fix saves in the final image, by the estimate">{ format!("saves ≈ {}", layerlens_core::estimate::human(b)) }</span>
                    }
                    <button type="button" class="problem-loc" aria-label={format!("Go to line {line}")}
                        onclick={Callback::from(move |e: MouseEvent| { e.prevent_default(); jump.emit((line, col)) })}>
                        { format!("line {line}") }
                    </button>
                </summary>
                if let Some(d) = doc {
                    { rule_doc(d, true) }
                }
            </details>
        </li>
    }
}
