//! "Project folder": the person picks the folder beside the Dockerfile; its file list and the
//! few small files the estimator reads (requirements.txt, package.json, .dockerignore) are read
//! here, in the tab. Nothing is uploaded.

use crate::state::ProjectFolder;
use layerlens_core::estimate::{human, wants_text, BuildContext};
use std::collections::HashMap;
use std::rc::Rc;
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// Files read as text are small manifests; anything larger is skipped.
const MAX_TEXT_BYTES: f64 = 1024.0 * 1024.0;

#[derive(Properties, PartialEq)]
pub struct FolderProps {
    pub folder: Option<Rc<ProjectFolder>>,
    pub on_folder: Callback<Option<Rc<ProjectFolder>>>,
}

#[function_component(FolderPicker)]
pub fn folder_picker(p: &FolderProps) -> Html {
    let reading = use_state(|| false);
    let onchange = {
        let on_folder = p.on_folder.clone();
        let reading = reading.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            let Some(list) = input.files() else { return };
            let mut files = Vec::new();
            let mut wanted = Vec::new();
            let mut root = String::new();
            for i in 0..list.length() {
                let Some(f) = list.item(i) else { continue };
                // `webkitRelativePath` is not in web-sys' File bindings.
                let rel = js_sys::Reflect::get(&f, &"webkitRelativePath".into())
                    .ok()
                    .and_then(|v| v.as_string())
                    .unwrap_or_default();
                let rel = if rel.is_empty() { f.name() } else { rel };
                // The first segment is the picked folder's own name.
                let (top, inner) = rel.split_once('/').unwrap_or(("", rel.as_str()));
                if root.is_empty() {
                    root = top.to_string();
                }
                let inner = inner.to_string();
                if wants_text(&inner) && f.size() <= MAX_TEXT_BYTES {
                    wanted.push((inner.clone(), f.clone()));
                }
                files.push((inner, f.size() as u64));
            }
            reading.set(true);
            let on_folder = on_folder.clone();
            let reading = reading.clone();
            yew::platform::spawn_local(async move {
                let mut texts = HashMap::new();
                for (path, file) in wanted {
                    let blob = gloo_file::Blob::from(web_sys::Blob::from(file));
                    if let Ok(t) = gloo_file::futures::read_as_text(&blob).await {
                        texts.insert(path, t);
                    }
                }
                let bytes = files.iter().map(|(_, s)| s).sum();
                let n = files.len();
                let context = BuildContext::new(files, texts);
                reading.set(false);
                on_folder.emit(Some(Rc::new(ProjectFolder {
                    name: root,
                    files: n,
                    bytes,
                    context,
                })));
            });
        })
    };
    let clear = {
        let on_folder = p.on_folder.clone();
        Callback::from(move |_| on_folder.emit(None))
    };
    html! {
        <span class="folder">
            <label class="button" for="project-folder">{"Project folder…"}</label>
            <input id="project-folder" class="visually-hidden" type="file" aria-label="Project folder"
                   webkitdirectory=true multiple=true {onchange} />
            if *reading {
                <span class="folder-status" role="status">{"Reading…"}</span>
            } else if let Some(f) = &p.folder {
                <span class="folder-status" role="status">
                    { format!("{}: {}, {}", f.name, layerlens_core::estimate::count(f.files, "file", "files"), human(f.bytes)) }
                    if f.context.has_dockerignore() { {" · .dockerignore"} }
                </span>
                <button type="button" class="link" onclick={clear} aria-label="Forget the project folder">{"×"}</button>
            }
        </span>
    }
}
