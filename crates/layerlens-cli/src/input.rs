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
    let name = if path == "-" { "<stdin>".to_string() } else { path.to_string() };
    let result = if path == "-" {
        std::io::stdin().lock().take(MAX_BYTES + 1).read_to_end(&mut bytes)
    } else {
        let file = std::fs::File::open(path).map_err(|e| format!("cannot open {path}: {e}"))?;
        if file.metadata().map(|m| m.is_dir()).unwrap_or(false) {
            return Err(format!("{path} is a directory; give the Dockerfile inside it"));
        }
        file.take(MAX_BYTES + 1).read_to_end(&mut bytes)
    };
    result.map_err(|e| format!("cannot read {name}: {e}"))?;
    if bytes.len() as u64 > MAX_BYTES {
        return Err(format!("{name} is larger than {} MiB; that is not a Dockerfile", MAX_BYTES / 1024 / 1024));
    }
    let mut warnings = Vec::new();
    let text = match String::from_utf8(bytes) {
        Ok(s) => s,
        Err(e) => {
            let valid = e.utf8_error().valid_up_to();
            warnings.push(format!("not valid UTF-8 after byte {valid}; invalid bytes shown as U+FFFD"));
            String::from_utf8_lossy(e.as_bytes()).into_owned()
        }
    };
    Ok(Input { name, text, warnings })
}
