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
