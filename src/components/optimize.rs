//! Where the Optimize view lives. The view and the optimizer are wasm of their own
//! (`src/bin/optimize_view.rs`, `src/optimize_view/`), fetched the first time the Optimize tab
//! opens — the first load never carries them. This component makes the element they mount into,
//! loads them once, keeps them mounted (hidden) when another view is shown, sends them the text,
//! the project folder and the switched steps while shown, and hands back the steps the person
//! switches (`src/optimize_view/wire.rs`).

use super::folder::FolderPicker;
use crate::optimize_view::wire;
use crate::state::ProjectFolder;
use std::cell::RefCell;
use std::collections::BTreeSet;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct OptimizeHostProps {
    pub shown: bool,
    pub source: Rc<str>,
    pub disabled: Rc<BTreeSet<String>>,
    pub enabled: Rc<BTreeSet<String>>,
    /// (step id, on).
    pub on_step: Callback<(String, bool)>,
    pub folder: Option<Rc<ProjectFolder>>,
    pub on_folder: Callback<Option<Rc<ProjectFolder>>>,
}

/// The host element, what was last sent (sent again when the view says it is ready), and the
/// listeners for the view's messages.
struct Host {
    el: web_sys::Element,
    last: Rc<RefCell<(String, String)>>,
    on_step: Rc<RefCell<Callback<(String, bool)>>>,
    _listeners: [Closure<dyn FnMut(web_sys::CustomEvent)>; 2],
}

fn send(el: &web_sys::Element, name: &str, detail: &str) {
    let init = web_sys::CustomEventInit::new();
    init.set_detail(&JsValue::from_str(detail));
    if let Ok(e) = web_sys::CustomEvent::new_with_event_init_dict(name, &init) {
        let _ = el.dispatch_event(&e);
    }
}

fn make_host() -> Option<Host> {
    let doc = web_sys::window()?.document()?;
    let el = doc.create_element("div").ok()?;
    el.set_id(wire::HOST_ID);
    el.set_inner_html(r#"<main class="workspace"><p class="empty" role="status">Loading the optimizer…</p></main>"#);
    let last: Rc<RefCell<(String, String)>> = Rc::default();
    let on_step: Rc<RefCell<Callback<(String, bool)>>> = Rc::default();
    let (l, target) = (last.clone(), el.clone());
    let ready = Closure::<dyn FnMut(web_sys::CustomEvent)>::new(move |_| {
        let (input, folder) = l.borrow().clone();
        send(&target, wire::FOLDER, &folder);
        if !input.is_empty() {
            send(&target, wire::INPUT, &input);
        }
    });
    let cb = on_step.clone();
    let step = Closure::<dyn FnMut(web_sys::CustomEvent)>::new(move |e: web_sys::CustomEvent| {
        if let Some((on, id)) = e
            .detail()
            .as_string()
            .as_deref()
            .and_then(|d| d.split_once(' '))
        {
            cb.borrow().emit((id.to_string(), on == "1"));
        }
    });
    let _ = el.add_event_listener_with_callback(wire::READY, ready.as_ref().unchecked_ref());
    let _ = el.add_event_listener_with_callback(wire::STEP, step.as_ref().unchecked_ref());
    Some(Host {
        el,
        last,
        on_step,
        _listeners: [ready, step],
    })
}

fn load(host: &web_sys::Element) {
    super::lazy_view::load_view(
        host,
        "optimize_view_loader.js",
        r#"<main class="workspace"><p class="empty" role="alert">The optimizer could not be loaded. Reload the page to try again.</p></main>"#,
    );
}

#[function_component(OptimizeHost)]
pub fn optimize_host(p: &OptimizeHostProps) -> Html {
    let host = use_memo((), |_| make_host());
    let loaded = use_mut_ref(|| false);
    if let Some(h) = host.as_ref() {
        *h.on_step.borrow_mut() = p.on_step.clone();
    }
    if p.shown && !*loaded.borrow() {
        if let Some(h) = host.as_ref() {
            *loaded.borrow_mut() = true;
            load(&h.el);
        }
    }
    // The folder when it changes; the text and steps while shown (the rewrite is made only
    // while someone looks at it).
    {
        let host = host.clone();
        use_effect_with(p.folder.clone(), move |folder| {
            if let Some(h) = host.as_ref() {
                let text = folder.as_ref().map_or(String::new(), |f| {
                    wire::folder(&f.context.files, &f.context.texts)
                });
                h.last.borrow_mut().1 = text.clone();
                send(&h.el, wire::FOLDER, &text);
            }
        });
    }
    {
        let host = host.clone();
        use_effect_with(
            (
                p.shown,
                p.source.clone(),
                p.disabled.clone(),
                p.enabled.clone(),
            ),
            move |(shown, source, off, on)| {
                if let (true, Some(h)) = (*shown, host.as_ref()) {
                    let text = wire::input(source, off.iter(), on.iter());
                    h.last.borrow_mut().0 = text.clone();
                    send(&h.el, wire::INPUT, &text);
                }
            },
        );
    }
    match host.as_ref() {
        Some(h) if *loaded.borrow() => html! {
            <div class="optimize-host" hidden={!p.shown}>
                <div class="toolbar opt-folder-bar">
                    <FolderPicker folder={p.folder.clone()} on_folder={p.on_folder.clone()} />
                </div>
                { Html::VRef(h.el.clone().into()) }
            </div>
        },
        _ => html! {},
    }
}
