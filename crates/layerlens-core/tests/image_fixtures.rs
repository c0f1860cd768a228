//! Every real image tar in ../shared/fixtures/images loads, and dive's asserted numbers for
//! test-docker-image.tar come out exactly (skipped with a message when ../shared is absent).

mod common;

use layerlens_core::image::{analyze, Analysis, ImageError, Options};
use std::path::PathBuf;

fn fixtures() -> Option<PathBuf> {
    let dir = common::shared_dir()?.join("fixtures/images");
    dir.is_dir().then_some(dir)
}

fn load(name: &str, options: Options) -> Result<Analysis, ImageError> {
    let dir = fixtures().expect("fixtures");
    let bytes = std::fs::read(dir.join(name)).expect("read fixture");
    common::read_three_ways(&bytes, options)
}

/// Also drives the reader in odd-sized, short reads, the way a browser might.
fn load_in_pieces(name: &str) -> Result<Analysis, ImageError> {
    let dir = fixtures().expect("fixtures");
    let bytes = std::fs::read(dir.join(name)).expect("read fixture");
    let mut r = layerlens_core::image::ImageReader::new(
        bytes.len() as u64,
        Options {
            window: 700,
            chunk: 5000,
            ..Options::default()
        },
    );
    while let Some(w) = r.want() {
        let end = (w.end as usize).min(w.start as usize + 333);
        r.feed(w.start, &bytes[w.start as usize..end])?;
    }
    r.finish().map(analyze)
}

#[test]
fn dive_numbers_for_test_docker_image_exactly() {
    if fixtures().is_none() {
        return common::skip("dive's numbers");
    }
    let a = load("test-docker-image.tar", Options::default()).expect("loads");
    assert_eq!(a.layers.len(), 14);
    let sizes: Vec<u64> = a.layers.iter().map(|l| l.size_bytes).collect();
    assert_eq!(
        sizes,
        [1154361, 6405, 0, 6405, 6405, 6405, 6405, 6405, 6405, 0, 2187, 6405, 6405, 6405]
    );
    assert_eq!(a.size_bytes, 1_220_598);
    assert_eq!(a.user_size_bytes, 66_237);
    assert_eq!(a.wasted_bytes, 32_025);
    assert_eq!(a.efficiency, 0.9844212134184309);
    assert_eq!(a.user_wasted_percent, 0.4834911001404049);
    let ineff: Vec<(&str, u32, u64)> = a
        .inefficient_files
        .iter()
        .map(|f| (f.path.as_str(), f.count, f.size_bytes))
        .collect();
    assert_eq!(
        ineff,
        [
            ("/root/saved.txt", 2, 12810),
            ("/root/example/somefile1.txt", 2, 12810),
            ("/root/example/somefile3.txt", 2, 6405)
        ]
    );
    // The same again from dive's own export.
    let snap: serde_json::Value = serde_json::from_slice(
        &std::fs::read(fixtures().expect("dir").join("dive_export_snapshot.json"))
            .expect("snapshot"),
    )
    .expect("json");
    for (l, s) in a
        .layers
        .iter()
        .zip(snap["layer"].as_array().expect("layers"))
    {
        assert_eq!(l.size_bytes, s["sizeBytes"].as_u64().expect("size"));
        assert_eq!(l.digest, s["digestId"].as_str().expect("digest"));
        assert_eq!(
            layerlens_core::image::dive_command(&l.created_by),
            s["command"].as_str().expect("command")
        );
    }
    // Reading in short, odd pieces gives the same.
    let b = load_in_pieces("test-docker-image.tar").expect("loads in pieces");
    assert_eq!(b.efficiency, a.efficiency);
    assert_eq!(b.wasted_bytes, a.wasted_bytes);
}

#[test]
fn every_fixture_loads() {
    let Some(dir) = fixtures() else {
        return common::skip("image fixtures");
    };
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .expect("dir")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tar") || n.ends_with(".tar.gz"))
        .collect();
    names.sort();
    assert!(names.len() >= 15, "{names:?}");
    for name in &names {
        let a = load(name, Options::default()).unwrap_or_else(|e| panic!("{name}: {e}"));
        let b = load_in_pieces(name).unwrap_or_else(|e| panic!("{name} (in pieces): {e}"));
        assert_eq!(
            (a.size_bytes, a.wasted_bytes, a.final_files),
            (b.size_bytes, b.wasted_bytes, b.final_files),
            "{name}"
        );
        // "Turn into a Dockerfile": it parses, and its estimate is the image's measured size
        // (every layer's `# layerlens size=`), not the model's.
        let df = layerlens_core::parse(&a.dockerfile);
        assert!(
            df.errors.is_empty(),
            "{name}: {:?}\n{}",
            df.errors,
            a.dockerfile
        );
        let e = layerlens_core::estimate::estimate(&df, &Default::default());
        assert_eq!(
            e.final_image_bytes, a.size_bytes,
            "{name}:\n{}",
            a.dockerfile
        );
        assert!(e.missing.is_empty(), "{name}: {:?}", e.missing);
        eprintln!(
            "{name}: {:?}{} {} layers, {} B, {} files in the end, efficiency {:.4}, wasted {} B, {} hogs, {} checks",
            a.format,
            if a.compressed_archive { " (gzip)" } else { "" },
            a.layers.len(),
            a.size_bytes,
            a.final_files,
            a.efficiency,
            a.wasted_bytes,
            a.hogs.len(),
            a.checks.len()
        );
    }
}

#[test]
fn oci_media_types_all_read_the_same_file() {
    if fixtures().is_none() {
        return common::skip("OCI fixtures");
    }
    for name in [
        "test-oci-uncompressed-image.tar",
        "test-oci-gzip-image.tar",
        "test-oci-zstd-image.tar",
        "test-oci-estargz-image.tar",
    ] {
        let a = load(name, Options::default()).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(a.layers.len(), 1, "{name}");
        assert_eq!(a.size_bytes, 11_189, "{name}");
        assert!(
            a.search("README.md", 5)
                .iter()
                .any(|n| n.size_bytes == 11_189),
            "{name}"
        );
    }
}

#[test]
fn docker_25_with_null_manifests_and_empty_layer_history() {
    if fixtures().is_none() {
        return common::skip("hello-world-v25");
    }
    let a = load("hello-world-v25.tar", Options::default()).expect("loads");
    assert_eq!(a.layers.len(), 1);
    assert_eq!(a.size_bytes, 9_136);
    assert!(a.steps.iter().any(|s| s.empty_layer && s.layer.is_none()));
    assert_eq!(a.platform.as_deref(), Some("linux/arm64"));
}

#[test]
fn whiteouts_and_opaque_directories() {
    if fixtures().is_none() {
        return common::skip("whiteout fixtures");
    }
    let a = load("whiteout_image.tar", Options::default()).expect("loads");
    assert!(
        a.layers.iter().any(|l| l.removed.count >= 1),
        "{:?}",
        a.layers
    );
    assert!(a
        .paths()
        .find("/foo.txt")
        .map(|id| a.node(id).is_none())
        .unwrap_or(true));
    let s = load("symbolic.tar", Options::default()).expect("loads");
    // app/.wh..wh..opq hides what lower layers put in /app.
    assert!(
        s.checks.iter().any(|c| c.id == "setuid-files"),
        "{:?}",
        s.checks
    );
    assert!(
        s.checks.iter().any(|c| c.id == "credential-files"),
        "{:?}",
        s.checks
    );
}

#[test]
fn gzip_compressed_archive_streams() {
    if fixtures().is_none() {
        return common::skip("alpine-310.tar.gz");
    }
    let a = load("alpine-310.tar.gz", Options::default()).expect("loads");
    assert!(a.compressed_archive);
    assert!(!a.layers.is_empty());
    assert!(a.final_files > 10);
    assert!(a.dockerfile.starts_with("# Rebuilt"));
    assert!(a.dockerfile.contains("FROM alpine"), "{}", a.dockerfile);
}

#[test]
fn platform_is_checked_against_the_config_when_the_index_has_none() {
    if fixtures().is_none() {
        return common::skip("platform fixtures");
    }
    let arm = Options {
        platform: Some("linux/arm64".into()),
        ..Options::default()
    };
    assert!(load("hello-world-v25.tar", arm).is_ok());
    let amd = Options {
        platform: Some("linux/amd64".into()),
        ..Options::default()
    };
    let e = load("hello-world-v25.tar", amd).err().expect("arm64 only");
    assert_eq!(e.kind, layerlens_core::image::ErrorKind::Platform, "{e}");
    // dive's OCI fixtures are arm64 and say so in their index.
    let amd = Options {
        platform: Some("linux/amd64".into()),
        ..Options::default()
    };
    let e = load("test-oci-gzip-image.tar", amd)
        .err()
        .expect("arm64 only");
    assert!(e.message.contains("linux/arm64"), "{e}");
}

#[test]
fn the_pull_size_of_a_comparison_is_the_compressed_blobs() {
    if fixtures().is_none() {
        eprintln!("SKIPPED: ../shared/fixtures/images is absent");
        return;
    }
    let gzip = load("test-oci-gzip-image.tar", Options::default()).expect("gzip");
    let zstd = load("test-oci-zstd-image.tar", Options::default()).expect("zstd");
    let plain = load("test-oci-uncompressed-image.tar", Options::default()).expect("plain");
    let sum = |a: &Analysis| a.layers.iter().map(|l| l.stored_bytes).sum::<u64>();
    let d = layerlens_core::compare::images(&gzip, &zstd);
    let pull = d.stored_bytes.expect("both compressed");
    assert_eq!((pull.before, pull.after), (sum(&gzip), sum(&zstd)));
    assert!(
        pull.before < gzip.size_bytes,
        "gzip stores less than it unpacks to"
    );
    // An uncompressed side has no pull size to compare.
    assert_eq!(
        layerlens_core::compare::images(&gzip, &plain).stored_bytes,
        None
    );
}
