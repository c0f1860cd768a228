//! Any bytes as an image archive: reading and analysis never panic; they give an image or an
//! error.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(image) = layerlens_core::image::read_all(data, Default::default()) {
        let _ = layerlens_core::image::analyze(image);
    }
});
