//! Fetching the app's own lazily loaded files (same origin only: the page never talks to any
//! other host).

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// Debian's package table for `release` (`bookworm`, `trixie`): relative to the page, so it works
/// wherever the site is hosted.
pub fn debian_table(release: &str) -> String {
    format!("knowledge/debian-{release}-amd64.tsv")
}

/// The measured package tables: pip's (`layerlens_core::knowledge::pip_tree`) and npm's
/// (`knowledge::packages::npm_measured`).
pub const PIP_TABLE: &str = "knowledge/pip-measured.tsv";
pub const NPM_TABLE: &str = "knowledge/npm-measured.tsv";

/// Fetches the measured pip and npm tables once for this wasm instance and hands them to the
/// estimator; `then` runs when they are there (to estimate again). While they load, or if they
/// cannot, the estimate uses the few packages the app carries.
pub fn load_package_tables(then: impl FnOnce() + 'static) {
    use std::sync::atomic::{AtomicBool, Ordering};
    static STARTED: AtomicBool = AtomicBool::new(false);
    if layerlens_core::knowledge::pip_tree::table().is_some()
        || STARTED.swap(true, Ordering::SeqCst)
    {
        return;
    }
    yew::platform::spawn_local(async move {
        match (text(PIP_TABLE).await, text(NPM_TABLE).await) {
            (Ok(pip), Ok(npm)) => {
                layerlens_core::knowledge::pip_tree::install(&pip);
                layerlens_core::knowledge::packages::install_npm_measured(&npm);
                then();
            }
            // Another file that installs packages tries again.
            _ => STARTED.store(false, Ordering::SeqCst),
        }
    });
}

pub async fn text(url: &str) -> Result<String, String> {
    let window = web_sys::window().ok_or("no window")?;
    let resp = JsFuture::from(window.fetch_with_str(url))
        .await
        .map_err(|_| "network error".to_string())?;
    let resp: web_sys::Response = resp.dyn_into().map_err(|_| "not a response".to_string())?;
    if !resp.ok() {
        return Err(format!("HTTP {}", resp.status()));
    }
    let body = resp.text().map_err(|_| "unreadable body".to_string())?;
    let text = JsFuture::from(body)
        .await
        .map_err(|_| "unreadable body".to_string())?;
    text.as_string().ok_or_else(|| "not text".to_string())
}
