//! `layerlens diff A B`: two image archives or two Dockerfiles (told apart by their first
//! bytes) compared — text, JSON (`report::DiffReport`) or markdown for a pull-request comment.
//! With `--fail-on-increase N` (bytes or `N%`) the exit status is 1 when B is larger than A by
//! more than N; 2 when an input cannot be read or the two are not of one kind.

use super::{context, debian_table, json, Out};
use crate::input;
use layerlens_core::compare::{self, Diff, Increase};
use layerlens_core::report::{DiffGate, DiffReport};
use std::io::Read;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    /// The first (before): an image tar or a Dockerfile.
    pub before: String,
    /// The second (after), of the same kind.
    pub after: String,
    #[arg(long, short, value_enum, default_value_t = DiffFormat::Text)]
    pub format: DiffFormat,
    /// Exit with status 1 when the second is larger than the first by more than this: bytes
    /// (1000, 20MB, 512KiB) or a percentage of the first (5%).
    #[arg(long, value_name = "N")]
    pub fail_on_increase: Option<String>,
    /// For Dockerfiles: the build context (project folder) both are estimated with.
    #[arg(long, short)]
    pub context: Option<std::path::PathBuf>,
    /// For images: the platform to read from multi-platform archives (os/arch[/variant]).
    #[arg(long)]
    pub platform: Option<String>,
}

#[derive(Clone, Copy, clap::ValueEnum, PartialEq)]
pub enum DiffFormat {
    Text,
    Json,
    /// A compact table to post as a pull-request comment.
    Markdown,
}

/// Whether a file starts like an image archive (tar, gzip, zstd) rather than text.
fn is_archive(path: &str) -> Result<bool, String> {
    if path == "-" {
        return Ok(false);
    }
    let mut head = [0u8; 512];
    let mut f = std::fs::File::open(path).map_err(|e| format!("cannot open {path}: {e}"))?;
    let mut n = 0;
    while n < head.len() {
        match f.read(&mut head[n..]) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(e) => return Err(format!("cannot read {path}: {e}")),
        }
    }
    let head = &head[..n];
    Ok(
        layerlens_core::image::Compression::sniff(head) != layerlens_core::image::Compression::None
            || (n == 512 && layerlens_core::image::tar::looks_like_tar(head)),
    )
}

pub fn run(a: Args, out: &mut Out<'_>) -> Result<ExitCode, String> {
    // The gate is read first, so a typo fails before minutes of reading.
    let gate = a
        .fail_on_increase
        .as_deref()
        .map(Increase::parse)
        .transpose()
        .map_err(|e| e.to_string())?;
    let (ka, kb) = (is_archive(&a.before)?, is_archive(&a.after)?);
    if ka != kb {
        return Err(format!(
            "{} is {} but {} is {}: compare two images or two Dockerfiles",
            a.before,
            if ka {
                "an image archive"
            } else {
                "a Dockerfile"
            },
            a.after,
            if kb {
                "an image archive"
            } else {
                "a Dockerfile"
            },
        ));
    }
    let (text, exceeded) = if ka {
        let x = super::image::load(&a.before, a.platform.clone())?;
        let y = super::image::load(&a.after, a.platform.clone())?;
        let d = compare::images(&x, &y);
        let exceeded = gate.map(|g| g.exceeded(d.size_bytes.before, d.size_bytes.after));
        (
            render(&a, &Diff::Images(&d), "images", &d, exceeded)?,
            exceeded,
        )
    } else {
        let (ia, ib) = (input::read(&a.before)?, input::read(&a.after)?);
        let (da, db) = (
            layerlens_core::parse(&ia.text),
            layerlens_core::parse(&ib.text),
        );
        let ctx = context(&a.context)?;
        let (ta, tb) = (debian_table(&da), debian_table(&db));
        let est = |df, t: &Option<layerlens_core::knowledge::debian::DebianIndex>| {
            layerlens_core::estimate::estimate(
                df,
                &layerlens_core::estimate::Input {
                    context: ctx.as_ref(),
                    debian: t.as_ref(),
                },
            )
        };
        let (ea, eb) = (est(&da, &ta), est(&db, &tb));
        let d = compare::dockerfiles(&da, &ea, &db, &eb);
        let f = d.final_image_bytes;
        let exceeded = gate.map(|g| g.exceeded(f.before, f.after));
        (
            render(&a, &Diff::Dockerfiles(&d), "dockerfiles", &d, exceeded)?,
            exceeded,
        )
    };
    out(&text)?;
    if exceeded == Some(true) {
        eprintln!(
            "layerlens: {} is larger than {} by more than {}",
            a.after,
            a.before,
            a.fail_on_increase.as_deref().unwrap_or("")
        );
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}

fn render<T: serde::Serialize>(
    a: &Args,
    d: &Diff<'_>,
    kind: &'static str,
    value: &T,
    exceeded: Option<bool>,
) -> Result<String, String> {
    Ok(match a.format {
        DiffFormat::Text => compare::text(d, &a.before, &a.after),
        DiffFormat::Markdown => compare::markdown(d, &a.before, &a.after),
        DiffFormat::Json => json(&DiffReport {
            kind,
            before: &a.before,
            after: &a.after,
            diff: value,
            gate: exceeded.map(|exceeded| DiffGate {
                fail_on_increase: a.fail_on_increase.as_deref().unwrap_or(""),
                exceeded,
            }),
        })?,
    })
}
