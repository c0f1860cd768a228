//! Any bytes as a Dockerfile: every rule runs without panicking; findings point inside the file.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let src = String::from_utf8_lossy(data);
    let df = layerlens_core::parse(&src);
    let lines = src.lines().count().max(1) + 1;
    for f in layerlens_core::lint::lint(&df) {
        assert!(f.line >= 1 && f.line <= lines, "finding on line {} of {lines}", f.line);
    }
});
