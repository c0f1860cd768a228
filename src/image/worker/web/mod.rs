//! The worker's web half: messages in and out, the pool of helpers, reading the dropped `File`.
//! The same wasm runs as the *coordinator* (started by the page) and as *helpers* (the same
//! script, named `layerlens-layer-N`, started by the coordinator): `pool.rs`, `coordinator.rs`,
//! `helper.rs`, `source.rs`. What it reads and how it answers is the pure half (`super`).

mod coordinator;
mod helper;
mod pool;
mod source;

use crate::image::protocol::{self, Failure, FromWorker, Progress, Timing, ToWorker};
use crate::image::worker::{restart_at, summarize, Block, Passed, ReadStats, Trees};
use coordinator::*;
use helper::*;
use layerlens_core::image::{
    analyze, ImageError, ImageReader, LayerReader, LayerScan, LayerSpan, Options,
};
use pool::*;
use source::*;
use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::ops::Range;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Blob, DedicatedWorkerGlobalScope, MessageEvent};

pub(super) const HELPER_NAME: &str = "layerlens-layer";

/// The job number of the warm-up read (`warm_up`); the page counts its jobs from 1.
pub(super) const WARM_JOB: u32 = u32::MAX;

/// With no helper ready by then (nested workers refused, or slow to start), the coordinator
/// reads the layers itself.
pub(super) const HELPER_WAIT_MS: f64 = 4000.0;

/// Entries a helper hands over at once.
pub(super) const PART_ENTRIES: usize = 2048;

pub(super) struct Helper {
    worker: web_sys::Worker,
    /// Its wasm is running (it said `Ready`): messages sent before that would be lost.
    ready: bool,
    /// It failed to load or crashed.
    dead: bool,
}

/// Helpers at most: past this, more streams and inflaters only take memory.
pub(super) const MAX_HELPERS: u32 = 4;

/// A helper's message: which helper, what it said (or how it broke), the bytes beside it.
pub(super) type Said = (
    usize,
    Result<FromWorker, String>,
    Option<js_sys::Uint8Array>,
);

thread_local! {
    /// The job being read (0: none). A read loop stops when its job is no longer current.
    static JOB: Cell<u32> = const { Cell::new(0) };
    static TREES: RefCell<Option<Trees>> = const { RefCell::new(None) };
    /// The coordinator's helper workers (started with the coordinator).
    static POOL: RefCell<Vec<Helper>> = const { RefCell::new(Vec::new()) };
    /// What helpers said, not yet handled: (helper, message, scan bytes).
    static INBOX: RefCell<VecDeque<Said>> =
        const { RefCell::new(VecDeque::new()) };
    /// Resolves the coordinator's wait for helper messages (or a Cancel).
    static WAKE: RefCell<Option<js_sys::Function>> = const { RefCell::new(None) };
}

pub(super) fn scope() -> DedicatedWorkerGlobalScope {
    js_sys::global().unchecked_into()
}

pub(super) fn post(msg: &FromWorker) {
    // The warm-up's own messages are not the page's business.
    if let FromWorker::Progress { job, .. }
    | FromWorker::Done { job, .. }
    | FromWorker::Failed { job, .. }
    | FromWorker::Cancelled { job } = msg
    {
        if *job == WARM_JOB {
            return;
        }
    }
    let _ = scope().post_message(&JsValue::from_str(&protocol::encode(msg)));
}

pub(super) fn wasm_memory() -> u64 {
    wasm_bindgen::memory()
        .unchecked_into::<js_sys::WebAssembly::Memory>()
        .buffer()
        .unchecked_into::<js_sys::ArrayBuffer>()
        .byte_length() as u64
}

pub(super) fn now() -> f64 {
    js_sys::Date::now()
}

pub(super) fn is_helper() -> bool {
    scope().name().starts_with(HELPER_NAME)
}

pub fn start() {
    let helper = is_helper();
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(|ev: MessageEvent| {
        let data = ev.data();
        let text = js_sys::Reflect::get(&data, &"msg".into())
            .ok()
            .and_then(|v| v.as_string())
            .unwrap_or_default();
        let file = js_sys::Reflect::get(&data, &"file".into())
            .ok()
            .and_then(|f| f.dyn_into::<Blob>().ok());
        match protocol::decode::<ToWorker>(&text) {
            Ok(ToWorker::ReadLayer { job, span }) => {
                JOB.with(|j| j.set(job));
                match file {
                    Some(file) => wasm_bindgen_futures::spawn_local(read_layer(job, file, span)),
                    None => post(&FromWorker::LayerFailed {
                        job,
                        index: span.index,
                        failure: Failure {
                            kind: "worker".into(),
                            message: "no file was given".into(),
                            platforms: vec![],
                        },
                    }),
                }
            }
            Ok(ToWorker::Open {
                job,
                platform,
                helpers,
                compare,
            }) => {
                JOB.with(|j| j.set(job));
                if !compare {
                    TREES.with(|t| t.borrow_mut().take());
                }
                let helpers = helpers.unwrap_or_else(default_helpers).min(MAX_HELPERS);
                grow_pool(helpers);
                match file {
                    Some(file) => wasm_bindgen_futures::spawn_local(read(
                        job, file, platform, helpers, compare,
                    )),
                    None => post(&FromWorker::Failed {
                        job,
                        failure: Failure {
                            kind: "worker".into(),
                            message: "no file was given".into(),
                            platforms: vec![],
                        },
                    }),
                }
            }
            Ok(ToWorker::Cancel) => {
                JOB.with(|j| j.set(0));
                wake();
            }
            Ok(ToWorker::StopLayer { job }) => {
                if JOB.with(|j| j.get()) == job {
                    JOB.with(|j| j.set(0));
                }
            }
            Ok(ToWorker::Query { req, query }) => {
                let answer = TREES.with(|t| t.borrow_mut().as_mut().map(|t| t.answer(req, &query)));
                if let Some(nodes) = answer {
                    post(&FromWorker::Nodes(nodes));
                }
            }
            Ok(ToWorker::History { req, path }) => {
                let answer = TREES.with(|t| t.borrow().as_ref().map(|t| t.history(req, &path)));
                if let Some(h) = answer {
                    post(&FromWorker::History(h));
                }
            }
            Err(e) => post(&FromWorker::Failed {
                job: JOB.with(|j| j.get()),
                failure: Failure {
                    kind: "worker".into(),
                    message: e,
                    platforms: vec![],
                },
            }),
        }
    });
    scope().set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    if !helper {
        // Started now, so that the first image does not wait for them.
        grow_pool(default_helpers());
        wasm_bindgen_futures::spawn_local(warm_up());
    }
    post(&FromWorker::Ready);
}

/// Lets queued messages (Cancel) in: the read loop itself never waits.
pub(super) async fn yield_now() {
    let p = js_sys::Promise::new(&mut |resolve, _| {
        let _ = scope().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0);
    });
    let _ = wasm_bindgen_futures::JsFuture::from(p).await;
}

pub(super) fn current(job: u32) -> bool {
    JOB.with(|j| j.get()) == job
}

pub(super) fn failure(e: &ImageError, platforms: Vec<String>) -> Failure {
    let kind = serde_json::to_value(e.kind)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_else(|| "corrupt".into());
    Failure {
        kind,
        message: e.message.clone(),
        platforms,
    }
}

/// Reads a small generated image (8 layers of empty files, headers only) through the whole
/// path — coordinator, helpers, analysis — and forgets it: V8 runs new wasm in its baseline
/// tier and optimizes what runs hot, so without this the first real image of a session reads
/// ≈ 40 % slower than the next (measured on the 1 GB benchmark: 1.21 s, then 0.76 s; after a
/// warm-up read, 0.89 s). A file opened meanwhile stops it (its job takes over).
pub(super) async fn warm_up() {
    let parts = js_sys::Array::new();
    for chunk in super::warm_up_image(8, 2_000) {
        parts.push(&js_sys::Uint8Array::from(&chunk[..]));
    }
    let Ok(blob) = Blob::new_with_u8_array_sequence(&parts) else {
        return;
    };
    if JOB.with(|j| j.get()) != 0 {
        return;
    }
    JOB.with(|j| j.set(WARM_JOB));
    read(WARM_JOB, blob, None, default_helpers(), false).await;
    if JOB.with(|j| j.get()) == WARM_JOB {
        JOB.with(|j| j.set(0));
    }
}
