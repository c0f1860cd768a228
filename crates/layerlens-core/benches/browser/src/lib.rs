//! Exports for the page: a buffer, the raw inflater, and the whole image analysis.
use std::alloc::{alloc, Layout};

#[no_mangle]
pub extern "C" fn buf(len: usize) -> *mut u8 {
    match Layout::from_size_align(len.max(1), 8) {
        Ok(l) => unsafe { alloc(l) },
        Err(_) => std::ptr::null_mut(),
    }
}

/// Inflates one gzip member (10-byte header) with the engine's inflater; returns bytes out.
#[no_mangle]
pub extern "C" fn inflate(ptr: *const u8, len: usize) -> f64 {
    let data = unsafe { std::slice::from_raw_parts(ptr, len) };
    let mut z = flate2::Decompress::new(false);
    let mut out = vec![0u8; 256 * 1024];
    let mut input = data.get(10..).unwrap_or(&[]);
    loop {
        let (i0, o0) = (z.total_in(), z.total_out());
        let Ok(st) = z.decompress(input, &mut out, flate2::FlushDecompress::None) else { return -1.0 };
        input = &input[(z.total_in() - i0) as usize..];
        if st == flate2::Status::StreamEnd || (z.total_out() == o0 && z.total_in() == i0) {
            break;
        }
    }
    z.total_out() as f64
}

/// Reads and analyzes a whole image archive; returns the JSON's length (0 on error).
#[no_mangle]
pub extern "C" fn image(ptr: *const u8, len: usize) -> usize {
    let data = unsafe { std::slice::from_raw_parts(ptr, len) };
    match layerlens_core::image::read_all(data, Default::default()) {
        Ok(i) => serde_json::to_string(&layerlens_core::image::analyze(i)).map(|s| s.len()).unwrap_or(0),
        Err(_) => 0,
    }
}
