//! "Share": asks the page for a link that carries the Dockerfile and the view in the address's
//! fragment (`crate::share`, `crate::bridge`). The link is made in the tab; nothing is uploaded.

use crate::share::Shared;
use yew::prelude::*;

/// The Share button; `current` is what a link made now holds.
pub fn share_button(current: impl Fn() -> Shared + 'static) -> Html {
    let onclick =
        Callback::from(move |_: MouseEvent| crate::bridge::share(&current().to_payload()));
    html! {
        <button type="button" class="view-tab" title="A link to this Dockerfile and view, made in this tab: the file travels after the #, which browsers never send to a server" {onclick}>{"Share"}</button>
    }
}
