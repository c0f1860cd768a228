//! The image explorer's web worker: reads a dropped `File` in the byte ranges the engine asks for
//! (streams over slices, so only headers and compressed streams are read), reports progress,
//! analyzes, and then answers file-tree questions. Built by Trunk as its own wasm
//! (`index.html`: `data-type="worker"`) and started only when the Image view is opened, so the
//! inflaters never weigh on the app's first load. Messages: `src/image/protocol.rs`.
//!
//! The same wasm runs in two roles. The page starts the *coordinator*, which reads the archive's
//! index and JSON and starts a pool of *helpers* (the same script, named `layerlens-layer-N`):
//! each helper reads whole layers (`ToWorker::ReadLayer`, the engine's `LayerReader`) and hands
//! the layer back as bytes; the coordinator merges them in layer order (`put_layer`), so the
//! analysis is the one a single reader would make. Layers are read several at once: inflating
//! gzip layers is bound by the CPU and streaming a `File` by the browser's per-stream pace.

#![cfg_attr(not(target_arch = "wasm32"), allow(dead_code, unused_imports))]

// Each side uses its half of the messages.
#[allow(dead_code)]
#[path = "../image/protocol.rs"]
mod protocol;
#[path = "../image/worker.rs"]
mod worker;

fn main() {
    #[cfg(target_arch = "wasm32")]
    web::start();
}

#[cfg(target_arch = "wasm32")]
mod web {
    use super::protocol::{self, Failure, FromWorker, Progress, Timing, ToWorker};
    use super::worker::{restart_at, summarize, Block, Passed, ReadStats, Trees};
    use layerlens_core::image::{
        analyze, ImageError, ImageReader, LayerReader, LayerScan, LayerSpan, Options,
    };
    use std::cell::{Cell, RefCell};
    use std::collections::VecDeque;
    use std::ops::Range;
    use wasm_bindgen::prelude::*;
    use wasm_bindgen::JsCast;
    use web_sys::{Blob, DedicatedWorkerGlobalScope, MessageEvent};

    const HELPER_NAME: &str = "layerlens-layer";
    /// The job number of the warm-up read (`warm_up`); the page counts its jobs from 1.
    const WARM_JOB: u32 = u32::MAX;
    /// With no helper ready by then (nested workers refused, or slow to start), the coordinator
    /// reads the layers itself.
    const HELPER_WAIT_MS: f64 = 4000.0;
    /// Entries a helper hands over at once.
    const PART_ENTRIES: usize = 2048;

    struct Helper {
        worker: web_sys::Worker,
        /// Its wasm is running (it said `Ready`): messages sent before that would be lost.
        ready: bool,
        /// It failed to load or crashed.
        dead: bool,
    }
    /// Helpers at most: past this, more streams and inflaters only take memory.
    const MAX_HELPERS: u32 = 4;

    /// A helper's message: which helper, what it said (or how it broke), the bytes beside it.
    type Said = (
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

    fn scope() -> DedicatedWorkerGlobalScope {
        js_sys::global().unchecked_into()
    }

    fn post(msg: &FromWorker) {
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

    fn wasm_memory() -> u64 {
        wasm_bindgen::memory()
            .unchecked_into::<js_sys::WebAssembly::Memory>()
            .buffer()
            .unchecked_into::<js_sys::ArrayBuffer>()
            .byte_length() as u64
    }

    fn now() -> f64 {
        js_sys::Date::now()
    }

    fn is_helper() -> bool {
        scope().name().starts_with(HELPER_NAME)
    }

    /// The default pool: two helpers a core, 2 to 4. Streaming a `File` is mostly waiting on
    /// the browser (measured on 2 cores: the 1 GB benchmark image in 1.05–1.3 s with 2 helpers,
    /// 0.77–0.9 s with 4), inflating is not; past 4 only memory grows.
    fn default_helpers() -> u32 {
        let cores = scope().navigator().hardware_concurrency() as u32;
        cores.saturating_mul(2).clamp(2, MAX_HELPERS)
    }

    fn wake() {
        if let Some(f) = WAKE.with(|w| w.borrow_mut().take()) {
            let _ = f.call0(&JsValue::NULL);
        }
    }

    /// Starts helpers until there are `n`.
    fn grow_pool(n: u32) {
        let have = POOL.with(|p| p.borrow().len()) as u32;
        for i in have..n.min(MAX_HELPERS) {
            let opts = web_sys::WorkerOptions::new();
            opts.set_name(&format!("{HELPER_NAME}-{}", i + 1));
            let Ok(w) = web_sys::Worker::new_with_options("image_worker_loader.js", &opts) else {
                return;
            };
            let h = i as usize;
            let on_msg = Closure::<dyn FnMut(MessageEvent)>::new(move |ev: MessageEvent| {
                let data = ev.data();
                let text = data
                    .as_string()
                    .or_else(|| {
                        js_sys::Reflect::get(&data, &"msg".into())
                            .ok()
                            .and_then(|v| v.as_string())
                    })
                    .unwrap_or_default();
                let scan = js_sys::Reflect::get(&data, &"scan".into())
                    .ok()
                    .and_then(|v| v.dyn_into::<js_sys::Uint8Array>().ok());
                let msg = protocol::decode::<FromWorker>(&text);
                if matches!(msg, Ok(FromWorker::Ready)) {
                    POOL.with(|p| {
                        if let Some(x) = p.borrow_mut().get_mut(h) {
                            x.ready = true;
                        }
                    });
                    return wake();
                }
                INBOX.with(|q| q.borrow_mut().push_back((h, msg, scan)));
                wake();
            });
            w.set_onmessage(Some(on_msg.as_ref().unchecked_ref()));
            on_msg.forget();
            let on_err =
                Closure::<dyn FnMut(web_sys::ErrorEvent)>::new(move |ev: web_sys::ErrorEvent| {
                    ev.prevent_default();
                    POOL.with(|p| {
                        if let Some(x) = p.borrow_mut().get_mut(h) {
                            x.dead = true;
                        }
                    });
                    INBOX.with(|q| {
                        q.borrow_mut().push_back((
                            h,
                            Err(format!("a helper worker stopped: {}", ev.message())),
                            None,
                        ))
                    });
                    wake();
                });
            w.set_onerror(Some(on_err.as_ref().unchecked_ref()));
            on_err.forget();
            // Its first message is the compiled module (static/image_worker_loader.js).
            let module = js_sys::Reflect::get(&js_sys::global(), &"layerlensModule".into())
                .ok()
                .and_then(|m| m.dyn_into::<js_sys::Promise>().ok());
            let to = w.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let m = match module {
                    Some(p) => wasm_bindgen_futures::JsFuture::from(p)
                        .await
                        .unwrap_or(JsValue::from_str("image_worker_bg.wasm")),
                    None => JsValue::from_str("image_worker_bg.wasm"),
                };
                let _ = to.post_message(&m);
            });
            POOL.with(|p| {
                p.borrow_mut().push(Helper {
                    worker: w,
                    ready: false,
                    dead: false,
                })
            });
        }
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
                        Some(file) => {
                            wasm_bindgen_futures::spawn_local(read_layer(job, file, span))
                        }
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
                }) => {
                    JOB.with(|j| j.set(job));
                    TREES.with(|t| t.borrow_mut().take());
                    let helpers = helpers.unwrap_or_else(default_helpers).min(MAX_HELPERS);
                    grow_pool(helpers);
                    match file {
                        Some(file) => {
                            wasm_bindgen_futures::spawn_local(read(job, file, platform, helpers))
                        }
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
                    let answer =
                        TREES.with(|t| t.borrow_mut().as_mut().map(|t| t.answer(req, &query)));
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
    async fn yield_now() {
        let p = js_sys::Promise::new(&mut |resolve, _| {
            let _ = scope().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0);
        });
        let _ = wasm_bindgen_futures::JsFuture::from(p).await;
    }

    fn current(job: u32) -> bool {
        JOB.with(|j| j.get()) == job
    }

    fn failure(e: &ImageError, platforms: Vec<String>) -> Failure {
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

    /// A reader over the file from some offset: a BYOB reader where the browser has one (no
    /// copy per chunk on the JS side), else the default reader.
    enum Reader {
        Byob(
            web_sys::ReadableStreamByobReader,
            Option<js_sys::ArrayBuffer>,
        ),
        Default(web_sys::ReadableStreamDefaultReader),
    }

    const CHUNK: u32 = 1024 * 1024;
    const COPY_WINDOW: u64 = 64 * 1024;

    impl Reader {
        fn open(file: &Blob, at: u64) -> Result<Reader, String> {
            let slice = file
                .slice_with_f64(at as f64)
                .map_err(|e| format!("cannot slice the file: {e:?}"))?;
            let stream = slice.stream();
            match web_sys::ReadableStreamByobReader::new(&stream) {
                Ok(r) => Ok(Reader::Byob(r, None)),
                Err(_) => web_sys::ReadableStreamDefaultReader::new(&stream)
                    .map(Reader::Default)
                    .map_err(|e| format!("cannot read the file: {e:?}")),
            }
        }

        /// The next chunk, or None at the end of the file.
        async fn next(&mut self) -> Result<Option<js_sys::Uint8Array>, String> {
            let promise = match self {
                Reader::Byob(r, buf) => {
                    let b = buf
                        .take()
                        .unwrap_or_else(|| js_sys::ArrayBuffer::new(CHUNK));
                    r.read_with_array_buffer_view(&js_sys::Uint8Array::new(&b))
                }
                Reader::Default(r) => r.read(),
            };
            let result = wasm_bindgen_futures::JsFuture::from(promise)
                .await
                .map_err(|e| {
                    format!("the file could not be read (was it moved or changed?): {e:?}")
                })?;
            let done = js_sys::Reflect::get(&result, &"done".into())
                .map(|d| d.is_truthy())
                .unwrap_or(true);
            let value = js_sys::Reflect::get(&result, &"value".into())
                .ok()
                .and_then(|v| v.dyn_into::<js_sys::Uint8Array>().ok());
            if done {
                return Ok(None);
            }
            if let (Reader::Byob(_, buf), Some(v)) = (&mut *self, &value) {
                // The filled buffer comes back (transferred): read into it next time.
                *buf = v.buffer().dyn_into::<js_sys::ArrayBuffer>().ok();
            }
            Ok(value)
        }

        fn cancel(&self) {
            let _ = match self {
                Reader::Byob(r, _) => r.cancel(),
                Reader::Default(r) => r.cancel(),
            };
        }
    }

    /// The file, read forward by streams; see `worker::RESTART_GAP` for why. Only what the engine
    /// asks for (a header and the 64 KiB after it, or a compressed stream's chunk) is copied
    /// into wasm memory.
    struct Source {
        file: Blob,
        reader: Option<Reader>,
        /// File offset of the next byte the open stream delivers.
        pos: u64,
        /// The last chunk the stream delivered, and its file offset.
        chunk: Option<(u64, js_sys::Uint8Array)>,
        block: Block,
        streams: u64,
        bytes: u64,
    }

    impl Source {
        fn new(file: Blob) -> Source {
            Source {
                file,
                reader: None,
                pos: 0,
                chunk: None,
                block: Block::default(),
                streams: 0,
                bytes: 0,
            }
        }

        /// Makes the block hold the bytes at `want.start` (empty at the end of the file).
        async fn fill(&mut self, want: &Range<u64>) -> Result<(), String> {
            loop {
                if let Some((from, c)) = &self.chunk {
                    let end = from + c.length() as u64;
                    if want.start >= *from && want.start < end {
                        // A window rather than just what is asked: the next headers of small
                        // files are usually in it, and each copy is a call into JavaScript.
                        let upto = want.end.max(want.start + COPY_WINDOW).min(end);
                        let part = c.subarray((want.start - from) as u32, (upto - from) as u32);
                        self.block.start = want.start;
                        self.block.data.resize(part.length() as usize, 0);
                        part.copy_to(&mut self.block.data);
                        return Ok(());
                    }
                }
                if restart_at(self.reader.as_ref().map(|_| self.pos), want.start) {
                    if let Some(r) = self.reader.take() {
                        r.cancel();
                    }
                    self.chunk = None;
                    self.reader = Some(Reader::open(&self.file, want.start)?);
                    self.pos = want.start;
                    self.streams += 1;
                }
                let Some(reader) = self.reader.as_mut() else {
                    return Ok(());
                };
                self.chunk = None; // its buffer is about to be reused
                let Some(chunk) = reader.next().await? else {
                    self.reader = None;
                    self.block.data.clear();
                    return Ok(());
                };
                let from = self.pos;
                self.pos += chunk.length() as u64;
                self.bytes += chunk.length() as u64;
                self.chunk = Some((from, chunk));
            }
        }
    }

    async fn read(job: u32, file: Blob, platform: Option<String>, helpers: u32) {
        let started = now();
        let len = file.size() as u64;
        let helpers = helpers.min(POOL.with(|p| p.borrow().len()) as u32);
        let mut r = ImageReader::new(
            len,
            Options {
                platform,
                layers_elsewhere: helpers > 0,
                ..Options::default()
            },
        );
        let mut src = Source::new(file.clone());
        let mut last = started;
        let (mut t_read, mut t_feed) = (0.0, 0.0);
        let mut passed = Passed::default();
        let progress = |r: &ImageReader, passed: &Passed, stage: Option<&str>| {
            let p = r.progress();
            FromWorker::Progress {
                job,
                progress: Progress {
                    bytes_read: p.bytes_read,
                    position: passed.bytes(p.stage, p.position, p.total),
                    total: p.total,
                    stage: stage.unwrap_or(p.stage).to_string(),
                    layers_done: p.layers_done,
                    layers_total: p.layers_total,
                    elapsed_ms: now() - started,
                },
            }
        };
        post(&progress(&r, &passed, None));
        while let Some(w) = r.want() {
            let p = r.progress();
            passed.see(p.stage, p.layers_done, &w);
            if src.block.get(&w).is_none() {
                let t0 = now();
                if let Err(message) = src.fill(&w).await {
                    return post(&FromWorker::Failed {
                        job,
                        failure: Failure {
                            kind: "io".into(),
                            message,
                            platforms: r.platforms().iter().map(|p| p.to_string()).collect(),
                        },
                    });
                }
                t_read += now() - t0;
                // Every ~50 ms: tell the page, and let a Cancel in.
                let t = now();
                if t - last > 50.0 {
                    last = t;
                    post(&progress(&r, &passed, None));
                    yield_now().await;
                }
                if !current(job) {
                    if let Some(reader) = src.reader.take() {
                        reader.cancel();
                    }
                    return post(&FromWorker::Cancelled { job });
                }
            }
            let t0 = now();
            let fed = r.feed(w.start, src.block.get(&w).unwrap_or(&[]));
            t_feed += now() - t0;
            if let Err(e) = fed {
                let platforms = r.platforms().iter().map(|p| p.to_string()).collect();
                return post(&FromWorker::Failed {
                    job,
                    failure: failure(&e, platforms),
                });
            }
        }
        if let Some(reader) = src.reader.take() {
            reader.cancel();
        }
        let spans = r.layer_spans().to_vec();
        let (mut used, mut helper_memory) = (0, 0);
        if !spans.is_empty() {
            used = helpers.min(spans.len() as u32);
            match in_helpers(job, &file, &mut r, &spans, used as usize, started).await {
                Ok(t) => {
                    t_read += t.read_ms;
                    t_feed += t.feed_ms;
                    src.bytes += t.bytes;
                    src.streams += t.streams;
                    helper_memory = t.memory();
                }
                Err(Stop::Cancelled) => return post(&FromWorker::Cancelled { job }),
                Err(Stop::Failed(failure)) => return post(&FromWorker::Failed { job, failure }),
            }
        }
        post(&progress(&r, &passed, Some("analyzing")));
        let image = match r.finish() {
            Ok(i) => i,
            Err(e) => {
                return post(&FromWorker::Failed {
                    job,
                    failure: failure(&e, vec![]),
                })
            }
        };
        let t_finish = now();
        let analysis = analyze(image);
        let t_analyze = now() - t_finish;
        if !current(job) {
            return post(&FromWorker::Cancelled { job });
        }
        let memory = wasm_memory();
        let timing = Timing {
            read_ms: t_read,
            feed_ms: t_feed,
            helpers: used,
            helper_memory_bytes: helper_memory,
            analyze_ms: t_analyze,
            wasm_memory_bytes: memory,
        };
        let summary = summarize(
            &analysis,
            &ReadStats {
                file_bytes: len,
                bytes_read: src.bytes,
                reads: src.streams,
                elapsed_ms: now() - started,
                timing,
            },
        );
        if job == WARM_JOB {
            return;
        }
        TREES.with(|t| *t.borrow_mut() = Some(Trees::new(analysis)));
        post(&FromWorker::Done {
            job,
            summary: Box::new(summary),
        });
    }

    enum Stop {
        Cancelled,
        Failed(Failure),
    }

    /// What the helpers' reads came to, summed over them.
    #[derive(Default)]
    struct HelperTotals {
        read_ms: f64,
        feed_ms: f64,
        bytes: u64,
        streams: u64,
        /// The largest wasm memory each helper reported, summed at the end.
        memory: Vec<u64>,
    }

    impl HelperTotals {
        fn add(&mut self, o: &HelperTotals) {
            self.read_ms += o.read_ms;
            self.feed_ms += o.feed_ms;
            self.bytes += o.bytes;
            self.streams += o.streams;
        }

        fn memory(&self) -> u64 {
            self.memory.iter().sum()
        }
    }

    fn worker_failure(message: String) -> Failure {
        Failure {
            kind: "worker".into(),
            message,
            platforms: vec![],
        }
    }

    /// A helper broke (a trap, out of memory): the pool is started afresh for the next image.
    fn drop_pool() {
        POOL.with(|p| {
            for h in p.borrow_mut().drain(..) {
                h.worker.terminate();
            }
        });
    }

    fn cancel_helpers(job: u32) {
        let msg = JsValue::from_str(&protocol::encode(&ToWorker::StopLayer { job }));
        POOL.with(|p| {
            for h in p.borrow().iter().filter(|h| h.ready) {
                let _ = h.worker.post_message(&msg);
            }
        });
    }

    /// Until a helper says something or gets ready, a Cancel comes, or 250 ms pass.
    async fn wait_inbox() {
        if INBOX.with(|q| !q.borrow().is_empty()) {
            return;
        }
        let p = js_sys::Promise::new(&mut |resolve, _| {
            let _ = scope().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 250);
            WAKE.with(|w| *w.borrow_mut() = Some(resolve));
        });
        let _ = wasm_bindgen_futures::JsFuture::from(p).await;
    }

    /// Has up to `n` helpers read `spans`, a layer each at a time, and hands each scan to the
    /// reader as it comes (the reader merges them in layer order). Layers no helper can take
    /// (none ready in time, or all of them broken) are read here.
    async fn in_helpers(
        job: u32,
        file: &Blob,
        r: &mut ImageReader,
        spans: &[LayerSpan],
        n: usize,
        started: f64,
    ) -> Result<HelperTotals, Stop> {
        INBOX.with(|q| q.borrow_mut().clear());
        let mut busy: Vec<Option<usize>> = vec![None; n];
        let mut positions = vec![0u64; spans.len()];
        let (mut next, mut received) = (0, 0);
        let mut totals = HelperTotals::default();
        let t_start = now();
        let mut last = t_start;
        let layers_total = r.progress().layers_total;
        let before = layers_total.saturating_sub(spans.len());
        let total: u64 = r.progress().total;
        // Where the layers are, summed: each helper says how far into its layer it is.
        let progress =
            |positions: &[u64], bytes_read: u64, layers_done: usize| FromWorker::Progress {
                job,
                progress: Progress {
                    bytes_read,
                    position: positions.iter().sum::<u64>().min(total),
                    total,
                    stage: "layers".into(),
                    layers_done,
                    layers_total,
                    elapsed_ms: now() - started,
                },
            };
        loop {
            // Helpers that are ready and idle get the next layers.
            let usable: Vec<(usize, web_sys::Worker)> = POOL.with(|p| {
                p.borrow()
                    .iter()
                    .take(n)
                    .enumerate()
                    .filter(|(_, h)| h.ready && !h.dead)
                    .map(|(i, h)| (i, h.worker.clone()))
                    .collect()
            });
            for (h, w) in &usable {
                if busy[*h].is_some() || next >= spans.len() {
                    continue;
                }
                let o = js_sys::Object::new();
                let msg = protocol::encode(&ToWorker::ReadLayer {
                    job,
                    span: spans[next].clone(),
                });
                let _ = js_sys::Reflect::set(&o, &"msg".into(), &msg.into());
                let _ = js_sys::Reflect::set(&o, &"file".into(), file);
                if w.post_message(&o).is_err() {
                    continue;
                }
                busy[*h] = Some(next);
                next += 1;
            }
            if received == spans.len() {
                return Ok(totals);
            }
            let all_dead = POOL.with(|p| p.borrow().iter().take(n).all(|h| h.dead));
            let none_busy = busy.iter().all(Option::is_none);
            if none_busy && (all_dead || (usable.is_empty() && now() - t_start > HELPER_WAIT_MS)) {
                // Read what is left here, one layer after another.
                for (i, span) in spans.iter().enumerate().skip(next) {
                    let mut on_progress = |position: u64| {
                        if let Some(p) = positions.get_mut(i) {
                            *p = position;
                        }
                        post(&progress(&positions, totals.bytes, before + received));
                    };
                    let mut deliver =
                        |part: LayerScan| r.put_layer(i, part).map_err(|e| failure(&e, vec![]));
                    let t = scan_layer(
                        job,
                        file.clone(),
                        span.clone(),
                        &mut on_progress,
                        &mut deliver,
                    )
                    .await
                    .map_err(|e| match e {
                        None => Stop::Cancelled,
                        Some(f) => Stop::Failed(f),
                    })?;
                    received += 1;
                    totals.add(&t);
                }
                return Ok(totals);
            }
            wait_inbox().await;
            if !current(job) {
                cancel_helpers(job);
                return Err(Stop::Cancelled);
            }
            while let Some((h, msg, scan)) = INBOX.with(|q| q.borrow_mut().pop_front()) {
                match msg {
                    Ok(FromWorker::LayerProgress {
                        job: j,
                        index,
                        position,
                    }) if j == job => {
                        if let Some(p) = positions.get_mut(index) {
                            *p = position;
                        }
                    }
                    Ok(FromWorker::LayerRead {
                        job: j,
                        index,
                        read_ms,
                        feed_ms,
                        bytes,
                        streams,
                        memory,
                    }) if j == job => {
                        if totals.memory.len() <= h {
                            totals.memory.resize(h + 1, 0);
                        }
                        totals.memory[h] = totals.memory[h].max(memory);
                        let bytes_in = scan.map(|s| s.to_vec()).unwrap_or_default();
                        let part = LayerScan::decode(&bytes_in);
                        drop(bytes_in);
                        let last = part.as_ref().is_ok_and(|p| p.last);
                        if let Err(e) = part.and_then(|p| r.put_layer(index, p)) {
                            cancel_helpers(job);
                            return Err(Stop::Failed(failure(&e, vec![])));
                        }
                        if !last {
                            continue;
                        }
                        if let Some(p) = positions.get_mut(index) {
                            *p = spans[index].size;
                        }
                        received += 1;
                        if let Some(b) = busy.get_mut(h) {
                            *b = None;
                        }
                        totals.add(&HelperTotals {
                            read_ms,
                            feed_ms,
                            bytes,
                            streams,
                            memory: vec![],
                        });
                    }
                    Ok(FromWorker::LayerFailed {
                        job: j, failure, ..
                    }) if j == job => {
                        cancel_helpers(job);
                        return Err(Stop::Failed(failure));
                    }
                    // A helper that was reading for us broke: the pool starts afresh next time.
                    Err(message) if busy.get(h).is_some_and(Option::is_some) => {
                        cancel_helpers(job);
                        drop_pool();
                        return Err(Stop::Failed(worker_failure(message)));
                    }
                    // An idle helper that broke (marked dead), or another job's message.
                    _ => {}
                }
            }
            let t = now();
            if t - last > 50.0 {
                last = t;
                post(&progress(&positions, totals.bytes, before + received));
            }
        }
    }

    /// Reads one layer of the file with the engine's `LayerReader`: the scan and what reading
    /// took, or None when the job was cancelled, or the failure. `on_progress` hears the
    /// position in the layer every ~50 ms (the read also lets messages in then).
    async fn scan_layer(
        job: u32,
        file: Blob,
        span: LayerSpan,
        on_progress: &mut dyn FnMut(u64),
        deliver: &mut dyn FnMut(LayerScan) -> Result<(), Failure>,
    ) -> Result<HelperTotals, Option<Failure>> {
        let mut lr = LayerReader::new(&span, &Options::default());
        let mut src = Source::new(file);
        let mut t = HelperTotals::default();
        let mut last = now();
        let result = loop {
            let Some(w) = lr.want() else {
                break lr
                    .finish()
                    .map_err(|e| Some(failure(&e, vec![])))
                    .and_then(|last| deliver(last).map_err(Some));
            };
            if src.block.get(&w).is_none() {
                let t0 = now();
                if let Err(message) = src.fill(&w).await {
                    break Err(Some(Failure {
                        kind: "io".into(),
                        message,
                        platforms: vec![],
                    }));
                }
                t.read_ms += now() - t0;
                let tn = now();
                if tn - last > 50.0 {
                    last = tn;
                    on_progress(lr.position());
                    yield_now().await;
                }
                if !current(job) {
                    break Err(None);
                }
            }
            let t0 = now();
            let fed = lr.feed(w.start, src.block.get(&w).unwrap_or(&[]));
            t.feed_ms += now() - t0;
            if let Err(e) = fed {
                break Err(Some(failure(&e, vec![])));
            }
            // Handed over in parts: a worker never holds a whole layer's entries.
            if lr.pending() >= PART_ENTRIES {
                if let Err(f) = deliver(lr.take_part()) {
                    break Err(Some(f));
                }
            }
        };
        if let Some(reader) = src.reader.take() {
            reader.cancel();
        }
        t.bytes = src.bytes;
        t.streams = src.streams;
        result.map(|()| t)
    }

    /// A helper's job: one layer, handed back in parts as bytes (transferred, not copied).
    async fn read_layer(job: u32, file: Blob, span: LayerSpan) {
        let index = span.index;
        let mut on_progress = |position: u64| {
            post(&FromWorker::LayerProgress {
                job,
                index,
                position,
            })
        };
        let send = |part: &LayerScan, t: Option<&HelperTotals>| -> Result<(), Failure> {
            let bytes = part.encode();
            let arr = js_sys::Uint8Array::from(&bytes[..]);
            drop(bytes);
            let o = js_sys::Object::new();
            let msg = protocol::encode(&FromWorker::LayerRead {
                job,
                index,
                read_ms: t.map_or(0.0, |t| t.read_ms),
                feed_ms: t.map_or(0.0, |t| t.feed_ms),
                bytes: t.map_or(0, |t| t.bytes),
                streams: t.map_or(0, |t| t.streams),
                memory: wasm_memory(),
            });
            let _ = js_sys::Reflect::set(&o, &"msg".into(), &msg.into());
            let _ = js_sys::Reflect::set(&o, &"scan".into(), &arr);
            let transfer = js_sys::Array::of1(&arr.buffer());
            scope()
                .post_message_with_transfer(&o, &transfer)
                .map_err(|e| worker_failure(format!("cannot hand the layer back: {e:?}")))
        };
        // Parts go as they come; the last waits for the totals.
        let mut last: Option<LayerScan> = None;
        let mut deliver = |part: LayerScan| {
            if part.last {
                last = Some(part);
                Ok(())
            } else {
                send(&part, None)
            }
        };
        let outcome = scan_layer(job, file, span, &mut on_progress, &mut deliver).await;
        let result = match (outcome, last) {
            (Ok(t), Some(part)) => send(&part, Some(&t)),
            (Ok(_), None) => Err(worker_failure(
                "the layer ended without its last part".into(),
            )),
            // Cancelled: nothing to say.
            (Err(None), _) => Ok(()),
            (Err(Some(f)), _) => Err(f),
        };
        if let Err(failure) = result {
            post(&FromWorker::LayerFailed {
                job,
                index,
                failure,
            });
        }
    }

    /// Reads a small generated image (8 layers of empty files, headers only) through the whole
    /// path — coordinator, helpers, analysis — and forgets it: V8 runs new wasm in its baseline
    /// tier and optimizes what runs hot, so without this the first real image of a session reads
    /// ≈ 40 % slower than the next (measured on the 1 GB benchmark: 1.21 s, then 0.76 s; after a
    /// warm-up read, 0.89 s). A file opened meanwhile stops it (its job takes over).
    async fn warm_up() {
        let parts = js_sys::Array::new();
        for chunk in super::worker::warm_up_image(8, 2_000) {
            parts.push(&js_sys::Uint8Array::from(&chunk[..]));
        }
        let Ok(blob) = Blob::new_with_u8_array_sequence(&parts) else {
            return;
        };
        if JOB.with(|j| j.get()) != 0 {
            return;
        }
        JOB.with(|j| j.set(WARM_JOB));
        read(WARM_JOB, blob, None, default_helpers()).await;
        if JOB.with(|j| j.get()) == WARM_JOB {
            JOB.with(|j| j.set(0));
        }
    }
}
