//! `layerlens rule CODE|all`: a rule's documentation, the text the app shows under a finding.

use super::Out;
use crate::render;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    /// A code (LL201 or DL3009) or a rule name (apt-lists-not-removed); `all` lists every rule.
    pub code: String,
}

pub fn run(a: Args, out: &mut Out<'_>) -> Result<ExitCode, String> {
    let text = render::rule_text(&a.code)
        .ok_or_else(|| format!("no rule {:?}: `layerlens rule all` lists them", a.code))?;
    out(&text)?;
    Ok(ExitCode::SUCCESS)
}
