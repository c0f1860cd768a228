//! What to do about it: the inefficient files (dive's table), the hogs with their fixes, and the
//! config checks (dockle's spirit).

use crate::image::human;
use crate::image::protocol::{PathHistory, Summary};
use std::collections::BTreeMap;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct FindingsProps {
    pub summary: Rc<Summary>,
    /// Inefficient files whose history across the layers is open.
    pub histories: Rc<BTreeMap<String, Option<Rc<PathHistory>>>>,
    /// (path, open?)
    pub on_history: Callback<(String, bool)>,
}

/// Every layer that wrote or removed the path, with its instruction.
fn history(s: &Summary, h: Option<&PathHistory>) -> Html {
    let Some(h) = h else {
        return html! { <p class="fmore" role="status">{"Loading…"}</p> };
    };
    html! {
        <ol class="img-history">
            { for h.steps.iter().map(|st| {
                let cmd = s.layers.get(st.layer).map(|l| crate::image::view::layers::one_line(&l.instruction, 120)).unwrap_or_default();
                html! {
                    <li><span class={classes!("fbadge", st.change.clone())}>{ &st.change }</span>{ format!(" layer {} · {} · ", st.layer, human::bytes(st.size_bytes)) }<code>{ cmd }</code></li>
                }
            }) }
        </ol>
    }
}

#[function_component(Findings)]
pub fn findings(p: &FindingsProps) -> Html {
    let s = &p.summary;
    html! {
        <div class="img-findings">
            <section class="pane img-ineff" aria-label="Inefficient files">
                <h2 class="pane-title">{ format!("Inefficient files ({})", s.inefficient_total) }</h2>
                if s.inefficient_files.is_empty() {
                    <p class="img-none">{"None: no file is stored in more than one layer."}</p>
                } else {
                    <div class="img-table-wrap">
                        <table class="img-table">
                            <caption>{"Paths stored in more than one layer: every copy ships, even the ones a later layer replaces or deletes. Open a path to see each layer's part."}</caption>
                            <thead><tr><th scope="col">{"Count"}</th><th scope="col">{"Wasted space"}</th><th scope="col">{"File path"}</th></tr></thead>
                            <tbody>
                                { for s.inefficient_files.iter().map(|f| {
                                    let open = p.histories.get(&f.path);
                                    let toggle = p.on_history.reform({ let (path, is_open) = (f.path.clone(), open.is_some()); move |_| (path.clone(), !is_open) });
                                    html! {
                                        <tr>
                                            <td class="num">{ f.n }</td>
                                            <td class="num" title={format!("{} bytes", human::grouped(f.size_bytes))}>{ human::bytes(f.size_bytes) }</td>
                                            <td>
                                                <button type="button" class="img-path-btn" aria-expanded={open.is_some().to_string()} onclick={toggle}
                                                        title="Show what each layer did to this path"><code>{ &f.path }</code></button>
                                                if let Some(h) = open { { history(s, h.as_deref()) } }
                                            </td>
                                        </tr>
                                    }
                                }) }
                            </tbody>
                        </table>
                    </div>
                    if s.inefficient_total > s.inefficient_files.len() {
                        <p class="img-none">{ crate::image::view::rich(&format!("… and {} more (`layerlens image --format json` lists all).", s.inefficient_total - s.inefficient_files.len())) }</p>
                    }
                }
            </section>
            <section class="pane img-hogs" aria-label="Hogs">
                <h2 class="pane-title">{ format!("Hogs ({})", s.hogs.len()) }</h2>
                if s.hogs.is_empty() {
                    <p class="img-none">{"None found: no package caches, __pycache__, .git, compilers, headers, deleted-later or duplicated files worth naming."}</p>
                }
                <ul class="img-cards">
                    { for s.hogs.iter().map(|h| html! {
                        <li class="img-card">
                            <p class="img-card-head"><strong>{ &h.title }</strong><span class="img-card-size">{ human::bytes(h.size_bytes) }</span></p>
                            <p class="img-fix"><span class="img-fix-label">{"Fix: "}</span>{ crate::image::view::rich(&h.fix) }</p>
                            if !h.paths.is_empty() {
                                <ul class="img-paths">{ for h.paths.iter().map(|p| html! { <li><code>{ p }</code></li> }) }</ul>
                            }
                        </li>
                    }) }
                </ul>
            </section>
            <section class="pane img-checks" aria-label="Config checks">
                <h2 class="pane-title">{ format!("Config checks ({})", s.checks.len()) }</h2>
                if s.checks.is_empty() {
                    <p class="img-none">{"Nothing found: not root, no secret-looking ENV, a HEALTHCHECK, no setuid or credential files."}</p>
                }
                <ul class="img-cards">
                    { for s.checks.iter().map(|c| html! {
                        <li class={classes!("img-card", c.severity.clone())}>
                            <p class="img-card-head"><span class="img-sev">{ &c.severity }</span><strong>{ &c.title }</strong><span class="img-code" title="dockle's code for the same check">{ &c.dockle }</span></p>
                            <p>{ crate::image::view::rich(&c.detail) }</p>
                            <p class="img-fix"><span class="img-fix-label">{"Fix: "}</span>{ crate::image::view::rich(&c.fix) }</p>
                        </li>
                    }) }
                </ul>
            </section>
        </div>
    }
}
