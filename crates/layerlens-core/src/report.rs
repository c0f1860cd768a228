//! The stable JSON shapes the CLI prints and the app offers for download. The model types can
//! change shape as the engine grows; these are the contract (documented in docs/cli.md).

use crate::span::Span;
use crate::syntax::{Args, Diagnostic, Dockerfile, Instruction, Keyword};
use serde::Serialize;

#[derive(Debug, Serialize)]
pub struct ParseReport<'a> {
    /// Bumped when a field changes meaning or disappears.
    pub schema: u32,
    pub escape: char,
    pub directives: Vec<DirectiveOut<'a>>,
    pub instructions: Vec<InstructionOut<'a>>,
    pub comments: usize,
    pub errors: Vec<Problem>,
    pub warnings: Vec<Problem>,
}

#[derive(Debug, Serialize)]
pub struct DirectiveOut<'a> {
    pub name: &'a str,
    pub value: &'a str,
    pub line: usize,
}

#[derive(Debug, Serialize)]
pub struct InstructionOut<'a> {
    /// Upper case; an unknown instruction keeps its own word, upper-cased.
    pub keyword: String,
    pub start_line: usize,
    pub end_line: usize,
    pub column: usize,
    /// Byte range in the file, heredocs included.
    pub start: usize,
    pub end: usize,
    pub flags: Vec<FlagOut<'a>>,
    /// The arguments as one string, continuations removed.
    pub text: &'a str,
    pub args: &'a Args,
    pub heredocs: Vec<HeredocOut<'a>>,
    /// ONBUILD's trigger instruction.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub trigger: Option<Box<InstructionOut<'a>>>,
}

#[derive(Debug, Serialize)]
pub struct FlagOut<'a> {
    pub name: &'a str,
    pub value: Option<&'a str>,
    pub line: usize,
    pub column: usize,
}

#[derive(Debug, Serialize)]
pub struct HeredocOut<'a> {
    pub name: &'a str,
    pub chomp: bool,
    pub expand: bool,
    pub content: &'a str,
    /// Lines of the body (empty body: start_line > end_line).
    pub start_line: usize,
    pub end_line: usize,
    pub terminated: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct Problem {
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    pub message: String,
}

impl From<&Diagnostic> for Problem {
    fn from(d: &Diagnostic) -> Self {
        Problem {
            line: d.span.line,
            column: d.span.column,
            end_line: d.span.end_line,
            end_column: d.span.end_column,
            message: d.message.clone(),
        }
    }
}

pub fn keyword_upper(ins: &Instruction) -> String {
    match ins.keyword {
        // Instructions are ASCII words; ASCII keeps Unicode's case tables out of the first load.
        Keyword::Unknown => ins.keyword_text.to_ascii_uppercase(),
        k => k.as_str().to_string(),
    }
}

fn instruction(ins: &Instruction) -> InstructionOut<'_> {
    let trigger = match &ins.args {
        Args::Onbuild(Some(inner)) => Some(Box::new(instruction(inner))),
        _ => None,
    };
    InstructionOut {
        keyword: keyword_upper(ins),
        start_line: ins.start_line,
        end_line: ins.end_line,
        column: ins.keyword_span.column,
        start: ins.span.start,
        end: ins.span.end,
        flags: ins
            .flags
            .iter()
            .map(|f| FlagOut {
                name: &f.name,
                value: f.value.as_deref(),
                line: f.span.line,
                column: f.span.column,
            })
            .collect(),
        text: &ins.text,
        args: &ins.args,
        heredocs: ins
            .heredocs
            .iter()
            .map(|h| HeredocOut {
                name: &h.name,
                chomp: h.chomp,
                expand: h.expand,
                content: &h.content,
                start_line: body_lines(h.body_span).0,
                end_line: body_lines(h.body_span).1,
                terminated: h.terminator_span.is_some(),
            })
            .collect(),
        trigger,
    }
}

/// First and last line of a body span that ends just after a newline.
fn body_lines(s: Span) -> (usize, usize) {
    if s.is_empty() {
        (s.line, s.line.saturating_sub(1))
    } else if s.end_column == 1 {
        (s.line, s.end_line - 1)
    } else {
        (s.line, s.end_line)
    }
}

pub fn parse_report(df: &Dockerfile) -> ParseReport<'_> {
    ParseReport {
        schema: 1,
        escape: df.escape,
        directives: df
            .directives
            .iter()
            .map(|d| DirectiveOut {
                name: &d.name,
                value: &d.value,
                line: d.span.line,
            })
            .collect(),
        instructions: df.instructions.iter().map(instruction).collect(),
        comments: df.comments.len(),
        errors: df.errors.iter().map(Problem::from).collect(),
        warnings: df.warnings.iter().map(Problem::from).collect(),
    }
}

/// `layerlens lint --format json`: the findings and the file's syntax errors.
#[derive(Debug, Serialize)]
pub struct LintReport<'a> {
    pub findings: &'a [crate::lint::Finding],
    pub errors: Vec<Problem>,
}

pub fn lint_report<'a>(df: &Dockerfile, findings: &'a [crate::lint::Finding]) -> LintReport<'a> {
    LintReport {
        findings,
        errors: df.errors.iter().map(Problem::from).collect(),
    }
}

/// One line of `layerlens analyze --format json` (JSON lines): a Dockerfile's counts, its
/// estimated size and the default rewrite's.
#[derive(Debug, Serialize)]
pub struct AnalyzeLine<'a> {
    pub file: &'a str,
    pub errors: usize,
    pub findings: usize,
    pub estimated_bytes: u64,
    pub optimized_bytes: u64,
    /// Steps the default rewrite takes.
    pub steps: usize,
}

pub fn analyze_line<'a>(
    file: &'a str,
    df: &Dockerfile,
    findings: &[crate::lint::Finding],
    o: &crate::optimize::Optimized,
) -> AnalyzeLine<'a> {
    AnalyzeLine {
        file,
        errors: df.errors.len(),
        findings: findings.len(),
        estimated_bytes: o.before_bytes,
        optimized_bytes: o.after_bytes,
        steps: o.steps.iter().filter(|s| s.enabled).count(),
    }
}

/// The result of `layerlens image` whose thresholds were evaluated (`--ci`).
#[derive(Debug, Serialize)]
pub struct ImageCi<'a> {
    pub pass: bool,
    pub rules: &'a [crate::image::ci::RuleResult],
}

/// `layerlens image --format json`: the analysis, plus the thresholds' results when they were
/// evaluated.
#[derive(Serialize)]
pub struct ImageReport<'a> {
    #[serde(flatten)]
    pub analysis: &'a crate::image::Analysis,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ci: Option<ImageCi<'a>>,
}

/// `layerlens diff --format json`: what was compared, the comparison, and the gate's verdict
/// when `--fail-on-increase` was given.
#[derive(Serialize)]
pub struct DiffReport<'a, T: Serialize> {
    /// `images` or `dockerfiles`.
    pub kind: &'static str,
    pub before: &'a str,
    pub after: &'a str,
    #[serde(flatten)]
    pub diff: &'a T,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gate: Option<DiffGate<'a>>,
}

#[derive(Serialize)]
pub struct DiffGate<'a> {
    /// As given: `20MB`, `5%`.
    pub fail_on_increase: &'a str,
    pub exceeded: bool,
}
