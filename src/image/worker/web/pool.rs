//! The coordinator's pool of helper workers: started on demand (two a core, 2 to 4), woken,
//! cancelled, dropped; what they say waits in the inbox.

use super::*;

/// The default pool: two helpers a core, 2 to 4. Streaming a `File` is mostly waiting on
/// the browser (measured on 2 cores: the 1 GB benchmark image in 1.05–1.3 s with 2 helpers,
/// 0.77–0.9 s with 4), inflating is not; past 4 only memory grows.
pub(super) fn default_helpers() -> u32 {
    let cores = scope().navigator().hardware_concurrency() as u32;
    cores.saturating_mul(2).clamp(2, MAX_HELPERS)
}

pub(super) fn wake() {
    if let Some(f) = WAKE.with(|w| w.borrow_mut().take()) {
        let _ = f.call0(&JsValue::NULL);
    }
}

/// Starts helpers until there are `n`.
pub(super) fn grow_pool(n: u32) {
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

pub(super) fn worker_failure(message: String) -> Failure {
    Failure {
        kind: "worker".into(),
        message,
        platforms: vec![],
    }
}

/// A helper broke (a trap, out of memory): the pool is started afresh for the next image.
pub(super) fn drop_pool() {
    POOL.with(|p| {
        for h in p.borrow_mut().drain(..) {
            h.worker.terminate();
        }
    });
}

pub(super) fn cancel_helpers(job: u32) {
    let msg = JsValue::from_str(&protocol::encode(&ToWorker::StopLayer { job }));
    POOL.with(|p| {
        for h in p.borrow().iter().filter(|h| h.ready) {
            let _ = h.worker.post_message(&msg);
        }
    });
}

/// Until a helper says something or gets ready, a Cancel comes, or 250 ms pass.
pub(super) async fn wait_inbox() {
    if INBOX.with(|q| !q.borrow().is_empty()) {
        return;
    }
    let p = js_sys::Promise::new(&mut |resolve, _| {
        let _ = scope().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 250);
        WAKE.with(|w| *w.borrow_mut() = Some(resolve));
    });
    let _ = wasm_bindgen_futures::JsFuture::from(p).await;
}
