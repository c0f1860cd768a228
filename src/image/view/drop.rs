//! Where a saved image comes in: a drop zone with an "Open image tar…" button (the whole view
//! takes drops too), and what the view says before anything is opened.

use crate::image::human;
use web_sys::File;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct DropProps {
    pub on_file: Callback<File>,
    /// Once an image is shown the zone shrinks to a line.
    pub compact: bool,
    pub busy: bool,
    pub file: Option<(String, u64)>,
}

#[function_component(DropZone)]
pub fn drop_zone(p: &DropProps) -> Html {
    let over = use_state(|| false);
    let on_enter = {
        let over = over.clone();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            over.set(true);
        })
    };
    let on_leave = {
        let over = over.clone();
        Callback::from(move |_| over.set(false))
    };
    let on_drop = {
        let over = over.clone();
        Callback::from(move |_| over.set(false))
    };
    let class = classes!(
        "img-drop",
        p.compact.then_some("compact"),
        (*over).then_some("over")
    );
    html! {
        <section {class} aria-label="Drop an image tar" ondragenter={on_enter.clone()} ondragover={on_enter} ondragleave={on_leave} ondrop={on_drop}>
            <super::picker::TarPicker label="Image tar file" text="Open image tar…" on_file={p.on_file.clone()} />
            if p.compact {
                if let Some((name, size)) = &p.file {
                    <span class="img-file">{ format!("{name} · {}", human::bytes(*size)) }</span>
                }
                <span class="img-hint">{"or drop another here"}</span>
            } else {
                <span class="img-hint">{ if p.busy { "or drop another to read it instead" } else { "or drop one here" } }</span>
            }
        </section>
    }
}

#[function_component(Intro)]
pub fn intro() -> Html {
    html! {
        <section class="img-intro" aria-label="About the image explorer">
            <h2>{"Look inside a saved image"}</h2>
            <p>{"Save an image to a file and open it here: every layer with the instruction that made it, what it adds, changes and removes, the files that take the room, and what is wasted — computed the way "}<a href="https://github.com/wagoodman/dive" rel="noopener noreferrer">{"dive"}</a>{" does. The file is read in this tab, in slices; nothing is uploaded."}</p>
            <pre class="img-cmd"><code>{"docker save -o app.tar app:latest"}</code></pre>
            <p class="img-formats">{"Reads docker save (before and since Docker 25), OCI image layouts, either gzip-compressed as a whole (.tar.gz), layers in tar, gzip or zstd, and multi-platform indexes."}</p>
        </section>
    }
}
