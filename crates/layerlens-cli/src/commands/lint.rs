//! `layerlens lint`: the findings, as text, JSON (`report::lint_report`), SARIF or Checkstyle;
//! hadolint's and layerlens's ignore pragmas honoured; exit status 1 when a finding reaches
//! `--failure-threshold` or the file has syntax errors.

use super::{context, json, Out};
use crate::{input, render};
use layerlens_core::lint::Severity;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    /// The Dockerfile, or `-` for standard input; several files with text or Checkstyle output
    /// (what a pre-commit hook passes).
    #[arg(required = true)]
    pub files: Vec<String>,
    #[arg(long, short, value_enum, default_value_t = LintFormat::Text)]
    pub format: LintFormat,
    /// A rule to skip (LL or DL code, or the rule's name); may be repeated.
    #[arg(long)]
    pub ignore: Vec<String>,
    /// The least severity that fails the run.
    #[arg(long, value_enum, default_value_t = Threshold::Info)]
    pub failure_threshold: Threshold,
    /// The build context (project folder): enables the rules about `.dockerignore` and what
    /// COPY sends (LL244, LL245, LL345).
    #[arg(long)]
    pub context: Option<std::path::PathBuf>,
}

#[derive(Clone, Copy, clap::ValueEnum, PartialEq)]
pub enum LintFormat {
    Text,
    Json,
    /// SARIF 2.1.0, for code-scanning dashboards.
    Sarif,
    /// Checkstyle XML, for CI tools that read it.
    Checkstyle,
}

#[derive(Clone, Copy, clap::ValueEnum, PartialEq)]
pub enum Threshold {
    Error,
    Warning,
    Info,
    Style,
    None,
}

pub fn run(a: Args, out: &mut Out<'_>) -> Result<ExitCode, String> {
    if a.files.len() > 1 && matches!(a.format, LintFormat::Json | LintFormat::Sarif) {
        return Err(
            "--format json and sarif take one file; lint several with text or checkstyle".into(),
        );
    }
    let mut fails = false;
    for file in &a.files {
        fails |= lint_one(&a, file, out)?;
    }
    Ok(if fails {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// Lints one file; true when it fails the threshold (or has syntax errors).
fn lint_one(a: &Args, file: &str, out: &mut Out<'_>) -> Result<bool, String> {
    let input = input::read(file)?;
    let df = layerlens_core::parse(&input.text);
    let ignore: Vec<String> = a.ignore.iter().map(|c| c.to_ascii_uppercase()).collect();
    let ctx = context(&a.context)?;
    let findings: Vec<_> = layerlens_core::lint::lint_with(
        &df,
        layerlens_core::estimate::Input {
            context: ctx.as_ref(),
            debian: None,
        },
    )
    .into_iter()
    .filter(|f| {
        !ignore.iter().any(|c| {
            c == f.code || f.hadolint.is_some_and(|h| h == c) || c.eq_ignore_ascii_case(f.name)
        })
    })
    .collect();
    out(&match a.format {
        LintFormat::Json => json(&layerlens_core::report::lint_report(&df, &findings))?,
        LintFormat::Text => render::lint_text(&input.name, &findings),
        LintFormat::Sarif => json(&render::sarif(&input.name, &findings))?,
        LintFormat::Checkstyle => render::checkstyle(&input.name, &findings),
    })?;
    for d in &df.errors {
        eprintln!(
            "{}:{}:{}: error: {}",
            input.name, d.span.line, d.span.column, d.message
        );
    }
    let limit = match a.failure_threshold {
        Threshold::Error => Some(Severity::Error),
        Threshold::Warning => Some(Severity::Warning),
        Threshold::Info => Some(Severity::Info),
        Threshold::Style => Some(Severity::Style),
        Threshold::None => None,
    };
    Ok(limit.is_some_and(|l| findings.iter().any(|f| f.severity <= l)) || !df.errors.is_empty())
}
