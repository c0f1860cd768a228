//! The image explorer's web worker: reads a dropped `File` in the byte ranges the engine asks for
//! (`FileReaderSync` on slices, so only headers and compressed streams are read), reports
//! progress, analyzes, and then answers file-tree questions. Built by Trunk as its own wasm
//! (`index.html`: `data-type="worker"`) and started only when the Image view is opened, so the
//! inflaters never weigh on the app's first load. Messages: `src/image/protocol.rs`.

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
    use layerlens_core::image::{analyze, ImageError, ImageReader, Options};
    use std::cell::{Cell, RefCell};
    use std::ops::Range;
    use wasm_bindgen::prelude::*;
    use wasm_bindgen::JsCast;
    use web_sys::{Blob, DedicatedWorkerGlobalScope, MessageEvent};

    thread_local! {
        /// The job being read (0: none). A read loop stops when its job is no longer current.
        static JOB: Cell<u32> = const { Cell::new(0) };
        static TREES: RefCell<Option<Trees>> = const { RefCell::new(None) };
    }

    fn scope() -> DedicatedWorkerGlobalScope {
        js_sys::global().unchecked_into()
    }

    fn post(msg: &FromWorker) {
        let _ = scope().post_message(&JsValue::from_str(&protocol::encode(msg)));
    }

    fn now() -> f64 {
        js_sys::Date::now()
    }

    pub fn start() {
        let on_message = Closure::<dyn FnMut(MessageEvent)>::new(|ev: MessageEvent| {
            let data = ev.data();
            let text = js_sys::Reflect::get(&data, &"msg".into())
                .ok()
                .and_then(|v| v.as_string())
                .unwrap_or_default();
            match protocol::decode::<ToWorker>(&text) {
                Ok(ToWorker::Open { job, platform }) => {
                    let file = js_sys::Reflect::get(&data, &"file".into())
                        .ok()
                        .and_then(|f| f.dyn_into::<Blob>().ok());
                    JOB.with(|j| j.set(job));
                    TREES.with(|t| t.borrow_mut().take());
                    match file {
                        Some(file) => wasm_bindgen_futures::spawn_local(read(job, file, platform)),
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
                Ok(ToWorker::Cancel) => JOB.with(|j| j.set(0)),
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

    async fn read(job: u32, file: Blob, platform: Option<String>) {
        let started = now();
        let len = file.size() as u64;
        let mut r = ImageReader::new(
            len,
            Options {
                platform,
                ..Options::default()
            },
        );
        let mut src = Source {
            file,
            reader: None,
            pos: 0,
            chunk: None,
            block: Block::default(),
            streams: 0,
            bytes: 0,
        };
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
        let memory = wasm_bindgen::memory()
            .unchecked_into::<js_sys::WebAssembly::Memory>()
            .buffer()
            .unchecked_into::<js_sys::ArrayBuffer>()
            .byte_length() as u64;
        let timing = Timing {
            read_ms: t_read,
            feed_ms: t_feed,
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
        TREES.with(|t| *t.borrow_mut() = Some(Trees::new(analysis)));
        post(&FromWorker::Done {
            job,
            summary: Box::new(summary),
        });
    }
}
