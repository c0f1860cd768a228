//! Any bytes as a Dockerfile: parsing never panics and every span is inside the text.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let src = String::from_utf8_lossy(data);
    let df = layerlens_core::parse(&src);
    for ins in &df.instructions {
        assert!(ins.span.start <= ins.span.end && ins.span.end <= src.len());
        assert!(src.is_char_boundary(ins.span.start) && src.is_char_boundary(ins.span.end));
    }
    let _ = layerlens_core::stages::stages(&df);
});
