//! Hover: on a flag, what the flag does; elsewhere on an instruction, what the instruction does
//! (the same text the app and `layerlens explain` show), then its layer's estimate with the basis
//! a person can check, and the findings on it with what each rule is about.

use super::document::Document;
use layerlens_core::explain::{flag_doc, instruction_doc};
use layerlens_core::image::units::bytes;
use lsp_types::{Hover, HoverContents, MarkupContent, MarkupKind, Position};

pub fn hover(doc: &Document, p: Position) -> Option<Hover> {
    let i = doc.instruction_at(p)?;
    let ins = &doc.df.instructions[i];
    let at = doc.offset(p);
    let mut md = String::new();
    let flag = ins
        .flags
        .iter()
        .find(|f| f.span.start <= at && at <= f.span.end);
    if let Some(f) = flag {
        let variant = f
            .value
            .as_deref()
            .and_then(|v| v.split(',').find_map(|kv| kv.strip_prefix("type=")))
            .or(f.value.as_deref());
        if let Some(d) =
            flag_doc(ins.keyword, &f.name, variant).or_else(|| flag_doc(ins.keyword, &f.name, None))
        {
            md.push_str(&format!("**`--{}`** — {}\n\n", f.name, d.text));
        }
    }
    if let Some(d) = instruction_doc(ins.keyword) {
        md.push_str(&format!(
            "**{}** — {}\n\n{}\n\n",
            ins.keyword_text.to_ascii_uppercase(),
            d.summary,
            d.detail
        ));
    }
    if let Some(l) = doc.estimate.layers.iter().find(|l| l.instruction == i) {
        if l.kind != layerlens_core::estimate::LayerKind::Metadata {
            md.push_str(&format!(
                "**Estimate:** {} ({} – {})  \n{}\n\n",
                bytes(l.bytes),
                bytes(l.low),
                bytes(l.high),
                l.basis
            ));
        }
    }
    for f in doc
        .findings
        .iter()
        .filter(|f| f.line >= ins.start_line && f.line <= ins.end_line.max(ins.start_line))
    {
        let summary = layerlens_core::lint::rule(f.code).map_or("", |r| r.doc.summary);
        md.push_str(&format!(
            "**{}** {} — {summary}\n\n",
            super::diagnostics::shown_code(f),
            f.name
        ));
    }
    (!md.is_empty()).then(|| Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value: md.trim_end().to_string(),
        }),
        range: Some(doc.range(
            ins.start_line,
            1,
            ins.start_line,
            ins.keyword_span.end_column,
        )),
    })
}
