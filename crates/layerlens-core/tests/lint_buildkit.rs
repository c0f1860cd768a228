//! Rules that name a BuildKit check, compared with `docker build --check`'s warnings on the corpus
//! (`reference/buildkit-check.jsonl`), by file and line. Printed per check; each must reach 90 %
//! precision and recall.

mod common;

use layerlens_core::lint::{all_rules, lint};
use serde_json::Value;
use std::collections::{BTreeSet, HashMap};

#[test]
fn rules_agree_with_buildkit_checks() {
    let Some(shared) = common::shared_dir() else {
        return common::skip("BuildKit checks comparison");
    };
    let corpus = shared.join("corpus");
    let reference =
        std::fs::read_to_string(corpus.join("reference/buildkit-check.jsonl")).expect("reference");
    let parse = std::fs::read_to_string(corpus.join("reference/buildkit-parse.jsonl"))
        .expect("parse reference");
    // Files BuildKit's parser rejects have no checks.
    let rejected: BTreeSet<String> = parse
        .lines()
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .filter(|v| v["ok"] == Value::Bool(false))
        .filter_map(|v| v["file"].as_str().map(String::from))
        .collect();
    let mut theirs: HashMap<String, BTreeSet<(String, u64)>> = HashMap::new();
    let mut ours: HashMap<String, BTreeSet<(String, u64)>> = HashMap::new();
    let mut files = 0;
    let mut build_errors = 0;
    for line in reference.lines() {
        let v: Value = serde_json::from_str(line).expect("jsonl");
        let file = v["file"].as_str().unwrap_or_default().to_string();
        // Files BuildKit's parser rejects, and those where reading the instructions failed
        // ("dockerfile parse error on line N: ..."; BuildKit then stops before the checks that
        // look at stages and variables), say nothing about a check. Later build errors (a bad
        // base image name) come after the checks and stay in.
        let parse_error = v["buildError"]
            .as_str()
            .is_some_and(|e| e.starts_with("dockerfile parse error"));
        if rejected.contains(&file) || parse_error {
            build_errors += usize::from(parse_error);
            continue;
        }
        let Ok(bytes) = std::fs::read(corpus.join("dockerfiles").join(&file)) else {
            continue;
        };
        files += 1;
        for w in v["warnings"].as_array().into_iter().flatten() {
            let rule = w["rule"].as_str().unwrap_or_default().to_string();
            theirs
                .entry(rule)
                .or_default()
                .insert((file.clone(), w["line"].as_u64().unwrap_or(0)));
        }
        for f in lint(&layerlens_core::parse(&String::from_utf8_lossy(&bytes))) {
            if let Some(b) = f.buildkit {
                ours.entry(b.to_string())
                    .or_default()
                    .insert((file.clone(), f.line as u64));
            }
        }
    }
    let mut checks: Vec<&str> = all_rules().iter().filter_map(|r| r.doc.buildkit).collect();
    checks.sort_unstable();
    checks.dedup();
    println!("BuildKit checks vs layerlens on {files} corpus files ({build_errors} where BuildKit stopped at an instruction it could not read left out):");
    println!(
        "{:<34} {:>5} {:>5} {:>6} {:>10} {:>8}",
        "check", "both", "ours", "theirs", "precision", "recall"
    );
    let mut failing = Vec::new();
    let empty = BTreeSet::new();
    for check in &checks {
        let o = ours.get(*check).unwrap_or(&empty);
        let t = theirs.get(*check).unwrap_or(&empty);
        let both = o.intersection(t).count();
        let pct = |a: usize, b: usize| if b == 0 { 1.0 } else { a as f64 / b as f64 };
        let (p, r) = (pct(both, o.len()), pct(both, t.len()));
        println!(
            "{check:<34} {both:>5} {:>5} {:>6} {:>9.1}% {:>7.1}%",
            o.len(),
            t.len(),
            p * 100.0,
            r * 100.0
        );
        for (f, l) in o.difference(t).take(8) {
            println!("    only layerlens: {f}:{l}");
        }
        for (f, l) in t.difference(o).take(8) {
            println!("    only BuildKit:  {f}:{l}");
        }
        if p < 0.9 || r < 0.9 {
            failing.push(*check);
        }
    }
    let seen: BTreeSet<&String> = theirs.keys().collect();
    let missing: Vec<&&String> = seen
        .iter()
        .filter(|c| !checks.contains(&c.as_str()))
        .collect();
    println!("BuildKit checks with no layerlens rule yet: {missing:?}");
    assert!(failing.is_empty(), "below 90 %: {failing:?}");
}
