//! A button that opens the file chooser for an image tar (the input itself is hidden and named,
//! so tests and assistive technology find it by its label).

use web_sys::{File, HtmlInputElement};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct TarPickerProps {
    /// The hidden input's accessible name (`Image tar file`).
    pub label: AttrValue,
    /// The button's text (`Open image tar…`).
    pub text: AttrValue,
    pub on_file: Callback<File>,
}

#[function_component(TarPicker)]
pub fn tar_picker(p: &TarPickerProps) -> Html {
    let input = use_node_ref();
    let onchange = {
        let on_file = p.on_file.clone();
        Callback::from(move |e: Event| {
            let el: HtmlInputElement = e.target_unchecked_into();
            if let Some(f) = el.files().and_then(|l| l.item(0)) {
                on_file.emit(f);
            }
            // The same file picked again must fire `change` again.
            el.set_value("");
        })
    };
    let pick = {
        let input = input.clone();
        Callback::from(move |_| {
            if let Some(el) = input.cast::<HtmlInputElement>() {
                el.click();
            }
        })
    };
    html! {
        <>
            <input ref={input} type="file" class="visually-hidden" aria-label={p.label.clone()} tabindex="-1" aria-hidden="true"
                   accept=".tar,.tar.gz,.tgz,.tar.zst,application/x-tar,application/gzip" {onchange} />
            <button type="button" class="img-open" onclick={pick}>{ p.text.clone() }</button>
        </>
    }
}
