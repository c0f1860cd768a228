//! One open Dockerfile: its text, and what the engine makes of it — parsed, estimated, linted —
//! recomputed on every change (the engine's RUN memo keeps a keystroke cheap). Positions move
//! between the engine's (1-based line, column in characters, byte offsets) and the protocol's
//! (0-based line, UTF-16 code units).

use layerlens_core::estimate::{BuildContext, Estimate, Input};
use layerlens_core::knowledge::debian::DebianIndex;
use layerlens_core::lint::Finding;
use layerlens_core::syntax::Dockerfile;
use lsp_types::{Position, Range};
use std::sync::Arc;

pub struct Document {
    pub text: String,
    pub version: i32,
    /// Byte offset where each line starts.
    starts: Vec<usize>,
    pub df: Dockerfile,
    pub estimate: Estimate,
    pub findings: Vec<Finding>,
}

/// Debian's package tables: parsed (≈ 0.1 s each) on a thread started with the server, so the
/// first `apt-get install` typed does not wait for them; taken over when a file first needs one.
#[derive(Default)]
pub struct Tables {
    debian: std::collections::HashMap<&'static str, Arc<DebianIndex>>,
    pending: std::collections::HashMap<&'static str, std::thread::JoinHandle<DebianIndex>>,
}

impl Tables {
    /// Starts parsing each release's table on a thread of its own.
    pub fn warm_up() -> Tables {
        let mut pending = std::collections::HashMap::new();
        for release in ["bookworm", "trixie"] {
            if let Ok(h) = std::thread::Builder::new()
                .name(format!("debian-{release}"))
                .spawn(move || crate::commands::debian_table_of(release))
            {
                pending.insert(release, h);
            }
        }
        Tables {
            debian: Default::default(),
            pending,
        }
    }

    pub fn for_file(&mut self, df: &Dockerfile) -> Option<Arc<DebianIndex>> {
        let release = layerlens_core::estimate::debian_table_wanted(df)?;
        if !self.debian.contains_key(release) {
            let index = match self.pending.remove(release).and_then(|h| h.join().ok()) {
                Some(index) => index,
                None => crate::commands::debian_table(df)?,
            };
            self.debian.insert(release, Arc::new(index));
        }
        self.debian.get(release).cloned()
    }
}

impl Document {
    /// Parses and analyses `text`; `debian` picks the package table the file needs.
    pub fn new(
        text: String,
        version: i32,
        context: Option<&BuildContext>,
        debian: impl FnOnce(&Dockerfile) -> Option<Arc<DebianIndex>>,
    ) -> Document {
        let df = layerlens_core::parse(&text);
        let table = debian(&df);
        let input = Input {
            context,
            debian: table.as_deref(),
        };
        let estimate = layerlens_core::estimate::estimate(&df, &input);
        let findings = layerlens_core::lint::lint_with_estimate(&df, input, &estimate);
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Document {
            text,
            version,
            starts,
            df,
            estimate,
            findings,
        }
    }

    /// The text of 0-based `line`, without its line break.
    pub fn line_text(&self, line: usize) -> &str {
        let Some(&start) = self.starts.get(line) else {
            return "";
        };
        let end = self.starts.get(line + 1).map_or(self.text.len(), |e| *e);
        self.text[start..end].trim_end_matches(['\n', '\r'])
    }

    pub fn line_count(&self) -> usize {
        self.starts.len()
    }

    /// The protocol's position of the engine's 1-based `line` and character `column`.
    pub fn position(&self, line: usize, column: usize) -> Position {
        let l = line.saturating_sub(1);
        let units: usize = self
            .line_text(l)
            .chars()
            .take(column.saturating_sub(1))
            .map(char::len_utf16)
            .sum();
        Position::new(l as u32, units as u32)
    }

    /// The protocol's range of an engine range (1-based lines, character columns; the end
    /// column is one past the last character).
    pub fn range(&self, line: usize, column: usize, end_line: usize, end_column: usize) -> Range {
        Range::new(
            self.position(line, column),
            self.position(end_line.max(line), end_column),
        )
    }

    /// The end of 0-based `line`.
    pub fn line_end(&self, line: usize) -> Position {
        let units: usize = self.line_text(line).chars().map(char::len_utf16).sum();
        Position::new(line as u32, units as u32)
    }

    /// The byte offset of a protocol position (clamped to the text).
    pub fn offset(&self, p: Position) -> usize {
        let line = p.line as usize;
        let Some(&start) = self.starts.get(line) else {
            return self.text.len();
        };
        let mut units = 0;
        for (i, c) in self.line_text(line).char_indices() {
            if units >= p.character as usize {
                return start + i;
            }
            units += c.len_utf16();
        }
        start + self.line_text(line).len()
    }

    /// The instruction at a protocol position (its lines, heredocs included), by index.
    pub fn instruction_at(&self, p: Position) -> Option<usize> {
        let line = p.line as usize + 1;
        self.df
            .instructions
            .iter()
            .position(|i| i.start_line <= line && line <= i.end_line.max(i.start_line))
    }
}
