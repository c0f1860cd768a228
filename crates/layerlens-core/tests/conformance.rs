//! BuildKit conformance: on every corpus file BuildKit's parser accepts, layerlens must find the
//! same instructions (keyword, start line, end line) on at least 99.8 % of files; on every file it
//! rejects, layerlens must report an error at a line. Prints the agreement and each disagreement.

mod common;

use layerlens_core::syntax::{Args, Keyword};
use serde_json::Value;

#[derive(Debug, PartialEq)]
struct Ins {
    cmd: String,
    start: u64,
    end: u64,
}

#[test]
fn instructions_agree_with_buildkit() {
    let Some(shared) = common::shared_dir() else {
        return common::skip("BuildKit conformance");
    };
    let corpus = shared.join("corpus");
    let reference =
        std::fs::read_to_string(corpus.join("reference/buildkit-parse.jsonl")).expect("reference");
    let (mut accepted, mut agree, mut rejected, mut rejected_with_error) = (0, 0, 0, 0);
    let (mut heredoc_files, mut heredoc_agree, mut flag_agree) = (0, 0, 0);
    let mut disagreements = Vec::new();
    for line in reference.lines() {
        let v: Value = serde_json::from_str(line).expect("jsonl");
        let file = v["file"].as_str().unwrap_or_default().to_string();
        let Ok(bytes) = std::fs::read(corpus.join("dockerfiles").join(&file)) else {
            continue;
        };
        let src = String::from_utf8_lossy(&bytes);
        let df = layerlens_core::parse(&src);
        if v["ok"] == Value::Bool(false) {
            rejected += 1;
            if df.errors.iter().any(|e| e.span.line >= 1) {
                rejected_with_error += 1;
            } else {
                disagreements.push(format!(
                    "{file}: BuildKit rejects it ({}), layerlens reports no error",
                    v["error"]
                ));
            }
            continue;
        }
        accepted += 1;
        let theirs: Vec<Ins> = v["instructions"]
            .as_array()
            .map(|a| {
                a.iter()
                    .map(|i| Ins {
                        cmd: i["cmd"].as_str().unwrap_or_default().to_ascii_uppercase(),
                        start: i["start_line"].as_u64().unwrap_or(0),
                        end: i["end_line"].as_u64().unwrap_or(0),
                    })
                    .collect()
            })
            .unwrap_or_default();
        let ours: Vec<Ins> = df
            .instructions
            .iter()
            .map(|i| Ins {
                cmd: i.keyword_text.to_ascii_uppercase(),
                start: i.start_line as u64,
                end: i.end_line as u64,
            })
            .collect();
        if ours == theirs {
            agree += 1;
        } else {
            let first = ours
                .iter()
                .zip(&theirs)
                .position(|(a, b)| a != b)
                .unwrap_or(ours.len().min(theirs.len()));
            disagreements.push(format!(
                "{file}: {} instructions vs BuildKit's {}; first difference at #{first}: ours {:?}, BuildKit's {:?}",
                ours.len(),
                theirs.len(),
                ours.get(first),
                theirs.get(first)
            ));
            continue;
        }
        // Secondary: heredoc names and flags, where the instruction lists agree.
        let their_heredocs: Vec<Vec<String>> = v["instructions"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|i| {
                i["heredocs"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .map(|h| h["name"].as_str().unwrap_or_default().to_string())
                    .collect()
            })
            .collect();
        let our_heredocs: Vec<Vec<String>> = df
            .instructions
            .iter()
            .map(|i| i.heredocs.iter().map(|h| h.name.clone()).collect())
            .collect();
        if their_heredocs.iter().any(|h| !h.is_empty()) {
            heredoc_files += 1;
            if their_heredocs == our_heredocs {
                heredoc_agree += 1;
            } else {
                disagreements.push(format!(
                    "{file}: heredocs {our_heredocs:?} vs BuildKit's {their_heredocs:?}"
                ));
            }
        }
        let their_flags: Vec<Vec<String>> = v["instructions"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|i| {
                i["flags"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .map(|f| f.as_str().unwrap_or_default().to_string())
                    .collect()
            })
            .collect();
        let our_flags: Vec<Vec<String>> = df
            .instructions
            .iter()
            .map(|i| {
                // BuildKit keeps ONBUILD's inner flags on the inner node; compare the outer ones.
                let _ = matches!(i.args, Args::Onbuild(_)) && i.keyword == Keyword::Onbuild;
                i.flags
                    .iter()
                    .map(|f| match &f.value {
                        Some(v) => format!("--{}={v}", f.name),
                        None => format!("--{}", f.name),
                    })
                    .collect()
            })
            .collect();
        if their_flags == our_flags {
            flag_agree += 1;
        } else {
            disagreements.push(format!(
                "{file}: flags {our_flags:?} vs BuildKit's {their_flags:?}"
            ));
        }
    }
    let pct = |a: usize, b: usize| {
        if b == 0 {
            100.0
        } else {
            100.0 * a as f64 / b as f64
        }
    };
    println!(
        "BuildKit conformance over {} corpus files:",
        accepted + rejected
    );
    println!(
        "  instructions (count, keyword, start and end line) agree on {agree}/{accepted} accepted files = {:.2} %",
        pct(agree, accepted)
    );
    println!("  heredoc names agree on {heredoc_agree}/{heredoc_files} files with heredocs");
    println!("  flags agree on {flag_agree}/{agree} files");
    println!("  rejected by BuildKit: {rejected}, of which layerlens reports an error at a line: {rejected_with_error}");
    for d in &disagreements {
        println!("  DISAGREE {d}");
    }
    assert!(accepted > 0, "no corpus files read");
    assert!(pct(agree, accepted) >= 99.8, "agreement below 99.8 %");
    assert_eq!(
        rejected, rejected_with_error,
        "a file BuildKit rejects got no error"
    );
}
