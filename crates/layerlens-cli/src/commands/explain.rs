//! `layerlens explain`: the stages, what every instruction and flag does, and whether it adds a
//! layer or only metadata.

use super::{json, report_problems, status, Format, Out};
use crate::{input, render};
use std::process::ExitCode;

pub type Args = super::DockerfileArgs;

pub fn run(a: Args, out: &mut Out<'_>) -> Result<ExitCode, String> {
    let input = input::read(&a.file)?;
    let df = layerlens_core::parse(&input.text);
    let ex = layerlens_core::explain::explain(&df);
    out(&match a.format {
        Format::Json => json(&ex)?,
        Format::Text => render::explain_text(&df, &ex),
    })?;
    report_problems(&input, &df);
    Ok(status(&df))
}
