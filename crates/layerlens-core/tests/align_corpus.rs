//! The side-by-side rows of every corpus rewrite: each side's line numbers appear once each, in
//! order, and cover every line of its text (no row numbered twice, none missing).

mod common;

use layerlens_core::optimize::{align, optimize, Options};

#[test]
fn side_by_side_numbers_every_line_once() {
    let Some(shared) = common::shared_dir() else {
        return common::skip("side by side over the corpus");
    };
    let Ok(rd) = std::fs::read_dir(shared.join("corpus/dockerfiles")) else {
        return common::skip("side by side over the corpus");
    };
    let mut files = 0;
    for entry in rd.flatten() {
        let Ok(bytes) = std::fs::read(entry.path()) else {
            continue;
        };
        let src = String::from_utf8_lossy(&bytes);
        let o = optimize(&src, &Options::default());
        let rows = align(&src, &o.dockerfile);
        let name = entry.file_name();
        for (side, text, nums) in [
            (
                "left",
                &*src,
                rows.iter().filter_map(|r| r.left).collect::<Vec<_>>(),
            ),
            (
                "right",
                &*o.dockerfile,
                rows.iter().filter_map(|r| r.right).collect::<Vec<_>>(),
            ),
        ] {
            let want: Vec<usize> = (1..=text.lines().count()).collect();
            assert_eq!(nums, want, "{name:?}: the {side} side's line numbers");
        }
        files += 1;
    }
    println!("side by side: {files} corpus rewrites, every line numbered once on each side");
}
