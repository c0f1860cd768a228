//! Hostile archives, generated here: each gets a clear error (or loads, where that is right)
//! with bounded memory, and nothing panics.

mod common;

use layerlens_core::image::{ErrorKind, ImageError, ImageReader, Limits, Options};
use std::io::Write;

fn header(name: &str, size_field: &[u8; 12], kind: u8, link: &str) -> Vec<u8> {
    let mut h = vec![0u8; 512];
    let n = name.len().min(100);
    h[..n].copy_from_slice(&name.as_bytes()[..n]);
    h[100..108].copy_from_slice(b"0000644\0");
    h[108..116].copy_from_slice(b"0000000\0");
    h[116..124].copy_from_slice(b"0000000\0");
    h[124..136].copy_from_slice(size_field);
    h[136..148].copy_from_slice(b"00000000000\0");
    h[156] = kind;
    let l = link.len().min(100);
    h[157..157 + l].copy_from_slice(&link.as_bytes()[..l]);
    h[257..263].copy_from_slice(b"ustar\0");
    h[263..265].copy_from_slice(b"00");
    h[148..156].copy_from_slice(b"        ");
    let sum: u32 = h.iter().map(|&b| b as u32).sum();
    h[148..156].copy_from_slice(format!("{sum:06o}\0 ").as_bytes());
    h
}

fn octal(size: usize) -> [u8; 12] {
    let mut f = [0u8; 12];
    f.copy_from_slice(format!("{size:011o}\0").as_bytes());
    f
}

enum E<'a> {
    File(&'a str, Vec<u8>),
    Dir(&'a str),
    Link(&'a str, &'a str, u8),
    /// A PAX header giving the next entry this path.
    PaxPath(String),
    Raw(Vec<u8>),
}

fn tar(entries: Vec<E>) -> Vec<u8> {
    let mut out = Vec::new();
    let pad = |out: &mut Vec<u8>| out.resize(out.len().div_ceil(512) * 512, 0);
    for e in entries {
        match e {
            E::File(n, body) => {
                out.extend(header(n, &octal(body.len()), b'0', ""));
                out.extend(body);
                pad(&mut out);
            }
            E::Dir(n) => out.extend(header(n, &octal(0), b'5', "")),
            E::Link(n, target, kind) => out.extend(header(n, &octal(0), kind, target)),
            E::PaxPath(p) => {
                let rec = |len: usize| format!("{len} path={p}\n");
                let mut len = rec(0).len();
                while rec(len).len() != len {
                    len = rec(len).len();
                }
                let body = rec(len).into_bytes();
                out.extend(header("pax", &octal(body.len()), b'x', ""));
                out.extend(body);
                pad(&mut out);
            }
            E::Raw(b) => out.extend(b),
        }
    }
    out.extend(vec![0u8; 1024]);
    out
}

/// A one-layer docker save around `layer` (bytes of the layer blob).
fn image(layer: Vec<u8>) -> Vec<u8> {
    image_layers(vec![layer])
}

fn image_layers(layers: Vec<Vec<u8>>) -> Vec<u8> {
    let mut entries = Vec::new();
    let mut names = Vec::new();
    for (i, l) in layers.into_iter().enumerate() {
        names.push(format!("\"l{i}/layer.tar\""));
        entries.push((format!("l{i}/layer.tar"), l));
    }
    let config = br#"{"os":"linux","architecture":"amd64","config":{},"history":[],"rootfs":{"diff_ids":[]}}"#.to_vec();
    let manifest = format!(r#"[{{"Config":"c.json","Layers":[{}]}}]"#, names.join(","));
    let mut es: Vec<E> = entries.iter().map(|(n, b)| E::File(n, b.clone())).collect();
    es.push(E::File("c.json", config));
    es.push(E::File("manifest.json", manifest.into_bytes()));
    tar(es)
}

fn read(bytes: &[u8]) -> Result<layerlens_core::image::Analysis, ImageError> {
    common::read_three_ways(bytes, Options::default())
}

fn read_with(bytes: &[u8], limits: Limits) -> Result<layerlens_core::image::Analysis, ImageError> {
    common::read_three_ways(
        bytes,
        Options {
            limits,
            ..Options::default()
        },
    )
}

fn err(r: Result<layerlens_core::image::Analysis, ImageError>) -> ImageError {
    match r {
        Ok(_) => panic!("expected an error"),
        Err(e) => e,
    }
}

fn gzip(data: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    e.write_all(data).expect("gzip");
    e.finish().expect("gzip")
}

#[test]
fn a_good_small_image_loads() {
    let a = read(&image(tar(vec![
        E::Dir("app/"),
        E::File("app/x", vec![1; 700]),
    ])))
    .expect("loads");
    assert_eq!(a.size_bytes, 700);
    assert_eq!(a.final_files, 1);
}

#[test]
fn path_traversal_is_refused() {
    for name in ["../../etc/passwd", "/../etc/shadow", "a/../../b"] {
        let e = err(read(&image(tar(vec![E::File(name, vec![0; 10])]))));
        assert_eq!(e.kind, ErrorKind::Hostile, "{name}: {e}");
        assert!(e.message.contains("path traversal"), "{e}");
    }
    // `..` that stays inside is fine.
    assert!(read(&image(tar(vec![E::File("a/../b", vec![0; 10])]))).is_ok());
}

#[test]
fn hard_link_loops_load_and_outer_link_loops_are_refused() {
    // Inside a layer links are not followed, so a loop costs nothing.
    let layer = tar(vec![
        E::Link("a", "b", b'1'),
        E::Link("b", "a", b'1'),
        E::Link("c", "c", b'2'),
    ]);
    let a = read(&image(layer)).expect("loads");
    assert_eq!(a.final_files, 3);
    // In the archive, a layer.tar that is a symlink to itself (through another) is a loop.
    let config = br#"{"os":"linux","architecture":"amd64","config":{},"history":[],"rootfs":{"diff_ids":[]}}"#.to_vec();
    let outer = tar(vec![
        E::Link("l0/layer.tar", "../l1/layer.tar", b'2'),
        E::Link("l1/layer.tar", "../l0/layer.tar", b'2'),
        E::File("c.json", config),
        E::File(
            "manifest.json",
            br#"[{"Config":"c.json","Layers":["l0/layer.tar"]}]"#.to_vec(),
        ),
    ]);
    let e = err(read(&outer));
    assert_eq!(e.kind, ErrorKind::Hostile, "{e}");
    assert!(e.message.contains("loop"), "{e}");
}

#[test]
fn absurd_sizes_are_refused() {
    // Octal: 8 GiB claimed in a 3 KiB file.
    let mut outer = tar(vec![E::Raw(header("big", b"77777777777\0", b'0', ""))]);
    outer.truncate(2048);
    let e = err(read(&outer));
    assert!(matches!(e.kind, ErrorKind::Truncated), "{e}");
    // Base-256: 2^88, beyond any file.
    let mut f = [0xffu8; 12];
    f[0] = 0x80;
    let e = err(read(&tar(vec![E::Raw(header("huge", &f, b'0', ""))])));
    assert!(
        matches!(e.kind, ErrorKind::Hostile | ErrorKind::Truncated),
        "{e}"
    );
    // Inside a layer.
    let layer = tar(vec![E::Raw(header("x", b"77777777777\0", b'0', ""))]);
    let e = err(read(&image(layer)));
    assert!(matches!(e.kind, ErrorKind::Truncated), "{e}");
    // Inside a gzip layer: the stream ends long before.
    let layer = gzip(&tar(vec![E::Raw(header("x", b"77777777777\0", b'0', ""))]));
    let e = err(read(&image(layer)));
    assert!(matches!(e.kind, ErrorKind::Truncated), "{e}");
}

#[test]
fn truncated_archives_fail_cleanly_at_every_cut() {
    let good = image_layers(vec![
        tar(vec![E::Dir("d/"), E::File("d/a", vec![3; 1500])]),
        gzip(&tar(vec![E::File("d/b", vec![4; 3000])])),
    ]);
    assert!(read(&good).is_ok());
    let gz = gzip(&good);
    assert!(read(&gz).is_ok());
    for data in [&good, &gz] {
        for cut in (1..data.len()).step_by(97) {
            if let Ok(a) = read(&data[..cut]) {
                // Only a cut in the trailing zero blocks may still read.
                assert!(
                    cut >= data.len() - 1024 || data[cut..].iter().all(|&b| b == 0),
                    "cut at {cut} read {} layers",
                    a.layers.len()
                );
            }
        }
    }
    // A reader told the file is longer than it is says so, when it needs the missing bytes.
    let cut = &good[..good.len() - 1024];
    let mut r = ImageReader::new(good.len() as u64, Options::default());
    let mut last = Ok(());
    while let Some(w) = r.want() {
        let s = (w.start as usize).min(cut.len());
        let e = (w.end as usize).min(cut.len());
        last = r.feed(w.start, &cut[s..e]);
        if last.is_err() {
            break;
        }
    }
    let e = last.expect_err("truncated");
    assert_eq!(e.kind, ErrorKind::Truncated, "{e}");
}

#[test]
fn gzip_bombs_hit_the_ratio_and_size_caps() {
    let zeros = vec![0u8; 16 * 1024 * 1024];
    let mut layer = tar(vec![E::File("zeros", Vec::new())]);
    // A 16 MiB file of zeros compresses about 1000:1.
    layer = {
        let mut t = header("zeros", &octal(zeros.len()), b'0', "");
        t.extend(&zeros);
        t.extend(vec![0u8; 1024]);
        let _ = layer;
        t
    };
    let bomb = gzip(&layer);
    assert!(bomb.len() < 1024 * 1024);
    let limits = Limits {
        ratio_grace_bytes: 1024 * 1024,
        max_inflate_ratio: 100,
        ..Limits::default()
    };
    let e = err(read_with(&image(bomb.clone()), limits));
    assert_eq!(e.kind, ErrorKind::Limit, "{e}");
    assert!(e.message.contains("bomb"), "{e}");
    let limits = Limits {
        max_inflated_bytes: 4 * 1024 * 1024,
        ..Limits::default()
    };
    let e = err(read_with(&image(bomb.clone()), limits));
    assert_eq!(e.kind, ErrorKind::Limit, "{e}");
    // The same, as a gzip-compressed archive around an uncompressed layer.
    let limits = Limits {
        ratio_grace_bytes: 1024 * 1024,
        max_inflate_ratio: 100,
        ..Limits::default()
    };
    let e = err(read_with(&gzip(&image(layer)), limits));
    assert_eq!(e.kind, ErrorKind::Limit, "{e}");
    // With the default limits it reads (16 MiB is no bomb).
    assert!(read(&image(bomb)).is_ok());
}

#[test]
fn deep_and_long_paths_are_refused() {
    let deep = "d/".repeat(2000) + "f";
    let e = err(read(&image(tar(vec![
        E::PaxPath(deep),
        E::File("placeholder", vec![1]),
    ]))));
    assert_eq!(e.kind, ErrorKind::Hostile, "{e}");
    assert!(
        e.message.contains("deep") || e.message.contains("long"),
        "{e}"
    );
    let long = "x".repeat(5000);
    let e = err(read(&image(tar(vec![
        E::PaxPath(long),
        E::File("placeholder", vec![1]),
    ]))));
    assert_eq!(e.kind, ErrorKind::Hostile, "{e}");
    // Within limits, deep nesting works (and the tree code does not recurse).
    let ok = "d/".repeat(900) + "f";
    let a = read(&image(tar(vec![
        E::PaxPath(ok),
        E::File("placeholder", vec![1; 5]),
    ])))
    .expect("900 deep loads");
    assert_eq!(a.final_files, 1);
}

#[test]
fn huge_file_counts_hit_the_entry_cap() {
    let names: Vec<String> = (0..3000).map(|i| format!("f{i}")).collect();
    let layer = tar(names.iter().map(|n| E::File(n, Vec::new())).collect());
    let e = err(read_with(
        &image(layer.clone()),
        Limits {
            max_entries: 1000,
            ..Limits::default()
        },
    ));
    assert_eq!(e.kind, ErrorKind::Limit, "{e}");
    let a = read(&image(layer)).expect("3000 files load");
    assert_eq!(a.final_files, 3000);
}

#[test]
fn oversized_extended_headers_are_refused() {
    let mut outer = header("pax", &octal(100 * 1024 * 1024), b'x', "");
    outer.extend(vec![0u8; 4096]);
    let e = err(read(&outer));
    assert!(
        matches!(e.kind, ErrorKind::Hostile | ErrorKind::Truncated),
        "{e}"
    );
}

#[test]
fn garbage_and_mutations_never_panic() {
    assert_eq!(err(read(&[])).kind, ErrorKind::NotAnImage);
    assert_eq!(err(read(&[0x42; 100])).kind, ErrorKind::NotAnImage);
    assert_eq!(err(read(&vec![0x42; 10_000])).kind, ErrorKind::NotAnImage);
    let good = image_layers(vec![
        tar(vec![
            E::Dir("d/"),
            E::File("d/a", vec![3; 1500]),
            E::File("d/.wh.x", Vec::new()),
            E::File("d/.wh..wh..opq", Vec::new()),
        ]),
        gzip(&tar(vec![E::File("d/b", vec![4; 3000])])),
    ]);
    let mut seed = 0x2545_F491_4F6C_DD1Du64;
    let mut next = || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    for _ in 0..400 {
        let mut m = good.clone();
        for _ in 0..(next() % 8 + 1) {
            let i = (next() % m.len() as u64) as usize;
            m[i] = next() as u8;
        }
        let _ = read(&m);
        let _ = read(&gzip(&m));
    }
}

#[test]
fn layer_scans_handed_back_are_checked_and_never_panic() {
    use layerlens_core::image::{LayerReader, LayerScan};
    let layer = tar(vec![
        E::Dir("usr/"),
        E::File("usr/bin/tool", vec![7u8; 3000]),
        E::Link("usr/bin/alias", "tool", b'2'),
    ]);
    let bytes = image(layer);
    let mut r = ImageReader::new(
        bytes.len() as u64,
        Options {
            layers_elsewhere: true,
            ..Options::default()
        },
    );
    while let Some(w) = r.want() {
        r.feed(w.start, &bytes[w.start as usize..w.end as usize])
            .expect("reads");
    }
    let span = r.layer_spans()[0].clone();
    let mut lr = LayerReader::new(&span, &Options::default());
    while let Some(w) = lr.want() {
        lr.feed(w.start, &bytes[w.start as usize..w.end as usize])
            .expect("reads");
    }
    let good = lr.finish().expect("scan").encode();
    assert_eq!(LayerScan::decode(&good).expect("decodes").encode(), good);
    // Every cut and every single-byte change: an error or a scan, never a panic; a scan that
    // names paths it does not list is refused by put_layer.
    for cut in 0..good.len() {
        assert!(LayerScan::decode(&good[..cut]).is_err(), "cut at {cut}");
    }
    for i in 0..good.len() {
        for v in [0u8, 1, 0x7f, 0xff] {
            let mut b = good.clone();
            b[i] = v;
            let _ = LayerScan::decode(&b);
        }
    }
    assert!(LayerScan::decode(b"LLS1\xff\xff\xff\xff").is_err());
    // Handing a layer back twice, or one never asked for, is an error, not a panic.
    let scan = LayerScan::decode(&good).expect("decodes");
    assert!(r.put_layer(5, scan.clone()).is_err());
    assert!(
        r.put_layer(0, scan).is_err(),
        "the reader failed above: errors are final"
    );
}

#[test]
fn parts_waiting_for_an_earlier_layer_are_bounded_by_the_entry_cap() {
    use layerlens_core::image::LayerReader;
    // Three layers; the first never arrives, the later ones pile up past the image's cap.
    let layer = |n: usize| {
        tar((0..n)
            .map(|i| E::File(Box::leak(format!("f{i}").into_boxed_str()), vec![]))
            .collect())
    };
    let bytes = image_layers(vec![layer(10), layer(3000), layer(3000)]);
    let limits = Limits {
        max_entries: 4000,
        ..Limits::default()
    };
    let options = Options {
        limits,
        layers_elsewhere: true,
        ..Options::default()
    };
    let mut r = ImageReader::new(bytes.len() as u64, options.clone());
    while let Some(w) = r.want() {
        r.feed(w.start, &bytes[w.start as usize..w.end as usize])
            .expect("reads");
    }
    let spans = r.layer_spans().to_vec();
    assert_eq!(spans.len(), 3);
    let read = |i: usize| {
        let mut lr = LayerReader::new(&spans[i], &options);
        while let Some(w) = lr.want() {
            lr.feed(w.start, &bytes[w.start as usize..w.end as usize])
                .expect("reads");
        }
        lr.finish().expect("scan")
    };
    r.put_layer(1, read(1))
        .expect("3,000 waiting is within the cap");
    let e = r.put_layer(2, read(2)).expect_err("6,000 waiting is not");
    assert_eq!(e.kind, ErrorKind::Limit, "{e}");
}
