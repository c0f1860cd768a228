//! `layerlens image` as a user runs it: dive's numbers in JSON, dive's CI thresholds and exit
//! status, unreadable input. Uses ../shared/fixtures/images when present, and tars made here.

use std::path::PathBuf;
use std::process::{Command, Output};

fn layerlens(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_layerlens"))
        .args(args)
        .output()
        .expect("run layerlens")
}

fn fixture(name: &str) -> Option<String> {
    let base = match std::env::var("LAYERLENS_SHARED") {
        Ok(d) => PathBuf::from(d),
        Err(_) => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared"),
    };
    let p = base.join("fixtures/images").join(name);
    if p.is_file() {
        Some(p.to_string_lossy().into_owned())
    } else {
        eprintln!("SKIPPED: ../shared/fixtures/images/{name} is not beside this checkout (set LAYERLENS_SHARED)");
        None
    }
}

/// A one-layer `docker save` with `files` (path, size) in the layer, written to a temp file.
fn tiny_image(files: &[(&str, usize)], user: &str) -> PathBuf {
    let tar = |files: &[(&str, Vec<u8>)]| {
        let refs: Vec<(&str, &[u8])> = files.iter().map(|(n, b)| (*n, &b[..])).collect();
        layerlens_core::image::tar::write(&refs)
    };
    let layer = tar(&files
        .iter()
        .map(|(n, s)| (*n, vec![b'x'; *s]))
        .collect::<Vec<_>>());
    let config = format!(
        r#"{{"architecture":"amd64","os":"linux","config":{{"User":"{user}","Env":["API_TOKEN=x"]}},"history":[{{"created_by":"/bin/sh -c #(nop) COPY . /"}}],"rootfs":{{"type":"layers","diff_ids":["sha256:00"]}}}}"#
    );
    let manifest = r#"[{"Config":"c.json","RepoTags":["t:1"],"Layers":["l/layer.tar"]}]"#;
    let outer = tar(&[
        ("l/layer.tar", layer),
        ("c.json", config.into_bytes()),
        ("manifest.json", manifest.as_bytes().to_vec()),
    ]);
    let path = std::env::temp_dir().join(format!(
        "layerlens-image-test-{}-{}.tar",
        std::process::id(),
        files.len()
    ));
    std::fs::write(&path, outer).expect("write tar");
    path
}

#[test]
fn json_has_the_documented_fields_and_dive_numbers() {
    let Some(f) = fixture("test-docker-image.tar") else {
        return;
    };
    let out = layerlens(&["image", "--format", "json", &f]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    // Compared as printed: serde_json's default float parsing may be off by one ulp.
    let raw = String::from_utf8_lossy(&out.stdout);
    assert!(raw.contains("\"efficiency\": 0.9844212134184309,"), "{raw}");
    assert!(
        raw.contains("\"user_wasted_percent\": 0.4834911001404049,"),
        "{raw}"
    );
    assert_eq!(v["wasted_bytes"], 32025);
    assert_eq!(v["user_size_bytes"], 66237);
    assert_eq!(v["size_bytes"], 1220598);
    let layers = v["layers"].as_array().expect("layers");
    assert_eq!(layers.len(), 14);
    assert_eq!(layers[0]["index"], 0);
    assert_eq!(layers[0]["size_bytes"], 1154361);
    assert!(layers[0]["digest"]
        .as_str()
        .unwrap_or("")
        .starts_with("sha256:23bc2b70"));
    assert!(layers[2]["created_by"]
        .as_str()
        .unwrap_or("")
        .contains("mkdir -p /root/example/really/nested"));
    let ineff = v["inefficient_files"]
        .as_array()
        .expect("inefficient_files");
    assert_eq!(ineff.len(), 3);
    assert_eq!(ineff[0]["path"], "/root/saved.txt");
    assert_eq!(ineff[0]["count"], 2);
    assert_eq!(ineff[0]["size_bytes"], 12810);
    assert!(v["hogs"].is_array() && v["checks"].is_array());
    assert!(v["dockerfile"]
        .as_str()
        .unwrap_or("")
        .contains("RUN chmod +x /root/saved.txt"));
    assert!(v.get("ci").is_none());
}

#[test]
fn ci_uses_dives_defaults_and_fails_with_exit_1() {
    let Some(f) = fixture("test-docker-image.tar") else {
        return;
    };
    let out = layerlens(&["image", "--ci", &f]);
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("efficiency:        98.44 %"), "{text}");
    assert!(
        text.contains("wastedBytes:       32025 bytes (32 kB)"),
        "{text}"
    );
    assert!(text.contains("userWastedPercent: 48.35 %"), "{text}");
    assert!(text.contains("FAIL  highestUserWastedPercent"), "{text}");
    assert!(text.contains("PASS  lowestEfficiency"), "{text}");
    assert!(text.contains("SKIP  highestWastedBytes"), "{text}");
    // Loosened thresholds pass.
    let ok = layerlens(&[
        "image",
        "--ci",
        "--highest-user-wasted-percent",
        "0.5",
        "--highest-wasted-bytes",
        "1MB",
        &f,
    ]);
    assert_eq!(
        ok.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&ok.stdout)
    );
    // And a tight byte threshold fails, in JSON too.
    let j = layerlens(&[
        "image",
        "--format",
        "json",
        "--highest-wasted-bytes",
        "32KB",
        "--highest-user-wasted-percent",
        "off",
        &f,
    ]);
    assert_eq!(j.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&j.stdout).expect("JSON");
    assert_eq!(v["ci"]["pass"], false);
    assert_eq!(v["ci"]["rules"][1]["status"], "fail");
}

#[test]
fn an_image_made_here_checks_and_hogs() {
    let path = tiny_image(
        &[
            ("root/.npmrc", 10),
            ("app/a.bin", 5000),
            ("srv/a.bin", 5000),
            ("root/.cache/pip/x.whl", 3000),
        ],
        "",
    );
    let out = layerlens(&["image", "--format", "json", path.to_str().expect("utf8")]);
    let _ = std::fs::remove_file(&path);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let ids = |k: &str| {
        v[k].as_array()
            .expect(k)
            .iter()
            .map(|c| c["id"].as_str().unwrap_or("").to_string())
            .collect::<Vec<_>>()
    };
    let checks = ids("checks");
    assert!(
        checks.contains(&"runs-as-root".into())
            && checks.contains(&"secret-env".into())
            && checks.contains(&"credential-files".into()),
        "{checks:?}"
    );
    let hogs = ids("hogs");
    assert!(
        hogs.contains(&"pip-cache".into()) && hogs.contains(&"duplicates".into()),
        "{hogs:?}"
    );
    assert_eq!(v["repo_tags"][0], "t:1");
}

#[test]
fn unreadable_or_not_an_image_is_exit_2() {
    let out = layerlens(&["image", "/nonexistent/image.tar"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot open /nonexistent/image.tar"));
    let junk = std::env::temp_dir().join(format!("layerlens-junk-{}.tar", std::process::id()));
    std::fs::write(&junk, vec![7u8; 4096]).expect("write");
    let out = layerlens(&["image", junk.to_str().expect("utf8")]);
    let _ = std::fs::remove_file(&junk);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("not a tar"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let bad = layerlens(&[
        "image",
        "--lowest-efficiency",
        "2",
        "/nonexistent/image.tar",
    ]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("between 0 and 1"));
}

#[test]
fn dockerfile_flag_prints_the_history() {
    let Some(f) = fixture("test-docker-image.tar") else {
        return;
    };
    let out = layerlens(&["image", "--dockerfile", &f]);
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("\nRUN rm -rf /root/example/\n"), "{text}");
    assert!(!text.contains("/bin/sh -c"), "{text}");
}

#[test]
fn compressed_layers_show_their_stored_size_and_the_pull_size() {
    let (Some(gz), Some(plain)) = (
        fixture("test-oci-gzip-image.tar"),
        fixture("test-oci-uncompressed-image.tar"),
    ) else {
        return;
    };
    let text = |f: &str| {
        let out = layerlens(&["image", f]);
        assert!(out.status.success());
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let json = |f: &str| -> serde_json::Value {
        serde_json::from_slice(&layerlens(&["image", "--format", "json", f]).stdout).expect("json")
    };
    let g = text(&gz);
    assert!(g.contains("Stored"), "{g}");
    let pull: u64 = json(&gz)["layers"]
        .as_array()
        .expect("layers")
        .iter()
        .map(|l| l["stored_bytes"].as_u64().expect("stored_bytes"))
        .sum();
    let line = g
        .lines()
        .find(|l| l.trim_start().starts_with("pull size:"))
        .expect("a pull size line");
    assert!(
        line.contains(&layerlens_core::image::units::bytes(pull)),
        "{line} vs {pull}"
    );
    // Uncompressed layers: their tars are not what a pull downloads.
    let p = text(&plain);
    assert!(!p.contains("Stored") && !p.contains("pull size:"), "{p}");
}
