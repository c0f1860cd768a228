//! The rewrite against real experts: real projects' Dockerfiles from before a fix that made their
//! image smaller, with the sizes the authors reported before and after (`tests/data/rewrites/`,
//! `cases.tsv` with each source). The default rewrite should shrink the estimate at least nearly
//! as much as the human did: its ratio (rewrite ÷ original, both estimated) within 1.5× of theirs
//! (after ÷ before, reported). Every case was collected after the rewrite steps were written and
//! was held out: none was used to write or tune a step; a case looked at while a step was
//! taught something new moves to the tuned half (`set` in `cases.tsv`). Prints the share of each
//! half and each case.
//!
//! The projects' sources are not copied here: a case keeps its Dockerfile, its dependency
//! manifests, and `files.tsv` — every file of the repository at that commit with its size — so
//! COPY sizes and the .dockerignore are as they were.

use layerlens_core::estimate::Input;
use layerlens_core::optimize::{optimize, Options};
use std::path::Path;

mod common;

/// Measured 2026-12-06: 5/8, then 5/9 with scafoldr added (also collected after the steps were
/// written); 2026-12-07: 9/17 with eight more pairs collected after the steps, run once (4/8 of
/// them); httpx and locust then looked at for two steps and moved to tuned: held out 9/15; then
/// the three onbuild files looked at for `expand-onbuild` and moved to tuned (maildev's hit had
/// been a rewrite that lost its triggers): held out 8/12; then eight more pairs collected after
/// the steps, run once: 5/8 of them, 13/20 in all; potato and balanceofsatoshis then looked at
/// and moved to tuned: held out 12/18; filepizza and RustiFlow then looked at and moved: 12/16;
/// then seven more pairs collected after that, run once: 4/7 of them, 16/23 in all; nlisim then
/// looked at (setup.py) and moved: 15/22; whoogle-search looked at (a split that kept
/// build-essential) and moved: 15/21; pgweb (godep) looked at and moved: 15/20; session 14:
/// after split-os-build, six more pairs collected, run once: 4/6 of them, 19/26 in all;
/// docker-ddns (a shell-form CMD) and tarpaulin then looked at and moved: 19/24; six more
/// (UltimaScraper, Tasks.md, Floatplane-Downloader, btc-rpc-explorer, landroid-bridge, normandy),
/// run once: 4/6 of them, 23/30 in all; Tasks.md then looked at (its estimate was not the same
/// from run to run) and moved: 23/29; session 15: three more pairs (powerfulseal,
/// koreader-sync, external-auth-server) collected after the pip and npm work, run once: 3/3 of
/// them, 26/32 in all. A floor on the held-out half, raised as the share rises.
const FLOOR: usize = 26;

#[test]
fn the_rewrite_shrinks_real_projects_nearly_as_much_as_their_authors_did() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/rewrites");
    let table = std::fs::read_to_string(root.join("cases.tsv")).expect("cases.tsv");
    // (set, within?, the line printed, within with the opt-in `binary-only` too?)
    let mut rows: Vec<(String, bool, String, bool)> = Vec::new();
    for l in table.lines().skip(1).filter(|l| !l.trim().is_empty()) {
        let f: Vec<&str> = l.split('\t').collect();
        let (name, before, after) = (
            f[0],
            f[1].parse::<f64>().expect("before"),
            f[2].parse::<f64>().expect("after"),
        );
        let dir = root.join(name);
        let src = std::fs::read_to_string(dir.join("Dockerfile")).expect("Dockerfile");
        let ctx = common::case_context(&dir);
        let run = |enabled: Vec<String>| {
            optimize(
                &src,
                &Options {
                    input: Input {
                        context: ctx.as_ref(),
                        debian: common::debian_for(&src),
                    },
                    enabled,
                    ..Default::default()
                },
            )
        };
        let o = run(Vec::new());
        let ratio = |o: &layerlens_core::optimize::Optimized| {
            o.after_bytes as f64 / o.before_bytes.max(1) as f64
        };
        let ours = ratio(&o);
        let theirs = after / before;
        let ok = ours <= 1.5 * theirs;
        // What a person who opts in to shipping the program alone gets.
        let lean_ok = ratio(&run(vec!["binary-only".into()])) <= 1.5 * theirs;
        let steps: Vec<&str> = o
            .steps
            .iter()
            .filter(|s| s.enabled)
            .map(|s| s.kind)
            .collect();
        let line = format!(
            "  {} {name}: theirs {before} → {after} MB (×{theirs:.3}), ours {:.0} → {:.0} MB est. (×{ours:.3}) with {}",
            if ok { "✓" } else { "✗" },
            o.before_bytes as f64 / 1e6,
            o.after_bytes as f64 / 1e6,
            if steps.is_empty() { "no step".to_string() } else { steps.join(", ") }
        );
        rows.push((f[4].to_string(), ok, line, lean_ok));
    }
    let mut held = (0, 0);
    for set in ["held-out", "tuned"] {
        let part: Vec<_> = rows.iter().filter(|r| r.0 == set).collect();
        let within = part.iter().filter(|r| r.1).count();
        let label = if set == "held-out" {
            "held out"
        } else {
            "tuned"
        };
        println!(
            "rewrite vs the authors' own fix ({label}): {within}/{} within 1.5× of their ratio (goal ≥ 80 %); with the opt-in `binary-only` too: {}",
            part.len(),
            part.iter().filter(|r| r.3).count()
        );
        if set == "held-out" {
            held = (within, part.len());
        }
        for r in part {
            println!("{}", r.2);
        }
    }
    let (within, n) = held;
    assert!(n >= 9);
    assert!(
        within >= FLOOR,
        "{within}/{n} within 1.5× of the authors' ratio, floor {FLOOR}"
    );
}
