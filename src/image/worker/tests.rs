use crate::image::protocol::{self, Node, Nodes, Query, Sort, Tree};
use layerlens_core::image::Analysis;

#[test]
fn the_warm_up_image_is_an_image() {
    let bytes: Vec<u8> = warm_up_image(8, 2_000).concat();
    let image = layerlens_core::image::read_all(&bytes, Default::default()).expect("reads");
    assert_eq!(image.layers.len(), 8);
    let a = layerlens_core::image::analyze(image);
    assert_eq!(a.final_files, 16_000);
    assert!(warm_up_image(8, 2_000).iter().all(|p| p.len() <= 1_100_000));
}

use super::*;
use layerlens_core::image::{analyze, read_all, Options};

fn fixture(name: &str) -> Option<Vec<u8>> {
    let dir = std::env::var_os("LAYERLENS_SHARED")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared"));
    std::fs::read(dir.join("fixtures/images").join(name)).ok()
}

#[test]
fn reads_on_through_small_gaps_and_restarts_for_big_ones() {
    assert!(restart_at(None, 0), "nothing open yet");
    assert!(!restart_at(Some(1000), 1000));
    assert!(
        !restart_at(Some(1000), 1000 + RESTART_GAP),
        "a gap read through"
    );
    assert!(
        restart_at(Some(1000), 1001 + RESTART_GAP),
        "a big file's body skipped"
    );
    assert!(restart_at(Some(1000), 999), "backwards");
    let b = Block {
        start: 100,
        data: vec![7; 50],
    };
    assert_eq!(b.get(&(120..130)).map(<[u8]>::len), Some(10));
    assert_eq!(
        b.get(&(140..200)).map(<[u8]>::len),
        Some(10),
        "what the block has"
    );
    assert!(b.get(&(150..160)).is_none() && b.get(&(99..110)).is_none());
}

#[test]
fn progress_counts_layers_gone_through_in_any_order() {
    let mut p = Passed::default();
    p.see("scanning", 0, &(999_000..999_512));
    assert_eq!(
        p.bytes("scanning", 999_512, 1_000_000),
        0,
        "not the jump to the manifest"
    );
    // Layer 0 lies at 500,000..900,000, layer 1 before it at 1,000..400,000.
    p.see("layers", 0, &(500_000..500_512));
    p.see("layers", 0, &(899_488..900_000));
    assert_eq!(p.bytes("layers", 999_512, 1_000_000), 400_000);
    p.see("layers", 1, &(1_000..1_512));
    p.see("layers", 1, &(200_000..200_512));
    assert_eq!(p.bytes("layers", 999_512, 1_000_000), 599_512);
    assert_eq!(p.bytes("streaming", 1234, 1_000_000), 1234);
}

#[test]
fn summary_and_trees_of_dives_test_image() {
    let Some(bytes) = fixture("test-docker-image.tar") else {
        eprintln!("SKIPPED: ../shared/fixtures/images is absent");
        return;
    };
    let a = analyze(read_all(&bytes, Options::default()).expect("reads"));
    let s = summarize(
        &a,
        &ReadStats {
            file_bytes: bytes.len() as u64,
            bytes_read: 0,
            reads: 0,
            elapsed_ms: 0.0,
            timing: Default::default(),
        },
    );
    assert_eq!(s.layers.len(), 14);
    assert_eq!(s.wasted_bytes, 32_025);
    assert_eq!(s.inefficient_total, 3);
    assert!(
        s.trailing_steps.is_empty(),
        "dive's image ends with a layer"
    );
    // dive --ci on this image: efficiency passes, user wasted percent (48 %) fails.
    assert!(!s.pass);
    assert_eq!(
        s.rules
            .iter()
            .map(|r| r.status.as_str())
            .collect::<Vec<_>>(),
        ["pass", "skip", "fail"]
    );
    let back: protocol::FromWorker =
        protocol::decode(&protocol::encode(&protocol::FromWorker::Done {
            job: 1,
            summary: Box::new(s),
        }))
        .expect("round trip");
    assert!(matches!(back, protocol::FromWorker::Done { job: 1, .. }));

    let mut t = Trees::new(a);
    let top = t.answer(
        1,
        &Query::Children {
            tree: Tree::Final,
            path: "/".into(),
            sort: Sort::Size,
        },
    );
    assert!(top
        .nodes
        .iter()
        .any(|n| n.path == "/root" && n.kind == "dir"));
    assert!(
        top.nodes
            .windows(2)
            .all(|w| w[0].size_bytes >= w[1].size_bytes),
        "biggest first"
    );
    let by_name = t.answer(
        2,
        &Query::Children {
            tree: Tree::Final,
            path: "/".into(),
            sort: Sort::Name,
        },
    );
    assert!(by_name.nodes.windows(2).all(|w| w[0].name <= w[1].name));
    // Layer 1 (the second) adds /somefile.txt-like files: its tree has what it added.
    let layer_top = t.answer(
        3,
        &Query::Children {
            tree: Tree::Layer(1),
            path: "/".into(),
            sort: Sort::Size,
        },
    );
    assert!(!layer_top.nodes.is_empty());
    assert!(layer_top.nodes.iter().all(|n| n.layer == Some(1)));
    let hits = t.answer(
        4,
        &Query::Filter {
            tree: Tree::Final,
            text: "somefile".into(),
            sort: Sort::Size,
        },
    );
    assert!(
        hits.total >= 1 && hits.nodes.iter().all(|n| n.name.contains("somefile")),
        "{hits:?}"
    );
    let by_path = t.answer(
        5,
        &Query::Filter {
            tree: Tree::Final,
            text: "root/example/".into(),
            sort: Sort::Size,
        },
    );
    assert!(by_path
        .nodes
        .iter()
        .all(|n| n.path.contains("/root/example/")));
    // /root/saved.txt: moved there in layer 7, chmod-ed in layer 13.
    let h = t.history(7, "/root/saved.txt");
    assert_eq!(
        h.steps
            .iter()
            .map(|s| (s.layer, s.change.as_str()))
            .collect::<Vec<_>>(),
        [(7, "added"), (13, "changed")]
    );
    // A removal shows in the layer that made it.
    let removed = (0..14).find_map(|k| {
        let r = t.answer(
            6,
            &Query::Filter {
                tree: Tree::Layer(k),
                text: "somefile".into(),
                sort: Sort::Size,
            },
        );
        r.nodes
            .into_iter()
            .find(|n| n.change.as_deref() == Some("removed"))
    });
    assert!(removed.is_some(), "a layer removes a somefile");
}
