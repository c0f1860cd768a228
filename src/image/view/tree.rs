//! A file tree — the final filesystem or what one layer adds, changes and removes — opened a
//! directory at a time (the worker keeps the tree; 500 entries a directory at most), sortable by
//! size or name, and a filter that lists matching paths. For the final filesystem, the biggest
//! files and directories beside it.

use crate::image::human;
use crate::image::protocol::{Node, Nodes, Sort, Summary, Tree};
use std::collections::BTreeMap;
use std::rc::Rc;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct TreeProps {
    pub summary: Rc<Summary>,
    pub tree: Tree,
    pub sort: Sort,
    pub filter: String,
    pub open: Rc<BTreeMap<String, Option<Rc<Nodes>>>>,
    pub hits: Option<Rc<Nodes>>,
    /// (directory path, open?)
    pub on_toggle: Callback<(String, bool)>,
    pub on_filter: Callback<String>,
    pub on_sort: Callback<Sort>,
}

#[function_component(FileTree)]
pub fn file_tree(p: &TreeProps) -> Html {
    let s = &p.summary;
    let title = match p.tree {
        Tree::Final => "Final filesystem".to_string(),
        Tree::Layer(k) => format!("Layer {k}: what it adds, changes and removes"),
    };
    let oninput = {
        let on = p.on_filter.clone();
        Callback::from(move |e: InputEvent| {
            let el: HtmlInputElement = e.target_unchecked_into();
            on.emit(el.value());
        })
    };
    let onchange = {
        let on = p.on_sort.clone();
        Callback::from(move |e: Event| {
            let el: HtmlSelectElement = e.target_unchecked_into();
            on.emit(if el.value() == "name" {
                Sort::Name
            } else {
                Sort::Size
            });
        })
    };
    let layer_cmd = match p.tree {
        Tree::Layer(k) => s
            .layers
            .get(k)
            .map(|l| crate::image::view::layers::one_line(&l.instruction, 200)),
        Tree::Final => None,
    };
    let filtering = !p.filter.trim().is_empty();
    html! {
        <section class="img-tree pane" aria-label="File tree">
            <h2 class="pane-title">{ title }</h2>
            if let Some(cmd) = layer_cmd { <p class="img-tree-cmd"><code>{ cmd }</code></p> }
            <div class="toolbar">
                <label for="img-filter">{"Filter files"}</label>
                <input id="img-filter" type="search" class="img-filter" placeholder="Name or /path" value={p.filter.clone()} {oninput} autocomplete="off" spellcheck="false" />
                <label for="img-sort">{"Sort by"}</label>
                <select id="img-sort" {onchange}>
                    <option value="size" selected={p.sort == Sort::Size}>{"Size"}</option>
                    <option value="name" selected={p.sort == Sort::Name}>{"Name"}</option>
                </select>
            </div>
            if filtering {
                { hits(p.hits.as_deref(), &p.filter) }
            } else {
                <ul class="ftree" aria-label={format!("Files of the {}", if p.tree == Tree::Final { "final filesystem".to_string() } else { format!("layer {}", match p.tree { Tree::Layer(k) => k, Tree::Final => 0 }) })}>
                    { rows(p, "/") }
                </ul>
            }
            if p.tree == Tree::Final && !filtering {
                <div class="img-biggest">
                    { biggest("Biggest files", &s.biggest_files) }
                    { biggest("Biggest directories", &s.biggest_dirs) }
                </div>
            }
        </section>
    }
}

fn rows(p: &TreeProps, path: &str) -> Html {
    match p.open.get(path) {
        Some(Some(nodes)) => {
            let max = nodes
                .nodes
                .iter()
                .map(|n| n.size_bytes)
                .max()
                .unwrap_or(0)
                .max(1) as f64;
            html! {
                <>
                { for nodes.nodes.iter().map(|n| row(p, n, max)) }
                if nodes.total > nodes.nodes.len() {
                    <li class="fmore">{ format!("… and {} more (the first {} shown; filter to find others)", human::grouped((nodes.total - nodes.nodes.len()) as u64), nodes.nodes.len()) }</li>
                }
                if nodes.nodes.is_empty() {
                    <li class="fmore">{"(empty)"}</li>
                }
                </>
            }
        }
        Some(None) => html! { <li class="fmore" role="status">{"Loading…"}</li> },
        None => html! {},
    }
}

fn badges(n: &Node) -> Html {
    html! {
        <>
        if let Some(c) = &n.change { <span class={classes!("fbadge", c.clone())}>{ c }</span> }
        if let Some(l) = n.layer { <span class="flayer" title="the layer that last wrote it">{ format!("L{l}") }</span> }
        if n.setuid { <span class="fbadge setuid" title="set-user-ID or set-group-ID">{"setuid"}</span> }
        if let Some(t) = &n.link { <span class="flink">{ format!("→ {t}") }</span> }
        if n.kind == "whiteout" || n.kind == "opaque" { <span class="fbadge removed">{ if n.kind == "opaque" { "opaque" } else { "whiteout" } }</span> }
        </>
    }
}

fn row(p: &TreeProps, n: &Node, max: f64) -> Html {
    let dir = n.kind == "dir";
    let is_open = dir && p.open.contains_key(&n.path);
    let size = html! {
        <>
        <span class="fsize" title={format!("{} bytes", human::grouped(n.size_bytes))}>{ human::bytes(n.size_bytes) }</span>
        <span class="fbar" aria-hidden="true"><span style={format!("width: {:.2}%", n.size_bytes as f64 / max * 100.0)}></span></span>
        if dir { <span class="ffiles">{ files(n.files) }</span> } else { <span class="ffiles"></span> }
        </>
    };
    if dir {
        let toggle = p.on_toggle.reform({
            let (path, open) = (n.path.clone(), is_open);
            move |_| (path.clone(), !open)
        });
        html! {
            <li class="fnode dir">
                <div class="frow">
                    <button type="button" class="fname ftoggle" aria-expanded={is_open.to_string()} onclick={toggle} title={n.path.clone()}>
                        <span class="ftwisty" aria-hidden="true">{ if is_open { "▾" } else { "▸" } }</span>{ format!("{}/", n.name) }
                    </button>
                    { size }
                    <span class="fextra">{ badges(n) }</span>
                </div>
                if is_open {
                    <ul>{ rows(p, &n.path) }</ul>
                }
            </li>
        }
    } else {
        html! {
            <li class="fnode">
                <div class="frow">
                    <span class="fname" title={n.path.clone()}>{ &n.name }</span>
                    { size }
                    <span class="fextra">{ badges(n) }</span>
                </div>
            </li>
        }
    }
}

fn files(n: u64) -> String {
    format!(
        "{} file{}",
        human::grouped(n),
        if n == 1 { "" } else { "s" }
    )
}

fn hits(h: Option<&Nodes>, filter: &str) -> Html {
    let Some(h) = h else {
        return html! { <p class="fmore" role="status">{"Filtering…"}</p> };
    };
    let max = h
        .nodes
        .iter()
        .map(|n| n.size_bytes)
        .max()
        .unwrap_or(0)
        .max(1) as f64;
    html! {
        <>
        <p class="img-hits" role="status">{ match h.total {
            0 => format!("No path matches “{}”.", filter.trim()),
            1 => "1 match".to_string(),
            n if n > h.nodes.len() => format!("{} matches; the {} biggest:", human::grouped(n as u64), h.nodes.len()),
            n => format!("{} matches, biggest first:", human::grouped(n as u64)),
        } }</p>
        <ul class="ftree flat" aria-label="Matching files">
            { for h.nodes.iter().map(|n| html! {
                <li class="fnode">
                    <div class="frow">
                        <span class="fname fpath" title={n.path.clone()}>{ if n.kind == "dir" { format!("{}/", n.path) } else { n.path.clone() } }</span>
                        <span class="fsize" title={format!("{} bytes", human::grouped(n.size_bytes))}>{ human::bytes(n.size_bytes) }</span>
                        <span class="fbar" aria-hidden="true"><span style={format!("width: {:.2}%", n.size_bytes as f64 / max * 100.0)}></span></span>
                        <span class="ffiles">{ if n.kind == "dir" { files(n.files) } else { String::new() } }</span>
                        <span class="fextra">{ badges(n) }</span>
                    </div>
                </li>
            }) }
        </ul>
        </>
    }
}

fn biggest(title: &str, list: &[crate::image::protocol::PathSize]) -> Html {
    if list.is_empty() {
        return html! {};
    }
    html! {
        <section class="img-big" aria-label={title.to_string()}>
            <h3>{ title.to_string() }</h3>
            <ol>
                { for list.iter().take(10).map(|f| html! {
                    <li><span class="fsize">{ human::bytes(f.size_bytes) }</span>{" "}<code>{ &f.path }</code></li>
                }) }
            </ol>
        </section>
    }
}
