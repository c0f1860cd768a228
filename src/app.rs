//! The page: header, editor on the left, explanations on the right.

use crate::components::editor::Editor;
use crate::components::explanation::ExplanationPanel;
use crate::components::findings::Findings;
use crate::components::folder::FolderPicker;
use crate::components::image_host::ImageHost;
use crate::components::learn::Learn;
use crate::components::lessons::{lesson_guide, lesson_list, use_lessons};
use crate::components::optimize::OptimizeHost;
use crate::components::problems::Problems;
use crate::components::share::share_button;
use crate::components::size::SizePanel;
use crate::components::theme::theme_picker;
use crate::examples::EXAMPLES;
use crate::state::{Action, AppState, TableStatus, View};
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

#[function_component(App)]
pub fn app() -> Html {
    let state = use_reducer(AppState::default);
    let tab = |view: View, name: &'static str| {
        let dispatcher = state.dispatcher();
        html! {
            <button type="button" class="view-tab" aria-pressed={(state.view == view).to_string()}
                    onclick={Callback::from(move |_| dispatcher.dispatch(Action::SetView(view)))}>{ name }</button>
        }
    };
    let on_step = {
        let state = state.dispatcher();
        Callback::from(move |(id, on): (String, bool)| state.dispatch(Action::SetStep(id, on)))
    };
    let on_baseline = {
        let state = state.dispatcher();
        Callback::from(move |on: bool| state.dispatch(Action::SetBaseline(on)))
    };
    let textarea = use_node_ref();

    let lesson_at = use_state(|| None::<(usize, usize)>);
    // Edits of a lesson's file are the lesson's: the person's own Dockerfile stays aside.
    let on_edit = {
        let state = state.dispatcher();
        let in_lesson = lesson_at.is_some();
        Callback::from(move |text: String| {
            state.dispatch(if in_lesson {
                Action::Load(text)
            } else {
                Action::Edit(text)
            })
        })
    };
    let on_caret = {
        let state = state.dispatcher();
        Callback::from(move |line: usize| state.dispatch(Action::Caret(line)))
    };
    // Jump to (line, column) in the editor: select it, scroll to it, focus.
    // The same callback for the tab's life (it reads the text from the editor itself), so rows
    // that did not change between two analyses compare equal and are not rendered again.
    let on_jump = {
        let textarea = textarea.clone();
        let state = state.dispatcher();
        use_callback((), move |(line, column): (usize, usize), ()| {
            if let Some(el) = textarea.cast::<HtmlTextAreaElement>() {
                let offset = utf16_offset(&el.value(), line, column);
                let _ = el.focus();
                let _ = el.set_selection_range(offset, offset);
                el.set_scroll_top(
                    ((line.saturating_sub(4)) * crate::components::editor::LINE_HEIGHT_PX) as i32,
                );
                state.dispatch(Action::Caret(line));
            }
        })
    };
    // Debian's package table: fetched from this site (same origin) the first time a Dockerfile
    // installs apt packages, then kept for the session.
    {
        let state = state.clone();
        let wants = state.analysis.wants_debian;
        let status = state.debian_status.clone();
        let loaded: Option<String> = state.debian.as_ref().map(|d| d.release().to_string());
        use_effect_with((wants, status, loaded), move |(wants, status, loaded)| {
            // The file's release (bookworm's or trixie's table): loaded the first time, or in
            // place of the other release's when a file on the other release comes.
            let stale = *status == TableStatus::Loaded && loaded.as_deref() != *wants;
            if let (Some(release), true) = (*wants, *status == TableStatus::NotLoaded || stale) {
                state.dispatch(Action::DebianLoading);
                let dispatcher = state.dispatcher();
                yew::platform::spawn_local(async move {
                    match crate::fetch::text(&crate::fetch::debian_table(release)).await {
                        Ok(text) => {
                            // 7.6–9.7 MB parsed in slices of ≈ 5 ms, yielding between them, so
                            // typing goes on while it loads.
                            use layerlens_core::knowledge::debian::{line_slices, DebianParse};
                            let mut parse = DebianParse::new(&text);
                            for slice in line_slices(&text, 256 * 1024) {
                                parse.feed(slice);
                                yew::platform::time::sleep(std::time::Duration::ZERO).await;
                            }
                            let idx = parse.finish();
                            dispatcher.dispatch(Action::DebianLoaded(std::rc::Rc::new(idx)));
                        }
                        Err(e) => dispatcher.dispatch(Action::DebianFailed(e)),
                    }
                });
            }
        });
    }
    // The measured pip and npm tables: fetched the first time a Dockerfile installs packages.
    {
        let wants = state.analysis.wants_packages;
        let dispatcher = state.dispatcher();
        use_effect_with(wants, move |wants| {
            if *wants {
                crate::fetch::load_package_tables(move || {
                    dispatcher.dispatch(Action::TablesLoaded)
                });
            }
        });
    }
    // "Turn into a Dockerfile" in the Image view: the rebuilt history into the editor.
    let on_image_dockerfile = {
        let state = state.dispatcher();
        Callback::from(move |text: String| {
            state.dispatch(Action::Load(text));
            state.dispatch(Action::SetView(View::Analyze));
        })
    };
    let on_folder = {
        let state = state.dispatcher();
        Callback::from(move |f| state.dispatch(Action::SetFolder(f)))
    };
    let on_example = {
        let state = state.dispatcher();
        Callback::from(move |e: Event| {
            let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
            if let Ok(i) = select.value().parse::<usize>() {
                state.dispatch(Action::LoadExample(i));
            }
        })
    };

    // The person's own Dockerfile, kept in this browser; the view and Learn's search in the
    // address. Then share links, `#dockerfile=` addresses and embedding pages (through the page's
    // scripts): a link opened on start replaces the restored text, which stays aside.
    crate::address::use_saved_dockerfile(state.dispatcher(), state.own.clone());
    crate::address::use_address(state.dispatcher(), state.view, state.learn_query.clone());
    crate::bridge::use_bridge(state.dispatcher(), state.analysis.clone());
    let on_restore = {
        let state = state.dispatcher();
        Callback::from(move |_: MouseEvent| state.dispatch(Action::RestoreOwn))
    };
    let on_query = {
        let state = state.dispatcher();
        Callback::from(move |q: String| state.dispatch(Action::SetLearnQuery(q)))
    };
    let lessons = use_lessons(state.view == View::Learn);
    // Go to a lesson's step (its Dockerfile into the editor, the Analyze view), or end the lesson.
    let on_lesson = {
        let (lessons, lesson_at, state) = (lessons.clone(), lesson_at.clone(), state.dispatcher());
        Callback::from(move |to: Option<(usize, usize)>| {
            let step = to.and_then(|(l, s)| {
                Some(
                    (*lessons)
                        .clone()?
                        .ok()?
                        .get(l)?
                        .steps
                        .get(s)?
                        .dockerfile
                        .clone(),
                )
            });
            match step {
                Some(text) => {
                    state.dispatch(Action::Load(text));
                    state.dispatch(Action::SetView(View::Analyze));
                }
                // Ending the lesson gives the person's own Dockerfile back.
                None => state.dispatch(Action::RestoreOwn),
            }
            lesson_at.set(to);
            if let Some(w) = web_sys::window() {
                w.scroll_to_with_x_and_y(0.0, 0.0);
            }
        })
    };
    // A lesson step opened: focus goes to its heading (the Start button it came from is gone).
    use_effect_with(*lesson_at, |at| {
        if at.is_some() {
            if let Some(h) = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.get_element_by_id(crate::components::lessons::LESSON_STEP_ID))
                .and_then(|e| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(e).ok())
            {
                let _ = h.focus();
            }
        }
    });
    let shared = {
        let (source, view, off, on) = (
            state.source.clone(),
            state.view,
            state.disabled.clone(),
            state.enabled.clone(),
        );
        move || crate::share::Shared {
            view: crate::share::view_name(if view == View::Image {
                View::Analyze
            } else {
                view
            })
            .into(),
            off: off.iter().cloned().collect(),
            on: on.iter().cloned().collect(),
            text: source.to_string(),
        }
    };

    let a = &state.analysis;
    let stages = a.explanation.stages.len();
    let n = a.df.instructions.len();
    let errors = a.df.errors.len();
    html! {
        <>
        <header class="top">
            <h1 class="brand"><span class="logo" aria-hidden="true">{"◧"}</span>{"layerlens"}</h1>
            <p class="tagline">{"See what every line of a Dockerfile does to your image."}</p>
            <nav class="views" aria-label="Views">
                { tab(View::Analyze, "Analyze") }
                { tab(View::Optimize, "Optimize") }
                { tab(View::Learn, "Learn") }
                { tab(View::Image, "Image") }
            </nav>
            { share_button(shared) }
            { theme_picker() }
            <p class="privacy" title="The analysis runs in WebAssembly in this tab. There is no server to send anything to.">
                <svg class="lock" viewBox="0 0 16 16" width="14" height="14" aria-hidden="true"><path fill="currentColor" d="M4 7V5a4 4 0 1 1 8 0v2h1v8H3V7h1zm2 0h4V5a2 2 0 1 0-4 0v2z"/></svg>
                {" Runs entirely in your browser — nothing you paste leaves this machine."}
            </p>
        </header>
        if state.view == View::Learn {
            <main class="workspace learn-view">
                { lesson_list(&lessons, &on_lesson.reform(|i| Some((i, 0)))) }
                <Learn query={state.learn_query.clone()} on_query={on_query} />
            </main>
        }
        // The Analyze workspace stays mounted (hidden) behind the other views: the editor keeps
        // its undo history, and a text loaded from another view goes in as an undoable edit.
        if let (Some(at), Some(Ok(list)), View::Analyze) = (*lesson_at, &*lessons, state.view) {
            { lesson_guide(list, at, &state.analysis, &state.source, &on_lesson) }
        }
        <main class="workspace" hidden={state.view != View::Analyze}>
            <section class="pane editor-pane" aria-label="Dockerfile editor">
                <div class="toolbar">
                    <label for="example">{"Example"}</label>
                    <select id="example" onchange={on_example}>
                        if state.example.is_none() {
                            <option value="" selected=true disabled=true>{"Your Dockerfile"}</option>
                        }
                        { for EXAMPLES.iter().enumerate().map(|(i, ex)| html! {
                            <option value={i.to_string()} selected={state.example == Some(i)}>{ ex.name }</option>
                        }) }
                    </select>
                    if state.own_set_aside().is_some() {
                        <button type="button" class="button restore" onclick={on_restore}
                                title="Put your own Dockerfile back in the editor (Ctrl+Z in the editor works too)">{"Restore your Dockerfile"}</button>
                    }
                    <FolderPicker folder={state.context.clone()} on_folder={on_folder.clone()} />
                    <span class="stats" role="status" aria-live="polite" data-analysis-ms={format!("{:.3}", a.millis)} title={format!("analyzed in {:.1} ms, in this tab", a.millis)}>
                        { format!("{stages} stage{} · {n} instruction{} · {} layer{}", s(stages), s(n), a.layers, s(a.layers)) }
                        if errors > 0 {
                            <span class="stat-errors">{ format!(" · {errors} error{}", s(errors)) }</span>
                        }
                    </span>
                </div>
                <Editor source={state.source.clone()} analysis={state.analysis.clone()} node={textarea.clone()}
                        on_edit={on_edit} on_caret={on_caret} />
                <Problems df={state.analysis.clone()} on_jump={on_jump.clone()} />
                <Findings analysis={state.analysis.clone()} on_jump={on_jump.clone()} />
            </section>
            <section class="pane explain-pane" aria-label="Explanation">
                <h2 class="pane-title">{"What it will weigh"}</h2>
                <SizePanel analysis={state.analysis.clone()} on_jump={on_jump.clone()} table={state.debian_status.clone()}
                           baseline={state.baseline.clone()} {on_baseline} />
                <h2 class="pane-title">{"What each line does"}</h2>
                <ExplanationPanel analysis={state.analysis.clone()} caret_line={state.caret_line} on_jump={on_jump} />
            </section>
        </main>
        <OptimizeHost shown={state.view == View::Optimize} source={state.source.clone()} disabled={state.disabled.clone()}
                      enabled={state.enabled.clone()} {on_step} folder={state.context.clone()} on_folder={on_folder.clone()} />
        <ImageHost shown={state.view == View::Image} on_dockerfile={on_image_dockerfile} />
        </>
    }
}

fn s(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// The textarea's selection offsets count UTF-16 code units.
fn utf16_offset(src: &str, line: usize, column: usize) -> u32 {
    let mut units = 0u32;
    for (i, l) in src.split('\n').enumerate() {
        if i + 1 == line {
            let col: u32 = l
                .chars()
                .take(column.saturating_sub(1))
                .map(|c| c.len_utf16() as u32)
                .sum();
            return units + col;
        }
        units += l.chars().map(|c| c.len_utf16() as u32).sum::<u32>() + 1;
    }
    units
}
