//! The `layerlens` binary as a user runs it: paths and stdin, stdout and stderr, exit status.

mod common;

use std::io::Write;
use std::process::{Command, Stdio};

use common::layerlens;

const GOOD: &str = "FROM golang:1.22 AS build\nRUN --mount=type=cache,target=/go/pkg/mod go build -o /app .\n\nFROM scratch\nCOPY --from=build /app /app\nCOPY <<EOF /etc/app.conf\nport=80\nEOF\nENTRYPOINT [\"/app\"]\n";

#[test]
fn parse_json_from_stdin_has_the_documented_fields() {
    let out = layerlens(&["parse", "--format", "json", "-"], Some(GOOD));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON on stdout");
    let ins = v["instructions"].as_array().expect("instructions[]");
    let kws: Vec<&str> = ins
        .iter()
        .map(|i| i["keyword"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(kws, ["FROM", "RUN", "FROM", "COPY", "COPY", "ENTRYPOINT"]);
    assert_eq!(ins[1]["start_line"], 2);
    assert_eq!(ins[1]["end_line"], 2);
    assert_eq!(ins[1]["flags"][0]["name"], "mount");
    assert_eq!(ins[1]["flags"][0]["value"], "type=cache,target=/go/pkg/mod");
    assert_eq!(ins[4]["start_line"], 6);
    assert_eq!(ins[4]["end_line"], 8);
    assert_eq!(ins[4]["heredocs"][0]["name"], "EOF");
    assert_eq!(ins[4]["heredocs"][0]["content"], "port=80\n");
    assert_eq!(v["errors"].as_array().map(Vec::len), Some(0));
    assert!(out.stderr.is_empty());
}

#[test]
fn errors_go_to_stderr_with_line_and_column_and_exit_1() {
    let out = layerlens(
        &["parse", "--format", "json", "-"],
        Some("FROM alpine\nFORM x\nRUN echo\n"),
    );
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON still printed");
    assert_eq!(v["instructions"].as_array().map(Vec::len), Some(3));
    assert_eq!(v["errors"][0]["line"], 2);
    assert_eq!(v["errors"][0]["column"], 1);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("<stdin>:2:1: error: unknown instruction: FORM (did you mean FROM?)"),
        "{err}"
    );
}

#[test]
fn explain_reads_a_path_and_groups_by_stage() {
    let dir = std::env::temp_dir().join(format!("layerlens-cli-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("tmp");
    let path = dir.join("Dockerfile");
    std::fs::write(&path, GOOD).expect("write");
    let out = layerlens(&["explain", path.to_str().expect("utf8 path")], None);
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("← becomes the image"), "{text}");
    assert!(
        text.contains("[LAYER]") && text.contains("[metadata]"),
        "{text}"
    );
    let json = layerlens(
        &[
            "explain",
            "--format",
            "json",
            path.to_str().expect("utf8 path"),
        ],
        None,
    );
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).expect("JSON");
    assert_eq!(v["stages"].as_array().map(Vec::len), Some(2));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn unreadable_input_is_exit_2_with_a_message() {
    let out = layerlens(&["parse", "/nonexistent/Dockerfile"], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot open /nonexistent/Dockerfile"));
    assert!(out.stdout.is_empty());
}

#[test]
fn invalid_utf8_is_read_with_a_warning() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_layerlens"))
        .args(["parse", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(b"FROM a\nRUN echo \xff\xfe\n")
        .expect("write");
    let out = child.wait_with_output().expect("wait");
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("not valid UTF-8"));
}

#[test]
fn every_command_has_help() {
    for cmd in [
        &["--help"][..],
        &["parse", "--help"],
        &["explain", "--help"],
        &["optimize", "--help"],
    ] {
        let out = layerlens(cmd, None);
        assert!(out.status.success());
        assert!(String::from_utf8_lossy(&out.stdout).contains("Usage: layerlens"));
    }
}

#[test]
fn estimate_json_has_the_documented_fields_and_reads_a_context() {
    let dir = std::env::temp_dir().join(format!("layerlens-cli-estimate-{}", std::process::id()));
    std::fs::create_dir_all(dir.join(".git")).expect("tmp");
    std::fs::write(dir.join("app.py"), "x".repeat(5000)).expect("write");
    std::fs::write(dir.join(".git/pack"), "y".repeat(50_000)).expect("write");
    std::fs::write(dir.join(".dockerignore"), ".git\n").expect("write");
    std::fs::write(dir.join("requirements.txt"), "flask\n").expect("write");
    let df = dir.join("Dockerfile");
    std::fs::write(&df, "FROM python:3.12-slim AS app\nCOPY . /app\nRUN pip install --no-cache-dir -r /app/requirements.txt\nCMD [\"python\", \"/app/app.py\"]\n").expect("write");
    let out = layerlens(
        &[
            "estimate",
            "--format",
            "json",
            "--context",
            dir.to_str().expect("utf8"),
            df.to_str().expect("utf8"),
        ],
        None,
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let layers = v["layers"].as_array().expect("layers[]");
    assert_eq!(layers.len(), 4);
    assert_eq!(layers[0]["kind"], "base");
    assert_eq!(layers[0]["stage"], "app");
    assert_eq!(layers[0]["final"], true);
    assert_eq!(layers[1]["kind"], "layer");
    assert_eq!(layers[3]["kind"], "metadata");
    assert_eq!(layers[3]["bytes"], 0);
    // app.py + requirements.txt + Dockerfile + .dockerignore, not .git.
    let copy = layers[1]["bytes"].as_u64().expect("bytes");
    assert!(copy > 5000 && copy < 6000, "{copy}");
    for l in layers {
        assert!(
            l["low"].as_u64() <= l["bytes"].as_u64() && l["bytes"].as_u64() <= l["high"].as_u64()
        );
        assert!(l["basis"].as_str().is_some_and(|b| !b.is_empty()));
        assert!(l["line"].as_u64().is_some());
    }
    let total = v["final_image_bytes"].as_u64().expect("final_image_bytes");
    assert!(v["final_low"].as_u64() <= Some(total) && Some(total) <= v["final_high"].as_u64());
    let text = layerlens(&["estimate", df.to_str().expect("utf8")], None);
    assert!(String::from_utf8_lossy(&text.stdout).contains("Note: no project folder: COPY and ADD from it are ranges until the folder is given (pass --context DIR)"));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn lint_reports_with_codes_and_fails_like_hadolint() {
    let src = "FROM python\nRUN pip install flask\n";
    let out = layerlens(&["lint", "--format", "json", "-"], Some(src));
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let f = v["findings"].as_array().expect("findings[]");
    let codes: Vec<_> = f.iter().map(|x| x["code"].as_str().unwrap_or("")).collect();
    assert_eq!(codes, ["LL101", "LL242", "LL203", "LL210"]);
    assert_eq!(f[2]["hadolint"], "DL3042");
    assert_eq!(f[2]["line"], 2);
    assert_eq!(f[2]["severity"], "warning");
    // Ignored by code, or below the threshold: passes.
    let out = layerlens(
        &[
            "lint",
            "--ignore",
            "DL3006",
            "--ignore",
            "LL203",
            "--ignore",
            "pip-version-unpinned",
            "--ignore",
            "LL242",
            "-",
        ],
        Some(src),
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let out = layerlens(&["lint", "--failure-threshold", "error", "-"], Some(src));
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&layerlens(&["lint", "-"], Some(src)).stdout).into_owned();
    assert!(
        text.contains("<stdin>:2:1 LL203 warning: add `--no-cache-dir` to `pip install` [DL3042]"),
        "{text}"
    );
}

#[test]
fn rule_explains_itself() {
    let out = layerlens(&["rule", "DL3009"], None);
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("LL201 apt-lists-not-removed") && text.contains("## Use instead"),
        "{text}"
    );
    assert_eq!(layerlens(&["rule", "NOPE"], None).status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&layerlens(&["rule", "all"], None).stdout)
            .lines()
            .count()
            >= 8
    );
}

#[test]
fn lint_sarif_and_checkstyle() {
    let src = "FROM python\nRUN pip install flask\n";
    let out = layerlens(&["lint", "--format", "sarif", "-"], Some(src));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("SARIF is JSON");
    // The fields SARIF 2.1.0 requires (§3.13, §3.14, §3.19, §3.27); tests/sarif_schema.rs
    // validates whole logs against the published schema.
    assert_eq!(v["version"], "2.1.0");
    let run = &v["runs"][0];
    assert_eq!(run["tool"]["driver"]["name"], "layerlens");
    let rules = run["tool"]["driver"]["rules"].as_array().expect("rules");
    let results = run["results"].as_array().expect("results");
    assert_eq!(results.len(), 4);
    for r in results {
        let id = r["ruleId"].as_str().expect("ruleId");
        let idx = r["ruleIndex"].as_u64().expect("ruleIndex") as usize;
        assert_eq!(rules[idx]["id"], id);
        assert!(r["message"]["text"].as_str().is_some_and(|t| !t.is_empty()));
        assert!(matches!(
            r["level"].as_str(),
            Some("error" | "warning" | "note")
        ));
        let region = &r["locations"][0]["physicalLocation"]["region"];
        assert!(region["startLine"].as_u64() >= Some(1));
    }
    let out = layerlens(&["lint", "--format", "checkstyle", "-"], Some(src));
    let xml = String::from_utf8_lossy(&out.stdout);
    assert!(
        xml.starts_with("<?xml") && xml.contains("<checkstyle") && xml.contains("source=\"LL203\""),
        "{xml}"
    );
    assert!(
        xml.contains("&lt;version&gt;"),
        "messages are escaped: {xml}"
    );
}

#[test]
fn lint_reads_the_context_for_dockerignore_rules() {
    let dir = std::env::temp_dir().join(format!("layerlens-cli-lint-ctx-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("__pycache__")).expect("tmp");
    std::fs::create_dir_all(dir.join(".git")).expect("tmp");
    std::fs::write(dir.join("app.py"), "print('hi')\n").expect("write");
    std::fs::write(
        dir.join("__pycache__/app.cpython-312.pyc"),
        "x".repeat(3000),
    )
    .expect("write");
    std::fs::write(dir.join(".git/pack"), "y".repeat(20_000)).expect("write");
    let df = dir.join("Dockerfile");
    std::fs::write(&df, "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nCOPY tests/ tests/\nUSER 65534\nCMD [\"python\", \"app.py\"]\n").expect("write");
    let codes = |args: &[&str]| -> Vec<String> {
        let out = layerlens(args, None);
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
        v["findings"]
            .as_array()
            .expect("findings")
            .iter()
            .map(|f| f["code"].as_str().unwrap_or_default().to_string())
            .collect()
    };
    let path = df.to_str().expect("utf8");
    let ctx = dir.to_str().expect("utf8");
    // Without the folder nothing can be said about it.
    assert!(codes(&["lint", "--format", "json", path]).is_empty());
    let with = codes(&["lint", "--format", "json", "--context", ctx, path]);
    assert!(
        with.contains(&"LL245".to_string()) && with.contains(&"LL244".to_string()),
        "{with:?}"
    );
    // Once .dockerignore keeps out tests/ and the bytecode, the COPY of tests/ is the problem.
    std::fs::write(dir.join(".dockerignore"), ".git\n**/__pycache__\ntests/\n").expect("write");
    assert_eq!(
        codes(&["lint", "--format", "json", "--context", ctx, path]),
        ["LL345"]
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// Room for the optimizer: pip's cache, apt lists, a full base image, a compiler left in.
const HEAVY: &str = "FROM python:3.11\nRUN apt-get update && apt-get install -y gcc libpq-dev\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\nCOPY . .\nCMD [\"python\", \"app.py\"]\n";

fn optimize_json(extra: &[&str]) -> serde_json::Value {
    let mut args = vec!["optimize", "--format", "json"];
    args.extend_from_slice(extra);
    args.push("-");
    let out = layerlens(&args, Some(HEAVY));
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("JSON on stdout")
}

#[test]
fn optimize_json_has_the_documented_fields() {
    let v = optimize_json(&[]);
    let dockerfile = v["dockerfile"].as_str().expect("dockerfile");
    assert!(v["dockerignore"].is_string());
    assert!(v["notes"].is_array());
    let before = v["before_bytes"].as_u64().expect("before_bytes");
    let after = v["after_bytes"].as_u64().expect("after_bytes");
    assert!(before > 0 && after <= before, "{before} → {after}");
    let steps = v["steps"].as_array().expect("steps[]");
    for s in steps {
        for field in ["id", "kind", "title", "explanation"] {
            assert!(
                s[field].as_str().is_some_and(|t| !t.is_empty()),
                "{field} in {s}"
            );
        }
        assert!(
            matches!(s["safety"].as_str(), Some("safe" | "needs-check")),
            "{s}"
        );
        if s["safety"] == "needs-check" {
            assert!(
                s["check"].is_string(),
                "a needs-check step says what to check: {s}"
            );
        }
        assert!(s["saved_bytes"].is_i64());
        assert!(s["enabled"].is_boolean());
        assert!(s["lines"]
            .as_array()
            .is_some_and(|l| l.iter().all(|n| n.as_u64() >= Some(1))));
    }
    if steps.is_empty() {
        assert_eq!(dockerfile, HEAVY, "no steps: the file comes back unchanged");
        assert_eq!(before, after);
    }
    let out_lines = dockerfile.lines().count();
    assert_eq!(v["line_steps"].as_array().map(Vec::len), Some(out_lines));
}

#[test]
fn optimize_disable_unknown_is_harmless_and_disabling_every_step_gives_the_input_back() {
    let all = optimize_json(&[]);
    let unknown = optimize_json(&["--disable", "no-such-step-L99", "--disable", "nonsense"]);
    assert_eq!(all["dockerfile"], unknown["dockerfile"]);
    assert_eq!(all["after_bytes"], unknown["after_bytes"]);
    let ids: Vec<String> = all["steps"]
        .as_array()
        .expect("steps")
        .iter()
        .map(|s| s["id"].as_str().unwrap_or_default().to_string())
        .collect();
    let mut args = Vec::new();
    for id in &ids {
        args.push("--disable");
        args.push(id.as_str());
    }
    let none = optimize_json(&args);
    assert_eq!(
        none["dockerfile"], HEAVY,
        "with every step off the Dockerfile is unchanged"
    );
    assert!(none["steps"]
        .as_array()
        .expect("steps")
        .iter()
        .all(|s| s["enabled"] == false));
}

#[test]
fn optimize_text_prints_a_dockerfile_that_parses_and_a_summary_on_stderr() {
    let dir = std::env::temp_dir().join(format!("layerlens-cli-optimize-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("tmp");
    std::fs::write(dir.join("requirements.txt"), "flask\n").expect("write");
    std::fs::write(dir.join("app.py"), "print('hi')\n").expect("write");
    let df = dir.join("Dockerfile");
    std::fs::write(&df, HEAVY).expect("write");
    let ignore = dir.join("generated.dockerignore");
    let out = layerlens(
        &[
            "optimize",
            "--context",
            dir.to_str().expect("utf8"),
            "--dockerignore",
            ignore.to_str().expect("utf8"),
            df.to_str().expect("utf8"),
        ],
        None,
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).expect("utf8");
    let parsed = layerlens_core::parse(&text);
    assert!(parsed.errors.is_empty(), "{:?}\n{text}", parsed.errors);
    assert!(parsed.instructions.len() >= 2, "{text}");
    let summary = String::from_utf8_lossy(&out.stderr);
    assert!(
        summary.contains("no changes") || summary.contains("step"),
        "{summary}"
    );
    assert!(
        summary.contains("MB"),
        "the estimate is in the summary: {summary}"
    );
    // The written .dockerignore is the one the JSON reports.
    let written = std::fs::read_to_string(&ignore).expect("--dockerignore wrote the file");
    let json = layerlens(
        &[
            "optimize",
            "--format",
            "json",
            "--context",
            dir.to_str().expect("utf8"),
            df.to_str().expect("utf8"),
        ],
        None,
    );
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).expect("JSON");
    assert_eq!(v["dockerignore"].as_str(), Some(written.as_str()));
    assert_eq!(v["dockerfile"].as_str(), Some(text.as_str()));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn optimize_unreadable_input_is_exit_2() {
    let out = layerlens(&["optimize", "/nonexistent/Dockerfile"], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let out = layerlens(
        &["optimize", "--context", "/nonexistent/dir", "-"],
        Some(HEAVY),
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not a directory"));
}

#[test]
fn analyze_many_files_in_one_process() {
    let dir = std::env::temp_dir().join(format!("layerlens-cli-analyze-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("tmp");
    let a = dir.join("a.Dockerfile");
    let b = dir.join("b.Dockerfile");
    std::fs::write(&a, "FROM python:3.12\nRUN pip install flask\n").expect("write");
    std::fs::write(&b, "FROM scratch\nCOPY app /app\n").expect("write");
    let out = layerlens(
        &[
            "analyze",
            "--format",
            "json",
            a.to_str().expect("utf8"),
            b.to_str().expect("utf8"),
        ],
        None,
    );
    assert!(out.status.success());
    let lines: Vec<serde_json::Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON line"))
        .collect();
    assert_eq!(lines.len(), 2);
    assert!(lines[0]["findings"].as_u64() > Some(0));
    assert!(lines[0]["optimized_bytes"].as_u64() < lines[0]["estimated_bytes"].as_u64());
    assert_eq!(lines[1]["steps"], 0);
    let missing = layerlens(
        &[
            "analyze",
            "/nonexistent/Dockerfile",
            a.to_str().expect("utf8"),
        ],
        None,
    );
    assert_eq!(missing.status.code(), Some(2));
    assert_eq!(String::from_utf8_lossy(&missing.stdout).lines().count(), 1);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn step_explains_each_kind_and_lists_them_as_json() {
    let out = layerlens(&["step", "copy-chown"], None);
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.starts_with("copy-chown (default, safe)") && text.contains("## Rewritten"),
        "{text}"
    );
    let user =
        String::from_utf8_lossy(&layerlens(&["step", "non-root-user"], None).stdout).to_string();
    assert!(
        user.contains("opt-in") && user.contains("--enable non-root-user"),
        "{user}"
    );
    assert_eq!(layerlens(&["step", "nope"], None).status.code(), Some(2));
    let all = layerlens(&["step", "all", "--format", "json"], None);
    let v: serde_json::Value = serde_json::from_slice(&all.stdout).expect("JSON");
    let kinds = v.as_array().expect("an array");
    assert!(kinds.len() >= 20);
    for k in kinds {
        for field in [
            "kind",
            "title",
            "why",
            "example",
            "use_instead",
            "safety",
            "applies",
        ] {
            assert!(k.get(field).is_some(), "{field} missing in {k}");
        }
    }
}

#[test]
fn the_apps_step_docs_are_the_current_ones() {
    // static/steps.json is what the app's Learn view shows: `layerlens step all --format json`.
    let out = layerlens(&["step", "all", "--format", "json"], None);
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../static/steps.json");
    let committed = std::fs::read_to_string(path).expect("static/steps.json");
    assert!(
        committed == String::from_utf8_lossy(&out.stdout),
        "static/steps.json is out of date: cargo run -p layerlens-cli -- step all --format json > static/steps.json"
    );
}

#[test]
fn lint_takes_several_files_and_analyze_a_size_budget() {
    let dir = std::env::temp_dir().join(format!("layerlens-cli-multi-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let apt = dir.join("apt.Dockerfile");
    let clean = dir.join("clean.Dockerfile");
    std::fs::write(
        &apt,
        "FROM debian:bookworm-slim\nRUN apt-get install curl\n",
    )
    .expect("write");
    std::fs::write(
        &clean,
        "FROM scratch\nCOPY app /app\nUSER 65534\nCMD [\"/app\"]\n",
    )
    .expect("write");
    let (a, c) = (
        apt.to_string_lossy().to_string(),
        clean.to_string_lossy().to_string(),
    );
    let out = layerlens(&["lint", &a, &c], None);
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("apt.Dockerfile:2:1") && text.contains("clean.Dockerfile: no findings"),
        "{text}"
    );
    assert_eq!(layerlens(&["lint", &c], None).status.code(), Some(0));
    // JSON is one document: one file only.
    assert_eq!(
        layerlens(&["lint", "--format", "json", &a, &c], None)
            .status
            .code(),
        Some(2)
    );
    // The size budget: over it, exit 1 naming the file; under it, 0; not a size, 2.
    let over = layerlens(&["analyze", "--max-size", "50MB", &a, &c], None);
    assert_eq!(over.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&over.stderr).contains("apt.Dockerfile: estimated"));
    assert_eq!(
        layerlens(&["analyze", "--max-size", "5GB", &a, &c], None)
            .status
            .code(),
        Some(0)
    );
    assert_eq!(
        layerlens(&["analyze", "--max-size", "lots", &a], None)
            .status
            .code(),
        Some(2)
    );
    let _ = std::fs::remove_dir_all(&dir);
}
