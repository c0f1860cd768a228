//! "Compare with…": a second image (picked, or dropped on this section) read the same way (in the worker, with progress and Cancel),
//! then the two side by side — the totals and the hogs before → after, a treemap of where the
//! bytes moved, the layers position by position (shared, changed, added, removed), and the
//! final filesystems' paths added, removed and changed, by folder (`change_tree.rs`) or as lists.
//! The figures are the engine's (`compare::images`).

use crate::image::human;
use crate::image::state::Comparing;
use crate::image::treemap::squarify;
use layerlens_core::compare::ImageDiff;
use std::rc::Rc;
use web_sys::File;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct CompareProps {
    pub comparing: Comparing,
    pub on_file: Callback<File>,
    pub on_close: Callback<()>,
}

fn signed(delta: i64) -> String {
    layerlens_core::compare::signed_size(delta, human::bytes)
}

#[function_component(Compare)]
pub fn compare(p: &CompareProps) -> Html {
    let close = {
        let c = p.on_close.clone();
        Callback::from(move |_| c.emit(()))
    };
    let picker = |text: &'static str| {
        html! { <super::picker::TarPicker label="Image tar to compare with" {text} on_file={p.on_file.clone()} /> }
    };
    // A tar dropped on the comparison is compared with (not opened in place of the image).
    let over = use_state(|| false);
    let ondragover = {
        let over = over.clone();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            e.stop_propagation();
            over.set(true);
        })
    };
    let ondragleave = {
        let over = over.clone();
        Callback::from(move |_: DragEvent| over.set(false))
    };
    let ondrop = {
        let (on_file, over) = (p.on_file.clone(), over.clone());
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            e.stop_propagation();
            over.set(false);
            if let Some(f) = e
                .data_transfer()
                .and_then(|d| d.files())
                .and_then(|l| l.item(0))
            {
                on_file.emit(f);
            }
        })
    };
    html! {
        <section class={classes!("img-compare", (*over).then_some("over"))} aria-label="Comparison" {ondragover} {ondragleave} {ondrop}>
            { match &p.comparing {
                Comparing::None => html! {
                    <p class="img-compare-bar">
                        { picker("Compare with…") }
                        <span class="img-hint">{"or drop another image tar here: what grew, what is shared, which files changed"}</span>
                    </p>
                },
                Comparing::Reading { name, progress, .. } => {
                    let pct = progress.as_ref().filter(|p| p.total > 0).map(|p| p.position as f64 / p.total as f64 * 100.0);
                    html! {
                        <p class="img-compare-bar" role="status">
                            { format!("Reading {name} to compare with… ") }
                            if let Some(pct) = pct {
                                <progress max="100" value={format!("{pct:.0}")} aria-label="Reading the image to compare with"></progress>
                            }
                            <button type="button" class="img-open" onclick={close}>{"Cancel"}</button>
                        </p>
                    }
                }
                Comparing::Failed { name, failure } => html! {
                    <p class="img-compare-bar" role="alert">
                        { format!("{name} could not be compared: {}", failure.message) }
                        <button type="button" class="img-open" onclick={close}>{"Close"}</button>
                    </p>
                },
                Comparing::Done { name, diff } => html! {
                    <>
                    <div class="img-compare-head">
                        <h2>{ format!("Compared with {name}") }</h2>
                        { picker("Compare with another…") }
                        <button type="button" class="img-open" onclick={close}>{"Close comparison"}</button>
                    </div>
                    { totals(diff) }
                    { hogs(diff) }
                    <DeltaMap diff={diff.clone()} />
                    { layers(diff) }
                    <PathChanges diff={diff.clone()} />
                    </>
                },
            } }
        </section>
    }
}

fn totals(d: &ImageDiff) -> Html {
    // The engine's names, capitalised for a table's row heads.
    let rows: Vec<(String, u64, u64, i64)> = d
        .totals()
        .into_iter()
        .map(|(label, t)| {
            let mut l = label.to_string();
            if let Some(first) = l.get_mut(..1) {
                first.make_ascii_uppercase();
            }
            (l, t.before, t.after, t.delta)
        })
        .collect();
    html! {
        <table class="img-compare-totals" aria-label="Sizes before and after">
            <thead><tr><th scope="col"></th><th scope="col">{"this image"}</th><th scope="col">{"the other"}</th><th scope="col">{"change"}</th></tr></thead>
            <tbody>
                { for rows.into_iter().map(|(label, b, a, delta)| html! {
                    <tr>
                        <th scope="row">{ label.clone() }</th>
                        <td class="num">{ human::bytes(b) }</td>
                        <td class="num">{ human::bytes(a) }</td>
                        <td class={classes!("num", (delta > 0).then_some("grew"), (delta < 0).then_some("shrank"))} data-figure={label.to_ascii_lowercase().replace(' ', "-")}>{ signed(delta) }</td>
                    </tr>
                }) }
                <tr>
                    <th scope="row">{"Files"}</th>
                    <td class="num">{ human::grouped(d.final_files.before) }</td>
                    <td class="num">{ human::grouped(d.final_files.after) }</td>
                    <td class="num">{ format!("+{} −{} ~{}", d.paths.added_count, d.paths.removed_count, d.paths.changed_count) }</td>
                </tr>
            </tbody>
        </table>
    }
}

/// The hogs of either image: what each fix would save, before → after.
fn hogs(d: &ImageDiff) -> Html {
    if d.hogs.is_empty() {
        return html! {};
    }
    html! {
        <table class="img-compare-totals img-compare-hogs" aria-label="Hogs before and after">
            <caption>{"Hogs: what each fix would save"}</caption>
            <thead><tr><th scope="col"></th><th scope="col">{"this image"}</th><th scope="col">{"the other"}</th><th scope="col">{"change"}</th></tr></thead>
            <tbody>
                { for d.hogs.iter().map(|h| html! {
                    <tr>
                        <th scope="row">{ &h.title }</th>
                        <td class="num">{ human::bytes(h.before_bytes) }</td>
                        <td class="num">{ human::bytes(h.after_bytes) }</td>
                        <td class={classes!("num", (h.delta() > 0).then_some("grew"), (h.delta() < 0).then_some("shrank"))}>{ signed(h.delta()) }</td>
                    </tr>
                }) }
            </tbody>
        </table>
    }
}

fn layers(d: &ImageDiff) -> Html {
    html! {
        <table class="img-compare-layers" aria-label="Layers compared">
            <caption>{ format!("Layers: {} shared", d.shared_layers) }</caption>
            <thead><tr><th scope="col">{"#"}</th><th scope="col">{"status"}</th><th scope="col">{"this image"}</th><th scope="col">{"the other"}</th><th scope="col">{"made by"}</th></tr></thead>
            <tbody>
                { for d.layers.iter().map(|l| {

                    html! {
                        <tr class={classes!("st", l.status.name())}>
                            <td class="num">{ l.position }</td>
                            <td><span class={classes!("fbadge", l.status.name())}>{ l.status.name() }</span></td>
                            <td class="num">{ if l.before_digest.is_some() { human::bytes(l.before_bytes) } else { "—".into() } }</td>
                            <td class="num">{ if l.after_digest.is_some() { human::bytes(l.after_bytes) } else { "—".into() } }</td>
                            <td><code>{ clip(l.made_by(), 100) }</code></td>
                        </tr>
                    }
                }) }
            </tbody>
        </table>
    }
}

#[derive(Properties, PartialEq)]
struct PathChangesProps {
    diff: Rc<ImageDiff>,
}

/// The paths that changed, as a tree of changes by folder (the default) or as the three lists
/// (added, removed, changed; biggest first), with a filter (ASCII case ignored) for both.
#[function_component(PathChanges)]
fn path_changes(p: &PathChangesProps) -> Html {
    let filter = use_state(String::new);
    let as_tree = use_state(|| true);
    let oninput = {
        let filter = filter.clone();
        Callback::from(move |e: InputEvent| {
            let el: web_sys::HtmlInputElement = e.target_unchecked_into();
            filter.set(el.value());
        })
    };
    let show = |tree: bool| {
        let as_tree = as_tree.clone();
        Callback::from(move |_| as_tree.set(tree))
    };
    let d = &p.diff;
    let needle = filter.trim().to_ascii_lowercase();
    if d.paths.added_count + d.paths.removed_count + d.paths.changed_count == 0 {
        return paths(d, "");
    }
    html! {
        <>
            <div class="img-compare-tools">
                <label class="img-compare-filter">{"Filter paths "}
                    <input type="search" placeholder="Name or /path" value={(*filter).clone()} {oninput} />
                </label>
                <fieldset class="img-compare-show">
                    <legend>{"Show paths"}</legend>
                    <label><input type="radio" name="img-compare-show" checked={*as_tree} onchange={show(true)} />{" by folder"}</label>
                    <label><input type="radio" name="img-compare-show" checked={!*as_tree} onchange={show(false)} />{" as lists"}</label>
                </fieldset>
            </div>
            if *as_tree {
                <super::change_tree::ChangeTree diff={d.clone()} {needle} />
            } else {
                { paths(d, &needle) }
            }
        </>
    }
}

fn paths(d: &ImageDiff, needle: &str) -> Html {
    let keep = |path: &str| needle.is_empty() || path.to_ascii_lowercase().contains(needle);
    let mut p = d.paths.clone();
    p.added.retain(|x| keep(&x.path));
    p.removed.retain(|x| keep(&x.path));
    p.changed.retain(|x| keep(&x.path));
    let p = &p;
    if p.added_count + p.removed_count + p.changed_count == 0 {
        return html! { <p class="img-none">{"The final filesystems hold the same paths, of the same sizes."}</p> };
    }
    let more = |shown: usize, all: usize| {
        (needle.is_empty() && all > shown).then(|| html! { <li class="img-more">{ format!("… and {} more (`layerlens diff --format json` lists all)", all - shown) }</li> })
    };
    html! {
        <div class="img-compare-paths">
            <section aria-label="Paths added">
                <h3>{ format!("Added: {} ({})", human::grouped(p.added_count as u64), human::bytes(p.added_bytes)) }</h3>
                <ul>
                    { for p.added.iter().map(|x| html! { <li><span class="num">{ format!("+{}", human::bytes(x.size_bytes)) }</span>{" "}<code>{ &x.path }</code></li> }) }
                    { more(p.added.len(), p.added_count).unwrap_or_default() }
                </ul>
            </section>
            <section aria-label="Paths removed">
                <h3>{ format!("Removed: {} ({})", human::grouped(p.removed_count as u64), human::bytes(p.removed_bytes)) }</h3>
                <ul>
                    { for p.removed.iter().map(|x| html! { <li><span class="num">{ format!("−{}", human::bytes(x.size_bytes)) }</span>{" "}<code>{ &x.path }</code></li> }) }
                    { more(p.removed.len(), p.removed_count).unwrap_or_default() }
                </ul>
            </section>
            <section aria-label="Paths changed">
                <h3>{ format!("Changed: {}", human::grouped(p.changed_count as u64)) }</h3>
                <ul>
                    { for p.changed.iter().map(|x| html! { <li><span class="num">{ format!("{} → {}", human::bytes(x.before_bytes), human::bytes(x.after_bytes)) }</span>{" "}<code>{ &x.path }</code></li> }) }
                    { more(p.changed.len(), p.changed_count).unwrap_or_default() }
                </ul>
            </section>
        </div>
    }
}

fn clip(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        s.chars().take(max - 1).collect::<String>() + "…"
    }
}

#[derive(Properties, PartialEq)]
struct DeltaMapProps {
    diff: Rc<ImageDiff>,
}

/// Where the bytes moved: the top-level directories (or a directory's children, opened down
/// as deep as the comparison holds changes) as a treemap, each
/// rectangle as big as the larger of its two sizes and coloured by whether it grew or shrank.
#[function_component(DeltaMap)]
fn delta_map(p: &DeltaMapProps) -> Html {
    let current = use_state(|| None::<String>);
    use layerlens_core::compare::parent_dir;
    // The directories the comparison holds something under (they open).
    let parents: std::collections::HashSet<&str> =
        p.diff.dirs.iter().map(|d| parent_dir(&d.path)).collect();
    let here = (*current).clone().unwrap_or_else(|| "/".into());
    let mut entries: Vec<_> = p
        .diff
        .dirs
        .iter()
        .filter(|d| parent_dir(&d.path) == here)
        .filter(|d| d.before_bytes.max(d.after_bytes) > 0)
        .collect();
    entries.sort_by(|a, b| {
        b.before_bytes
            .max(b.after_bytes)
            .cmp(&a.before_bytes.max(a.after_bytes))
            .then_with(|| a.path.cmp(&b.path))
    });
    entries.truncate(40);
    let sizes: Vec<f64> = entries
        .iter()
        .map(|d| d.before_bytes.max(d.after_bytes) as f64)
        .collect();
    let rects = squarify(&sizes, 1000.0, 200.0);
    // The crumbs: `/`, then each directory down to the one shown.
    let mut crumbs: Vec<(String, String)> = Vec::new();
    if let Some(c) = current.as_deref() {
        let mut at = String::new();
        for part in c.split('/').filter(|x| !x.is_empty()) {
            at.push('/');
            at.push_str(part);
            crumbs.push((at.clone(), format!("{part}/")));
        }
    }
    let go = |to: Option<String>| {
        let current = current.clone();
        Callback::from(move |_| current.set(to.clone()))
    };
    html! {
        <section class="img-treemap img-delta-map" aria-label="Where the bytes moved">
            <h3 class="img-treemap-title">{"Where the bytes moved"}</h3>
            <nav class="img-treemap-crumbs" aria-label="Comparison treemap folder">
                if crumbs.is_empty() {
                    <span aria-current="location" class="here">{"/"}</span>
                } else {
                    <button type="button" class="link" onclick={go(None)}>{"/"}</button>
                    { for crumbs.iter().enumerate().map(|(i, (path, name))| if i + 1 == crumbs.len() {
                        html! { <span aria-current="location" class="here">{ name.clone() }</span> }
                    } else {
                        html! { <button type="button" class="link" onclick={go(Some(path.clone()))}>{ name.clone() }</button> }
                    }) }
                }
            </nav>
            <svg class="img-treemap-map" viewBox="0 0 1000 200" role="group" aria-label="Treemap: each rectangle is as big as the larger side, red where it grew, green where it shrank">
                { for entries.iter().zip(&rects).map(|(d, r)| {
                    let delta = d.after_bytes as i64 - d.before_bytes as i64;
                    let label = format!("{}{}: {} → {} ({})", d.path, if d.dir { "/" } else { "" }, human::bytes(d.before_bytes), human::bytes(d.after_bytes), signed(delta));
                    let class = classes!(if delta > 0 { "grew" } else if delta < 0 { "shrank" } else { "same" });
                    // A directory opens when the comparison holds what is under it.
                    let open = (d.dir && parents.contains(d.path.as_str())).then(|| {
                        let (current, path) = (current.clone(), d.path.clone());
                        Callback::from(move |()| current.set(Some(path.clone())))
                    });
                    let name = d.path.rsplit('/').next().unwrap_or("");
                    super::treemap::cell(&label, class, r, name, signed(delta), open)
                }) }
            </svg>
        </section>
    }
}
