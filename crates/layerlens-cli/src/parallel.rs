//! Reading an image's layers on several threads at once: the engine's `ImageReader` reads the
//! archive's index and JSON, then each layer is read by a `LayerReader` on a thread of its own
//! and handed back (`put_layer`, merged in layer order: the image is the one `drive` makes).
//! Threads live here, in the CLI, not in the engine (which starts none). Only std and the
//! engine: `crates/layerlens-core/benches/image.rs` and its tests include this file too.

use layerlens_core::image::{Image, ImageError, ImageReader, LayerReader, LayerScan, Progress};
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::Mutex;

/// Like `ImageReader::drive`, with the layers read by up to `threads` threads; `read_at` is a
/// positional read shared by them (`FileExt::read_at` on Unix). The reader must have been made
/// with `Options::layers_elsewhere` (else it reads every layer itself, on this thread).
pub fn drive_parallel<E: std::fmt::Display>(
    mut reader: ImageReader,
    read_at: impl Fn(u64, &mut [u8]) -> Result<usize, E> + Sync,
    threads: usize,
    mut on_progress: impl FnMut(&Progress),
) -> Result<Image, ImageError> {
    reader.pump(
        &mut |off, buf: &mut [u8]| read_at(off, buf),
        &mut on_progress,
    )?;
    let spans = reader.layer_spans().to_vec();
    if !spans.is_empty() {
        let options = reader.layer_options();
        let next = AtomicUsize::new(0);
        let (done, passed, failed) = (
            AtomicUsize::new(0),
            AtomicU64::new(0),
            AtomicBool::new(false),
        );
        let results: Mutex<Vec<Option<Result<LayerScan, ImageError>>>> =
            Mutex::new(spans.iter().map(|_| None).collect());
        let base = reader.progress();
        let workers = threads.clamp(1, spans.len());
        // Each reader holds a sender and drops it when it stops (a panic included); this thread
        // waits for the last one, reporting progress every 50 ms meanwhile (a wait, not a sleep:
        // a small image is not held up to the next tick).
        let (alive, wait) = std::sync::mpsc::channel::<()>();
        std::thread::scope(|scope| {
            for _ in 0..workers {
                let alive = alive.clone();
                let (next, spans, options, read_at) = (&next, &spans, &options, &read_at);
                let (done, passed, failed, results) = (&done, &passed, &failed, &results);
                scope.spawn(move || {
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(span) = spans.get(i) else { break };
                        if failed.load(Ordering::Relaxed) {
                            break;
                        }
                        let r = LayerReader::new(span, options).drive(read_at);
                        failed.fetch_or(r.is_err(), Ordering::Relaxed);
                        passed.fetch_add(span.size, Ordering::Relaxed);
                        done.fetch_add(1, Ordering::Relaxed);
                        if let Ok(mut rs) = results.lock() {
                            rs[i] = Some(r);
                        }
                    }
                    drop(alive);
                });
            }
            drop(alive);
            // Nothing is ever sent: the wait ends when the last sender is dropped.
            while let Err(std::sync::mpsc::RecvTimeoutError::Timeout) =
                wait.recv_timeout(std::time::Duration::from_millis(50))
            {
                let bytes = passed.load(Ordering::Relaxed);
                on_progress(&Progress {
                    position: base.position + bytes,
                    bytes_read: base.bytes_read + bytes,
                    layers_done: base.layers_done + done.load(Ordering::Relaxed),
                    ..base.clone()
                });
            }
        });
        let results = results.into_inner().unwrap_or_default();
        for (i, r) in results.into_iter().enumerate() {
            match r {
                Some(Ok(scan)) => reader.put_layer(i, scan)?,
                Some(Err(e)) => return Err(e),
                // Not read because an earlier one failed: that error came first.
                None => {}
            }
        }
    }
    on_progress(&reader.progress());
    reader.finish()
}
