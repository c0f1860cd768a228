//! `layerlens diff` as a CI job runs it: two image archives or two Dockerfiles, the markdown it
//! posts, the JSON a tool reads, and the gate's exit status (0 within, 1 over, 2 unreadable).

use layerlens_core::image::tar;
use std::path::PathBuf;
use std::process::{Command, Output};

fn layerlens(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_layerlens"))
        .args(args)
        .output()
        .expect("run layerlens")
}

fn tmp(name: &str, bytes: &[u8]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("layerlens-diff-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let p = dir.join(name);
    std::fs::write(&p, bytes).expect("write");
    p
}

/// A base layer, and an app layer of `app` bytes.
fn image(name: &str, app: usize, digest: &str) -> PathBuf {
    let base = vec![b'b'; 1000];
    let body = vec![b'a'; app];
    let layers: Vec<tar::SaveLayer<'_>> = vec![
        (
            "sha256:base",
            "install base",
            vec![("bin/", &[][..]), ("bin/sh", &base[..])],
        ),
        (
            "sha256:x",
            "COPY app /app",
            vec![("app/", &[][..]), ("app/main", &body[..])],
        ),
    ];
    let mut layers = layers;
    layers[1].0 = digest;
    tmp(name, &tar::docker_save(&layers))
}

fn s(p: &std::path::Path) -> &str {
    p.to_str().expect("utf-8 path")
}

#[test]
fn images_markdown_json_and_the_gate() {
    let a = image("a.tar", 10_000, "sha256:app1");
    let b = image("b.tar", 12_000, "sha256:app2");

    let md = layerlens(&["diff", s(&a), s(&b), "--format", "markdown"]);
    assert_eq!(md.status.code(), Some(0));
    let md = String::from_utf8_lossy(&md.stdout);
    assert!(
        md.contains("| image size | 11 kB | 13 kB | **+2.0 kB** (+18.2 %) |"),
        "{md}"
    );
    assert!(md.contains("| layers | 2 | 2 | 1 shared |"), "{md}");
    assert!(md.contains("| ~ | `/app/main` | 10 kB | 12 kB |"), "{md}");

    let js = layerlens(&[
        "diff",
        s(&a),
        s(&b),
        "--format",
        "json",
        "--fail-on-increase",
        "1kB",
    ]);
    assert_eq!(
        js.status.code(),
        Some(1),
        "2,000 bytes more than a 1 kB allowance"
    );
    let v: serde_json::Value = serde_json::from_slice(&js.stdout).expect("json");
    assert_eq!(v["kind"], "images");
    assert_eq!(v["size_bytes"]["before"], 11_000);
    assert_eq!(v["size_bytes"]["after"], 13_000);
    assert_eq!(v["size_bytes"]["delta"], 2_000);
    assert_eq!(v["shared_layers"], 1);
    assert_eq!(v["layers"][1]["status"], "changed");
    assert_eq!(v["paths"]["changed"][0]["path"], "/app/main");
    assert_eq!(v["paths"]["changed"][0]["before_bytes"], 10_000);
    assert_eq!(v["gate"]["exceeded"], true);
    assert!(String::from_utf8_lossy(&js.stderr).contains("larger than"));

    // Within the allowance, or smaller: 0.
    assert_eq!(
        layerlens(&["diff", s(&a), s(&b), "--fail-on-increase", "20%"])
            .status
            .code(),
        Some(0)
    );
    assert_eq!(
        layerlens(&["diff", s(&b), s(&a), "--fail-on-increase", "0"])
            .status
            .code(),
        Some(0)
    );
    assert_eq!(
        layerlens(&["diff", s(&a), s(&b), "--fail-on-increase", "2kB"])
            .status
            .code(),
        Some(0)
    );
    assert_eq!(
        layerlens(&["diff", s(&a), s(&b), "--fail-on-increase", "1999"])
            .status
            .code(),
        Some(1)
    );
}

#[test]
fn dockerfiles_and_what_cannot_be_compared() {
    let a = tmp(
        "Dockerfile.a",
        b"FROM debian:bookworm-slim\nCMD [\"bash\"]\n",
    );
    let b = tmp(
        "Dockerfile.b",
        b"FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y python3\nCMD [\"bash\"]\n",
    );
    let out = layerlens(&["diff", s(&a), s(&b), "--fail-on-increase", "10MB"]);
    assert_eq!(out.status.code(), Some(1), "python3 adds more than 10 MB");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("estimated image size"), "{text}");
    assert!(text.contains("added") && text.contains("L2"), "{text}");
    let js = layerlens(&["diff", s(&a), s(&b), "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&js.stdout).expect("json");
    assert_eq!(v["kind"], "dockerfiles");
    assert!(v["final_image_bytes"]["delta"].as_i64() > Some(10_000_000));
    assert_eq!(v["instructions"][1]["status"], "added");

    // An image and a Dockerfile, a missing file, a bad threshold: 2, with a message.
    let img = image("c.tar", 10, "sha256:c");
    for args in [
        vec!["diff", s(&a), s(&img)],
        vec!["diff", s(&a), "/nonexistent/Dockerfile"],
        vec!["diff", s(&a), s(&b), "--fail-on-increase", "lots"],
    ] {
        let out = layerlens(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(
            String::from_utf8_lossy(&out.stderr).starts_with("layerlens: "),
            "{args:?}"
        );
    }
}
