//! One file per command: each takes its parsed arguments, writes its result through `out` and
//! returns the exit status. What several share (reading JSON out, the Debian tables, the
//! problems on stderr) is here.

pub mod analyze;
pub mod diff;
pub mod estimate;
pub mod explain;
pub mod image;
pub mod lint;
pub mod lsp;
pub mod optimize;
pub mod parse;
pub mod rule;
pub mod step;

use crate::input;
use std::process::ExitCode;

/// Where a command writes its result (stdout, or a buffer in tests).
pub type Out<'a> = dyn FnMut(&str) -> Result<(), String> + 'a;

pub fn json<T: serde::Serialize>(value: &T) -> Result<String, String> {
    serde_json::to_string_pretty(value)
        .map(|s| s + "\n")
        .map_err(|e| format!("could not write JSON: {e}"))
}

/// 0 when the Dockerfile parsed without errors, else 1 (the result was still printed).
pub fn status(df: &layerlens_core::syntax::Dockerfile) -> ExitCode {
    if df.errors.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

/// The input's warnings and the parser's warnings and errors, on stderr.
pub fn report_problems(input: &input::Input, df: &layerlens_core::syntax::Dockerfile) {
    for w in input.warnings.iter() {
        eprintln!("{}: warning: {w}", input.name);
    }
    for d in &df.warnings {
        eprintln!(
            "{}:{}:{}: warning: {}",
            input.name, d.span.line, d.span.column, d.message
        );
    }
    for d in &df.errors {
        eprintln!(
            "{}:{}:{}: error: {}",
            input.name, d.span.line, d.span.column, d.message
        );
    }
}

/// The project folder, read when one is given.
pub fn context(
    dir: &Option<std::path::PathBuf>,
) -> Result<Option<layerlens_core::estimate::BuildContext>, String> {
    match dir {
        Some(dir) => input::context(dir).map(Some),
        None => Ok(None),
    }
}

/// Debian's package tables (scripts/gen-debian-table), built into the binary.
const DEBIAN_BOOKWORM: &str =
    include_str!("../../../../static/knowledge/debian-bookworm-amd64.tsv");
const DEBIAN_TRIXIE: &str = include_str!("../../../../static/knowledge/debian-trixie-amd64.tsv");
const DEBIAN_BULLSEYE: &str =
    include_str!("../../../../static/knowledge/debian-bullseye-amd64.tsv");

/// The package table of the Debian release the file's apt installs run on, parsed (≈ 0.1 s)
/// only when one needs it.
pub fn debian_table(
    df: &layerlens_core::syntax::Dockerfile,
) -> Option<layerlens_core::knowledge::debian::DebianIndex> {
    layerlens_core::estimate::debian_table_wanted(df).map(debian_table_of)
}

/// The package table of a Debian release (`trixie`, `bullseye`; anything else is bookworm's),
/// parsed.
pub fn debian_table_of(release: &str) -> layerlens_core::knowledge::debian::DebianIndex {
    let text = match release {
        "trixie" => DEBIAN_TRIXIE,
        "bullseye" => DEBIAN_BULLSEYE,
        _ => DEBIAN_BOOKWORM,
    };
    layerlens_core::knowledge::debian::DebianIndex::parse(text)
}

/// `--format` of the commands that print text or JSON.
#[derive(Clone, Copy, clap::ValueEnum, PartialEq)]
pub enum Format {
    Text,
    Json,
}

/// The Dockerfile and the output format, as the commands that read one file take them.
#[derive(clap::Args)]
pub struct DockerfileArgs {
    /// The Dockerfile, or `-` for standard input.
    pub file: String,
    #[arg(long, short, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}
