//! `compare`: two images built here with known differences (a shared base layer, a changed
//! layer, an added layer with a whiteout and an opaque directory) give exactly those layers and
//! paths; two Dockerfiles give the instruction that grew; the CI gate reads its thresholds.

use layerlens_core::compare::{self, ChangeOrder, Diff, Increase, PathChange, PathSize, Status};
use layerlens_core::image::{analyze, read_all, tar, Analysis, Options};

/// (diff ID, history, entries: a name ending in `/` is a directory).
type Layer<'a> = (&'a str, &'a str, Vec<(&'a str, Vec<u8>)>);

fn docker_save(layers: &[Layer<'_>]) -> Vec<u8> {
    let owned: Vec<tar::SaveLayer<'_>> = layers
        .iter()
        .map(|(d, h, files)| (*d, *h, files.iter().map(|(n, b)| (*n, &b[..])).collect()))
        .collect();
    tar::docker_save(&owned)
}

fn bytes(n: usize) -> Vec<u8> {
    vec![b'x'; n]
}

fn base() -> Layer<'static> {
    (
        "sha256:base",
        "install base",
        vec![
            ("bin/", vec![]),
            ("bin/sh", bytes(1000)),
            ("etc/", vec![]),
            ("etc/os-release", bytes(100)),
        ],
    )
}

fn read(b: &[u8]) -> Analysis {
    analyze(read_all(b, Options::default()).expect("reads"))
}

fn pair() -> (Analysis, Analysis) {
    let a = docker_save(&[
        base(),
        (
            "sha256:app1",
            "COPY app",
            vec![
                ("app/", vec![]),
                ("app/main.py", bytes(300)),
                ("app/data/", vec![]),
                ("app/data/big.bin", bytes(5000)),
                ("app/old.txt", bytes(50)),
            ],
        ),
    ]);
    let b = docker_save(&[
        base(),
        (
            "sha256:app2",
            "COPY app",
            vec![
                ("app/", vec![]),
                ("app/main.py", bytes(350)),
                ("app/data/", vec![]),
                ("app/data/big.bin", bytes(5000)),
                ("app/new.txt", bytes(70)),
            ],
        ),
        (
            "sha256:cleanup",
            "rm -rf /etc/os-release /app/data && mkdir /app/data",
            vec![
                ("etc/", vec![]),
                ("etc/.wh.os-release", vec![]),
                ("app/", vec![]),
                ("app/data/", vec![]),
                ("app/data/.wh..wh..opq", vec![]),
                ("app/data/small.bin", bytes(10)),
            ],
        ),
    ]);
    (read(&a), read(&b))
}

#[test]
fn two_images_with_known_differences() {
    let (a, b) = pair();
    let d = compare::images(&a, &b);
    assert_eq!((d.size_bytes.before, d.size_bytes.after), (6450, 6530));
    assert_eq!(d.size_bytes.delta, 80);
    assert_eq!(d.shared_layers, 1);
    assert_eq!(
        d.stored_bytes, None,
        "uncompressed layers have no pull size"
    );
    let status: Vec<Status> = d.layers.iter().map(|l| l.status).collect();
    assert_eq!(status, [Status::Shared, Status::Changed, Status::Added]);
    assert_eq!((d.layers[2].before_bytes, d.layers[2].after_bytes), (0, 10));
    let p = &d.paths;
    let ps = |v: &[(&str, u64)]| -> Vec<PathSize> {
        v.iter()
            .map(|(p, s)| PathSize {
                path: p.to_string(),
                size_bytes: *s,
            })
            .collect()
    };
    assert_eq!(
        p.added,
        ps(&[("/app/new.txt", 70), ("/app/data/small.bin", 10)])
    );
    // The whiteout removes os-release; the opaque directory hides big.bin from below.
    assert_eq!(
        p.removed,
        ps(&[
            ("/app/data/big.bin", 5000),
            ("/etc/os-release", 100),
            ("/app/old.txt", 50)
        ])
    );
    assert_eq!(
        p.changed,
        [PathChange {
            path: "/app/main.py".into(),
            before_bytes: 300,
            after_bytes: 350
        }]
    );
    assert_eq!((p.added_bytes, p.removed_bytes), (80, 5150));
    assert_eq!((d.final_files.before, d.final_files.after), (5, 4));
    // Two levels of directories with their totals: /app grew by 70 − 50 + 50 (main.py) − 4990.
    let dir = |p: &str| {
        d.dirs
            .iter()
            .find(|x| x.path == p)
            .map(|x| (x.before_bytes, x.after_bytes))
    };
    assert_eq!(dir("/app"), Some((5350, 430)));
    assert_eq!(dir("/app/data"), Some((5000, 10)));
    assert_eq!(dir("/etc"), Some((100, 0)));
    assert_eq!(dir("/bin"), Some((1000, 1000)));
    assert_eq!(dir("/bin/sh"), Some((1000, 1000)));

    // The tree of changes, a directory at a time, biggest change first (ties by path).
    let rows = |dir: &str, needle: &str, order| -> Vec<(String, i64, Status)> {
        d.changes_under(dir, needle, order)
            .into_iter()
            .map(|r| (r.path.clone(), r.delta(), r.status))
            .collect()
    };
    let row = |p: &str, delta: i64, s: Status| (p.to_string(), delta, s);
    assert_eq!(
        rows("/", "", ChangeOrder::Delta),
        [
            row("/app", -4920, Status::Changed),
            row("/etc", -100, Status::Removed)
        ]
    );
    assert_eq!(
        rows("/app", "", ChangeOrder::Delta),
        [
            row("/app/data", -4990, Status::Changed),
            row("/app/new.txt", 70, Status::Added),
            row("/app/main.py", 50, Status::Changed),
            row("/app/old.txt", -50, Status::Removed),
        ]
    );
    let names: Vec<String> = rows("/app", "", ChangeOrder::Name)
        .into_iter()
        .map(|r| r.0)
        .collect();
    assert_eq!(
        names,
        ["/app/data", "/app/main.py", "/app/new.txt", "/app/old.txt"]
    );
    assert_eq!(
        rows("/", "bin", ChangeOrder::Size),
        [
            row("/app/data/big.bin", -5000, Status::Removed),
            row("/app/data/small.bin", 10, Status::Added)
        ]
    );
    assert!(d.has_changes_under("/app/data") && !d.has_changes_under("/bin"));

    // The same image against itself: everything shared, nothing else.
    let same = compare::images(&a, &a);
    assert_eq!(same.shared_layers, 2);
    assert!(
        same.paths.added.is_empty()
            && same.paths.removed.is_empty()
            && same.paths.changed.is_empty()
    );
    assert_eq!(same.size_bytes.delta, 0);
}

#[test]
fn deeper_directories_are_kept_where_something_changed() {
    let layer = |digest, extra: Vec<(&'static str, Vec<u8>)>| -> Layer<'static> {
        let mut files = vec![
            ("usr/", vec![]),
            ("usr/lib/", vec![]),
            ("usr/lib/py/", vec![]),
            ("usr/lib/py/site/", vec![]),
            ("usr/lib/py/site/a.py", bytes(100)),
            ("usr/share/", vec![]),
            ("usr/share/doc/", vec![]),
            ("usr/share/doc/x/", vec![]),
            ("usr/share/doc/x/README", bytes(40)),
        ];
        files.extend(extra);
        (digest, "install", files)
    };
    let a = read(&docker_save(&[layer("sha256:a", vec![])]));
    let b = read(&docker_save(&[layer(
        "sha256:b",
        vec![
            ("usr/lib/py/site/b.py", bytes(200)),
            ("root/", vec![]),
            ("root/.cache/", vec![]),
            ("root/.cache/pip/", vec![]),
            ("root/.cache/pip/wheel.whl", bytes(500)),
        ],
    )]));
    let d = compare::images(&a, &b);
    let dir = |p: &str| {
        d.dirs
            .iter()
            .find(|x| x.path == p)
            .map(|x| (x.before_bytes, x.after_bytes))
    };
    // Two levels whole, changed or not.
    assert_eq!(dir("/usr/lib"), Some((100, 300)));
    assert_eq!(dir("/usr/share"), Some((40, 40)));
    // Deeper: only where a path changed, with each side's total.
    assert_eq!(dir("/usr/lib/py"), Some((100, 300)));
    assert_eq!(dir("/usr/lib/py/site"), Some((100, 300)));
    assert_eq!(dir("/usr/share/doc"), None);
    assert_eq!(dir("/usr/share/doc/x"), None);
    // The hogs of either image, before → after: pip's cache came with the second.
    let hogs: Vec<(&str, u64, u64)> = d
        .hogs
        .iter()
        .map(|h| (h.id.as_str(), h.before_bytes, h.after_bytes))
        .collect();
    assert_eq!(hogs, [("pip-cache", 0, 500)]);
    let text = compare::text(&Diff::Images(&d), "a", "b");
    assert!(text.contains("pip-cache"), "{text}");
    let md = compare::markdown(&Diff::Images(&d), "a", "b");
    assert!(
        md.contains("| pip's download cache | 0 B | 500 B | +500 B |"),
        "{md}"
    );
    // Sorted by path, each once.
    let paths: Vec<&str> = d.dirs.iter().map(|x| x.path.as_str()).collect();
    let mut sorted = paths.clone();
    sorted.sort_unstable();
    sorted.dedup();
    assert_eq!(paths, sorted);
}

#[test]
fn text_and_markdown_say_the_same_figures() {
    let (a, b) = pair();
    let d = compare::images(&a, &b);
    let md = compare::markdown(&Diff::Images(&d), "a.tar", "b.tar");
    assert!(
        md.starts_with("### layerlens diff: `a.tar` → `b.tar`"),
        "{md}"
    );
    assert!(
        md.contains("| image size | 6.5 kB | 6.5 kB | **+80 B** (+1.2 %) |"),
        "{md}"
    );
    assert!(md.contains("| layers | 2 | 3 | 1 shared |"), "{md}");
    assert!(
        md.contains("| − | `/app/data/big.bin` | 5.0 kB | |"),
        "{md}"
    );
    assert!(
        md.contains("| ~ | `/app/main.py` | 300 B | 350 B |"),
        "{md}"
    );
    let t = compare::text(&Diff::Images(&d), "a.tar", "b.tar");
    assert!(
        t.contains("paths: 2 added (80 B), 3 removed (5.2 kB), 1 changed"),
        "{t}"
    );
}

#[test]
fn two_dockerfiles_show_the_instruction_that_grew() {
    let a_src = "FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*\nCMD [\"curl\"]\n";
    let b_src = "FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*\nRUN apt-get update && apt-get install -y python3\nCMD [\"curl\"]\n";
    let (a, b) = (layerlens_core::parse(a_src), layerlens_core::parse(b_src));
    let ea = layerlens_core::estimate::estimate(&a, &Default::default());
    let eb = layerlens_core::estimate::estimate(&b, &Default::default());
    let d = compare::dockerfiles(&a, &ea, &b, &eb);
    let added: Vec<_> = d
        .instructions
        .iter()
        .filter(|i| i.status == Status::Added)
        .collect();
    assert_eq!(added.len(), 1);
    assert_eq!(added[0].after_line, Some(3));
    assert!(added[0]
        .instruction
        .starts_with("RUN apt-get update && apt-get install -y python3"));
    assert!(
        added[0].delta > 20_000_000,
        "python3 with Recommends and lists: {}",
        added[0].delta
    );
    assert_eq!(
        d.instructions
            .iter()
            .filter(|i| i.status == Status::Shared)
            .count(),
        3
    );
    assert_eq!(
        d.final_image_bytes.delta,
        eb.final_image_bytes as i64 - ea.final_image_bytes as i64
    );
    let md = compare::markdown(&Diff::Dockerfiles(&d), "Dockerfile", "Dockerfile (PR)");
    assert!(
        md.contains("| 3 | added | `RUN apt-get update && apt-get install -y python3` | +"),
        "{md}"
    );
}

#[test]
fn the_gate_reads_bytes_and_percentages() {
    assert!(Increase::parse("1MB").is_ok_and(|g| !g.exceeded(6450, 6530)));
    assert!(Increase::parse("1%").is_ok_and(|g| g.exceeded(6450, 6530)));
    assert!(Increase::parse("2%").is_ok_and(|g| !g.exceeded(6450, 6530)));
}
