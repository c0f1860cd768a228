//! `cargo bench -p layerlens-core --bench keystroke`: what the app computes on every keystroke
//! (parse, explain, estimate with Debian's table, lint with that estimate — `Analysis::of` in
//! src/state.rs), natively, on the generated 2,000-line Dockerfile that tests/e2e/app-bench.mjs
//! types into in Chromium (`node tests/e2e/big-dockerfile.mjs` makes it), typing the same 40
//! characters at its end. Prints each phase's mean and the median and p95 of the whole.

use layerlens_core::estimate::{estimate, Input};
use layerlens_core::explain::explain;
use std::path::Path;
use std::time::Instant;

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let out = std::process::Command::new("node")
        .arg(root.join("tests/e2e/big-dockerfile.mjs"))
        .output();
    let base = match out {
        Ok(o) if o.status.success() => String::from_utf8_lossy(&o.stdout).into_owned(),
        _ => {
            println!("keystroke bench: skipped (needs node to generate the 2,000-line Dockerfile)");
            return;
        }
    };
    let table = std::fs::read_to_string(root.join("static/knowledge/debian-bookworm-amd64.tsv"))
        .unwrap_or_default();
    let idx = layerlens_core::knowledge::debian::DebianIndex::parse(&table);
    let debian = (!idx.is_empty()).then_some(&idx);
    let typed = "\n# layerlens bench: one key at a time ......";
    let rounds = 10;
    let mut times = Vec::new();
    let mut phases = [0f64; 4];
    for round in 0..=rounds {
        for k in 1..=typed.len() {
            let src = format!("{base}{}", &typed[..k]);
            let t = Instant::now();
            let df = layerlens_core::parse(&src);
            let t1 = t.elapsed().as_secs_f64();
            let ex = explain(&df);
            let t2 = t.elapsed().as_secs_f64();
            let e = estimate(
                &df,
                &Input {
                    context: None,
                    debian,
                },
            );
            let t3 = t.elapsed().as_secs_f64();
            let f = layerlens_core::lint::lint_with_estimate(
                &df,
                Input {
                    context: None,
                    debian,
                },
                &e,
            );
            let t4 = t.elapsed().as_secs_f64();
            std::hint::black_box((&ex, &f));
            // Round 0 warms up (the shell parser's memo, the allocator).
            if round > 0 {
                for (p, d) in phases.iter_mut().zip([t1, t2 - t1, t3 - t2, t4 - t3]) {
                    *p += d;
                }
                times.push(t4 * 1e3);
            }
        }
    }
    times.sort_by(f64::total_cmp);
    let n = times.len() as f64;
    let ms = |s: f64| s * 1e3 / n;
    println!(
        "keystroke analysis of {} lines{}: median {:.2} ms, p95 {:.2} ms ({} keystrokes; parse {:.2}, explain {:.2}, estimate {:.2}, lint {:.2} ms)",
        base.lines().count(),
        if debian.is_some() { " with Debian's table" } else { " (no Debian table)" },
        times[times.len() / 2],
        times[times.len() * 95 / 100],
        times.len(),
        ms(phases[0]),
        ms(phases[1]),
        ms(phases[2]),
        ms(phases[3]),
    );
}
