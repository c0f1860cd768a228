//! The Image view: drop a saved image, watch it being read, then explore it. A Yew app of its
//! own, mounted by the page into `#image-explorer` when the Image tab is first opened (the page's
//! first load never carries it); it talks to the worker (`src/bin/image_worker.rs`) and hands
//! "Turn into a Dockerfile" back to the page as a `layerlens-dockerfile` DOM event.

mod change_tree;
mod compare;
mod drop;
mod findings;
mod layers;
mod picker;
mod progress;
mod summary;
mod tree;
mod treemap;

use crate::image::protocol::{self, FromWorker, Query, Sort, ToWorker, Tree};
use crate::image::state::{Action, ImageState, Pending, Phase};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{File, MessageEvent, Worker};
use yew::prelude::*;

/// The element the page made for this view. The view's files are beside the page: their
/// relative URLs resolve against its address.
pub const HOST_ID: &str = "image-explorer";
/// The DOM event that carries the rebuilt Dockerfile to the page (`detail`: the text).
pub const DOCKERFILE_EVENT: &str = "layerlens-dockerfile";

/// Mounts the view into the page's host element, with its stylesheet.
pub fn mount() {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Some(host) = doc.get_element_by_id(HOST_ID) else {
        return;
    };
    if let (Ok(link), Some(head)) = (doc.create_element("link"), doc.head()) {
        let _ = link.set_attribute("rel", "stylesheet");
        let _ = link.set_attribute("href", "image.css");
        let _ = head.append_child(&link);
    }
    host.set_inner_html("");
    // Two Yew apps share the page: the page's own (on <body>) and this one inside it. Yew tells
    // apps apart by a subtree id stamped on elements with listeners, counted from 1 in each wasm
    // instance: with the same id as the page's app, the page's app would take clicks here for
    // its own and run whichever of its listeners has the same number. Ids burnt on empty apps
    // give this one an id the page's app (one root, no portals) never has.
    for _ in 0..63 {
        if let Ok(el) = doc.create_element("div") {
            std::mem::forget(yew::Renderer::<Nothing>::with_root(el).render());
        }
    }
    yew::Renderer::<ImageApp>::with_root(host).render();
}

/// The engine's texts mark code with backticks (`like this`); here they become `<code>`, as on
/// the page (src/components/rich.rs).
pub fn rich(text: &str) -> Html {
    let parts: Vec<&str> = text.split('`').collect();
    if parts.len().is_multiple_of(2) {
        return html! { { text } };
    }
    html! {
        <>{ for parts.iter().enumerate().map(|(i, p)| if i % 2 == 1 { html! { <code class="inline">{ *p }</code> } } else { html! { { *p } } }) }</>
    }
}

#[function_component(Nothing)]
fn nothing() -> Html {
    html! {}
}

/// The worker, started on first use. Messages wait until it says it is ready.
struct Client {
    worker: Worker,
    ready: bool,
    queue: Vec<JsValue>,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_error: Closure<dyn FnMut(web_sys::Event)>,
}

type ClientCell = Rc<RefCell<Option<Client>>>;

/// `?helpers=N` in the page's address: how many workers read layers at once (benchmarks).
fn helpers_from_url() -> Option<u32> {
    let search = web_sys::window()?.location().search().ok()?;
    search
        .trim_start_matches('?')
        .split('&')
        .find_map(|kv| kv.strip_prefix("helpers="))
        .and_then(|v| v.parse().ok())
}

fn message(msg: &ToWorker, file: Option<&File>) -> JsValue {
    let o = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&o, &"msg".into(), &protocol::encode(msg).into());
    if let Some(f) = file {
        let _ = js_sys::Reflect::set(&o, &"file".into(), f);
    }
    o.into()
}

/// "Read this file as `job`" (as the image to compare the open one with when `compare`).
fn open_message(job: u32, platform: Option<String>, compare: bool, f: &File) -> JsValue {
    message(
        &ToWorker::Open {
            job,
            platform,
            helpers: helpers_from_url(),
            compare,
        },
        Some(f),
    )
}

/// The next job number (the page counts from 1; answers for older jobs are dropped).
fn next_job(jobs: &Rc<RefCell<u32>>) -> u32 {
    let mut j = jobs.borrow_mut();
    *j += 1;
    *j
}

fn send(
    cell: &ClientCell,
    dispatch: &UseReducerDispatcher<ImageState>,
    jobs: &Rc<RefCell<u32>>,
    msg: JsValue,
) {
    if cell.borrow().is_none() {
        match start_worker(cell, dispatch.clone(), jobs.clone()) {
            Ok(c) => *cell.borrow_mut() = Some(c),
            Err(e) => {
                let failure = protocol::Failure {
                    kind: "worker".into(),
                    message: format!("the image reader could not be started: {e}"),
                    platforms: vec![],
                };
                dispatch.dispatch(Action::Failed {
                    job: *jobs.borrow(),
                    failure,
                });
                return;
            }
        }
    }
    if let Some(c) = cell.borrow_mut().as_mut() {
        if c.ready {
            let _ = c.worker.post_message(&msg);
        } else {
            c.queue.push(msg);
        }
    }
}

fn start_worker(
    cell: &ClientCell,
    dispatch: UseReducerDispatcher<ImageState>,
    jobs: Rc<RefCell<u32>>,
) -> Result<Client, String> {
    let worker = Worker::new("image_worker_loader.js").map_err(|e| format!("{e:?}"))?;
    let weak = Rc::downgrade(cell);
    let d = dispatch.clone();
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |ev: MessageEvent| {
        let Some(text) = ev.data().as_string() else {
            return;
        };
        let msg = match protocol::decode::<FromWorker>(&text) {
            Ok(m) => m,
            Err(e) => return web_sys::console::error_1(&e.into()),
        };
        match msg {
            FromWorker::Ready => {
                if let Some(cell) = weak.upgrade() {
                    if let Some(c) = cell.borrow_mut().as_mut() {
                        c.ready = true;
                        for m in c.queue.drain(..) {
                            let _ = c.worker.post_message(&m);
                        }
                    }
                }
            }
            FromWorker::Progress { job, progress } => {
                d.dispatch(Action::Progress { job, progress })
            }
            FromWorker::Done { job, summary } => d.dispatch(Action::Done { job, summary }),
            FromWorker::Failed { job, failure } => d.dispatch(Action::Failed { job, failure }),
            FromWorker::Cancelled { job } => d.dispatch(Action::Cancelled { job }),
            FromWorker::Compared { job, diff } => d.dispatch(Action::Compared { job, diff }),
            FromWorker::Nodes(n) => d.dispatch(Action::Answer(Rc::new(n))),
            FromWorker::History(h) => d.dispatch(Action::History(Rc::new(h))),
            // Between the worker and its helpers only.
            FromWorker::LayerProgress { .. }
            | FromWorker::LayerRead { .. }
            | FromWorker::LayerFailed { .. } => {}
        }
    });
    let weak = Rc::downgrade(cell);
    let on_error = Closure::<dyn FnMut(web_sys::Event)>::new(move |_e: web_sys::Event| {
        // A worker that failed to load or crashed: the next file starts a new one.
        if let Some(cell) = weak.upgrade() {
            if let Some(c) = cell.borrow_mut().take() {
                c.worker.terminate();
            }
        }
        let failure = protocol::Failure {
            kind: "worker".into(),
            message:
                "the image reader stopped unexpectedly (it may have run out of memory); try again"
                    .into(),
            platforms: vec![],
        };
        dispatch.dispatch(Action::Failed {
            job: *jobs.borrow(),
            failure,
        });
    });
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    Ok(Client {
        worker,
        ready: false,
        queue: Vec::new(),
        _on_message: on_message,
        _on_error: on_error,
    })
}

#[function_component(ImageApp)]
pub fn image_app() -> Html {
    let state = use_reducer(ImageState::default);
    let client: ClientCell = use_mut_ref(|| None::<Client>);
    let file = use_mut_ref(|| None::<File>);
    let jobs = use_mut_ref(|| 0u32);
    let reqs = use_mut_ref(|| 0u32);
    let host = use_node_ref();

    let open = {
        let (client, file, jobs, d) = (
            client.clone(),
            file.clone(),
            jobs.clone(),
            state.dispatcher(),
        );
        Callback::from(move |(f, platform): (Option<File>, Option<String>)| {
            let f = match f {
                Some(f) => {
                    *file.borrow_mut() = Some(f.clone());
                    f
                }
                None => match file.borrow().clone() {
                    Some(f) => f,
                    None => return,
                },
            };
            let job = next_job(&jobs);
            d.dispatch(Action::Start {
                job,
                name: f.name(),
                size: f.size() as u64,
                platform: platform.clone(),
            });
            send(&client, &d, &jobs, open_message(job, platform, false, &f));
        })
    };
    // "Compare with…": the second image is read as a job of its own; the open one stays.
    let on_compare = {
        let (client, jobs, d) = (client.clone(), jobs.clone(), state.dispatcher());
        let platform = state.platform.clone();
        Callback::from(move |f: File| {
            let job = next_job(&jobs);
            d.dispatch(Action::CompareStart {
                job,
                name: f.name(),
            });
            send(
                &client,
                &d,
                &jobs,
                open_message(job, platform.clone(), true, &f),
            );
        })
    };
    let on_close_compare = {
        let (client, d, reading) = (
            client.clone(),
            state.dispatcher(),
            matches!(
                state.comparing,
                crate::image::state::Comparing::Reading { .. }
            ),
        );
        let jobs = jobs.clone();
        Callback::from(move |()| {
            if reading {
                send(&client, &d, &jobs, message(&ToWorker::Cancel, None));
            }
            d.dispatch(Action::CloseComparison);
        })
    };
    let on_file = open.reform(|f: File| (Some(f), None));
    let on_platform = open.reform(|p: String| (None, Some(p)));
    let on_cancel = {
        let (client, jobs, d) = (client.clone(), jobs.clone(), state.dispatcher());
        Callback::from(move |_| {
            send(&client, &d, &jobs, message(&ToWorker::Cancel, None));
            d.dispatch(Action::Cancel);
        })
    };
    // Asks the worker a file-tree question and remembers what for.
    let ask = {
        let (client, jobs, reqs, d) = (
            client.clone(),
            jobs.clone(),
            reqs.clone(),
            state.dispatcher(),
        );
        Callback::from(move |(query, what): (Query, Pending)| {
            let req = {
                let mut r = reqs.borrow_mut();
                *r += 1;
                *r
            };
            d.dispatch(Action::Asked { req, what });
            send(
                &client,
                &d,
                &jobs,
                message(&ToWorker::Query { req, query }, None),
            );
        })
    };
    let on_toggle = {
        let (ask, d, st) = (ask.clone(), state.dispatcher(), state.clone());
        Callback::from(move |(path, open): (String, bool)| {
            if open {
                ask.emit((
                    Query::Children {
                        tree: st.tree,
                        path: path.clone(),
                        sort: st.sort,
                    },
                    Pending::Dir(path),
                ));
            } else {
                d.dispatch(Action::Close(path));
            }
        })
    };
    let on_filter = {
        let (ask, d, st) = (ask.clone(), state.dispatcher(), state.clone());
        Callback::from(move |text: String| {
            d.dispatch(Action::SetFilter(text.clone()));
            if !text.trim().is_empty() {
                ask.emit((
                    Query::Filter {
                        tree: st.tree,
                        text,
                        sort: st.sort,
                    },
                    Pending::Filter,
                ));
            }
        })
    };
    let on_history = {
        let (client, jobs, reqs, d) = (
            client.clone(),
            jobs.clone(),
            reqs.clone(),
            state.dispatcher(),
        );
        Callback::from(move |(path, open): (String, bool)| {
            if !open {
                return d.dispatch(Action::CloseHistory(path));
            }
            let req = {
                let mut r = reqs.borrow_mut();
                *r += 1;
                *r
            };
            d.dispatch(Action::Asked {
                req,
                what: Pending::History(path.clone()),
            });
            send(
                &client,
                &d,
                &jobs,
                message(&ToWorker::History { req, path }, None),
            );
        })
    };
    let on_sort = {
        let d = state.dispatcher();
        Callback::from(move |s: Sort| d.dispatch(Action::SetSort(s)))
    };
    let on_tree = {
        let d = state.dispatcher();
        Callback::from(move |t: Tree| d.dispatch(Action::ShowTree(t)))
    };
    let on_dockerfile = {
        let host = host.clone();
        Callback::from(move |text: String| {
            let Some(el) = host.cast::<web_sys::Element>() else {
                return;
            };
            let init = web_sys::CustomEventInit::new();
            init.set_bubbles(true);
            init.set_detail(&text.into());
            if let Ok(ev) = web_sys::CustomEvent::new_with_event_init_dict(DOCKERFILE_EVENT, &init)
            {
                let _ = el.dispatch_event(&ev);
            }
        })
    };
    // The top of the tree shown (and the filter's hits) are asked for whenever they are missing.
    {
        let analyzed = state.summary().is_some();
        let has_root = state.open.contains_key("/");
        let filter_missing = !state.filter.trim().is_empty()
            && state.hits.is_none()
            && !state.pending.values().any(|p| *p == Pending::Filter);
        let (ask, st) = (ask.clone(), state.clone());
        use_effect_with(
            (
                state.job,
                state.tree,
                state.sort,
                analyzed,
                has_root,
                filter_missing,
            ),
            move |&(_, tree, sort, analyzed, has_root, filter_missing)| {
                if analyzed && !has_root {
                    ask.emit((
                        Query::Children {
                            tree,
                            path: "/".into(),
                            sort,
                        },
                        Pending::Dir("/".into()),
                    ));
                }
                if analyzed && filter_missing {
                    ask.emit((
                        Query::Filter {
                            tree,
                            text: st.filter.clone(),
                            sort,
                        },
                        Pending::Filter,
                    ));
                }
            },
        );
    }
    // The whole view takes drops, so a file dropped beside the zone is not opened by the browser.
    let ondragover = Callback::from(|e: DragEvent| e.prevent_default());
    let ondrop = {
        let on_file = on_file.clone();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            if let Some(f) = e
                .data_transfer()
                .and_then(|d| d.files())
                .and_then(|l| l.item(0))
            {
                on_file.emit(f);
            }
        })
    };

    let busy = matches!(state.phase, Phase::Reading(_));
    // The open directories, shared by the treemap and the file tree.
    let open = Rc::new(state.open.clone());
    html! {
        <div class="img" ref={host} {ondragover} {ondrop}>
            <drop::DropZone on_file={on_file} compact={state.summary().is_some()} busy={busy} file={state.file.clone()} />
            if let Some(n) = &state.notice {
                <p class="img-notice" role="status">{ n }</p>
            }
            { match &state.phase {
                Phase::Empty => html! { <drop::Intro /> },
                Phase::Reading(p) => html! { <progress::ReadProgress progress={p.clone()} size={state.file.as_ref().map(|f| f.1).unwrap_or(0)} on_cancel={on_cancel} /> },
                Phase::Failed(f) => html! { <progress::ReadError failure={f.clone()} file={state.file.clone()} on_platform={on_platform.clone()} /> },
                Phase::Analyzed(s) => html! {
                    <>
                    <summary::SummaryPanel summary={s.clone()} file={state.file.clone()} on_platform={on_platform} on_dockerfile={on_dockerfile} />
                    <compare::Compare comparing={state.comparing.clone()} on_file={on_compare} on_close={on_close_compare} />
                    <treemap::Treemap tree={state.tree} open={open.clone()} on_toggle={on_toggle.clone()} />
                    <div class="img-grid">
                        <layers::LayerList summary={s.clone()} tree={state.tree} on_tree={on_tree} />
                        <tree::FileTree summary={s.clone()} tree={state.tree} sort={state.sort} filter={state.filter.clone()}
                            {open} hits={state.hits.clone()} {on_toggle} {on_filter} {on_sort} />
                    </div>
                    <findings::Findings summary={s.clone()} histories={Rc::new(state.histories.clone())} {on_history} />
                    </>
                },
            } }
        </div>
    }
}
