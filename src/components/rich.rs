//! The engine's texts mark code with backticks (`like this`), readable as-is in a terminal;
//! here they become `<code>`.

use yew::prelude::*;

pub fn rich(text: &str) -> Html {
    let parts: Vec<&str> = text.split('`').collect();
    // An unmatched backtick leaves the text as written.
    if parts.len().is_multiple_of(2) {
        return html! { { text } };
    }
    html! {
        <>{ for parts.iter().enumerate().map(|(i, p)| if i % 2 == 1 {
            html! { <code class="inline">{ *p }</code> }
        } else {
            html! { { *p } }
        }) }</>
    }
}

/// A rule's explanation: why, example and fix (shown under a finding and on the Learn page).
pub fn rule_doc(d: &layerlens_core::lint::RuleDoc, with_summary: bool) -> Html {
    html! {
        <div class="rule-doc">
            if with_summary {
                <p><strong>{ rich(d.summary) }</strong></p>
            }
            <p>{ rich(d.why) }</p>
            <div class="rule-examples">
                <div><span class="label">{"Example"}</span><pre>{ d.example }</pre></div>
                <div><span class="label">{"Use instead"}</span><pre>{ d.use_instead }</pre></div>
            </div>
            <p class="fix-safety">{ "Fix: " }{ rich(d.fix_safety) }</p>
        </div>
    }
}
