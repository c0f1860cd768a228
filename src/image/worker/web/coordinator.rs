//! The coordinator's read of one image: the archive's index and JSON here, the layers by the
//! helpers (or here when there are none), merged in layer order, then the analysis and summary.

use super::*;

pub(super) async fn read(
    job: u32,
    file: Blob,
    platform: Option<String>,
    helpers: u32,
    compare: bool,
) {
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
    if compare {
        let diff = TREES.with(|t| {
            t.borrow()
                .as_ref()
                .map(|t| layerlens_core::compare::images(&t.analysis, &analysis))
        });
        return match diff {
            Some(mut diff) => {
                diff.paths.cut(crate::image::protocol::LIST_CAP);
                post(&FromWorker::Compared {
                    job,
                    diff: Box::new(diff),
                })
            }
            None => post(&FromWorker::Failed {
                job,
                failure: worker_failure("open an image first, then compare another with it".into()),
            }),
        };
    }
    TREES.with(|t| *t.borrow_mut() = Some(Trees::new(analysis)));
    post(&FromWorker::Done {
        job,
        summary: Box::new(summary),
    });
}

pub(super) enum Stop {
    Cancelled,
    Failed(Failure),
}

/// What the helpers' reads came to, summed over them.
#[derive(Default)]
pub(super) struct HelperTotals {
    pub(super) read_ms: f64,
    pub(super) feed_ms: f64,
    pub(super) bytes: u64,
    pub(super) streams: u64,
    /// The largest wasm memory each helper reported, summed at the end.
    pub(super) memory: Vec<u64>,
}

impl HelperTotals {
    pub(super) fn add(&mut self, o: &HelperTotals) {
        self.read_ms += o.read_ms;
        self.feed_ms += o.feed_ms;
        self.bytes += o.bytes;
        self.streams += o.streams;
    }

    pub(super) fn memory(&self) -> u64 {
        self.memory.iter().sum()
    }
}

/// Has up to `n` helpers read `spans`, a layer each at a time, and hands each scan to the
/// reader as it comes (the reader merges them in layer order). Layers no helper can take
/// (none ready in time, or all of them broken) are read here.
pub(super) async fn in_helpers(
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
    let progress = |positions: &[u64], bytes_read: u64, layers_done: usize| FromWorker::Progress {
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
