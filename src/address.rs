//! What the page keeps outside its state: the view and Learn's search in the address (so Back
//! and Forward move between views, and a view can be bookmarked), and the person's own
//! Dockerfile in this browser's storage (so a reload or a lesson never loses it). Nothing here
//! leaves the machine: the address's query is never filled with the Dockerfile, and storage is
//! the browser's own.

use crate::share::{view_name, view_named};
use crate::state::{Action, AppState, View};
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// Where the person's own Dockerfile is kept (localStorage of this site).
const SAVED: &str = "layerlens-dockerfile";

fn embedded() -> bool {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
        .and_then(|r| r.get_attribute("class"))
        .is_some_and(|c| c.split_whitespace().any(|c| c == "embedded"))
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// Restores the person's own Dockerfile on start and saves it whenever it changes. Not in the
/// embedded widget: there the host page owns the text. Call before `use_bridge`, so a share link
/// opened on start replaces the restored text (which stays aside, to restore) and not the reverse.
#[hook]
pub fn use_saved_dockerfile(state: UseReducerDispatcher<AppState>, own: Option<Rc<str>>) {
    use_effect_with((), move |_| {
        if !embedded() {
            if let Some(text) = storage().and_then(|s| s.get_item(SAVED).ok().flatten()) {
                if !text.trim().is_empty() {
                    state.dispatch(Action::RestoreSaved(text));
                }
            }
        }
    });
    // Written a moment after the last change (a 100 KB file written on every keystroke would
    // cost the keystroke), and at once when the page is hidden or closed.
    let saver = use_memo((), |_| Saver::new());
    use_effect_with(own, move |own| {
        if let (Some(own), false) = (own.clone(), embedded()) {
            saver.later(own);
        }
    });
}

/// The text waiting to be saved, the timer, and the one callback both the timer and
/// `pagehide`/`visibilitychange` call.
struct Saver {
    text: Rc<std::cell::RefCell<Option<Rc<str>>>>,
    timer: std::cell::Cell<Option<i32>>,
    save: Closure<dyn Fn()>,
}

impl Saver {
    fn new() -> Saver {
        let text: Rc<std::cell::RefCell<Option<Rc<str>>>> = Rc::default();
        let pending = text.clone();
        let save = Closure::<dyn Fn()>::new(move || {
            if let (Some(t), Some(s)) = (pending.borrow_mut().take(), storage()) {
                // Storage can be full or off (private windows): the page works on without it.
                let _ = s.set_item(SAVED, &t);
            }
        });
        if let Some(w) = web_sys::window() {
            let f = save.as_ref().unchecked_ref();
            let _ = w.add_event_listener_with_callback("pagehide", f);
            if let Some(d) = w.document() {
                let _ = d.add_event_listener_with_callback("visibilitychange", f);
            }
        }
        Saver {
            text,
            timer: Default::default(),
            save,
        }
    }

    fn later(&self, own: Rc<str>) {
        let Some(w) = web_sys::window() else { return };
        *self.text.borrow_mut() = Some(own);
        if let Some(t) = self.timer.take() {
            w.clear_timeout_with_handle(t);
        }
        self.timer.set(
            w.set_timeout_with_callback_and_timeout_and_arguments_0(
                self.save.as_ref().unchecked_ref(),
                400,
            )
            .ok(),
        );
    }
}

/// `?view=…&q=…` as the page's state: read on start and on Back/Forward; a view switch adds a
/// history entry, a search replaces the current one. Other parameters (`embed`, `theme`) stay.
#[hook]
pub fn use_address(state: UseReducerDispatcher<AppState>, view: View, query: Rc<str>) {
    {
        let state = state.clone();
        use_effect_with((), move |_| {
            let read = move || {
                let (v, q) = from_address();
                state.dispatch(Action::SetView(v));
                state.dispatch(Action::SetLearnQuery(q));
            };
            read();
            let listener = Closure::<dyn Fn()>::new(read);
            let w = web_sys::window();
            if let Some(w) = &w {
                let _ = w.add_event_listener_with_callback(
                    "popstate",
                    listener.as_ref().unchecked_ref(),
                );
            }
            move || {
                if let Some(w) = w {
                    let _ = w.remove_event_listener_with_callback(
                        "popstate",
                        listener.as_ref().unchecked_ref(),
                    );
                }
            }
        });
    }
    // The first render shows the default state, before the address was read: not written back.
    let started = use_mut_ref(|| false);
    use_effect_with((view, query), move |(view, query)| {
        if !*started.borrow() {
            *started.borrow_mut() = true;
            return;
        }
        let (now_view, now_query) = from_address();
        let query: &str = if *view == View::Learn { query } else { "" };
        if now_view != *view {
            write_address(*view, query, true);
        } else if now_query != query {
            write_address(*view, query, false);
        }
    });
}

fn params() -> Option<(web_sys::Location, web_sys::UrlSearchParams)> {
    let loc = web_sys::window()?.location();
    let p = web_sys::UrlSearchParams::new_with_str(&loc.search().ok()?).ok()?;
    Some((loc, p))
}

fn from_address() -> (View, String) {
    match params() {
        Some((_, p)) => (
            view_named(&p.get("view").unwrap_or_default()),
            p.get("q").unwrap_or_default(),
        ),
        None => (View::Analyze, String::new()),
    }
}

fn write_address(view: View, query: &str, push: bool) {
    let Some((loc, p)) = params() else { return };
    match view {
        View::Analyze => p.delete("view"),
        v => p.set("view", view_name(v)),
    }
    if query.is_empty() {
        p.delete("q");
    } else {
        p.set("q", query);
    }
    let search: String = p.to_string().into();
    let url = format!(
        "{}{}{}{}",
        loc.pathname().unwrap_or_default(),
        if search.is_empty() { "" } else { "?" },
        search,
        loc.hash().unwrap_or_default()
    );
    if let Ok(h) = web_sys::window().map_or(Err(JsValue::NULL), |w| w.history()) {
        let _ = if push {
            h.push_state_with_url(&JsValue::NULL, "", Some(&url))
        } else {
            h.replace_state_with_url(&JsValue::NULL, "", Some(&url))
        };
    }
}
