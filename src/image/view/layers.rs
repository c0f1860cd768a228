//! Every layer with the instruction that made it (metadata-only history steps between them),
//! its size as a bar, and what it adds, changes and removes. Choosing one shows its files.

use crate::image::human;
use crate::image::protocol::{Summary, Tree};
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct LayersProps {
    pub summary: Rc<Summary>,
    pub tree: Tree,
    pub on_tree: Callback<Tree>,
}

#[function_component(LayerList)]
pub fn layer_list(p: &LayersProps) -> Html {
    let s = &p.summary;
    let max = s
        .layers
        .iter()
        .map(|l| l.size_bytes)
        .max()
        .unwrap_or(0)
        .max(1) as f64;
    let final_pressed = p.tree == Tree::Final;
    // On a narrow screen the file tree is below the layers: choosing one scrolls to it.
    let on_tree = {
        let on_tree = p.on_tree.clone();
        Callback::from(move |t: Tree| {
            on_tree.emit(t);
            reveal_tree();
        })
    };
    let show_final = on_tree.reform(|_| Tree::Final);
    html! {
        <section class="img-layers pane" aria-label="Layers">
            <h2 class="pane-title">{ format!("Layers ({})", s.layers.len()) }</h2>
            <button type="button" class="img-final" aria-pressed={final_pressed.to_string()} onclick={show_final}>
                <span class="img-final-label">{"Final filesystem"}</span>
                <span class="img-layer-size">{ human::bytes(s.final_bytes) }</span>
                <span class="img-layer-counts">{ format!("{} file{}", human::grouped(s.final_files), if s.final_files == 1 { "" } else { "s" }) }</span>
            </button>
            <ol class="img-layer-list">
                { for s.layers.iter().map(|l| {
                    let pressed = p.tree == Tree::Layer(l.index);
                    let pick = on_tree.reform({ let i = l.index; move |_| Tree::Layer(i) });
                    let pct = l.size_bytes as f64 / max * 100.0;
                    let counts = format!("+{} ~{} −{}", l.added.count, l.changed.count, l.removed.count);
                    let label = format!("Layer {}: {}, {}; added {}, changed {}, removed {}", l.index, human::bytes(l.size_bytes), one_line(&l.instruction, 120), l.added.count, l.changed.count, l.removed.count);
                    html! {
                        <>
                        { for l.metadata_steps.iter().map(|m| html! {
                            <li class="img-meta-step"><span class="img-meta-tag">{"metadata"}</span><code>{ one_line(m, 160) }</code></li>
                        }) }
                        <li class="img-layer">
                            <button type="button" aria-pressed={pressed.to_string()} aria-label={label} onclick={pick} title={l.created_by.clone()}>
                                <span class="img-layer-index">{ l.index }</span>
                                <span class="img-layer-bar" aria-hidden="true"><span style={format!("width: {:.2}%", pct.max(if l.size_bytes > 0 { 0.5 } else { 0.0 }))}></span></span>
                                <span class="img-layer-size">{ human::bytes(l.size_bytes) }</span>
                                <span class="img-layer-counts" title="files added, changed, removed">{ counts }</span>
                                <code class="img-layer-cmd">{ one_line(&l.instruction, 200) }</code>
                                if let Some(c) = &l.compression {
                                    <span class="img-layer-comp">{ format!("{c}, {} stored", human::bytes(l.stored_bytes)) }</span>
                                }
                            </button>
                        </li>
                        </>
                    }
                }) }
                { for s.trailing_steps.iter().map(|m| html! {
                    <li class="img-meta-step"><span class="img-meta-tag">{"metadata"}</span><code>{ one_line(m, 160) }</code></li>
                }) }
            </ol>
        </section>
    }
}

pub fn one_line(s: &str, max: usize) -> String {
    let s = s.replace('\n', " ⏎ ");
    if s.chars().count() <= max {
        s
    } else {
        s.chars().take(max - 1).collect::<String>() + "…"
    }
}

/// Scrolls the file tree into view when it is laid out below the layers (one column).
fn reveal_tree() {
    let Some(w) = web_sys::window() else { return };
    let narrow = w
        .inner_width()
        .ok()
        .and_then(|v| v.as_f64())
        .is_some_and(|px| px <= 900.0);
    if let (true, Some(tree)) = (
        narrow,
        w.document()
            .and_then(|d| d.query_selector(".img-tree").ok().flatten()),
    ) {
        tree.scroll_into_view();
    }
}
