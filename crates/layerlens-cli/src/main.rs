//! `layerlens`: the engine of the web app, for terminals and CI.
//!
//! Every command that reads a Dockerfile takes a path or `-` for standard input, prints its
//! result on stdout and problems on stderr. Exit status: 0 when the Dockerfile has no errors,
//! 1 when it has (the result is still printed), 2 when the input could not be read or the
//! command line is wrong.

mod commands;
mod input;
mod lsp;
mod parallel;
mod render;

use clap::{Parser, Subcommand};
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
    Parse(commands::parse::Args),
    /// Explain a Dockerfile in plain words: build stages, what every instruction and flag does,
    /// and whether it adds a filesystem layer or only metadata.
    Explain(commands::explain::Args),
    /// Estimate what every layer will weigh and the final image's size, each with a range and
    /// the facts it stands on. With --context, COPY sizes and dependency files are read from the
    /// project folder.
    Estimate(commands::estimate::Args),
    /// Find what makes an image bigger, slower to rebuild or less safe, with hadolint-compatible
    /// codes. `# hadolint ignore=DL3008` and `# layerlens ignore=LL201` comments are honoured.
    /// Exit status 1 when a finding reaches --failure-threshold (or the file has errors).
    Lint(commands::lint::Args),
    /// Write the smaller Dockerfile an expert would write: the optimized file on stdout, the
    /// steps taken (what each saves, how safe it is) on stderr. With --context, sizes and the
    /// generated .dockerignore use the project folder.
    Optimize(commands::optimize::Args),
    /// Look inside a saved image (`docker save -o image.tar NAME`, an OCI layout tar, gzipped or
    /// not): every layer with the instruction that made it, its size and changes, dive's
    /// efficiency and wasted bytes, hogs with their fix, config checks. With --ci (or any
    /// threshold), exit status 1 when one of dive's three thresholds fails.
    Image(commands::image::Args),
    /// Everything about many Dockerfiles in one process: for each, the findings, the estimated
    /// image size and what the rewrite would make of it — one line a file (or JSON lines).
    Analyze(commands::analyze::Args),
    /// Compare two image archives or two Dockerfiles (told apart by content): sizes before and
    /// after, layers shared and changed, paths added, removed and changed — as text, JSON or a
    /// markdown table for a pull-request comment. With --fail-on-increase N (bytes or N%), exit
    /// status 1 when the second is larger than the first by more than N.
    Diff(commands::diff::Args),
    /// Explain one rule: what it finds, why it matters, an example and the fix.
    Rule(commands::rule::Args),
    /// Explain one kind of rewrite step: what it changes, why, how safe it is (and whether it is
    /// part of the default rewrite or opt-in), an example and the example rewritten
    Step(commands::step::Args),
    /// The language server, on stdio: diagnostics, each layer's size as an inlay hint, hover,
    /// quick fixes and the rewrite, symbols and completion, in any LSP editor (docs/editors.md).
    Lsp(commands::lsp::Args),
}

/// musl's allocator is slow for the many small allocations of an analysis (and takes a lock per
/// call under threads); the static musl build uses dlmalloc (Cargo.toml says why that build).
#[cfg(target_env = "musl")]
#[global_allocator]
static ALLOC: dlmalloc::GlobalDlmalloc = dlmalloc::GlobalDlmalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    // The server owns stdin and stdout (no lock taken here).
    if let Command::Lsp(a) = &cli.command {
        return commands::lsp::run(a);
    }
    match run(cli) {
        Ok(code) => code,
        Err(message) => {
            eprintln!("layerlens: {message}");
            ExitCode::from(2)
        }
    }
}

fn run(cli: Cli) -> Result<ExitCode, String> {
    let mut stdout = std::io::stdout().lock();
    let out = &mut |s: &str| write_out(&mut stdout, s);
    match cli.command {
        Command::Parse(a) => commands::parse::run(a, out),
        Command::Explain(a) => commands::explain::run(a, out),
        Command::Estimate(a) => commands::estimate::run(a, out),
        Command::Lint(a) => commands::lint::run(a, out),
        Command::Optimize(a) => commands::optimize::run(a, out),
        Command::Image(a) => commands::image::run(a, out),
        Command::Analyze(a) => commands::analyze::run(a, out),
        Command::Diff(a) => commands::diff::run(a, out),
        Command::Rule(a) => commands::rule::run(a, out),
        Command::Step(a) => commands::step::run(a, out),
        Command::Lsp(a) => Ok(commands::lsp::run(&a)),
    }
}

fn write_out(out: &mut impl Write, s: &str) -> Result<(), String> {
    match out.write_all(s.as_bytes()).and_then(|_| out.flush()) {
        Ok(()) => Ok(()),
        // A closed pipe (`layerlens parse f | head`) is not an error worth a message.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(format!("could not write the result: {e}")),
    }
}
