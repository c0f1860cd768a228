//! Fetching the app's own lazily loaded files (same origin only: the page never talks to any
//! other host).

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// Debian's package table for `release` (`bookworm`, `trixie`): relative to the page, so it works
/// wherever the site is hosted.
pub fn debian_table(release: &str) -> String {
    format!("knowledge/debian-{release}-amd64.tsv")
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
