//! Reading a Dockerfile from a path or standard input, without trusting it: size-capped, and
//! invalid UTF-8 is replaced (with a warning) rather than refused.

use std::io::Read;

/// Larger inputs are refused: no real Dockerfile comes near this, and the parser's memory is
/// linear in the input.
pub const MAX_BYTES: u64 = 64 * 1024 * 1024;

pub struct Input {
    pub name: String,
    pub text: String,
    pub warnings: Vec<String>,
}

pub fn read(path: &str) -> Result<Input, String> {
    let mut bytes = Vec::new();
    let name = if path == "-" {
        "<stdin>".to_string()
    } else {
        path.to_string()
    };
    let result = if path == "-" {
        std::io::stdin()
            .lock()
            .take(MAX_BYTES + 1)
            .read_to_end(&mut bytes)
    } else {
        let file = std::fs::File::open(path).map_err(|e| format!("cannot open {path}: {e}"))?;
        if file.metadata().map(|m| m.is_dir()).unwrap_or(false) {
            return Err(format!(
                "{path} is a directory; give the Dockerfile inside it"
            ));
        }
        file.take(MAX_BYTES + 1).read_to_end(&mut bytes)
    };
    result.map_err(|e| format!("cannot read {name}: {e}"))?;
    if bytes.len() as u64 > MAX_BYTES {
        return Err(format!(
            "{name} is larger than {} MiB; that is not a Dockerfile",
            MAX_BYTES / 1024 / 1024
        ));
    }
    let mut warnings = Vec::new();
    let text = match String::from_utf8(bytes) {
        Ok(s) => s,
        Err(e) => {
            let valid = e.utf8_error().valid_up_to();
            warnings.push(format!(
                "not valid UTF-8 after byte {valid}; invalid bytes shown as U+FFFD"
            ));
            String::from_utf8_lossy(e.as_bytes()).into_owned()
        }
    };
    Ok(Input {
        name,
        text,
        warnings,
    })
}

/// Reads a build context folder: every file's path and size, and the text of the small files
/// the estimator reads (dependency manifests, .dockerignore). Symlinks are not followed; at most
/// 1,000,000 files are listed.
pub fn context(dir: &std::path::Path) -> Result<layerlens_core::estimate::BuildContext, String> {
    context_up_to(dir, 1_000_000)
}

/// [`context`] giving up past `max_files` files (the language server reads whatever folder an
/// editor opens, a home directory included, and must stay quick).
pub fn context_up_to(
    dir: &std::path::Path,
    max_files: usize,
) -> Result<layerlens_core::estimate::BuildContext, String> {
    use layerlens_core::estimate::{wants_text, BuildContext};
    let max_context_files = max_files;
    if !dir.is_dir() {
        return Err(format!("--context {}: not a directory", dir.display()));
    }
    let mut files = Vec::new();
    let mut texts = std::collections::HashMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let rd = std::fs::read_dir(&d).map_err(|e| format!("cannot read {}: {e}", d.display()))?;
        for entry in rd.flatten() {
            let path = entry.path();
            let Ok(meta) = std::fs::symlink_metadata(&path) else {
                continue;
            };
            let rel = path
                .strip_prefix(dir)
                .map(|r| r.to_string_lossy().replace('\\', "/"))
                .unwrap_or_default();
            if meta.is_dir() {
                stack.push(path);
            } else if meta.is_file() {
                if files.len() >= max_context_files {
                    return Err(format!(
                        "--context {}: more than {max_context_files} files",
                        dir.display()
                    ));
                }
                if wants_text(&rel) && meta.len() <= 1024 * 1024 {
                    if let Ok(t) = std::fs::read_to_string(&path) {
                        texts.insert(rel.clone(), t);
                    }
                }
                files.push((rel, meta.len()));
            }
        }
    }
    Ok(BuildContext::new(files, texts))
}
