//! The colour theme: the system's (default), light or dark. The choice is kept in this browser
//! (localStorage) and applied as `data-theme` on `<html>` — by the page's start script
//! (static/start.js) before the first paint, and here when it changes. An embedding page picks
//! one with `?theme=`. A plain function, not a component: the attribute is the state.

use web_sys::HtmlSelectElement;
use yew::prelude::*;

fn root() -> Option<web_sys::Element> {
    web_sys::window()?.document()?.document_element()
}

pub fn theme_picker() -> Html {
    let current = root()
        .and_then(|r| r.get_attribute("data-theme"))
        .unwrap_or_default();
    let onchange = Callback::from(|e: Event| {
        let v = e.target_unchecked_into::<HtmlSelectElement>().value();
        if let Some(r) = root() {
            let _ = if v.is_empty() {
                r.remove_attribute("data-theme")
            } else {
                r.set_attribute("data-theme", &v)
            };
        }
        if let Some(s) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) {
            let _ = if v.is_empty() {
                s.remove_item("layerlens-theme")
            } else {
                s.set_item("layerlens-theme", &v)
            };
        }
    });
    let opt = |value: &'static str, name: &'static str| html! { <option {value} selected={current == value}>{ name }</option> };
    html! {
        <select class="theme" aria-label="Colour theme" {onchange}>
            { opt("", "Theme: system") }
            { opt("light", "Theme: light") }
            { opt("dark", "Theme: dark") }
        </select>
    }
}
