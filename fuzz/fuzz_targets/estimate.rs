//! Any bytes as a Dockerfile: the estimate never panics and every range holds its figure.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let src = String::from_utf8_lossy(data);
    let df = layerlens_core::parse(&src);
    let e = layerlens_core::estimate::estimate(&df, &Default::default());
    for l in &e.layers {
        assert!(l.low <= l.bytes && l.bytes <= l.high, "{l:?}");
    }
    assert!(e.final_low <= e.final_image_bytes && e.final_image_bytes <= e.final_high);
});
