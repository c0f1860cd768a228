//! docs/ci.md's commands, run as the page writes them: every line with `layerlens diff` is run in
//! a folder holding a base image and a pull request's (10 % bigger), and a base Dockerfile and
//! a pull request's (adding a compiler toolchain). A line with `--fail-on-increase` must fail
//! (exit 1: both grew past the allowance), every other one pass; a `> file` gets the output.

use layerlens_core::image::tar;
use std::process::Command;

fn image(app: usize, digest: &str) -> Vec<u8> {
    let base = vec![b'b'; 100_000];
    let body = vec![b'a'; app];
    tar::docker_save(&[
        (
            "sha256:base",
            "install base",
            vec![("bin/", &[][..]), ("bin/sh", &base[..])],
        ),
        (
            digest,
            "COPY app /app",
            vec![("app/", &[][..]), ("app/main", &body[..])],
        ),
    ])
}

/// The `layerlens diff …` commands in the page's code blocks (shell comments dropped).
fn commands(md: &str) -> Vec<String> {
    let mut in_code = false;
    let mut out = Vec::new();
    for l in md.lines() {
        if l.trim_start().starts_with("```") {
            in_code = !in_code;
            continue;
        }
        if let Some(i) = l.find("layerlens diff").filter(|_| in_code) {
            let c = &l[i..];
            out.push(c.split(" #").next().unwrap_or(c).trim().to_string());
        }
    }
    out
}

#[test]
fn every_diff_command_of_docs_ci_md_runs_as_the_page_says() {
    let md = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/ci.md"))
        .expect("docs/ci.md");
    let cmds = commands(&md);
    assert!(cmds.len() >= 8, "the page's commands: {cmds:?}");
    let dir = std::env::temp_dir().join(format!("layerlens-ci-doc-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    std::fs::write(dir.join("main.tar"), image(100_000, "sha256:app1")).expect("write");
    std::fs::write(dir.join("pr.tar"), image(120_000, "sha256:app2")).expect("write");
    std::fs::write(
        dir.join("Dockerfile.main"),
        "FROM debian:bookworm-slim\nCMD [\"bash\"]\n",
    )
    .expect("write");
    std::fs::write(
        dir.join("Dockerfile"),
        "FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y build-essential\nCMD [\"bash\"]\n",
    )
    .expect("write");
    for c in &cmds {
        let (cmd, redirect) = match c.split_once(" > ") {
            Some((cmd, file)) => (cmd, Some(file.trim())),
            None => (c.as_str(), None),
        };
        let words: Vec<&str> = cmd.split_whitespace().skip(1).collect();
        let out = Command::new(env!("CARGO_BIN_EXE_layerlens"))
            .args(&words)
            .current_dir(&dir)
            .output()
            .expect("run layerlens");
        let want = if cmd.contains("--fail-on-increase") {
            1
        } else {
            0
        };
        assert_eq!(
            out.status.code(),
            Some(want),
            "{c}\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(!out.stdout.is_empty(), "{c}: no output");
        if let Some(file) = redirect {
            std::fs::write(dir.join(file), &out.stdout).expect("write");
            if file.ends_with(".md") {
                assert!(
                    String::from_utf8_lossy(&out.stdout).starts_with("### layerlens diff"),
                    "{c}"
                );
            }
        }
    }
}
