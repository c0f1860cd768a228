//! A helper's job: read one whole layer (the engine's `LayerReader`) and hand it back in parts.

use super::*;

/// Reads one layer of the file with the engine's `LayerReader`: the scan and what reading
/// took, or None when the job was cancelled, or the failure. `on_progress` hears the
/// position in the layer every ~50 ms (the read also lets messages in then).
pub(super) async fn scan_layer(
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
pub(super) async fn read_layer(job: u32, file: Blob, span: LayerSpan) {
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
