//! The app's side of its contract with the page's own scripts (static/start.js, and in embed
//! mode static/widget.js), as DOM events on `window`. The scripts do what is browser plumbing —
//! deflating links, reading the address, talking to an embedding page — so the app's wasm, which
//! every first load carries, stays small.
//!
//! - `layerlens:load` (script → app), detail: a payload (`crate::share`) to open — from a share
//!   link, a `#dockerfile=` address, or an embedding page.
//! - `layerlens:ready` (app → script): the app listens; loads sent before it are queued.
//! - `layerlens:report` (app → script), detail: the report JSON (`crate::report::report`), after
//!   every analysis — when `window.layerlensReports` is true (embed mode sets it).
//! - `layerlens:share` (app → script), detail: the payload to make a link of.

use crate::state::{Analysis, AppState};
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use yew::prelude::*;

fn emit(name: &str, detail: &str) {
    let init = web_sys::CustomEventInit::new();
    init.set_detail(&JsValue::from_str(detail));
    if let (Some(w), Ok(e)) = (
        web_sys::window(),
        web_sys::CustomEvent::new_with_event_init_dict(name, &init),
    ) {
        let _ = w.dispatch_event(&e);
    }
}

/// Whether the page wants a report after every analysis: `window.layerlensReports === true`,
/// which the start script sets in embed mode (and a benchmark or test may set). Elsewhere nobody
/// listens, and a long file's report is half a megabyte of JSON a keystroke.
fn reports_wanted() -> bool {
    web_sys::window()
        .and_then(|w| js_sys::Reflect::get(&w, &"layerlensReports".into()).ok())
        .is_some_and(|v| v.as_bool() == Some(true))
}

/// Asks the page for a share link of `payload` (it puts it in the address bar and copies it).
pub fn share(payload: &str) {
    emit("layerlens:share", payload);
}

/// Opens the payloads the page sends and hands it a report after every analysis. (The report's
/// effect comes first: the first report goes out before `ready`, so the page can tell the
/// reports of what it sent from the one of the file the app started with.)
#[hook]
pub fn use_bridge(state: UseReducerDispatcher<AppState>, analysis: Rc<Analysis>) {
    use_effect_with(analysis, |a| {
        if reports_wanted() {
            emit("layerlens:report", &crate::report::report(a))
        }
    });
    use_effect_with((), move |_| {
        let listener =
            Closure::<dyn Fn(web_sys::CustomEvent)>::new(move |e: web_sys::CustomEvent| {
                if let Some(shared) = e
                    .detail()
                    .as_string()
                    .as_deref()
                    .and_then(crate::share::Shared::from_payload)
                {
                    shared.actions().into_iter().for_each(|a| state.dispatch(a));
                }
            });
        let w = web_sys::window();
        if let Some(w) = &w {
            let _ = w.add_event_listener_with_callback(
                "layerlens:load",
                listener.as_ref().unchecked_ref(),
            );
        }
        emit("layerlens:ready", "");
        move || {
            if let Some(w) = w {
                let _ = w.remove_event_listener_with_callback(
                    "layerlens:load",
                    listener.as_ref().unchecked_ref(),
                );
            }
        }
    });
}
