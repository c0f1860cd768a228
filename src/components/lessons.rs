//! Guided lessons: the list (on the Learn page) and the guide shown above the editor while a
//! lesson runs. Each step puts its Dockerfile in the editor; the guide shows the article's figure
//! beside the live estimate of whatever is in the editor.

use super::rich::rich;
use crate::lessons::Lesson;
use crate::state::Analysis;
use layerlens_core::estimate::human;
use std::rc::Rc;
use yew::prelude::*;

/// Where the lessons file is, relative to the page (fetched once, from this site).
const LESSONS: &str = "lessons/lessons.txt";

/// None while loading, then the lessons or why they could not be read.
pub type Lessons = Option<Result<Rc<Vec<Lesson>>, String>>;

/// The lessons, fetched the first time `wanted` is true.
#[hook]
pub fn use_lessons(wanted: bool) -> UseStateHandle<Lessons> {
    let lessons = use_state(|| None);
    {
        let lessons = lessons.clone();
        let fetch = wanted && lessons.is_none();
        use_effect_with(fetch, move |fetch| {
            if *fetch {
                yew::platform::spawn_local(async move {
                    lessons.set(Some(
                        crate::fetch::text(LESSONS)
                            .await
                            .map(|t| Rc::new(crate::lessons::parse(&t))),
                    ));
                });
            }
        });
    }
    lessons
}

/// The lessons on the Learn page, each with a Start button.
pub fn lesson_list(lessons: &Lessons, on_start: &Callback<usize>) -> Html {
    let body = match lessons {
        None => html! { <p class="empty" role="status">{"Loading the lessons…"}</p> },
        Some(Err(why)) => {
            html! { <p class="empty" role="status">{ format!("The lessons could not be loaded ({why}).") }</p> }
        }
        Some(Ok(list)) => html! {
            <ol class="lesson-list">
                { for list.iter().enumerate().map(|(i, l)| html! {
                    <li class="lesson-card">
                        <h3>{ &l.title }</h3>
                        <p>{ &l.summary }</p>
                        <p class="lesson-source">{ format!("From {} · {} steps", l.source, l.steps.len()) }</p>
                        <button type="button" class="button" aria-label={format!("Start lesson: {}", l.title)}
                                onclick={on_start.reform(move |_| i)}>{"Start"}</button>
                    </li>
                }) }
            </ol>
        },
    };
    html! {
        <section class="pane lessons" aria-label="Lessons">
            <h2 class="pane-title">{"Guided lessons"}</h2>
            <p class="learn-intro">{"Real images that got smaller, step by step in the editor: what changed and why, the size the article measured and what layerlens estimates."}</p>
            { body }
        </section>
    }
}

/// The step's heading: focused when a step opens, so keyboard and screen-reader users start there.
pub const LESSON_STEP_ID: &str = "lesson-step";

/// The guide above the editor while a lesson runs: the step's text, the article's figure beside
/// the estimate of what is in the editor, and the way on. `on_go(None)` ends the lesson.
pub fn lesson_guide(
    lessons: &[Lesson],
    (li, si): (usize, usize),
    analysis: &Analysis,
    source: &str,
    on_go: &Callback<Option<(usize, usize)>>,
) -> Html {
    let Some((l, s)) = lessons.get(li).and_then(|l| Some((l, l.steps.get(si)?))) else {
        return html! {};
    };
    let n = l.steps.len();
    let e = &analysis.estimate;
    let go = |to: Option<(usize, usize)>| on_go.reform(move |_: MouseEvent| to);
    let edited = source != s.dockerfile;
    html! {
        <section class="lesson-guide" aria-label="Lesson">
            <div class="lesson-head">
                <p class="lesson-kicker">{ format!("Lesson {} of {} · {}", li + 1, lessons.len(), l.title) }</p>
                <button type="button" class="button" onclick={go(None)} title="Ends the lesson and puts your own Dockerfile back">{"End lesson"}</button>
            </div>
            <h2 class="lesson-step" id={LESSON_STEP_ID} tabindex="-1">{ format!("Step {} of {n}: {}", si + 1, s.title) }</h2>
            { for s.paragraphs.iter().map(|t| html! { <p>{ rich(t) }</p> }) }
            <dl class="lesson-figures">
                if !s.measured.is_empty() {
                    <div><dt>{"The article measured"}</dt><dd>{ &s.measured }</dd></div>
                }
                <div>
                    <dt>{ if edited { "layerlens estimates (your edited file)" } else { "layerlens estimates" } }</dt>
                    <dd data-testid="lesson-estimate">{ human(e.final_image_bytes) }<span class="size-range">{ format!(" range {} – {}", human(e.final_low), human(e.final_high)) }</span></dd>
                </div>
            </dl>
            <div class="lesson-nav">
                <button type="button" class="button" disabled={si == 0} onclick={go(Some((li, si.saturating_sub(1))))}>{"← Previous"}</button>
                if si + 1 < n {
                    <button type="button" class="button primary" onclick={go(Some((li, si + 1)))}>{"Next →"}</button>
                } else if li + 1 < lessons.len() {
                    <button type="button" class="button primary" onclick={go(Some((li + 1, 0)))}>{"Next lesson →"}</button>
                } else {
                    <button type="button" class="button primary" onclick={go(None)}>{"Finish"}</button>
                }
                if edited {
                    <button type="button" class="button" onclick={go(Some((li, si)))}>{"Restore this step's file"}</button>
                }
            </div>
        </section>
    }
}
