//! Finding ../shared (the read-only corpus and fixtures). Tests that need it skip with a message
//! when it is absent, so a clone without it still passes.

use std::path::PathBuf;

pub fn shared_dir() -> Option<PathBuf> {
    if let Ok(dir) = std::env::var("LAYERLENS_SHARED") {
        let p = PathBuf::from(dir);
        return p.is_dir().then_some(p);
    }
    // crates/layerlens-core -> workspace root -> its sibling `shared`.
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let p = root.join("../shared");
    p.is_dir().then_some(p)
}

#[allow(dead_code)]
pub fn skip(what: &str) {
    eprintln!("SKIPPED {what}: ../shared is not beside this checkout (set LAYERLENS_SHARED to point at it)");
}
