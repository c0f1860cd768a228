//! `layerlens analyze FILE...`: many Dockerfiles in one process — for each, the findings, the
//! estimated size and the default rewrite's, one line a file (or JSON lines,
//! `report::analyze_line`). Exit status 2 when a file could not be read, 1 when one is estimated
//! over `--max-size`.

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
    /// A size budget (`500MB`, `1.2GB`, bytes): exit status 1 when a file's estimated image is
    /// larger (the `layerlens-size` pre-commit hook).
    #[arg(long, value_name = "SIZE")]
    pub max_size: Option<String>,
}

pub fn run(a: Args, out: &mut Out<'_>) -> Result<ExitCode, String> {
    let budget = match &a.max_size {
        Some(s) => Some(
            layerlens_core::image::ci::parse_bytes(s)
                .ok_or_else(|| format!("--max-size {s}: not a size (500MB, 1.2GB, bytes)"))?,
        ),
        None => None,
    };
    let mut over = false;
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
        if let Some(b) = budget.filter(|b| line.estimated_bytes > *b) {
            over = true;
            eprintln!(
                "{}: estimated {} is over the budget of {} (--max-size)",
                line.file,
                human(line.estimated_bytes),
                human(b)
            );
        }
    }
    Ok(if unreadable {
        ExitCode::from(2)
    } else if over {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
