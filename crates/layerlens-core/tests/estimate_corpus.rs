//! The estimator over every corpus Dockerfile: no panic, every range holds its estimate, every
//! layer has a basis, and metadata instructions cost nothing.

mod common;

use layerlens_core::estimate::{estimate, LayerKind};

#[test]
fn every_corpus_file_estimates_sanely() {
    let Some(shared) = common::shared_dir() else {
        return common::skip("estimate over the corpus");
    };
    let dir = shared.join("corpus/dockerfiles");
    let Ok(rd) = std::fs::read_dir(&dir) else {
        return common::skip("estimate over the corpus");
    };
    let mut files = 0;
    let mut unknown_bases = 0;
    for entry in rd.flatten() {
        let Ok(bytes) = std::fs::read(entry.path()) else {
            continue;
        };
        let src = String::from_utf8_lossy(&bytes);
        let df = layerlens_core::parse(&src);
        let e = estimate(&df, &Default::default());
        files += 1;
        for l in &e.layers {
            assert!(
                l.low <= l.bytes && l.bytes <= l.high,
                "{:?}: {l:?}",
                entry.path()
            );
            assert!(!l.basis.is_empty(), "{:?} line {}", entry.path(), l.line);
            if l.kind == LayerKind::Metadata {
                assert_eq!(l.bytes, 0);
            }
            if l.kind == LayerKind::Base && l.basis.starts_with("unknown base image") {
                unknown_bases += 1;
            }
        }
    }
    println!("estimated {files} corpus files; {unknown_bases} FROM lines name an image the knowledge base does not know");
    assert!(files > 1000);
}
