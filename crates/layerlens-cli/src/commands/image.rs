//! `layerlens image`: read a saved image from a file (seek + read, driven by the engine's
//! requests), analyze it, print it like dive's CI mode or as JSON, and apply dive's thresholds.

use super::{json, Format, Out};
use layerlens_core::image::ci::{self, RuleResult, Thresholds};
use layerlens_core::image::units::bytes as human;
use layerlens_core::image::{analyze, Analysis, ImageReader, Options, Progress};
use layerlens_core::report::{ImageCi, ImageReport};
use std::io::{IsTerminal, Write};
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    /// The image tar.
    pub file: String,
    #[arg(long, short, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// The platform to read from a multi-platform image (os/arch[/variant]); default
    /// linux/amd64, else the only one.
    #[arg(long)]
    pub platform: Option<String>,
    /// Evaluate dive's thresholds and fail (exit 1) when one is crossed.
    #[arg(long)]
    pub ci: bool,
    /// Lowest allowed efficiency, a ratio 0–1 (dive's default 0.9; `disabled` turns it off).
    #[arg(long, value_name = "RATIO")]
    pub lowest_efficiency: Option<String>,
    /// Highest allowed wasted bytes, like 20MB or 512KiB (dive's default: disabled).
    #[arg(long, value_name = "SIZE")]
    pub highest_wasted_bytes: Option<String>,
    /// Highest allowed wasted bytes over the bytes the layers after the first add, a ratio
    /// 0–1 (dive's default 0.1).
    #[arg(long, value_name = "RATIO")]
    pub highest_user_wasted_percent: Option<String>,
    /// Print only the image's history rebuilt as a Dockerfile.
    #[arg(long)]
    pub dockerfile: bool,
}

/// Reads and analyzes `path`; progress goes to stderr when it is a terminal.
pub fn load(path: &str, platform: Option<String>) -> Result<Analysis, String> {
    let mut f = std::fs::File::open(path).map_err(|e| format!("cannot open {path}: {e}"))?;
    let meta = f
        .metadata()
        .map_err(|e| format!("cannot read {path}: {e}"))?;
    if meta.is_dir() {
        return Err(format!(
            "{path} is a directory; give the tar that `docker save` wrote"
        ));
    }
    let len = meta.len();
    let show = std::io::stderr().is_terminal() && len > 64 * 1024 * 1024;
    let start = std::time::Instant::now();
    let reader = ImageReader::new(
        len,
        Options {
            platform,
            layers_elsewhere: cfg!(unix),
            ..Options::default()
        },
    );
    let progress = |p: &Progress| {
        if show {
            let secs = start.elapsed().as_secs_f64().max(0.001);
            let pct = if p.total > 0 {
                p.position as f64 * 100.0 / p.total as f64
            } else {
                100.0
            };
            let _ = write!(
                std::io::stderr(),
                "\r\x1b[Klayerlens: {} {pct:.0}% of {} ({}/s read)",
                p.stage,
                human(p.total),
                human((p.bytes_read as f64 / secs) as u64)
            );
        }
    };
    let image =
        read_layers_in_parallel(reader, &mut f, progress).map_err(|e| format!("{path}: {e}"));
    if show {
        let _ = write!(std::io::stderr(), "\r\x1b[K");
    }
    Ok(analyze(image?))
}

/// How many layers are read at once: `LAYERLENS_THREADS`, else the machine's cores (at most 8).
fn threads() -> usize {
    std::env::var("LAYERLENS_THREADS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| {
            std::thread::available_parallelism()
                .map(|n| n.get())
                .unwrap_or(1)
                .min(8)
        })
        .max(1)
}

/// The layers are read by several threads at once (positional reads share the file).
#[cfg(unix)]
fn read_layers_in_parallel(
    reader: ImageReader,
    f: &mut std::fs::File,
    progress: impl FnMut(&Progress),
) -> Result<layerlens_core::image::Image, layerlens_core::image::ImageError> {
    use std::os::unix::fs::FileExt;
    let f = &*f;
    crate::parallel::drive_parallel(
        reader,
        |off, buf: &mut [u8]| f.read_at(buf, off),
        threads(),
        progress,
    )
}

#[cfg(not(unix))]
fn read_layers_in_parallel(
    reader: ImageReader,
    f: &mut std::fs::File,
    progress: impl FnMut(&Progress),
) -> Result<layerlens_core::image::Image, layerlens_core::image::ImageError> {
    use std::io::{Read, Seek, SeekFrom};
    let mut pos = u64::MAX;
    reader.drive(
        |off, buf: &mut [u8]| -> std::io::Result<usize> {
            if off != pos {
                f.seek(SeekFrom::Start(off))?;
            }
            let n = f.read(buf)?;
            pos = off + n as u64;
            Ok(n)
        },
        progress,
    )
}

/// Exit status 1 when a threshold that was evaluated fails.
pub fn run(args: Args, out: &mut Out<'_>) -> Result<ExitCode, String> {
    let evaluate = args.ci
        || args.lowest_efficiency.is_some()
        || args.highest_wasted_bytes.is_some()
        || args.highest_user_wasted_percent.is_some();
    // Thresholds are checked before reading, so a typo fails fast.
    let rules = Thresholds::new(
        args.lowest_efficiency.as_deref(),
        args.highest_wasted_bytes.as_deref(),
        args.highest_user_wasted_percent.as_deref(),
    )?;
    let a = load(&args.file, args.platform.clone())?;
    for w in &a.warnings {
        eprintln!("{}: warning: {w}", args.file);
    }
    if args.dockerfile {
        out(&a.dockerfile)?;
        return Ok(ExitCode::SUCCESS);
    }
    let results = if evaluate {
        ci::evaluate(&a, &rules)
    } else {
        Vec::new()
    };
    let pass = results.iter().all(|r| r.status != "fail");
    match args.format {
        Format::Json => out(&json(&ImageReport {
            analysis: &a,
            ci: evaluate.then_some(ImageCi {
                pass,
                rules: &results,
            }),
        })?)?,
        Format::Text => out(&text(
            &args.file,
            &a,
            evaluate.then_some((&results[..], pass)),
        ))?,
    }
    Ok(if pass {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

fn one_line(s: &str, max: usize) -> String {
    let s = s.replace('\n', " ⏎ ");
    if s.chars().count() <= max {
        s
    } else {
        s.chars().take(max - 1).collect::<String>() + "…"
    }
}

fn text(name: &str, a: &Analysis, ci: Option<(&[RuleResult], bool)>) -> String {
    use std::fmt::Write as _;
    let mut s = String::new();
    let fmt = a.format.label();
    let _ = writeln!(
        s,
        "Image: {name} — {fmt}{}{}, {} layers",
        if a.compressed_archive {
            ", compressed"
        } else {
            ""
        },
        a.platform
            .as_ref()
            .map(|p| format!(", {p}"))
            .unwrap_or_default(),
        a.layers.len()
    );
    if a.platforms.len() > 1 {
        let _ = writeln!(
            s,
            "  platforms: {} (choose with --platform)",
            a.platforms.join(", ")
        );
    }
    // Compressed layers: what a pull downloads beside what each unpacks to.
    use layerlens_core::image::Compression;
    let compressed = a.layers.iter().any(|l| {
        matches!(
            l.compression,
            Some(Compression::Gzip) | Some(Compression::Zstd)
        )
    });
    let stored = |l: &layerlens_core::image::LayerReport| -> String {
        if compressed {
            format!("{:>9}  ", human(l.stored_bytes))
        } else {
            String::new()
        }
    };
    let _ = writeln!(
        s,
        "\nLayers:\n  {:>3}  {:>9}  {}{:>14}  Instruction",
        "#",
        "Size",
        if compressed { "   Stored  " } else { "" },
        "+added ~chg -del"
    );
    for l in &a.layers {
        for m in &l.metadata_steps {
            if !m.is_empty() {
                let pad = if compressed {
                    " ".repeat(11)
                } else {
                    String::new()
                };
                let _ = writeln!(
                    s,
                    "  {:>3}  {:>9}  {pad}{:>14}  {}",
                    "",
                    "",
                    "",
                    one_line(m, 90)
                );
            }
        }
        let counts = format!(
            "+{} ~{} -{}",
            l.added.count, l.changed.count, l.removed.count
        );
        let _ = writeln!(
            s,
            "  {:>3}  {:>9}  {}{:>14}  {}",
            l.index,
            human(l.size_bytes),
            stored(l),
            counts,
            one_line(&l.instruction, 90)
        );
    }
    let _ = writeln!(s, "\nAnalysis:");
    let _ = writeln!(s, "  {:<18} {:.2} %", "efficiency:", a.efficiency * 100.0);
    let _ = writeln!(
        s,
        "  {:<18} {} bytes{}",
        "wastedBytes:",
        a.wasted_bytes,
        if a.wasted_bytes > 0 {
            format!(" ({})", human(a.wasted_bytes))
        } else {
            String::new()
        }
    );
    let _ = writeln!(
        s,
        "  {:<18} {}",
        "userWastedPercent:",
        if a.wasted_bytes > 0 {
            format!("{:.2} %", a.user_wasted_percent * 100.0)
        } else {
            "0 %".into()
        }
    );
    let _ = writeln!(
        s,
        "  {:<18} {} ({} bytes; user layers {})",
        "imageSize:",
        human(a.size_bytes),
        a.size_bytes,
        human(a.user_size_bytes)
    );
    if compressed && a.layers.iter().all(|l| l.stored_bytes > 0) {
        let pull: u64 = a.layers.iter().map(|l| l.stored_bytes).sum();
        let _ = writeln!(
            s,
            "  {:<18} {} (the layers as stored in the archive)",
            "pull size:",
            human(pull)
        );
    }
    let _ = writeln!(
        s,
        "  {:<18} {} files, {}",
        "final filesystem:",
        a.final_files,
        human(a.final_bytes)
    );
    if a.inefficient_files.is_empty() {
        let _ = writeln!(s, "\nInefficient Files: (None)");
    } else {
        let _ = writeln!(
            s,
            "\nInefficient Files:\n  {:<5}  {:<12}  File Path",
            "Count", "Wasted Space"
        );
        for f in a.inefficient_files.iter().take(25) {
            let _ = writeln!(
                s,
                "  {:<5}  {:<12}  {}",
                f.count,
                human(f.size_bytes),
                f.path
            );
        }
        if a.inefficient_files.len() > 25 {
            let _ = writeln!(
                s,
                "  … {} more (--format json lists all)",
                a.inefficient_files.len() - 25
            );
        }
    }
    if !a.biggest_files.is_empty() {
        let _ = writeln!(s, "\nBiggest files:");
        for f in a.biggest_files.iter().take(10) {
            let _ = writeln!(
                s,
                "  {:>9}  layer {:>2}  {}",
                human(f.size_bytes),
                f.layer,
                f.path
            );
        }
    }
    if !a.hogs.is_empty() {
        let _ = writeln!(s, "\nHogs:");
        for h in &a.hogs {
            let _ = writeln!(s, "  {:>9}  {} [{}]", human(h.size_bytes), h.title, h.id);
            for p in h.paths.iter().take(3) {
                let _ = writeln!(s, "             {p}");
            }
            let _ = writeln!(s, "             fix: {}", h.fix);
        }
    }
    if !a.checks.is_empty() {
        let _ = writeln!(s, "\nChecks:");
        for c in &a.checks {
            let _ = writeln!(
                s,
                "  {:<7}  {} [{} / {}]: {}",
                c.severity,
                c.title,
                c.id,
                c.dockle,
                one_line(&c.detail, 200)
            );
        }
    }
    if let Some((results, pass)) = ci {
        let _ = writeln!(s, "\nEvaluation:");
        for r in results {
            let status = match r.status {
                "pass" => "PASS",
                "fail" => "FAIL",
                _ => "SKIP",
            };
            let msg = if r.message.is_empty() {
                r.threshold.clone()
            } else {
                r.message.clone()
            };
            let _ = writeln!(s, "  {status}  {} ({msg})", r.name);
        }
        let (p, f, k) = results
            .iter()
            .fold((0, 0, 0), |(p, f, k), r| match r.status {
                "pass" => (p + 1, f, k),
                "fail" => (p, f + 1, k),
                _ => (p, f, k + 1),
            });
        let tally: Vec<String> = [("pass", p), ("fail", f), ("skip", k)]
            .iter()
            .filter(|(_, n)| *n > 0)
            .map(|(l, n)| format!("{l}:{n}"))
            .collect();
        let _ = writeln!(
            s,
            "\n{} [{}]",
            if pass { "PASS" } else { "FAIL" },
            tally.join(" ")
        );
    }
    s
}
