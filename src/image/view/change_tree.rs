//! The comparison's paths as a tree of changes: the directories whose content changed, opened
//! one at a time, each with its bytes before → after and the change, down to the files added,
//! removed and changed; ordered by the change (or size, or name); a filter lists every matching
//! row. The rows are the engine's (`ImageDiff::changes_under`).

use crate::image::human;
use layerlens_core::compare::{ChangeOrder, ChangeRow, ImageDiff};
use std::collections::BTreeSet;
use std::rc::Rc;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ChangeTreeProps {
    pub diff: Rc<ImageDiff>,
    /// Lower case; empty for the tree itself.
    pub needle: String,
}

#[function_component(ChangeTree)]
pub fn change_tree(p: &ChangeTreeProps) -> Html {
    let order = use_state(ChangeOrder::default);
    let open = use_state(BTreeSet::<String>::new);
    let onchange = {
        let order = order.clone();
        Callback::from(move |e: Event| {
            let el: HtmlSelectElement = e.target_unchecked_into();
            order.set(match el.value().as_str() {
                "size" => ChangeOrder::Size,
                "name" => ChangeOrder::Name,
                _ => ChangeOrder::Delta,
            });
        })
    };
    let toggle = {
        let open = open.clone();
        Callback::from(move |path: String| {
            let mut o = (*open).clone();
            if !o.remove(&path) {
                o.insert(path);
            }
            open.set(o);
        })
    };
    let ctx = Ctx {
        diff: &p.diff,
        order: *order,
        open: &open,
        toggle,
    };
    let body = if p.needle.is_empty() {
        html! { <ul class="ftree ctree" aria-label="Changes by folder">{ rows(&ctx, "/") }</ul> }
    } else {
        let hits = p.diff.changes_under("/", &p.needle, *order);
        html! {
            <>
            <p class="img-hits" role="status">{ match hits.len() {
                0 => "No changed path matches.".to_string(),
                1 => "1 changed path matches".to_string(),
                n => format!("{n} changed paths match"),
            } }</p>
            <ul class="ftree flat ctree" aria-label="Matching changes">
                { for hits.iter().map(|r| row(&ctx, r, true)) }
            </ul>
            </>
        }
    };
    html! {
        <section class="img-change-tree" aria-label="Changes by folder">
            <div class="toolbar">
                <label for="img-change-order">{"Order by"}</label>
                <select id="img-change-order" {onchange}>
                    <option value="delta" selected={*order == ChangeOrder::Delta}>{"Change (biggest first)"}</option>
                    <option value="size" selected={*order == ChangeOrder::Size}>{"Size"}</option>
                    <option value="name" selected={*order == ChangeOrder::Name}>{"Name"}</option>
                </select>
            </div>
            { body }
        </section>
    }
}

struct Ctx<'a> {
    diff: &'a ImageDiff,
    order: ChangeOrder,
    open: &'a BTreeSet<String>,
    toggle: Callback<String>,
}

fn rows(c: &Ctx<'_>, dir: &str) -> Html {
    let rows = c.diff.changes_under(dir, "", c.order);
    if rows.is_empty() {
        return html! { <li class="fmore">{"(no change listed here: `layerlens diff --format json` lists every path)"}</li> };
    }
    html! { <>{ for rows.iter().map(|r| row(c, r, false)) }</> }
}

fn row(c: &Ctx<'_>, r: &ChangeRow, flat: bool) -> Html {
    let delta = r.delta();
    let figures = html! {
        <>
        <span class="fsize" title={format!("{} → {} bytes", human::grouped(r.before_bytes), human::grouped(r.after_bytes))}>
            { format!("{} → {}", human::bytes(r.before_bytes), human::bytes(r.after_bytes)) }
        </span>
        <span class={classes!("fdelta", (delta > 0).then_some("grew"), (delta < 0).then_some("shrank"))}>
            { layerlens_core::compare::signed_size(delta, human::bytes) }
        </span>
        <span class="fextra"><span class={classes!("fbadge", r.status.name())}>{ r.status.name() }</span></span>
        </>
    };
    let label = if flat {
        r.path.clone()
    } else {
        r.name().to_string()
    };
    if r.dir && !flat && c.diff.has_changes_under(&r.path) {
        let is_open = c.open.contains(&r.path);
        let onclick = c.toggle.reform({
            let path = r.path.clone();
            move |_| path.clone()
        });
        html! {
            <li class="fnode dir">
                <div class="frow">
                    <button type="button" class="fname ftoggle" aria-expanded={is_open.to_string()} {onclick} title={r.path.clone()}>
                        <span class="ftwisty" aria-hidden="true">{ if is_open { "▾" } else { "▸" } }</span>{ format!("{label}/") }
                    </button>
                    { figures }
                </div>
                if is_open {
                    <ul>{ rows(c, &r.path) }</ul>
                }
            </li>
        }
    } else {
        html! {
            <li class={classes!("fnode", r.dir.then_some("dir"))}>
                <div class="frow">
                    <span class="fname" title={r.path.clone()}>{ if r.dir { format!("{label}/") } else { label } }</span>
                    { figures }
                </div>
            </li>
        }
    }
}
