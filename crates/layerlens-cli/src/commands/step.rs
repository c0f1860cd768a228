//! `layerlens step KIND|all`: a rewrite step kind's documentation (its `StepDoc`), as text or
//! JSON — the JSON of `all` is what the app's Learn view lists (static/steps.json).

use super::{json, Format, Out};
use crate::render;
use layerlens_core::optimize::steps::{doc, ALL};
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    /// A step kind (pip-no-cache, split-compiled, …); `all` lists every kind.
    pub kind: String,
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

pub fn run(a: Args, out: &mut Out<'_>) -> Result<ExitCode, String> {
    let text = match (a.kind.as_str(), a.format) {
        ("all", Format::Json) => json(&ALL)?,
        ("all", Format::Text) => render::steps_text(),
        (k, f) => {
            let d = doc(k)
                .ok_or_else(|| format!("no step kind {k:?}: `layerlens step all` lists them"))?;
            match f {
                Format::Json => json(d)?,
                Format::Text => render::step_text(d),
            }
        }
    };
    out(&text)?;
    Ok(ExitCode::SUCCESS)
}
