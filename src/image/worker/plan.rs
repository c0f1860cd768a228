//! Which bytes to read next: one stream over the file, skipped through or restarted, and the
//! block of it a read is waiting for.

use std::ops::Range;

/// The bytes the engine asks for come from a stream over the file (`Blob.stream()`), which a
/// browser delivers far faster than separate reads: in Chromium each `slice().arrayBuffer()` or
/// `FileReaderSync` read costs about a millisecond whatever its size, while a stream runs at
/// about 1 GB/s. So the worker reads on through the file, skipping what the engine does not
/// want without copying it, and opens a new stream only to go back or to jump further than
/// [`RESTART_GAP`] (a big file's body): reading through that much costs more than a new stream.
pub const RESTART_GAP: u64 = 4 * 1024 * 1024;

/// Whether to open a new stream at `want` rather than read on from `stream_pos`.
pub fn restart_at(stream_pos: Option<u64>, want: u64) -> bool {
    match stream_pos {
        None => true,
        Some(p) => want < p || want - p > RESTART_GAP,
    }
}

/// The last chunk of the file copied in, from where the engine wanted it.
#[derive(Default)]
pub struct Block {
    pub start: u64,
    pub data: Vec<u8>,
}

impl Block {
    /// The bytes from `want.start` (at most up to `want.end`), if the block holds them.
    pub fn get(&self, want: &Range<u64>) -> Option<&[u8]> {
        let end = self.start + self.data.len() as u64;
        if want.start < self.start || want.start >= end {
            return None;
        }
        let a = (want.start - self.start) as usize;
        let b = (want.end.min(end) - self.start) as usize;
        Some(&self.data[a..b])
    }
}

/// How much of the file has been gone through, for the progress bar. The reader's own position
/// jumps to the end while it looks for the manifest (often last in the archive), and layers may
/// lie in any order; so per layer this counts how far its reads have gone (skipped bodies
/// included), which summed over the layers comes to about the file's size whatever their order.
/// A compressed archive is read once from start to end: there the position is exact.
#[derive(Default)]
pub struct Passed {
    layer: Option<usize>,
    start: u64,
    far: u64,
    done: u64,
}

impl Passed {
    /// Notes a read the engine asks for, in `stage` with `layers_done` layers read.
    pub fn see(&mut self, stage: &str, layers_done: usize, want: &Range<u64>) {
        if stage != "layers" {
            return;
        }
        if self.layer != Some(layers_done) {
            self.done += self.far - self.start;
            self.layer = Some(layers_done);
            self.start = want.start;
            self.far = want.start;
        }
        self.far = self.far.max(want.end);
    }

    /// Bytes gone through (0 while the archive's index and manifest are read).
    pub fn bytes(&self, stage: &str, position: u64, total: u64) -> u64 {
        match stage {
            "streaming" | "done" => position.min(total),
            "layers" => (self.done + self.far - self.start).min(total),
            _ => 0,
        }
    }
}
