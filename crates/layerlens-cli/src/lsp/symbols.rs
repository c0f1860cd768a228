//! Document symbols (each stage with its instructions) and completion: instructions at the start
//! of a line, an instruction's flags after `--`, and stage names after `--from=`.

use super::document::Document;
use layerlens_core::explain::{flag_docs, instruction_docs};
use layerlens_core::syntax::Keyword;
use lsp_types::{
    CompletionItem, CompletionItemKind, DocumentSymbol, Documentation, Position, SymbolKind,
};

fn keyword_name(k: Keyword) -> String {
    format!("{k:?}").to_ascii_uppercase()
}

#[allow(deprecated)] // `DocumentSymbol::deprecated` must still be set.
pub fn symbols(doc: &Document) -> Vec<DocumentSymbol> {
    let stages = layerlens_core::stages::stages(&doc.df);
    let mut out = Vec::new();
    for st in &stages.stages {
        let from = &doc.df.instructions[st.from];
        let mut children = Vec::new();
        let mut end = from.span;
        for &i in &st.instructions {
            let ins = &doc.df.instructions[i];
            end = ins.span;
            let range = doc.range(
                ins.span.line,
                ins.span.column,
                ins.span.end_line,
                ins.span.end_column,
            );
            let detail = doc
                .estimate
                .layers
                .iter()
                .find(|l| {
                    l.instruction == i && l.kind != layerlens_core::estimate::LayerKind::Metadata
                })
                .map(|l| format!("+ {}", layerlens_core::image::units::bytes(l.bytes)));
            children.push(DocumentSymbol {
                name: format!(
                    "{} {}",
                    ins.keyword_text.to_ascii_uppercase(),
                    one_line(&ins.text, 60)
                ),
                detail,
                kind: SymbolKind::FIELD,
                tags: None,
                deprecated: None,
                range,
                selection_range: doc.range(
                    ins.keyword_span.line,
                    ins.keyword_span.column,
                    ins.keyword_span.end_line,
                    ins.keyword_span.end_column,
                ),
                children: None,
            });
        }
        let total = doc
            .estimate
            .stages
            .get(st.index)
            .map(|s| layerlens_core::image::units::bytes(s.bytes));
        out.push(DocumentSymbol {
            name: match &st.name {
                Some(n) => format!("stage {} · {n}", st.index + 1),
                None => format!("stage {}", st.index + 1),
            },
            detail: Some(format!(
                "FROM {}{}{}",
                one_line(&from.text, 60),
                total.map(|t| format!(" · ≈ {t}")).unwrap_or_default(),
                if st.is_final { " · the image" } else { "" }
            )),
            kind: SymbolKind::NAMESPACE,
            tags: None,
            deprecated: None,
            range: doc.range(
                from.span.line,
                from.span.column,
                end.end_line,
                end.end_column,
            ),
            selection_range: doc.range(
                from.keyword_span.line,
                from.keyword_span.column,
                from.keyword_span.end_line,
                from.keyword_span.end_column,
            ),
            children: Some(children),
        });
    }
    out
}

fn one_line(s: &str, max: usize) -> String {
    let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if s.chars().count() <= max {
        s
    } else {
        s.chars().take(max - 1).collect::<String>() + "…"
    }
}

pub fn completion(doc: &Document, p: Position) -> Vec<CompletionItem> {
    let line = doc.line_text(p.line as usize);
    let before: String = {
        let mut units = 0;
        line.chars()
            .take_while(|c| {
                units += c.len_utf16();
                units <= p.character as usize
            })
            .collect()
    };
    let trimmed = before.trim_start();
    // `--from=` in a COPY: the stages before this one, by name and by number.
    if let Some(prefix) = trimmed
        .rsplit(' ')
        .next()
        .and_then(|w| w.strip_prefix("--from="))
    {
        let stages = layerlens_core::stages::stages(&doc.df);
        let here = p.line as usize + 1;
        let starts_before =
            |s: &&layerlens_core::stages::Stage| doc.df.instructions[s.from].start_line < here;
        // The stage this line is in cannot copy from itself.
        let current = stages
            .stages
            .iter()
            .filter(starts_before)
            .map(|s| s.index)
            .max();
        return stages
            .stages
            .iter()
            .filter(starts_before)
            .filter(|s| Some(s.index) != current)
            .flat_map(|s| {
                let mut v = vec![s.index.to_string()];
                v.extend(s.name.clone());
                v.into_iter().map(move |label| (label, s))
            })
            .filter(|(label, _)| label.starts_with(prefix))
            .map(|(label, s)| CompletionItem {
                label,
                kind: Some(CompletionItemKind::REFERENCE),
                detail: Some(format!(
                    "stage {} (FROM {})",
                    s.index + 1,
                    one_line(&doc.df.instructions[s.from].text, 50)
                )),
                ..CompletionItem::default()
            })
            .collect();
    }
    // `--` in an instruction: its flags.
    if let Some(prefix) = trimmed
        .rsplit(' ')
        .next()
        .and_then(|w| w.strip_prefix("--"))
    {
        let keyword = Keyword::from_word(trimmed.split_whitespace().next().unwrap_or(""));
        return flag_docs()
            .iter()
            .filter(|d| d.keyword == keyword && d.variant.is_none() && d.flag.starts_with(prefix))
            .map(|d| CompletionItem {
                label: format!("--{}", d.flag),
                insert_text: Some(d.flag.to_string()),
                kind: Some(CompletionItemKind::PROPERTY),
                documentation: Some(Documentation::String(d.text.to_string())),
                ..CompletionItem::default()
            })
            .collect();
    }
    // The first word of a line: the instructions.
    if !trimmed.contains(char::is_whitespace) {
        let prefix = trimmed.to_ascii_uppercase();
        return instruction_docs()
            .iter()
            .map(|d| (keyword_name(d.keyword), d))
            .filter(|(name, _)| name.starts_with(&prefix))
            .map(|(name, d)| CompletionItem {
                label: name,
                kind: Some(CompletionItemKind::KEYWORD),
                detail: Some(d.summary.to_string()),
                documentation: Some(Documentation::String(d.detail.to_string())),
                ..CompletionItem::default()
            })
            .collect();
    }
    Vec::new()
}
