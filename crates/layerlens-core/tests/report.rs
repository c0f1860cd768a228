//! The JSON contract of `layerlens parse` (docs/cli.md), pinned by snapshots of the fixtures.

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
