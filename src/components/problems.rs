//! The list of errors and warnings under the editor, each a button that jumps to its place.

use crate::state::Analysis;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ProblemsProps {
    pub df: Rc<Analysis>,
    pub on_jump: Callback<(usize, usize)>,
}

#[function_component(Problems)]
pub fn problems(p: &ProblemsProps) -> Html {
    let df = &p.df.df;
    if df.instructions.is_empty() && df.errors.is_empty() && df.warnings.is_empty() {
        // An empty editor: nothing to judge yet (the editor's placeholder says what to do).
        return html! {};
    }
    if df.errors.is_empty() && df.warnings.is_empty() {
        return html! { <p class="problems-ok" role="status">{"✓ No syntax errors: BuildKit would read this file."}</p> };
    }
    let item = |sev: &'static str, d: &layerlens_core::syntax::Diagnostic| {
        let (line, col) = (d.span.line, d.span.column);
        let jump = p.on_jump.clone();
        html! {
            <li class={classes!("problem", sev)}>
                <button type="button" class="problem-loc" onclick={Callback::from(move |_| jump.emit((line, col)))}
                        aria-label={format!("Line {line}, column {col}: go there in the editor")}>
                    { format!("Line {line}, column {col}") }
                </button>
                <span class="problem-sev">{ sev }</span>
                <span class="problem-msg">{ &d.message }</span>
            </li>
        }
    };
    html! {
        <section class="problems" aria-label="Problems">
            <h2 class="pane-title">{ format!("Problems ({})", df.errors.len() + df.warnings.len()) }</h2>
            <ul role="list">
                { for df.errors.iter().map(|d| item("error", d)) }
                { for df.warnings.iter().map(|d| item("warning", d)) }
            </ul>
        </section>
    }
}
