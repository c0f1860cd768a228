//! What the page does to bring in a view that is a wasm of its own (the Optimize and Image
//! views): add its loader script, and say so in the view's place if it cannot load.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// Adds `<script type="module" src=loader>` (beside the page: relative URLs resolve against the
/// page's address, like the view's own); on an error, `failure_html` replaces `host`'s content.
pub fn load_view(host: &web_sys::Element, loader: &str, failure_html: &'static str) {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Ok(script) = doc.create_element("script") else {
        return;
    };
    let _ = script.set_attribute("type", "module");
    let _ = script.set_attribute("src", loader);
    let el = host.clone();
    let failed = Closure::<dyn FnMut()>::new(move || el.set_inner_html(failure_html));
    let _ = script.add_event_listener_with_callback("error", failed.as_ref().unchecked_ref());
    failed.forget();
    if let Some(head) = doc.head() {
        let _ = head.append_child(&script);
    }
}
