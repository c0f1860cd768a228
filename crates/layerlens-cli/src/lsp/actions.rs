//! Code actions on a range: for each finding there, "ignore this rule here" (the pragma above the
//! instruction, in hadolint's form when the rule has a hadolint code, so hadolint honours it
//! too); each rewrite step that changes these lines, as a quick fix that applies that step alone;
//! and "show the optimized Dockerfile", written beside the file as `NAME.optimized`.

use super::document::Document;
use layerlens_core::image::units::bytes;
use layerlens_core::optimize::{optimize, Optimized, Options, Safety};
use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, CreateFile, CreateFileOptions, Diagnostic,
    DocumentChangeOperation, DocumentChanges, OneOf, OptionalVersionedTextDocumentIdentifier,
    Position, Range, ResourceOp, TextDocumentEdit, TextEdit, Uri, WorkspaceEdit,
};
use std::collections::HashMap;
use std::str::FromStr;

pub fn actions(
    uri: &Uri,
    doc: &Document,
    range: Range,
    diagnostics: &[Diagnostic],
    rewrite: &dyn Fn(&Options<'_>) -> Optimized,
) -> Vec<CodeActionOrCommand> {
    let mut out = Vec::new();
    // Ignore pragmas, one per rule.
    let mut seen = Vec::new();
    for d in diagnostics {
        let Some(rule) = d.data.as_ref().and_then(|v| v["rule"].as_str()) else {
            continue;
        };
        let Some(i) = doc.instruction_at(d.range.start) else {
            continue;
        };
        if seen.contains(&(rule.to_string(), i)) {
            continue;
        }
        seen.push((rule.to_string(), i));
        let code = match &d.code {
            Some(lsp_types::NumberOrString::String(c)) if c.starts_with("DL") => c.clone(),
            _ => rule.to_string(),
        };
        let tool = if code.starts_with("DL") {
            "hadolint"
        } else {
            "layerlens"
        };
        let ins = &doc.df.instructions[i];
        let line = ins.start_line.saturating_sub(1);
        let indent: String = doc
            .line_text(line)
            .chars()
            .take_while(|c| c.is_whitespace())
            .collect();
        let at = Position::new(line as u32, 0);
        out.push(CodeActionOrCommand::CodeAction(CodeAction {
            title: format!("Ignore {code} on this instruction"),
            kind: Some(CodeActionKind::QUICKFIX),
            diagnostics: Some(vec![d.clone()]),
            edit: Some(edit(
                uri,
                vec![TextEdit::new(
                    Range::new(at, at),
                    format!("{indent}# {tool} ignore={code}\n"),
                )],
            )),
            ..CodeAction::default()
        }));
    }
    // The rewrite's steps on these lines, each on its own.
    let whole = rewrite(&Options::default());
    let (first, last) = (range.start.line as usize + 1, range.end.line as usize + 1);
    // A step touches the range when an instruction it changes overlaps it.
    let touches = |l: usize| {
        let (s, e) = doc
            .df
            .instructions
            .iter()
            .find(|i| i.start_line <= l && l <= i.end_line.max(i.start_line))
            .map_or((l, l), |i| (i.start_line, i.end_line.max(i.start_line)));
        s <= last && first <= e
    };
    for step in whole
        .steps
        .iter()
        .filter(|s| s.lines.iter().any(|&l| touches(l)))
    {
        let others: Vec<String> = whole
            .steps
            .iter()
            .filter(|s| s.id != step.id)
            .map(|s| s.id.clone())
            .collect();
        let one = rewrite(&Options {
            disabled: others,
            enabled: vec![step.id.clone()],
            ..Options::default()
        });
        if one.dockerfile == doc.text {
            continue;
        }
        let saves = if step.saved_bytes > 0 {
            format!(" (saves ≈ {})", bytes(step.saved_bytes as u64))
        } else {
            String::new()
        };
        let check = match (&step.safety, &step.check) {
            (Safety::Safe, _) => String::new(),
            (_, Some(c)) => format!(" — check: {c}"),
            _ => String::new(),
        };
        out.push(CodeActionOrCommand::CodeAction(CodeAction {
            title: format!("{}{saves}{check}", step.title),
            kind: Some(CodeActionKind::QUICKFIX),
            is_preferred: Some(step.safety == Safety::Safe),
            edit: Some(edit(
                uri,
                vec![TextEdit::new(whole_range(doc), one.dockerfile)],
            )),
            ..CodeAction::default()
        }));
    }
    // The whole rewrite as a new file beside this one.
    if whole.dockerfile != doc.text {
        if let Ok(target) = Uri::from_str(&format!("{}.optimized", uri.as_str())) {
            let saved = whole.before_bytes.saturating_sub(whole.after_bytes);
            out.push(CodeActionOrCommand::CodeAction(CodeAction {
                title: format!(
                    "Show the optimized Dockerfile ({} → {}, saves ≈ {})",
                    bytes(whole.before_bytes),
                    bytes(whole.after_bytes),
                    bytes(saved)
                ),
                kind: Some(CodeActionKind::REFACTOR_REWRITE),
                edit: Some(WorkspaceEdit {
                    document_changes: Some(DocumentChanges::Operations(vec![
                        DocumentChangeOperation::Op(ResourceOp::Create(CreateFile {
                            uri: target.clone(),
                            options: Some(CreateFileOptions {
                                overwrite: Some(true),
                                ignore_if_exists: None,
                            }),
                            annotation_id: None,
                        })),
                        DocumentChangeOperation::Edit(TextDocumentEdit {
                            text_document: OptionalVersionedTextDocumentIdentifier {
                                uri: target,
                                version: None,
                            },
                            edits: vec![OneOf::Left(TextEdit::new(
                                Range::new(Position::new(0, 0), Position::new(0, 0)),
                                whole.dockerfile.clone(),
                            ))],
                        }),
                    ])),
                    ..WorkspaceEdit::default()
                }),
                ..CodeAction::default()
            }));
        }
    }
    out
}

fn whole_range(doc: &Document) -> Range {
    let last = doc.line_count().saturating_sub(1);
    Range::new(Position::new(0, 0), doc.line_end(last))
}

fn edit(uri: &Uri, edits: Vec<TextEdit>) -> WorkspaceEdit {
    WorkspaceEdit {
        changes: Some(HashMap::from([(uri.clone(), edits)])),
        ..WorkspaceEdit::default()
    }
}

/// The rewrite of `doc` with the server's context and tables (what `actions` is handed).
pub fn rewrite_with<'a>(
    doc: &'a Document,
    input: layerlens_core::estimate::Input<'a>,
) -> impl Fn(&Options<'_>) -> Optimized + 'a {
    move |o: &Options<'_>| {
        optimize(
            &doc.text,
            &Options {
                input,
                disabled: o.disabled.clone(),
                enabled: o.enabled.clone(),
            },
        )
    }
}
