//! `layerlens parse`: every instruction with its lines, flags, arguments and heredocs, and the
//! errors with line and column — text, or the JSON of `report::parse_report`.

use super::{json, report_problems, status, Format, Out};
use crate::{input, render};
use std::process::ExitCode;

pub type Args = super::DockerfileArgs;

pub fn run(a: Args, out: &mut Out<'_>) -> Result<ExitCode, String> {
    let input = input::read(&a.file)?;
    let df = layerlens_core::parse(&input.text);
    out(&match a.format {
        Format::Json => json(&layerlens_core::report::parse_report(&df))?,
        Format::Text => render::parse_text(&df),
    })?;
    report_problems(&input, &df);
    Ok(status(&df))
}
