//! `layerlens estimate`: what every layer will weigh and the final image's size, each with a
//! range and its basis; the project folder (`--context`) makes COPY sizes exact.

use super::{context, debian_table, json, report_problems, status, Format, Out};
use crate::{input, render};
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub dockerfile: super::DockerfileArgs,
    /// The build context (project folder); defaults to none, so COPY sizes are ranges.
    #[arg(long, short)]
    pub context: Option<std::path::PathBuf>,
}

pub fn run(a: Args, out: &mut Out<'_>) -> Result<ExitCode, String> {
    let input = input::read(&a.dockerfile.file)?;
    let df = layerlens_core::parse(&input.text);
    let ctx = context(&a.context)?;
    // The Debian table is parsed (≈ 0.1 s) only when an apt install needs it.
    let debian = debian_table(&df);
    let e = layerlens_core::estimate::estimate(
        &df,
        &layerlens_core::estimate::Input {
            context: ctx.as_ref(),
            debian: debian.as_ref(),
        },
    );
    out(&match a.dockerfile.format {
        Format::Json => json(&e)?,
        Format::Text => render::estimate_text(&e),
    })?;
    report_problems(&input, &df);
    Ok(status(&df))
}
