//! "Where the bytes are": the directory shown in the file tree as a treemap — one rectangle per
//! entry, its area its size — for the final filesystem or one layer's changes. A directory's
//! rectangle opens it (click, Enter or Space) and the breadcrumb goes back up; each rectangle is
//! a button named with its path and size. The entries are the file tree's (already asked for);
//! the layout is `image::treemap`.

use crate::image::human;
use crate::image::protocol::{Nodes, Tree};
use crate::image::treemap::{squarify, Rect};
use std::collections::BTreeMap;
use std::rc::Rc;
use yew::prelude::*;

const W: f64 = 1000.0;
const H: f64 = 260.0;
/// Rectangles drawn at most; the rest are one "… N more" rectangle.
const MAX: usize = 40;

#[derive(Properties, PartialEq)]
pub struct TreemapProps {
    pub tree: Tree,
    pub open: Rc<BTreeMap<String, Option<Rc<Nodes>>>>,
    /// Open a directory in the file tree (its entries are asked for).
    pub on_toggle: Callback<(String, bool)>,
}

fn parent(path: &str) -> String {
    layerlens_core::compare::parent_dir(path.trim_end_matches('/')).to_string()
}

#[function_component(Treemap)]
pub fn treemap(p: &TreemapProps) -> Html {
    let current = use_state(|| "/".to_string());
    {
        // Another tree (a layer, the final filesystem): back to its root.
        let current = current.clone();
        use_effect_with(p.tree, move |_| current.set("/".into()));
    }
    let go = {
        let (current, toggle, open) = (current.clone(), p.on_toggle.clone(), p.open.clone());
        Callback::from(move |path: String| {
            if !open.contains_key(&path) {
                toggle.emit((path.clone(), true));
            }
            current.set(path);
        })
    };
    let here = (*current).clone();
    let crumbs: Vec<String> = {
        let mut v = vec![here.clone()];
        while v.last().is_some_and(|l| l != "/") {
            let up = parent(v.last().map(String::as_str).unwrap_or("/"));
            v.push(up);
        }
        v.reverse();
        v
    };
    let body = match p.open.get(&here) {
        Some(Some(nodes)) => map(nodes, &go, p.tree),
        Some(None) => html! { <p class="img-none">{"Reading the directory…"}</p> },
        None => {
            html! { <p class="img-none">{"Open a directory in the file tree, or choose one here."}</p> }
        }
    };
    html! {
        <section class="img-treemap" aria-label="Where the bytes are">
            <h2 class="img-treemap-title">{"Where the bytes are"}</h2>
            <nav class="img-treemap-crumbs" aria-label="Treemap folder">
                { for crumbs.iter().enumerate().map(|(i, c)| {
                    let label = if c == "/" { "/".to_string() } else { c.rsplit('/').next().unwrap_or("").to_string() + "/" };
                    let go = go.clone();
                    let target = c.clone();
                    if i + 1 == crumbs.len() {
                        html! { <span aria-current="location" class="here">{ label }</span> }
                    } else {
                        html! { <button type="button" class="link" onclick={Callback::from(move |_| go.emit(target.clone()))}>{ label }</button> }
                    }
                }) }
            </nav>
            { body }
        </section>
    }
}

fn map(nodes: &Nodes, go: &Callback<String>, tree: Tree) -> Html {
    let mut entries: Vec<_> = nodes.nodes.iter().filter(|n| n.size_bytes > 0).collect();
    entries.sort_by(|a, b| {
        b.size_bytes
            .cmp(&a.size_bytes)
            .then_with(|| a.name.cmp(&b.name))
    });
    let rest: u64 = entries.iter().skip(MAX).map(|n| n.size_bytes).sum();
    let more = entries.len().saturating_sub(MAX);
    entries.truncate(MAX);
    if entries.is_empty() {
        return html! { <p class="img-none">{"Nothing here takes any bytes."}</p> };
    }
    let mut sizes: Vec<f64> = entries.iter().map(|n| n.size_bytes as f64).collect();
    if rest > 0 {
        sizes.push(rest as f64);
    }
    let rects = squarify(&sizes, W, H);
    let layer = matches!(tree, Tree::Layer(_));
    html! {
        <svg class="img-treemap-map" viewBox={format!("0 0 {W} {H}")} role="group" aria-label="Treemap: each rectangle's area is its size">
            { for entries.iter().zip(&rects).map(|(n, r)| {
                let dir = n.kind == "dir";
                let label = format!("{}{}: {}", n.path, if dir { "/" } else { "" }, human::bytes(n.size_bytes));
                let class = classes!(
                    if dir { "dir" } else { "file" },
                    layer.then(|| n.change.clone()).flatten()
                );
                let open = dir.then(|| {
                    let (go, path) = (go.clone(), n.path.clone());
                    Callback::from(move |()| go.emit(path.clone()))
                });
                cell(&label, class, r, &n.name, human::bytes(n.size_bytes), open)
            }) }
            if rest > 0 {
                if let Some(r) = rects.last() {
                    <g class="tm other" aria-label={format!("{more} more: {}", human::bytes(rest))}>
                        <title>{ format!("{more} more: {}", human::bytes(rest)) }</title>
                        <rect x={format!("{:.1}", r.x)} y={format!("{:.1}", r.y)} width={format!("{:.1}", r.w)} height={format!("{:.1}", r.h)} />
                    </g>
                }
            }
        </svg>
    }
}

/// One rectangle of a treemap: named with `label`; when it `open`s (a directory) a button for
/// the mouse and the keyboard (Enter, Space); its name and `sub` written inside when they fit.
pub(super) fn cell(
    label: &str,
    class: Classes,
    r: &Rect,
    name: &str,
    sub: String,
    open: Option<Callback<()>>,
) -> Html {
    let button = open.is_some();
    let onclick = open
        .clone()
        .map(|o| Callback::from(move |_: MouseEvent| o.emit(())));
    let onkeydown = open.map(|o| {
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Enter" || e.key() == " " {
                e.prevent_default();
                o.emit(());
            }
        })
    });
    let text = (r.w > 70.0 && r.h > 18.0).then(|| {
        let max = ((r.w - 8.0) / 7.0).max(1.0) as usize;
        let name = if name.chars().count() > max {
            name.chars().take(max.saturating_sub(1)).collect::<String>() + "…"
        } else {
            name.to_string()
        };
        html! {
            <text x={format!("{:.1}", r.x + 4.0)} y={format!("{:.1}", r.y + 14.0)} aria-hidden="true">{ name }
                if r.h > 34.0 {
                    <tspan x={format!("{:.1}", r.x + 4.0)} dy="15" class="tm-size">{ sub }</tspan>
                }
            </text>
        }
    });
    html! {
        <g class={classes!("tm", class)} role={button.then_some("button")} aria-label={label.to_string()}
           tabindex={button.then_some("0")} {onclick} {onkeydown}>
            <title>{ label.to_string() }</title>
            <rect x={format!("{:.1}", r.x)} y={format!("{:.1}", r.y)} width={format!("{:.1}", r.w.max(0.0))} height={format!("{:.1}", r.h.max(0.0))} />
            { text.unwrap_or_default() }
        </g>
    }
}
