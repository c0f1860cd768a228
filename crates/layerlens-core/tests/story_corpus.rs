//! One story on every corpus Dockerfile: what the page says about size agrees with itself.
//! - The avoidable total never exceeds the final image (no byte counted twice across lessons).
//! - No finding says it saves more than the final image weighs.
//! - Every size finding (one with a saving) has a rewrite step on its line that acts on it, or
//!   the rewrite says on that line why it leaves it alone.
//!
//! Prints the counts; each must be 100 %.

mod common;

use layerlens_core::estimate::{estimate, Input};
use layerlens_core::lint::lint_with_estimate;
use layerlens_core::optimize::{optimize, Options};
use std::collections::BTreeMap;

#[test]
fn size_figures_tell_one_story_on_the_corpus() {
    let Some(shared) = common::shared_dir() else {
        return common::skip("one story over the corpus");
    };
    let Ok(rd) = std::fs::read_dir(shared.join("corpus/dockerfiles")) else {
        return common::skip("one story over the corpus");
    };
    let (mut files, mut size_findings, mut answered) = (0, 0, 0);
    let mut unanswered: BTreeMap<&'static str, Vec<String>> = BTreeMap::new();
    for entry in rd.flatten() {
        let Ok(bytes) = std::fs::read(entry.path()) else {
            continue;
        };
        let src = String::from_utf8_lossy(&bytes);
        let name = entry.file_name().to_string_lossy().into_owned();
        let df = layerlens_core::parse(&src);
        let e = estimate(&df, &Input::default());
        files += 1;
        assert!(
            e.final_wasted_bytes <= e.final_image_bytes,
            "{name}: avoidable {} > image {}",
            e.final_wasted_bytes,
            e.final_image_bytes
        );
        let findings = lint_with_estimate(&df, Input::default(), &e);
        let sized: Vec<_> = findings
            .iter()
            .filter(|f| f.saving_bytes.is_some())
            .collect();
        for f in &sized {
            assert!(
                f.saving_bytes.unwrap_or(0) <= e.final_image_bytes,
                "{name}:{} {} saves more than the image",
                f.line,
                f.code
            );
        }
        if sized.is_empty() {
            continue;
        }
        let o = optimize(&src, &Options::default());
        for f in sized {
            size_findings += 1;
            let acted = o.steps.iter().any(|s| s.lines.contains(&f.line));
            let said = o.notes.iter().any(|n| n.line == f.line);
            if acted || said {
                answered += 1;
            } else {
                unanswered
                    .entry(f.code)
                    .or_default()
                    .push(format!("{name}:{}", f.line));
            }
        }
    }
    println!(
        "one story: {files} corpus files, avoidable ≤ image on all; {answered}/{size_findings} size findings have a rewrite step or a note on their line"
    );
    for (code, places) in &unanswered {
        println!(
            "  {code}: {} unanswered, e.g. {}",
            places.len(),
            places
                .iter()
                .take(3)
                .cloned()
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    assert!(files > 1000 || files == 0);
    assert_eq!(
        answered, size_findings,
        "size findings with no step and no note"
    );
}
