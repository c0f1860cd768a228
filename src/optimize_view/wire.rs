//! What the page's app and the Optimize view (its own wasm) tell each other, as DOM events on
//! the view's host element. Plain text, not JSON: serde_json would cost the first load more than
//! these few lines. The page's app encodes, the view decodes; both include this file.
//!
//! - `layerlens-optimize-input` (page → view), detail: [`input`] — the text and the steps the
//!   person switched; sent while the view is shown, whenever they change.
//! - `layerlens-optimize-folder` (page → view), detail: [`folder`] — the project folder, or ""
//!   for none; sent when it changes.
//! - `layerlens-optimize-ready` (view → page): the view is mounted; the page sends both again.
//! - `layerlens-step` (view → page), detail: `1 ID` or `0 ID` — a step switched on or off.

use std::collections::HashMap;

pub const INPUT: &str = "layerlens-optimize-input";
pub const FOLDER: &str = "layerlens-optimize-folder";
pub const READY: &str = "layerlens-optimize-ready";
pub const STEP: &str = "layerlens-step";
/// The element the view mounts into.
pub const HOST_ID: &str = "optimize-view";

/// `off=ID` and `on=ID` lines, a blank line, then the Dockerfile.
pub fn input<'a>(
    source: &str,
    off: impl IntoIterator<Item = &'a String>,
    on: impl IntoIterator<Item = &'a String>,
) -> String {
    let mut s = String::new();
    for id in off {
        s.push_str("off=");
        s.push_str(id);
        s.push('\n');
    }
    for id in on {
        s.push_str("on=");
        s.push_str(id);
        s.push('\n');
    }
    s.push('\n');
    s.push_str(source);
    s
}

/// (source, off, on) from [`input`]'s text.
pub fn parse_input(s: &str) -> (String, Vec<String>, Vec<String>) {
    let (mut off, mut on) = (Vec::new(), Vec::new());
    let mut rest = s;
    // Header lines up to the first empty one; the text after it is the Dockerfile, blank lines
    // and all.
    while let Some((line, after)) = rest.split_once('\n') {
        rest = after;
        if line.is_empty() {
            break;
        } else if let Some(id) = line.strip_prefix("off=") {
            off.push(id.to_string());
        } else if let Some(id) = line.strip_prefix("on=") {
            on.push(id.to_string());
        }
    }
    (rest.to_string(), off, on)
}

/// The folder's files and texts: `path NUL size NUL …`, a SOH, then `path NUL text NUL …`.
pub fn folder(files: &[(String, u64)], texts: &HashMap<String, String>) -> String {
    let mut s = String::new();
    for (p, n) in files {
        s.push_str(p);
        s.push('\0');
        s.push_str(&n.to_string());
        s.push('\0');
    }
    s.push('\u{1}');
    for (p, t) in texts {
        s.push_str(p);
        s.push('\0');
        s.push_str(t);
        s.push('\0');
    }
    s
}

/// A project folder as it crosses to the Optimize view's worker: (path, bytes) of every file,
/// and the dependency files' texts by path.
pub type FolderParts = (Vec<(String, u64)>, HashMap<String, String>);

/// [`folder`]'s text back; None for "" (no folder).
pub fn parse_folder(s: &str) -> Option<FolderParts> {
    if s.is_empty() {
        return None;
    }
    let (files, texts) = s.split_once('\u{1}').unwrap_or((s, ""));
    let mut f = files.split('\0');
    let mut out_files = Vec::new();
    while let (Some(p), Some(n)) = (f.next(), f.next()) {
        out_files.push((p.to_string(), n.parse().unwrap_or(0)));
    }
    let mut t = texts.split('\0');
    let mut out_texts = HashMap::new();
    while let (Some(p), Some(x)) = (t.next(), t.next()) {
        out_texts.insert(p.to_string(), x.to_string());
    }
    Some((out_files, out_texts))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn input_and_folder_round_trip() {
        let off = vec!["slim-base-L1".to_string()];
        let on = vec!["alpine-base".to_string()];
        let text = "FROM x\n\nRUN y\n";
        assert_eq!(
            parse_input(&input(text, &off, &on)),
            (text.to_string(), off.clone(), on)
        );
        assert_eq!(
            parse_input(&input("", &[], &[])),
            (String::new(), vec![], vec![])
        );
        // A blank line in the Dockerfile is the Dockerfile's, with or without steps switched.
        let text = "FROM python:3.6\nENV A 1\n\nRUN x\n";
        assert_eq!(parse_input(&input(text, &[], &[])).0, text);
        assert_eq!(parse_input(&input(text, &off, &[])).0, text);
        let files = vec![
            ("app/main.py".to_string(), 120),
            ("requirements.txt".to_string(), 14),
        ];
        let texts: HashMap<String, String> =
            [("requirements.txt".to_string(), "flask\n\nx\n".to_string())].into();
        assert_eq!(parse_folder(&folder(&files, &texts)), Some((files, texts)));
        assert_eq!(parse_folder(""), None);
        assert_eq!(
            parse_folder(&folder(&[], &HashMap::new())),
            Some((vec![], HashMap::new()))
        );
    }
}
