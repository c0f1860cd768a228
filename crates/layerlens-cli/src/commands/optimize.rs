//! `layerlens optimize`: the rewritten Dockerfile on stdout and its steps on stderr (text), or
//! everything as JSON; `--disable`/`--enable` switch steps by id or kind.

use super::{context, debian_table, json, report_problems, status, Format, Out};
use crate::{input, render};
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    /// The Dockerfile, or `-` for standard input.
    pub file: String,
    /// text: the optimized Dockerfile on stdout, a summary on stderr. json: everything on stdout.
    #[arg(long, short, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// The build context (project folder); defaults to none, so COPY sizes are ranges.
    #[arg(long, short)]
    pub context: Option<std::path::PathBuf>,
    /// A step to leave out: its id (`pip-no-cache-L9`) or its kind (`pip-no-cache`, every
    /// step of that kind); may be repeated. Unknown names are ignored.
    #[arg(long, value_name = "STEP")]
    pub disable: Vec<String>,
    /// A step that is off unless asked for (`alpine-base`): its id or kind; may be repeated.
    #[arg(long, value_name = "STEP")]
    pub enable: Vec<String>,
    /// Also write the generated .dockerignore to this path.
    #[arg(long, value_name = "PATH")]
    pub dockerignore: Option<std::path::PathBuf>,
}

pub fn run(a: Args, out: &mut Out<'_>) -> Result<ExitCode, String> {
    let input = input::read(&a.file)?;
    let df = layerlens_core::parse(&input.text);
    let ctx = context(&a.context)?;
    let debian = debian_table(&df);
    let opts = layerlens_core::optimize::Options {
        input: layerlens_core::estimate::Input {
            context: ctx.as_ref(),
            debian: debian.as_ref(),
        },
        disabled: a.disable,
        enabled: a.enable,
    };
    let o = layerlens_core::optimize::optimize(&input.text, &opts);
    if let Some(path) = &a.dockerignore {
        std::fs::write(path, &o.dockerignore)
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    }
    match a.format {
        Format::Json => out(&json(&o)?)?,
        Format::Text => {
            out(&o.dockerfile)?;
            eprint!("{}", render::optimize_summary(&input.name, &o));
        }
    }
    report_problems(&input, &df);
    Ok(status(&df))
}
