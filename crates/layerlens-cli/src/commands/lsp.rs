//! `layerlens lsp`: the language server on stdio (crate::lsp).

#[derive(clap::Args)]
pub struct Args {
    /// Accepted for editors that pass it; stdio is the only transport.
    #[arg(long)]
    pub stdio: bool,
}

pub fn run(_args: &Args) -> std::process::ExitCode {
    match crate::lsp::run_stdio() {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("layerlens lsp: {e}");
            std::process::ExitCode::from(2)
        }
    }
}
