//! Inlay hints: at the end of every line that makes a layer, what it will weigh ("+ 323 MB");
//! at each FROM, the base and the stage's total ("base 807 MB · stage ≈ 893 MB"), the stage that
//! becomes the image marked. The tooltip is the estimate's basis and range.

use super::document::Document;
use layerlens_core::estimate::LayerKind;
use layerlens_core::image::units::bytes;
use lsp_types::{InlayHint, InlayHintKind, InlayHintLabel, InlayHintTooltip, Range};

pub fn hints(doc: &Document, range: Range) -> Vec<InlayHint> {
    let e = &doc.estimate;
    let (first, last) = (range.start.line as usize + 1, range.end.line as usize + 1);
    let mut out = Vec::new();
    for l in &e.layers {
        if l.kind == LayerKind::Metadata || l.end_line < first || l.line > last {
            continue;
        }
        let span = if l.low == l.high {
            String::new()
        } else {
            format!(" ({} – {})", bytes(l.low), bytes(l.high))
        };
        let label = match l.kind {
            LayerKind::Base => {
                let stage = e.stages.get(l.stage_index);
                match stage {
                    Some(s) => format!(
                        "base {} · stage ≈ {}{}",
                        bytes(l.bytes),
                        bytes(s.bytes),
                        if s.is_final { " (the image)" } else { "" }
                    ),
                    None => format!("base {}", bytes(l.bytes)),
                }
            }
            _ => format!("+ {}", bytes(l.bytes)),
        };
        // After the instruction's last line (a heredoc's end, a continued line's last part).
        let line = doc
            .df
            .instructions
            .get(l.instruction)
            .map_or(l.end_line, |i| i.end_line.max(i.start_line));
        out.push(InlayHint {
            position: doc.line_end(line.saturating_sub(1)),
            label: InlayHintLabel::String(label),
            kind: Some(InlayHintKind::TYPE),
            text_edits: None,
            tooltip: Some(InlayHintTooltip::String(format!("{}{span}", l.basis))),
            padding_left: Some(true),
            padding_right: None,
            data: None,
        });
    }
    out
}
