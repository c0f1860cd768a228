//! `layerlens`: the engine of the web app, for terminals and CI.
//!
//! Every command that reads a Dockerfile takes a path or `-` for standard input, prints its
//! result on stdout and problems on stderr. Exit status: 0 when the Dockerfile has no errors,
//! 1 when it has (the result is still printed), 2 when the input could not be read or the
//! command line is wrong.

mod image;
mod input;
mod parallel;
mod render;

use clap::{Parser, Subcommand, ValueEnum};
use std::io::Write;
use std::process::ExitCode;

#[derive(Parser)]
#[command(name = "layerlens", version, about = "Find out why a Docker image is big, and make it smaller.", long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Parse a Dockerfile the way BuildKit does and print every instruction with its lines,
    /// flags, arguments and heredocs, plus errors with line and column.
    Parse {
        /// The Dockerfile, or `-` for standard input.
        file: String,
        #[arg(long, short, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Explain a Dockerfile in plain words: build stages, what every instruction and flag does,
    /// and whether it adds a filesystem layer or only metadata.
    Explain {
        /// The Dockerfile, or `-` for standard input.
        file: String,
        #[arg(long, short, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Estimate what every layer will weigh and the final image's size, each with a range and
    /// the facts it stands on. With --context, COPY sizes and dependency files are read from the
    /// project folder.
    Estimate {
        /// The Dockerfile, or `-` for standard input.
        file: String,
        #[arg(long, short, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// The build context (project folder); defaults to none, so COPY sizes are ranges.
        #[arg(long, short)]
        context: Option<std::path::PathBuf>,
    },
    /// Find what makes an image bigger, slower to rebuild or less safe, with hadolint-compatible
    /// codes. `# hadolint ignore=DL3008` and `# layerlens ignore=LL201` comments are honoured.
    /// Exit status 1 when a finding reaches --failure-threshold (or the file has errors).
    Lint {
        /// The Dockerfile, or `-` for standard input.
        file: String,
        #[arg(long, short, value_enum, default_value_t = LintFormat::Text)]
        format: LintFormat,
        /// A rule to skip (LL or DL code, or the rule's name); may be repeated.
        #[arg(long)]
        ignore: Vec<String>,
        /// The least severity that fails the run.
        #[arg(long, value_enum, default_value_t = Threshold::Info)]
        failure_threshold: Threshold,
        /// The build context (project folder): enables the rules about `.dockerignore` and what
        /// COPY sends (LL244, LL245, LL345).
        #[arg(long)]
        context: Option<std::path::PathBuf>,
    },
    /// Write the smaller Dockerfile an expert would write: the optimized file on stdout, the
    /// steps taken (what each saves, how safe it is) on stderr. With --context, sizes and the
    /// generated .dockerignore use the project folder.
    Optimize {
        /// The Dockerfile, or `-` for standard input.
        file: String,
        /// text: the optimized Dockerfile on stdout, a summary on stderr. json: everything on stdout.
        #[arg(long, short, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// The build context (project folder); defaults to none, so COPY sizes are ranges.
        #[arg(long, short)]
        context: Option<std::path::PathBuf>,
        /// A step to leave out: its id (`pip-no-cache-L9`) or its kind (`pip-no-cache`, every
        /// step of that kind); may be repeated. Unknown names are ignored.
        #[arg(long, value_name = "STEP")]
        disable: Vec<String>,
        /// A step that is off unless asked for (`alpine-base`): its id or kind; may be repeated.
        #[arg(long, value_name = "STEP")]
        enable: Vec<String>,
        /// Also write the generated .dockerignore to this path.
        #[arg(long, value_name = "PATH")]
        dockerignore: Option<std::path::PathBuf>,
    },
    /// Look inside a saved image (`docker save -o image.tar NAME`, an OCI layout tar, gzipped or
    /// not): every layer with the instruction that made it, its size and changes, dive's
    /// efficiency and wasted bytes, hogs with their fix, config checks. With --ci (or any
    /// threshold), exit status 1 when one of dive's three thresholds fails.
    Image {
        /// The image tar.
        file: String,
        #[arg(long, short, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// The platform to read from a multi-platform image (os/arch[/variant]); default
        /// linux/amd64, else the only one.
        #[arg(long)]
        platform: Option<String>,
        /// Evaluate dive's thresholds and fail (exit 1) when one is crossed.
        #[arg(long)]
        ci: bool,
        /// Lowest allowed efficiency, a ratio 0–1 (dive's default 0.9; `disabled` turns it off).
        #[arg(long, value_name = "RATIO")]
        lowest_efficiency: Option<String>,
        /// Highest allowed wasted bytes, like 20MB or 512KiB (dive's default: disabled).
        #[arg(long, value_name = "SIZE")]
        highest_wasted_bytes: Option<String>,
        /// Highest allowed wasted bytes over the bytes the layers after the first add, a ratio
        /// 0–1 (dive's default 0.1).
        #[arg(long, value_name = "RATIO")]
        highest_user_wasted_percent: Option<String>,
        /// Print only the image's history rebuilt as a Dockerfile.
        #[arg(long)]
        dockerfile: bool,
    },
    /// Everything about many Dockerfiles in one process: for each, the findings, the estimated
    /// image size and what the rewrite would make of it — one line a file (or JSON lines).
    Analyze {
        /// Dockerfiles.
        #[arg(required = true)]
        files: Vec<String>,
        #[arg(long, short, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Explain one rule: what it finds, why it matters, an example and the fix.
    Rule {
        /// A code (LL201 or DL3009) or a rule name (apt-lists-not-removed); `all` lists every rule.
        code: String,
    },
    /// Explain one kind of rewrite step: what it changes, why, how safe it is (and whether it is
    /// part of the default rewrite or opt-in), an example and the example rewritten
    Step {
        /// A step kind (pip-no-cache, split-compiled, …); `all` lists every kind.
        kind: String,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
}

#[derive(Clone, Copy, ValueEnum, PartialEq)]
enum LintFormat {
    Text,
    Json,
    /// SARIF 2.1.0, for code-scanning dashboards.
    Sarif,
    /// Checkstyle XML, for CI tools that read it.
    Checkstyle,
}

#[derive(Clone, Copy, ValueEnum, PartialEq)]
enum Threshold {
    Error,
    Warning,
    Info,
    Style,
    None,
}

#[derive(Clone, Copy, ValueEnum, PartialEq)]
enum Format {
    Text,
    Json,
}

/// musl's allocator is slow for the many small allocations of an analysis (and takes a lock per
/// call under threads); the static musl build uses dlmalloc (Cargo.toml says why that build).
#[cfg(target_env = "musl")]
#[global_allocator]
static ALLOC: dlmalloc::GlobalDlmalloc = dlmalloc::GlobalDlmalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(message) => {
            eprintln!("layerlens: {message}");
            ExitCode::from(2)
        }
    }
}

fn run(cli: Cli) -> Result<ExitCode, String> {
    let mut out = std::io::stdout().lock();
    let cli = match cli.command {
        Command::Image {
            file,
            format,
            platform,
            ci,
            lowest_efficiency,
            highest_wasted_bytes,
            highest_user_wasted_percent,
            dockerfile,
        } => {
            let args = image::Args {
                file,
                json: format == Format::Json,
                platform,
                ci,
                dockerfile,
                lowest_efficiency,
                highest_wasted_bytes,
                highest_user_wasted_percent,
            };
            let pass = image::run(args, &mut |s| write_out(&mut out, s))?;
            return Ok(if pass {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            });
        }
        Command::Analyze { files, format } => {
            let mut unreadable = false;
            for file in &files {
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
                let findings =
                    layerlens_core::lint::lint_with_estimate(&df, Default::default(), &o.before);
                let line = match format {
                    Format::Json => {
                        serde_json::to_string(&serde_json::json!({
                            "file": input.name,
                            "errors": df.errors.len(),
                            "findings": findings.len(),
                            "estimated_bytes": o.before_bytes,
                            "optimized_bytes": o.after_bytes,
                            "steps": o.steps.iter().filter(|s| s.enabled).count(),
                        }))
                        .map_err(|e| e.to_string())?
                            + "\n"
                    }
                    Format::Text => format!(
                        "{}: {} error(s), {} finding(s), estimated {}, rewrite {} ({} step(s))\n",
                        input.name,
                        df.errors.len(),
                        findings.len(),
                        layerlens_core::estimate::human(o.before_bytes),
                        layerlens_core::estimate::human(o.after_bytes),
                        o.steps.iter().filter(|s| s.enabled).count()
                    ),
                };
                write_out(&mut out, &line)?;
            }
            return Ok(if unreadable {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            });
        }
        Command::Rule { code } => {
            let text = render::rule_text(&code)
                .ok_or_else(|| format!("no rule {code:?}: `layerlens rule all` lists them"))?;
            write_out(&mut out, &text)?;
            return Ok(ExitCode::SUCCESS);
        }
        Command::Step { kind, format } => {
            use layerlens_core::optimize::steps::{doc, ALL};
            let text = match (kind.as_str(), format) {
                ("all", Format::Json) => json(&ALL)?,
                ("all", Format::Text) => render::steps_text(),
                (k, f) => {
                    let d = doc(k).ok_or_else(|| {
                        format!("no step kind {k:?}: `layerlens step all` lists them")
                    })?;
                    match f {
                        Format::Json => json(d)?,
                        Format::Text => render::step_text(d),
                    }
                }
            };
            write_out(&mut out, &text)?;
            return Ok(ExitCode::SUCCESS);
        }
        Command::Lint {
            file,
            format,
            ignore,
            failure_threshold,
            context,
        } => {
            let input = input::read(&file)?;
            let df = layerlens_core::parse(&input.text);
            let ignore: Vec<String> = ignore.iter().map(|c| c.to_ascii_uppercase()).collect();
            let ctx = match &context {
                Some(dir) => Some(input::context(dir)?),
                None => None,
            };
            let findings: Vec<_> = layerlens_core::lint::lint_with(
                &df,
                layerlens_core::estimate::Input {
                    context: ctx.as_ref(),
                    debian: None,
                },
            )
            .into_iter()
            .filter(|f| {
                !ignore.iter().any(|c| {
                    c == f.code
                        || f.hadolint.is_some_and(|h| h == c)
                        || c.eq_ignore_ascii_case(f.name)
                })
            })
            .collect();
            let rendered = match format {
                LintFormat::Json => json(
                    &serde_json::json!({ "findings": findings, "errors": layerlens_core::report::parse_report(&df).errors }),
                )?,
                LintFormat::Text => render::lint_text(&input.name, &findings),
                LintFormat::Sarif => json(&render::sarif(&input.name, &findings))?,
                LintFormat::Checkstyle => render::checkstyle(&input.name, &findings),
            };
            write_out(&mut out, &rendered)?;
            for d in &df.errors {
                eprintln!(
                    "{}:{}:{}: error: {}",
                    input.name, d.span.line, d.span.column, d.message
                );
            }
            use layerlens_core::lint::Severity;
            let limit = match failure_threshold {
                Threshold::Error => Some(Severity::Error),
                Threshold::Warning => Some(Severity::Warning),
                Threshold::Info => Some(Severity::Info),
                Threshold::Style => Some(Severity::Style),
                Threshold::None => None,
            };
            let fails = limit.is_some_and(|l| findings.iter().any(|f| f.severity <= l))
                || !df.errors.is_empty();
            return Ok(if fails {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            });
        }
        Command::Optimize {
            file,
            format,
            context,
            disable,
            enable,
            dockerignore,
        } => {
            let input = input::read(&file)?;
            let df = layerlens_core::parse(&input.text);
            let ctx = match &context {
                Some(dir) => Some(input::context(dir)?),
                None => None,
            };
            let debian = debian_table(&df);
            let opts = layerlens_core::optimize::Options {
                input: layerlens_core::estimate::Input {
                    context: ctx.as_ref(),
                    debian: debian.as_ref(),
                },
                disabled: disable,
                enabled: enable,
            };
            let o = layerlens_core::optimize::optimize(&input.text, &opts);
            if let Some(path) = &dockerignore {
                std::fs::write(path, &o.dockerignore)
                    .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
            }
            match format {
                Format::Json => write_out(&mut out, &json(&o)?)?,
                Format::Text => {
                    write_out(&mut out, &o.dockerfile)?;
                    eprint!("{}", render::optimize_summary(&input.name, &o));
                }
            }
            report_problems(&input, &df);
            return Ok(if df.errors.is_empty() {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            });
        }
        other => Cli { command: other },
    };
    let (file, format, what, context) = match cli.command {
        Command::Parse { file, format } => (file, format, What::Parse, None),
        Command::Explain { file, format } => (file, format, What::Explain, None),
        Command::Estimate {
            file,
            format,
            context,
        } => (file, format, What::Estimate, context),
        Command::Lint { .. }
        | Command::Rule { .. }
        | Command::Step { .. }
        | Command::Optimize { .. }
        | Command::Image { .. }
        | Command::Analyze { .. } => return Err("unreachable command".into()),
    };
    let input = input::read(&file)?;
    let df = layerlens_core::parse(&input.text);
    let rendered = match (what, format) {
        (What::Parse, Format::Json) => json(&layerlens_core::report::parse_report(&df))?,
        (What::Parse, Format::Text) => render::parse_text(&df),
        (What::Explain, Format::Json) => json(&layerlens_core::explain::explain(&df))?,
        (What::Explain, Format::Text) => {
            render::explain_text(&df, &layerlens_core::explain::explain(&df))
        }
        (What::Estimate, format) => {
            let ctx = match &context {
                Some(dir) => Some(input::context(dir)?),
                None => None,
            };
            // The Debian table is parsed (≈ 0.1 s) only when an apt install needs it.
            let debian = debian_table(&df);
            let e = layerlens_core::estimate::estimate(
                &df,
                &layerlens_core::estimate::Input {
                    context: ctx.as_ref(),
                    debian: debian.as_ref(),
                },
            );
            match format {
                Format::Json => json(&e)?,
                Format::Text => render::estimate_text(&e),
            }
        }
    };
    write_out(&mut out, &rendered)?;
    report_problems(&input, &df);
    Ok(if df.errors.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// The input's warnings and the parser's warnings and errors, on stderr.
fn report_problems(input: &input::Input, df: &layerlens_core::syntax::Dockerfile) {
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

/// Debian's package tables (scripts/gen-debian-table), built into the binary.
const DEBIAN_BOOKWORM: &str = include_str!("../../../static/knowledge/debian-bookworm-amd64.tsv");
const DEBIAN_TRIXIE: &str = include_str!("../../../static/knowledge/debian-trixie-amd64.tsv");

/// The package table of the Debian release the file's apt installs run on, parsed (≈ 0.1 s)
/// only when one needs it.
fn debian_table(
    df: &layerlens_core::syntax::Dockerfile,
) -> Option<layerlens_core::knowledge::debian::DebianIndex> {
    let text = match layerlens_core::estimate::debian_table_wanted(df)? {
        "trixie" => DEBIAN_TRIXIE,
        _ => DEBIAN_BOOKWORM,
    };
    Some(layerlens_core::knowledge::debian::DebianIndex::parse(text))
}

#[derive(Clone, Copy)]
enum What {
    Parse,
    Explain,
    Estimate,
}

fn json<T: serde::Serialize>(value: &T) -> Result<String, String> {
    serde_json::to_string_pretty(value)
        .map(|s| s + "\n")
        .map_err(|e| format!("could not write JSON: {e}"))
}

fn write_out(out: &mut impl Write, s: &str) -> Result<(), String> {
    match out.write_all(s.as_bytes()).and_then(|_| out.flush()) {
        Ok(()) => Ok(()),
        // A closed pipe (`layerlens parse f | head`) is not an error worth a message.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(format!("could not write the result: {e}")),
    }
}
