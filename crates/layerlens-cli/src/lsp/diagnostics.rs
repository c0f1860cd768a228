//! The findings and the syntax errors of a document as the protocol's diagnostics: hadolint's
//! code where the rule has one (else BuildKit's check, else ours), a link to the rule's page, and
//! what the fix saves where size is at stake. The rule's own code travels in `data` for the code
//! actions.

use super::document::Document;
use layerlens_core::lint::{Finding, Severity};
use lsp_types::{CodeDescription, Diagnostic, DiagnosticSeverity, NumberOrString, Uri};
use std::str::FromStr;

pub const SOURCE: &str = "layerlens";

pub fn diagnostics(doc: &Document) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (list, severity) in [
        (&doc.df.errors, DiagnosticSeverity::ERROR),
        (&doc.df.warnings, DiagnosticSeverity::WARNING),
    ] {
        for d in list {
            let s = d.span;
            out.push(Diagnostic {
                range: doc.range(s.line, s.column, s.end_line, s.end_column.max(s.column + 1)),
                severity: Some(severity),
                source: Some(SOURCE.into()),
                message: d.message.clone(),
                ..Diagnostic::default()
            });
        }
    }
    out.extend(doc.findings.iter().map(|f| finding(doc, f)));
    out
}

/// The code people search for: hadolint's, else BuildKit's check, else ours.
pub fn shown_code(f: &Finding) -> &'static str {
    f.hadolint.or(f.buildkit).unwrap_or(f.code)
}

/// The rule's page: hadolint's wiki, BuildKit's check reference; none for our own rules (their
/// text is in the hover and in `layerlens rule CODE`).
pub fn rule_page(f: &Finding) -> Option<String> {
    if let Some(dl) = f.hadolint {
        return Some(format!("https://github.com/hadolint/hadolint/wiki/{dl}"));
    }
    f.buildkit.map(|check| {
        // `StageNameCasing` → `stage-name-casing`.
        let mut kebab = String::new();
        for (i, c) in check.chars().enumerate() {
            if c.is_ascii_uppercase() && i > 0 {
                kebab.push('-');
            }
            kebab.push(c.to_ascii_lowercase());
        }
        format!("https://docs.docker.com/reference/build-checks/{kebab}/")
    })
}

fn finding(doc: &Document, f: &Finding) -> Diagnostic {
    let severity = match f.severity {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Info => DiagnosticSeverity::INFORMATION,
        Severity::Style => DiagnosticSeverity::HINT,
    };
    let mut message = format!("{} ({} {})", f.message, f.code, f.name);
    if let Some(b) = f.saving_bytes.filter(|b| *b > 0) {
        message.push_str(&format!(
            " — the fix saves ≈ {}",
            layerlens_core::image::units::bytes(b)
        ));
    }
    Diagnostic {
        range: doc.range(f.line, f.column, f.end_line, f.end_column.max(f.column + 1)),
        severity: Some(severity),
        code: Some(NumberOrString::String(shown_code(f).into())),
        code_description: rule_page(f)
            .and_then(|u| Uri::from_str(&u).ok())
            .map(|href| CodeDescription { href }),
        source: Some(SOURCE.into()),
        message,
        data: Some(serde_json::json!({ "rule": f.code })),
        ..Diagnostic::default()
    }
}
