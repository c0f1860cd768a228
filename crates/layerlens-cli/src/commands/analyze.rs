//! `layerlens analyze FILE...`: many Dockerfiles in one process — for each, the findings, the
//! estimated size and the default rewrite's, one line a file (or JSON lines,
//! `report::analyze_line`). Exit status 2 when a file could not be read.

use super::{Format, Out};
use crate::input;
use layerlens_core::estimate::human;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    /// Dockerfiles.
    #[arg(required = true)]
    pub files: Vec<String>,
    #[arg(long, short, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

pub fn run(a: Args, out: &mut Out<'_>) -> Result<ExitCode, String> {
    let mut unreadable = false;
    for file in &a.files {
        let input = match input::read(file) {
            Ok(i) => i,
            Err(e) => {
                eprintln!("layerlens: {e}");
                unreadable = true;
                continue;
            }
        };
        let df = layerlens_core::parse(&input.text);
        // The rewrite estimates the file first; the rules read that estimate.
        let o = layerlens_core::optimize::optimize(&input.text, &Default::default());
        let findings = layerlens_core::lint::lint_with_estimate(&df, Default::default(), &o.before);
        let line = layerlens_core::report::analyze_line(&input.name, &df, &findings, &o);
        out(&match a.format {
            Format::Json => serde_json::to_string(&line).map_err(|e| e.to_string())? + "\n",
            Format::Text => format!(
                "{}: {} error(s), {} finding(s), estimated {}, rewrite {} ({} step(s))\n",
                line.file,
                line.errors,
                line.findings,
                human(line.estimated_bytes),
                human(line.optimized_bytes),
                line.steps
            ),
        })?;
    }
    Ok(if unreadable {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    })
}
