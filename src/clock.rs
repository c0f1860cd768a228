//! Milliseconds from the browser's monotonic clock (`performance.now()`), to say how long an
//! analysis took; natively (the reducer's tests) there is no clock and it reads 0.

pub fn now() -> f64 {
    #[cfg(target_arch = "wasm32")]
    {
        web_sys::window()
            .and_then(|w| w.performance())
            .map_or(0.0, |p| p.now())
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        0.0
    }
}
