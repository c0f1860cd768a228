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

thread_local! {
    static READER: std::cell::RefCell<Option<layerlens_core::image::ImageReader>> = const { std::cell::RefCell::new(None) };
}

/// A reader for a file of `total` bytes, asking `window` bytes at a time between headers.
#[no_mangle]
pub extern "C" fn reader_new(total: f64, window: u32) {
    let opts = layerlens_core::image::Options { window: window as usize, ..Default::default() };
    READER.with(|r| *r.borrow_mut() = Some(layerlens_core::image::ImageReader::new(total as u64, opts)));
}

/// The wanted range's start and end (-1 when nothing is wanted).
#[no_mangle]
pub extern "C" fn reader_want_start() -> f64 {
    READER.with(|r| r.borrow().as_ref().and_then(|r| r.want()).map(|w| w.start as f64).unwrap_or(-1.0))
}

#[no_mangle]
pub extern "C" fn reader_want_end() -> f64 {
    READER.with(|r| r.borrow().as_ref().and_then(|r| r.want()).map(|w| w.end as f64).unwrap_or(-1.0))
}

/// 0 when the bytes were taken, 1 on error.
#[no_mangle]
pub extern "C" fn reader_feed(offset: f64, ptr: *const u8, len: usize) -> i32 {
    let data = unsafe { std::slice::from_raw_parts(ptr, len) };
    READER.with(|r| match r.borrow_mut().as_mut() {
        Some(r) => i32::from(r.feed(offset as u64, data).is_err()),
        None => 1,
    })
}

/// Finishes and analyzes: the final filesystem's file count (-1 on error).
#[no_mangle]
pub extern "C" fn reader_finish() -> f64 {
    READER.with(|r| match r.borrow_mut().take().map(|r| r.finish()) {
        Some(Ok(image)) => layerlens_core::image::analyze(image).final_files as f64,
        _ => -1.0,
    })
}
