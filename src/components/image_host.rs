//! Where the Image view lives. The view and its tar reader are wasm of their own
//! (`src/bin/image_view.rs`, `src/bin/image_worker.rs`), fetched the first time the Image tab
//! opens — the first load never carries them. This component makes the element they mount into,
//! loads them once, keeps them mounted (hidden) when another view is shown, and passes the
//! Dockerfile the view rebuilds ("Turn into a Dockerfile", a DOM event) to the page.

use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ImageHostProps {
    pub shown: bool,
    pub on_dockerfile: Callback<String>,
}

struct Host {
    el: web_sys::Element,
    on_dockerfile: Rc<RefCell<Callback<String>>>,
    _listener: Closure<dyn FnMut(web_sys::CustomEvent)>,
}

fn make_host() -> Option<Host> {
    let doc = web_sys::window()?.document()?;
    let el = doc.create_element("div").ok()?;
    el.set_id("image-explorer");
    el.set_inner_html(r#"<p class="img-loading" role="status">Loading the image explorer…</p>"#);
    let on_dockerfile: Rc<RefCell<Callback<String>>> = Rc::default();
    let cb = on_dockerfile.clone();
    let listener =
        Closure::<dyn FnMut(web_sys::CustomEvent)>::new(move |e: web_sys::CustomEvent| {
            if let Some(text) = e.detail().as_string() {
                cb.borrow().emit(text);
            }
        });
    let _ = el.add_event_listener_with_callback(
        "layerlens-dockerfile",
        listener.as_ref().unchecked_ref(),
    );
    Some(Host {
        el,
        on_dockerfile,
        _listener: listener,
    })
}

fn load(host: &web_sys::Element) {
    super::lazy_view::load_view(
        host,
        "image_view_loader.js",
        r#"<p class="img-loading" role="alert">The image explorer could not be loaded. Reload the page to try again.</p>"#,
    );
}

#[function_component(ImageHost)]
pub fn image_host(p: &ImageHostProps) -> Html {
    let host = use_memo((), |_| make_host());
    let loaded = use_mut_ref(|| false);
    if let Some(h) = host.as_ref() {
        *h.on_dockerfile.borrow_mut() = p.on_dockerfile.clone();
    }
    if p.shown && !*loaded.borrow() {
        if let Some(h) = host.as_ref() {
            *loaded.borrow_mut() = true;
            load(&h.el);
        }
    }
    match host.as_ref() {
        Some(h) if *loaded.borrow() => html! {
            <main class="workspace image-view" hidden={!p.shown}>{ Html::VRef(h.el.clone().into()) }</main>
        },
        _ => html! {},
    }
}
