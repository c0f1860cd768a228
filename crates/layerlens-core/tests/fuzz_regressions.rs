//! Inputs the fuzzers (scripts/fuzz) once broke, replayed with the same checks as the fuzz
//! targets: fuzz/regressions/<target>/<file>. A directory with no files is fine.

use layerlens_core::optimize::{optimize, Options};
use std::path::Path;

fn inputs(target: &str) -> Vec<(String, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../fuzz/regressions")
        .join(target);
    let Ok(rd) = std::fs::read_dir(&dir) else {
        return Vec::new();
    };
    let mut v: Vec<(String, Vec<u8>)> = rd
        .filter_map(|e| e.ok())
        .filter(|e| e.path().is_file())
        .filter_map(|e| {
            Some((
                e.file_name().to_string_lossy().to_string(),
                std::fs::read(e.path()).ok()?,
            ))
        })
        .collect();
    v.sort();
    v
}

#[test]
fn dockerfile_regressions() {
    for target in ["parse", "lint", "estimate", "optimize"] {
        for (name, data) in inputs(target) {
            let src = String::from_utf8_lossy(&data);
            let df = layerlens_core::parse(&src);
            let _ = layerlens_core::lint::lint(&df);
            let e = layerlens_core::estimate::estimate(&df, &Default::default());
            assert!(
                e.final_low <= e.final_image_bytes && e.final_image_bytes <= e.final_high,
                "{target}/{name}"
            );
            let o = optimize(&src, &Options::default());
            if o.dockerfile != src {
                assert!(
                    layerlens_core::parse(&o.dockerfile).errors.is_empty(),
                    "{target}/{name}"
                );
                assert_eq!(
                    optimize(&o.dockerfile, &Options::default()).dockerfile,
                    o.dockerfile,
                    "{target}/{name}: not idempotent"
                );
                assert!(o.after_bytes <= o.before_bytes, "{target}/{name}");
            }
        }
    }
}

#[test]
fn image_regressions() {
    for (name, data) in inputs("image") {
        if let Ok(image) = layerlens_core::image::read_all(&data, Default::default()) {
            let _ = layerlens_core::image::analyze(image);
        }
        let _ = name;
    }
}
