//! The JSON contracts of `layerlens parse`, `lint` and `analyze` (docs/cli.md), pinned by
//! snapshots: the CLI prints these shapes and nothing else.

use layerlens_core::report::parse_report;

fn report(name: &str) -> serde_json::Value {
    let path = format!(
        "{}/tests/fixtures/{name}.Dockerfile",
        env!("CARGO_MANIFEST_DIR")
    );
    let src = std::fs::read_to_string(&path).expect("fixture");
    serde_json::to_value(parse_report(&layerlens_core::parse(&src))).expect("serializes")
}

#[test]
fn features_report() {
    insta::assert_json_snapshot!(report("features"));
}

#[test]
fn broken_report() {
    let r = report("broken");
    // Errors carry line and column, and parsing went on past them.
    assert!(r["errors"]
        .as_array()
        .is_some_and(|e| !e.is_empty() && e.iter().all(|e| e["line"].as_u64() > Some(0))));
    insta::assert_json_snapshot!(r);
}

/// `lint --format json` and a line of `analyze --format json`: the fields in their order.
#[test]
fn lint_and_analyze_reports() {
    let src = "FROM debian:bookworm\nRUN apt-get update && apt-get install -y curl\nCMD curl\n";
    let df = layerlens_core::parse(src);
    let findings = layerlens_core::lint::lint(&df);
    let lint = serde_json::to_string_pretty(&layerlens_core::report::lint_report(&df, &findings))
        .expect("serializes");
    insta::assert_snapshot!("lint_report", lint);
    let o = layerlens_core::optimize::optimize(src, &Default::default());
    let line = layerlens_core::report::analyze_line("Dockerfile", &df, &findings, &o);
    let keys: Vec<String> = serde_json::to_value(&line)
        .expect("serializes")
        .as_object()
        .map(|m| m.keys().cloned().collect())
        .unwrap_or_default();
    assert_eq!(
        keys.len(),
        6,
        "file, errors, findings, estimated_bytes, optimized_bytes, steps: {keys:?}"
    );
    assert_eq!(line.findings, findings.len());
    assert!(line.optimized_bytes <= line.estimated_bytes && line.steps > 0);
}
