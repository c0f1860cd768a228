//! ARCHITECTURE.md stays true at folder level, and the tree keeps the shape it describes: every
//! module folder is named in its crate's section, the app has no `#[path]` includes, and no
//! source file (tests and generated tables aside) grows past 1,000 lines.

use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn dirs(base: &Path, rel: &Path, out: &mut Vec<String>) {
    let Ok(entries) = std::fs::read_dir(base.join(rel)) else {
        return;
    };
    for e in entries.flatten() {
        if e.file_type().is_ok_and(|t| t.is_dir()) {
            let r = rel.join(e.file_name());
            out.push(format!("{}/", r.to_string_lossy()));
            dirs(base, &r, out);
        }
    }
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// The text of the section whose heading names `src_root` (up to the next `### `).
fn section<'a>(doc: &'a str, src_root: &str) -> &'a str {
    let head = format!("### `{src_root}`");
    let start = doc
        .find(&head)
        .unwrap_or_else(|| panic!("ARCHITECTURE.md has no section {head}"));
    let rest = &doc[start + head.len()..];
    let end = rest
        .find("\n### ")
        .or_else(|| rest.find("\n## "))
        .unwrap_or(rest.len());
    &rest[..end]
}

#[test]
fn every_module_folder_is_named_in_architecture_md() {
    let doc = std::fs::read_to_string(root().join("ARCHITECTURE.md")).expect("ARCHITECTURE.md");
    let mut missing = Vec::new();
    for src_root in [
        "crates/layerlens-core/src",
        "crates/layerlens-cli/src",
        "src",
    ] {
        let text = section(&doc, src_root);
        let mut found = Vec::new();
        dirs(&root().join(src_root), Path::new(""), &mut found);
        assert!(
            !found.is_empty() || src_root != "src",
            "no folders under {src_root}?"
        );
        for d in found {
            if !text.contains(&format!("`{d}`")) {
                missing.push(format!("{src_root}/{d}"));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "module folders ARCHITECTURE.md does not name (in their crate's section, as `name/`): {missing:?}"
    );
}

#[test]
fn the_app_is_one_module_tree() {
    let mut files = Vec::new();
    rust_files(&root().join("src"), &mut files);
    let with_path: Vec<_> = files
        .iter()
        .filter(|p| {
            std::fs::read_to_string(p)
                .unwrap_or_default()
                .lines()
                .any(|l| l.trim_start().starts_with("#[path"))
        })
        .collect();
    assert!(with_path.is_empty(), "#[path] includes: {with_path:?}");
}

#[test]
fn no_source_file_past_1000_lines() {
    let mut files = Vec::new();
    for r in [
        "src",
        "crates/layerlens-core/src",
        "crates/layerlens-cli/src",
    ] {
        rust_files(&root().join(r), &mut files);
    }
    let long: Vec<String> = files
        .iter()
        // Tests and generated data tables are not code a newcomer reads top to bottom.
        .filter(|p| {
            let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
            name != "tests.rs" && !p.components().any(|c| c.as_os_str() == "tests")
        })
        .filter_map(|p| {
            let text = std::fs::read_to_string(p).ok()?;
            let n = text.lines().count();
            let generated = text.starts_with("// @generated") || text.contains("DO NOT EDIT");
            (n > 1000 && !generated).then(|| format!("{} ({n} lines)", p.display()))
        })
        .collect();
    assert!(long.is_empty(), "files past 1,000 lines: {long:?}");
}
