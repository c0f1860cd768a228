//! The official images' own Dockerfiles against the images they build: for every docker-library
//! Linux Dockerfile in ../shared/corpus whose tag repo-info sizes exactly (`python/3.11/slim-bookworm`
//! → `python:3.11-slim-bookworm`), the estimate against that size. Prints how many are within
//! 25 % and the worst misses (issue 17: ≥ 80 %). Fails if the count falls below what it was when
//! the test was written, so it can only rise.

mod common;

use layerlens_core::estimate::{estimate, resolve_base, Input, Known};

/// Within 25 % when measured (2026-12-06: 6 of 17 before; 15 of 17 with the same-RUN build model,
/// `mv`, `apt-get dist-clean`, buildpack-deps' -scm bases and the Go toolchain's size — modelled
/// while looking at these files: they are not a held-out set). Two rows read from repo-info after
/// the modelling, untouched since, are held out: golang:1.26-alpine3.23 within (it is), and
/// python:3.11-alpine3.23 at −27 % (outside): 16 of 19 in all. A floor, raised as it rises.
const FLOOR: usize = 16;

#[test]
fn official_dockerfiles_against_their_images() {
    let Some(corpus) = common::corpus_with_provenance("official images' Dockerfiles") else {
        return common::skip("official images' Dockerfiles");
    };
    let mut rows = Vec::new();
    for f in &corpus {
        let (repo, path) = (&f.repo, &f.path);
        let Some(image) = repo.strip_prefix("docker-library/") else {
            continue;
        };
        let parts: Vec<&str> = path.trim_end_matches("/Dockerfile").split('/').collect();
        if parts.contains(&"windows") || parts.len() != 2 {
            continue;
        }
        // `3.11/slim-bookworm` is the tag `3.11-slim-bookworm`.
        let tag = format!("{}-{}", parts[0], parts[1]);
        let truth = resolve_base(&format!("{image}:{tag}"));
        if truth.known != Known::Exact {
            continue;
        }
        let e = estimate(
            &layerlens_core::parse(&f.text),
            &Input {
                debian: common::debian_for(&f.text),
                ..Default::default()
            },
        );
        let real = truth.amount.bytes as f64;
        let err = (e.final_image_bytes as f64 - real) / real;
        rows.push((
            format!("{image}:{tag}"),
            real,
            e.final_image_bytes as f64,
            err,
        ));
    }
    if rows.is_empty() {
        return common::skip("official images' Dockerfiles (none with a repo-info size)");
    }
    let within = rows.iter().filter(|r| r.3.abs() <= 0.25).count();
    println!(
        "official images' own Dockerfiles: {within}/{} estimated within 25 % of the image repo-info measured (goal ≥ 80 %)",
        rows.len()
    );
    rows.sort_by(|a, b| b.3.abs().total_cmp(&a.3.abs()));
    for (name, real, est, err) in rows.iter().take(8) {
        println!(
            "  {name}: real {:.0} MB, estimated {:.0} MB ({:+.0} %)",
            real / 1e6,
            est / 1e6,
            err * 100.0
        );
    }
    assert!(within >= FLOOR, "fell below the floor: {within} < {FLOOR}");
}
