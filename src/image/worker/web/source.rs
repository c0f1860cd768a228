//! Reading a dropped `File` (a `Blob`) in the byte ranges the engine asks for: streamed over
//! slices, so only headers and compressed streams are read.

use super::*;

/// A reader over the file from some offset: a BYOB reader where the browser has one (no
/// copy per chunk on the JS side), else the default reader.
pub(super) enum Reader {
    Byob(
        web_sys::ReadableStreamByobReader,
        Option<js_sys::ArrayBuffer>,
    ),
    Default(web_sys::ReadableStreamDefaultReader),
}

pub(super) const CHUNK: u32 = 1024 * 1024;

pub(super) const COPY_WINDOW: u64 = 64 * 1024;

impl Reader {
    pub(super) fn open(file: &Blob, at: u64) -> Result<Reader, String> {
        let slice = file
            .slice_with_f64(at as f64)
            .map_err(|e| format!("cannot slice the file: {e:?}"))?;
        let stream = slice.stream();
        match web_sys::ReadableStreamByobReader::new(&stream) {
            Ok(r) => Ok(Reader::Byob(r, None)),
            Err(_) => web_sys::ReadableStreamDefaultReader::new(&stream)
                .map(Reader::Default)
                .map_err(|e| format!("cannot read the file: {e:?}")),
        }
    }

    /// The next chunk, or None at the end of the file.
    pub(super) async fn next(&mut self) -> Result<Option<js_sys::Uint8Array>, String> {
        let promise = match self {
            Reader::Byob(r, buf) => {
                let b = buf
                    .take()
                    .unwrap_or_else(|| js_sys::ArrayBuffer::new(CHUNK));
                r.read_with_array_buffer_view(&js_sys::Uint8Array::new(&b))
            }
            Reader::Default(r) => r.read(),
        };
        let result = wasm_bindgen_futures::JsFuture::from(promise)
            .await
            .map_err(|e| format!("the file could not be read (was it moved or changed?): {e:?}"))?;
        let done = js_sys::Reflect::get(&result, &"done".into())
            .map(|d| d.is_truthy())
            .unwrap_or(true);
        let value = js_sys::Reflect::get(&result, &"value".into())
            .ok()
            .and_then(|v| v.dyn_into::<js_sys::Uint8Array>().ok());
        if done {
            return Ok(None);
        }
        if let (Reader::Byob(_, buf), Some(v)) = (&mut *self, &value) {
            // The filled buffer comes back (transferred): read into it next time.
            *buf = v.buffer().dyn_into::<js_sys::ArrayBuffer>().ok();
        }
        Ok(value)
    }

    pub(super) fn cancel(&self) {
        let _ = match self {
            Reader::Byob(r, _) => r.cancel(),
            Reader::Default(r) => r.cancel(),
        };
    }
}

/// The file, read forward by streams; see `worker::RESTART_GAP` for why. Only what the engine
/// asks for (a header and the 64 KiB after it, or a compressed stream's chunk) is copied
/// into wasm memory.
pub(super) struct Source {
    pub(super) file: Blob,
    pub(super) reader: Option<Reader>,
    /// File offset of the next byte the open stream delivers.
    pub(super) pos: u64,
    /// The last chunk the stream delivered, and its file offset.
    pub(super) chunk: Option<(u64, js_sys::Uint8Array)>,
    pub(super) block: Block,
    pub(super) streams: u64,
    pub(super) bytes: u64,
}

impl Source {
    pub(super) fn new(file: Blob) -> Source {
        Source {
            file,
            reader: None,
            pos: 0,
            chunk: None,
            block: Block::default(),
            streams: 0,
            bytes: 0,
        }
    }

    /// Makes the block hold the bytes at `want.start` (empty at the end of the file).
    pub(super) async fn fill(&mut self, want: &Range<u64>) -> Result<(), String> {
        loop {
            if let Some((from, c)) = &self.chunk {
                let end = from + c.length() as u64;
                if want.start >= *from && want.start < end {
                    // A window rather than just what is asked: the next headers of small
                    // files are usually in it, and each copy is a call into JavaScript.
                    let upto = want.end.max(want.start + COPY_WINDOW).min(end);
                    let part = c.subarray((want.start - from) as u32, (upto - from) as u32);
                    self.block.start = want.start;
                    self.block.data.resize(part.length() as usize, 0);
                    part.copy_to(&mut self.block.data);
                    return Ok(());
                }
            }
            if restart_at(self.reader.as_ref().map(|_| self.pos), want.start) {
                if let Some(r) = self.reader.take() {
                    r.cancel();
                }
                self.chunk = None;
                self.reader = Some(Reader::open(&self.file, want.start)?);
                self.pos = want.start;
                self.streams += 1;
            }
            let Some(reader) = self.reader.as_mut() else {
                return Ok(());
            };
            self.chunk = None; // its buffer is about to be reused
            let Some(chunk) = reader.next().await? else {
                self.reader = None;
                self.block.data.clear();
                return Ok(());
            };
            let from = self.pos;
            self.pos += chunk.length() as u64;
            self.bytes += chunk.length() as u64;
            self.chunk = Some((from, chunk));
        }
    }
}
