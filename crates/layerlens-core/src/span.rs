//! Source positions. Every piece of the model points back into the text it came from.

use serde::Serialize;

/// A range of the source text: byte offsets plus 1-based line and column (columns count
/// characters, not bytes, so they match what an editor shows).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize)]
pub struct Span {
    /// Byte offset of the first byte.
    pub start: usize,
    /// Byte offset one past the last byte.
    pub end: usize,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
}

impl Span {
    pub fn is_empty(&self) -> bool {
        self.start >= self.end
    }
    pub fn range(&self) -> std::ops::Range<usize> {
        self.start..self.end
    }
}

/// Maps byte offsets to line and column. Built once per source text.
#[derive(Debug, Clone)]
pub struct LineIndex<'a> {
    src: &'a str,
    /// Byte offset where each line starts.
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    pub fn new(src: &'a str) -> Self {
        let mut starts = vec![0];
        for (i, b) in src.bytes().enumerate() {
            if b == b'\n' {
                starts.push(i + 1);
            }
        }
        LineIndex { src, starts }
    }

    /// Number of lines (a trailing newline does not start a new counted line's content,
    /// but is counted, as editors do).
    pub fn line_count(&self) -> usize {
        self.starts.len()
    }

    /// Byte offset of the start of 1-based `line` (clamped).
    pub fn line_start(&self, line: usize) -> usize {
        let i = line.saturating_sub(1).min(self.starts.len() - 1);
        self.starts[i]
    }

    /// 1-based (line, column) of a byte offset; offsets past the end clamp to the end.
    pub fn position(&self, offset: usize) -> (usize, usize) {
        let offset = floor_char_boundary(self.src, offset.min(self.src.len()));
        let line = match self.starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let col = self.src[self.starts[line]..offset].chars().count();
        (line + 1, col + 1)
    }

    /// The source text between two byte offsets (clamped to char boundaries).
    pub fn text(&self, start: usize, end: usize) -> &'a str {
        let s = floor_char_boundary(self.src, start);
        let e = floor_char_boundary(self.src, end.max(start));
        &self.src[s..e]
    }

    pub fn span(&self, start: usize, end: usize) -> Span {
        let end = end.max(start);
        let (line, column) = self.position(start);
        let (end_line, end_column) = self.position(end);
        Span {
            start,
            end,
            line,
            column,
            end_line,
            end_column,
        }
    }
}

/// The largest char boundary at or below `i` (str::floor_char_boundary is not stable).
pub fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    if i >= s.len() {
        return s.len();
    }
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_are_one_based_and_count_chars() {
        let src = "FROM a\nRUN é x\n";
        let idx = LineIndex::new(src);
        assert_eq!(idx.position(0), (1, 1));
        assert_eq!(idx.position(7), (2, 1));
        let x = src.find('x').unwrap_or(usize::MAX);
        assert_eq!(idx.position(x), (2, 7));
        assert_eq!(idx.position(src.len() + 10), (3, 1));
    }
}
