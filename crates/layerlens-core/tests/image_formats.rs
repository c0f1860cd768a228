//! Archive formats made here: a multi-platform OCI layout (nested index, an attestation
//! manifest), platform choice, a gzip-compressed copy, layer order from the manifest, opaque
//! whiteouts done right.

mod common;

use layerlens_core::image::{Analysis, ErrorKind, ImageError, Options};
use std::io::Write;

fn tar(files: &[(&str, Vec<u8>)]) -> Vec<u8> {
    let refs: Vec<(&str, &[u8])> = files.iter().map(|(n, b)| (*n, &b[..])).collect();
    layerlens_core::image::tar::write(&refs)
}

fn gzip(data: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    e.write_all(data).expect("gzip");
    e.finish().expect("gzip")
}

/// A fake but well-formed digest for a blob name.
fn digest(tag: &str) -> String {
    format!(
        "sha256:{:0>64}",
        tag.bytes().map(|b| format!("{b:02x}")).collect::<String>()
    )
}

struct Layout {
    blobs: Vec<(String, Vec<u8>)>,
}

impl Layout {
    fn blob(&mut self, tag: &str, body: Vec<u8>) -> String {
        let d = digest(tag);
        self.blobs.push((format!("blobs/sha256/{}", &d[7..]), body));
        d
    }

    /// An image for `arch` whose layers hold the given files; returns the manifest's digest.
    fn image(&mut self, arch: &str, layers: &[Vec<(&str, Vec<u8>)>]) -> String {
        let mut descs = Vec::new();
        let mut diff_ids = Vec::new();
        let mut history = Vec::new();
        for (i, files) in layers.iter().enumerate() {
            let d = self.blob(&format!("{arch}l{i}"), gzip(&tar(files)));
            descs.push(format!(r#"{{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","digest":"{d}","size":1}}"#));
            diff_ids.push(format!("\"{}\"", digest(&format!("{arch}diff{i}"))));
            history.push(format!(r#"{{"created_by":"RUN /bin/sh -c step {i} # buildkit"}},{{"created_by":"ENV N={i}","empty_layer":true}}"#));
        }
        let config = format!(
            r#"{{"os":"linux","architecture":"{arch}","config":{{"User":"1000"}},"history":[{}],"rootfs":{{"type":"layers","diff_ids":[{}]}}}}"#,
            history.join(","),
            diff_ids.join(",")
        );
        let c = self.blob(&format!("{arch}cfg"), config.into_bytes());
        let manifest = format!(
            r#"{{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"{c}","size":1}},"layers":[{}]}}"#,
            descs.join(",")
        );
        self.blob(&format!("{arch}man"), manifest.into_bytes())
    }
}

/// A multi-platform OCI layout: index.json → a nested index → amd64, arm64 and an attestation.
fn multi_platform() -> Vec<u8> {
    let mut l = Layout { blobs: Vec::new() };
    // The tar order puts layers before what names them, and the second layer's blob first.
    let amd = l.image(
        "amd64",
        &[
            vec![("etc/", Vec::new()), ("etc/os", b"amd".to_vec())],
            vec![("app/", Vec::new()), ("app/big", vec![7; 3000])],
        ],
    );
    let arm = l.image(
        "arm64",
        &[vec![("etc/", Vec::new()), ("etc/os", b"arm64".to_vec())]],
    );
    let att = l.blob("att", br#"{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"digest":"sha256:00","size":0},"layers":[]}"#.to_vec());
    let nested = format!(
        r#"{{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[
        {{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"{arm}","size":1,"platform":{{"os":"linux","architecture":"arm64","variant":"v8"}}}},
        {{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"{amd}","size":1,"platform":{{"os":"linux","architecture":"amd64"}}}},
        {{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"{att}","size":1,"platform":{{"os":"unknown","architecture":"unknown"}},"annotations":{{"vnd.docker.reference.type":"attestation-manifest"}}}}]}}"#
    );
    let n = l.blob("nested", nested.into_bytes());
    let index = format!(
        r#"{{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[{{"mediaType":"application/vnd.oci.image.index.v1+json","digest":"{n}","size":1}}]}}"#
    );
    let mut files: Vec<(&str, Vec<u8>)> =
        vec![("oci-layout", br#"{"imageLayoutVersion":"1.0.0"}"#.to_vec())];
    l.blobs.reverse();
    for (p, b) in &l.blobs {
        files.push((p.as_str(), b.clone()));
    }
    files.push(("index.json", index.into_bytes()));
    tar(&files)
}

fn read(bytes: &[u8], platform: Option<&str>) -> Result<Analysis, ImageError> {
    common::read_three_ways(
        bytes,
        Options {
            platform: platform.map(str::to_string),
            ..Options::default()
        },
    )
}

#[test]
fn multi_platform_defaults_to_linux_amd64_and_lists_the_platforms() {
    let t = multi_platform();
    let a = read(&t, None).expect("reads");
    assert_eq!(a.platform.as_deref(), Some("linux/amd64"));
    assert_eq!(a.platforms, ["linux/arm64/v8", "linux/amd64"]);
    assert_eq!(a.layers.len(), 2);
    // Manifest order, although the tar holds the second layer first.
    assert_eq!(a.layers[0].size_bytes, 3);
    assert_eq!(a.layers[1].size_bytes, 3000);
    assert_eq!(a.layers[1].instruction, "RUN step 1");
    assert_eq!(a.layers[1].metadata_steps, ["ENV N=0"]);
    assert!(!a.checks.iter().any(|c| c.id == "runs-as-root"));
}

#[test]
fn the_caller_chooses_another_platform() {
    let t = multi_platform();
    let a = read(&t, Some("linux/arm64")).expect("reads arm64");
    assert_eq!(a.platform.as_deref(), Some("linux/arm64/v8"));
    assert_eq!(a.layers.len(), 1);
    assert_eq!(a.size_bytes, 5);
    let e = read(&t, Some("linux/s390x"))
        .err()
        .expect("no such platform");
    assert_eq!(e.kind, ErrorKind::Platform);
    assert!(
        e.message.contains("linux/arm64/v8") && e.message.contains("linux/amd64"),
        "{e}"
    );
    let e = read(&t, Some("amd64")).err().expect("not a platform");
    assert_eq!(e.kind, ErrorKind::Platform);
}

#[test]
fn a_gzip_compressed_layout_reads_the_same() {
    let t = multi_platform();
    let a = read(&t, None).expect("plain");
    let z = read(&gzip(&t), None).expect("gzip");
    assert!(z.compressed_archive);
    assert_eq!(
        (a.size_bytes, a.final_files, a.layers.len()),
        (z.size_bytes, z.final_files, z.layers.len())
    );
    let z = read(&gzip(&t), Some("linux/arm64")).expect("gzip arm64");
    assert_eq!(z.size_bytes, 5);
}

/// A legacy docker save around plain layer tars, in the given order.
fn docker_save(layers: &[Vec<(&str, Vec<u8>)>]) -> Vec<u8> {
    let names: Vec<String> = (0..layers.len())
        .map(|i| format!("l{i}/layer.tar"))
        .collect();
    let mut files: Vec<(&str, Vec<u8>)> = names
        .iter()
        .zip(layers)
        .map(|(n, l)| (n.as_str(), tar(l)))
        .collect();
    let history: Vec<String> = (0..layers.len())
        .map(|i| format!(r#"{{"created_by":"/bin/sh -c step{i}"}}"#))
        .collect();
    let config = format!(
        r#"{{"os":"linux","architecture":"amd64","config":{{}},"history":[{}],"rootfs":{{"diff_ids":[]}}}}"#,
        history.join(",")
    );
    let manifest = format!(
        r#"[{{"Config":"c.json","Layers":[{}]}}]"#,
        names
            .iter()
            .map(|n| format!("\"{n}\""))
            .collect::<Vec<_>>()
            .join(",")
    );
    files.push(("c.json", config.into_bytes()));
    files.push(("manifest.json", manifest.into_bytes()));
    tar(&files)
}

#[test]
fn opaque_whiteouts_hide_the_lower_directory() {
    let t = docker_save(&[
        vec![
            ("app/", Vec::new()),
            ("app/old.bin", vec![1; 4000]),
            ("app/keep/", Vec::new()),
            ("app/keep/x", vec![2; 1000]),
        ],
        vec![
            ("app/", Vec::new()),
            ("app/.wh..wh..opq", Vec::new()),
            ("app/new.bin", vec![3; 500]),
        ],
    ]);
    let a = read(&t, None).expect("reads");
    // The final tree has only what the second layer put in /app.
    let app = a.paths().find("/app").expect("app");
    let names: Vec<String> = a.children(app).into_iter().map(|n| n.name).collect();
    assert_eq!(names, ["new.bin"]);
    assert_eq!(a.final_bytes, 500);
    // The hidden files count as removed, and as wasted (dive would see neither).
    assert_eq!(a.layers[1].removed.count, 2);
    assert_eq!(a.layers[1].removed.bytes, 5000);
    assert_eq!(a.wasted_bytes, 4000);
    assert!(a
        .inefficient_files
        .iter()
        .any(|f| f.path == "/app/old.bin" && f.count == 2));
    assert!(a.efficiency < 1.0);
    assert!(
        a.hogs
            .iter()
            .any(|h| h.id == "deleted-later" && h.size_bytes == 5000),
        "{:?}",
        a.hogs
    );
}

#[test]
fn whiteouts_and_history_like_dive() {
    let t = docker_save(&[
        vec![
            ("a/", Vec::new()),
            ("a/f", vec![1; 100]),
            ("a/g", vec![1; 50]),
        ],
        vec![("a/", Vec::new()), ("a/.wh.f", Vec::new())],
        vec![("a/", Vec::new()), ("a/g", vec![1; 70])],
    ]);
    let a = read(&t, None).expect("reads");
    // f: 100 + 0 (whiteout) → min 0; g: 50 + 70 → min 50. efficiency = 50 / 220.
    assert_eq!(a.efficiency, 50.0 / 220.0);
    assert_eq!(a.wasted_bytes, 220);
    assert_eq!(a.user_size_bytes, 70);
    let ineff: Vec<(&str, u64)> = a
        .inefficient_files
        .iter()
        .map(|f| (f.path.as_str(), f.size_bytes))
        .collect();
    assert_eq!(ineff, [("/a/g", 120), ("/a/f", 100)]);
    assert_eq!(a.layers[2].changed.count, 1);
    assert_eq!(a.layers[1].removed.count, 1);
    assert_eq!(a.path_history("/a/g").len(), 2);
    assert!(a.dockerfile.contains("RUN step2"), "{}", a.dockerfile);
}
