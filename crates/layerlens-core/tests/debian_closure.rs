//! The Debian closure against `apt-get -s` (../shared/knowledge/debian-closure-vs-apt-simulation.csv:
//! 52 install sets on debian:bookworm, with and without Recommends), the base set, timings and
//! hostile tables.

mod common;

use layerlens_core::knowledge::debian::{DebianIndex, Installed};
use std::path::PathBuf;
use std::time::Instant;

fn table() -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../static/knowledge/debian-bookworm-amd64.tsv");
    std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e} (run scripts/gen-debian-table)", path.display()))
}

fn mb(kib: u64) -> f64 {
    kib as f64 * 1024.0 / 1e6
}

/// Splits one CSV line (fields may be double-quoted, no embedded quotes in this file).
fn csv_fields(line: &str) -> Vec<String> {
    let mut fields = vec![String::new()];
    let mut quoted = false;
    for c in line.chars() {
        match c {
            '"' => quoted = !quoted,
            ',' if !quoted => fields.push(String::new()),
            c => fields.last_mut().unwrap().push(c),
        }
    }
    fields
}

#[test]
fn base_set_is_debian_bookworm() {
    let ix = DebianIndex::parse(&table());
    let base = ix.debian_base_set();
    let total = mb(ix.total_kib(&base));
    println!("base set: {} packages, {total:.1} MB", base.len());
    assert!(
        (86..=90).contains(&base.len()),
        "base set has {} packages",
        base.len()
    );
    assert!((total - 120.4).abs() < 3.0, "base set is {total:.1} MB");
    for must in [
        "apt",
        "bash",
        "coreutils",
        "dpkg",
        "libc6",
        "usr-is-merged",
        "base-files",
    ] {
        assert!(base.contains(must), "{must} missing from the base set");
    }
}

#[test]
fn closure_agrees_with_apt_simulation() {
    let Some(shared) = common::shared_dir() else {
        return common::skip("closure_agrees_with_apt_simulation");
    };
    let csv =
        std::fs::read_to_string(shared.join("knowledge/debian-closure-vs-apt-simulation.csv"))
            .unwrap();
    let ix = DebianIndex::parse(&table());
    assert_eq!(ix.skipped_lines(), 0);
    let base = ix.debian_base_set();

    println!(
        "{:<40} {:>4} {:>5} {:>5} {:>8} {:>8} {:>6}  ok",
        "packages", "rec", "ours", "apt", "ours MB", "apt MB", "ΔMB"
    );
    let (mut rows, mut agree, mut exact) = (0, 0, 0);
    for line in csv.lines().skip(1).filter(|l| !l.trim().is_empty()) {
        let f = csv_fields(line);
        let roots: Vec<&str> = f[0].split(',').collect();
        let recommends = f[1] == "yes";
        let (apt_pkgs, apt_mb): (usize, f64) = (f[4].parse().unwrap(), f[5].parse().unwrap());
        let c = ix.closure(&base, &roots, recommends);
        let ours = mb(c.installed_kib);
        let ok = c.packages.len().abs_diff(apt_pkgs) <= 2 && (ours - apt_mb).abs() <= 5.0;
        rows += 1;
        agree += usize::from(ok);
        exact += usize::from(c.packages.len() == apt_pkgs && (ours - apt_mb).abs() < 0.05);
        assert!(c.unknown.is_empty(), "{}: unknown {:?}", f[0], c.unknown);
        println!(
            "{:<40} {:>4} {:>5} {:>5} {:>8.1} {:>8.1} {:>+6.1}  {}",
            f[0],
            f[1],
            c.packages.len(),
            apt_pkgs,
            ours,
            apt_mb,
            ours - apt_mb,
            if ok { "✓" } else { "✗" }
        );
    }
    println!("agreement (count ±2, size ±5 MB): {agree}/{rows}; exact (same count, size to 0.1 MB): {exact}/{rows}");
    assert_eq!(rows, 104);
    assert!(
        agree * 100 >= rows * 95,
        "only {agree}/{rows} rows agree with apt-get -s"
    );
}

#[test]
fn timings() {
    let text = table();
    let t = Instant::now();
    let ix = DebianIndex::parse(&text);
    let parse = t.elapsed();
    let base = ix.debian_base_set();
    let t = Instant::now();
    let c = ix.closure(&base, &["build-essential"], true);
    let closure = t.elapsed();
    println!(
        "parse: {} packages, {} bytes in {parse:?}; build-essential closure ({} packages) in {closure:?}",
        ix.len(),
        text.len(),
        c.packages.len()
    );
}

#[test]
fn hostile_tables_do_not_panic() {
    let garbage = [
        "",
        "\n\n\n",
        "\t\t\t\t\t\t\t\t",
        "a\t-1\n",
        "a\t99999999999999999999999\n",
        "a\t1\tr\t|||,,,|\t,|\t|,\n",
        "a\t1\tr\ta|a|a,a\ta\ta\n",
        "\u{0}\u{1}\t\u{fffd}\n",
        "a b\t1\n",
        "a\t1\tr\r\nb\t2\t\tc:any\r\n",
    ];
    for text in garbage {
        let ix = DebianIndex::parse(text);
        let all: Vec<&str> = vec!["a", "b", "c", "", "-", "*", "=", ":"];
        let c = ix.closure(&Installed::new(), &all, true);
        let _ = ix.debian_base_set();
        let _ = (ix.len(), ix.skipped_lines(), c);
    }

    // A 20,000-package dependency cycle, each also recommending and providing the next.
    let n = 20_000;
    let mut cycle = String::new();
    for i in 0..n {
        let next = (i + 1) % n;
        cycle.push_str(&format!("p{i}\t1\tr\tp{next}|v{i}\tp{next}\tv{next}\n"));
    }
    let ix = DebianIndex::parse(&cycle);
    assert_eq!(ix.len(), n);
    let c = ix.closure(&Installed::new(), &["p0"], true);
    assert_eq!(c.packages.len(), n);
    assert_eq!(c.installed_kib, n as u64);
    assert_eq!(ix.debian_base_set().len(), n);

    // One package depending on 100,000 virtual names nobody provides.
    let wide = format!(
        "root\t1\to\t{}\n",
        (0..100_000)
            .map(|i| format!("v{i}"))
            .collect::<Vec<_>>()
            .join(",")
    );
    let ix = DebianIndex::parse(&wide);
    let c = ix.closure(&Installed::new(), &["root"], false);
    assert_eq!((c.packages.len(), c.unknown.len()), (1, 100_000));
}

#[test]
fn roots_like_dockerfiles_write_them() {
    let ix = DebianIndex::parse(&table());
    let base = ix.debian_base_set();
    let plain = ix.closure(&base, &["curl"], false);
    let pinned = ix.closure(
        &base,
        &["curl=7.88.1-10+deb12u8", "--no-install-recommends", "-y"],
        false,
    );
    assert_eq!(plain, pinned);
    assert_eq!(ix.closure(&base, &["curl:amd64"], false), plain);
    let odd = ix.closure(&base, &["$PKGS", "libfoo*", "no-such-package"], false);
    assert!(odd.packages.is_empty());
    assert_eq!(odd.unknown, ["$PKGS", "libfoo*", "no-such-package"]);
    // Already installed: nothing new.
    assert!(ix
        .closure(&base, &["bash", "apt"], true)
        .packages
        .is_empty());
    // Installed sets accumulate across RUNs.
    let mut after = base.clone();
    after.insert_closure(&ix.closure(&base, &["gcc"], false));
    let then = ix.closure(&after, &["build-essential"], false);
    let at_once = ix.closure(&base, &["build-essential"], false);
    assert!(then.packages.len() < at_once.packages.len());
    assert!(!then.packages.iter().any(|p| p == "gcc"));
}

/// Trixie's table (Debian 13, today's `debian:stable` and the default of python:3.12, node:26…)
/// and bullseye's (Debian 11, and the nearest for buster and older): chosen by the base image's
/// release, and used only for a stage on that release.
#[test]
fn each_release_has_its_table_and_a_stage_uses_its_own() {
    use layerlens_core::estimate::{debian_table_wanted, estimate, Input};
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../static/knowledge/debian-trixie-amd64.tsv");
    let trixie = DebianIndex::parse(&std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e} (scripts/gen-debian-table --release trixie)",
            path.display()
        )
    }));
    let bookworm = DebianIndex::parse(&table());
    assert_eq!(
        (trixie.release(), bookworm.release()),
        ("trixie", "bookworm")
    );
    assert!(trixie.len() > 60_000, "{} packages", trixie.len());
    let apt = "RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*\n";
    for (from, want) in [
        ("debian:trixie-slim", "trixie"),
        ("debian:stable", "trixie"),
        ("debian:12", "bookworm"),
        ("python:3.12-slim", "trixie"),
        ("python:3.11-slim-bookworm", "bookworm"),
        ("debian:bullseye-slim", "bullseye"),
        ("python:3.9-slim-bullseye", "bullseye"),
        // Buster and older are archived: the nearest table, bullseye's.
        ("debian:buster", "bullseye"),
        ("python:3.7-slim-buster", "bullseye"),
    ] {
        let df = layerlens_core::parse(&format!("FROM {from}\n{apt}"));
        assert_eq!(debian_table_wanted(&df), Some(want), "{from}");
    }
    let bullseye = DebianIndex::parse(
        &std::fs::read_to_string(
            PathBuf::from(env!("CARGO_MANIFEST_DIR"))
                .join("../../static/knowledge/debian-bullseye-amd64.tsv"),
        )
        .expect("scripts/gen-debian-table --release bullseye"),
    );
    assert_eq!(bullseye.release(), "bullseye");
    assert!(bullseye.len() > 55_000, "{} packages", bullseye.len());
    let df = layerlens_core::parse(&format!("FROM debian:trixie-slim\n{apt}"));
    let with = |idx: &DebianIndex| {
        let e = estimate(
            &df,
            &Input {
                context: None,
                debian: Some(idx),
            },
        );
        e.layers[1].basis.clone()
    };
    assert!(
        with(&trixie).contains("Debian trixie Packages index"),
        "{}",
        with(&trixie)
    );
    // The other release's table is not used: the precomputed closures are.
    assert!(
        !with(&bookworm).contains("Packages index"),
        "{}",
        with(&bookworm)
    );
}

/// A `-dev` package's run-time library, as the rewrite's OS-image split installs it in place of
/// the headers: checked on common headers of the corpus's builds against what bookworm names.
#[test]
fn runtime_library_of_dev_packages() {
    let ix = DebianIndex::parse(&table());
    let cases: &[(&str, &[&str])] = &[
        ("libssl-dev", &["libssl3"]),
        ("zlib1g-dev", &["zlib1g"]),
        ("libcurl4-openssl-dev", &["libcurl4"]),
        ("libpq-dev", &["libpq5"]),
        ("libffi-dev", &["libffi8"]),
        ("libsqlite3-dev", &["libsqlite3-0"]),
        ("libjpeg-dev", &["libjpeg62-turbo"]),
        ("libglib2.0-dev", &["libglib2.0-0"]),
        ("libpcap-dev", &["libpcap0.8"]),
        ("libmariadb-dev", &["libmariadb3"]),
        ("libncursesw5-dev", &["libncursesw6"]),
    ];
    let mut wrong = Vec::new();
    for (dev, want) in cases {
        let got = ix.runtime_of_dev(dev);
        if !want.iter().all(|w| got.contains(w)) || got.iter().any(|g| g.ends_with("-dev")) {
            wrong.push(format!("{dev} → {got:?} (want {want:?})"));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    // Unknown and non-dev names name nothing.
    assert!(ix.runtime_of_dev("no-such-dev").is_empty());
    assert!(ix.runtime_of_dev("curl").is_empty());
}
