//! Copy and Download buttons for a text the app made. Copy goes through the Clipboard API;
//! Download hands the browser a Blob through a temporary `<a download>`. Nothing leaves the tab.

use wasm_bindgen::{JsCast, JsValue};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ExportProps {
    /// What the text is, for the buttons' accessible names ("optimized Dockerfile").
    pub what: AttrValue,
    /// The name the downloaded file gets.
    pub filename: AttrValue,
    pub text: AttrValue,
}

#[function_component(Export)]
pub fn export(p: &ExportProps) -> Html {
    let status = use_state(|| None::<String>);
    // A new text: the last "Copied" was about the old one.
    {
        let status = status.clone();
        use_effect_with(p.text.clone(), move |_| status.set(None));
    }
    let copy = {
        let text = p.text.clone();
        let status = status.clone();
        Callback::from(move |_: MouseEvent| {
            let text = text.clone();
            let status = status.clone();
            yew::platform::spawn_local(async move {
                status.set(Some(match copy_text(&text).await {
                    Ok(()) => "Copied.".to_string(),
                    Err(why) => format!("Could not copy ({why}): select the text and copy it."),
                }));
            });
        })
    };
    let download = {
        let (text, filename) = (p.text.clone(), p.filename.clone());
        let status = status.clone();
        Callback::from(move |_: MouseEvent| {
            if let Err(why) = download_text(&filename, &text) {
                status.set(Some(format!("Could not download ({why}).")));
            }
        })
    };
    html! {
        <span class="export">
            <button type="button" class="button" aria-label={format!("Copy {}", p.what)} onclick={copy}>{"Copy"}</button>
            <button type="button" class="button" aria-label={format!("Download {}", p.what)} onclick={download}>{"Download"}</button>
            <span class="export-status" role="status">{ (*status).clone().unwrap_or_default() }</span>
        </span>
    }
}

async fn copy_text(text: &str) -> Result<(), String> {
    let window = web_sys::window().ok_or("no window")?;
    let navigator = window.navigator();
    // `navigator.clipboard` is absent outside secure contexts (a plain-http address on a LAN):
    // check first, since calling through `undefined` would throw inside the wasm.
    let present = js_sys::Reflect::get(&navigator, &JsValue::from_str("clipboard"))
        .map(|c| !c.is_undefined())
        .unwrap_or(false);
    if !present {
        return Err("no clipboard access on this page".into());
    }
    wasm_bindgen_futures::JsFuture::from(navigator.clipboard().write_text(text))
        .await
        .map(|_| ())
        .map_err(|_| "the browser refused".to_string())
}

fn download_text(filename: &str, text: &str) -> Result<(), String> {
    fn fail(what: &'static str) -> impl Fn(JsValue) -> String {
        move |_| what.to_string()
    }
    let window = web_sys::window().ok_or("no window")?;
    let document = window.document().ok_or("no document")?;
    let body = document.body().ok_or("no page body")?;
    let options = web_sys::BlobPropertyBag::new();
    // Not text/plain: browsers would save `Dockerfile` as `Dockerfile.txt`.
    options.set_type("application/octet-stream");
    let blob = web_sys::Blob::new_with_str_sequence_and_options(
        &js_sys::Array::of1(&JsValue::from_str(text)),
        &options,
    )
    .map_err(fail("no Blob"))?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(fail("no object URL"))?;
    let a: web_sys::HtmlAnchorElement = document
        .create_element("a")
        .map_err(fail("no link"))?
        .dyn_into()
        .map_err(|_| "no link".to_string())?;
    a.set_href(&url);
    a.set_download(filename);
    a.set_hidden(true);
    body.append_child(&a).map_err(fail("no link"))?;
    a.click();
    let _ = body.remove_child(&a);
    // The browser reads the Blob after this handler returns; let it go a little later.
    yew::platform::spawn_local(async move {
        yew::platform::time::sleep(std::time::Duration::from_secs(30)).await;
        let _ = web_sys::Url::revoke_object_url(&url);
    });
    Ok(())
}
