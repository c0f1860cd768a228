use super::*;

fn est(src: &str) -> Estimate {
    estimate(&crate::parse(src), &Input::default())
}

/// Debian bookworm's package table, as committed.
fn bookworm() -> crate::knowledge::debian::DebianIndex {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../static/knowledge/debian-bookworm-amd64.tsv"
    );
    let table = std::fs::read_to_string(path).expect("the committed Debian table");
    crate::knowledge::debian::DebianIndex::parse(&table)
}

fn mb(b: u64) -> f64 {
    b as f64 / 1e6
}

#[test]
fn metadata_is_free_and_ranges_hold() {
    let e = est("FROM debian:bookworm-slim\nENV A=1\nWORKDIR /app\nEXPOSE 80\nCMD [\"x\"]\n");
    assert_eq!(e.layers.len(), 5);
    assert_eq!(e.layers[0].kind, LayerKind::Base);
    assert!(e.layers[1..]
        .iter()
        .all(|l| l.kind == LayerKind::Metadata && l.bytes == 0));
    assert_eq!(e.final_image_bytes, 74_830_000);
    for l in &e.layers {
        assert!(l.low <= l.bytes && l.bytes <= l.high);
    }
}

#[test]
fn apt_lists_cost_unless_removed_in_the_same_run() {
    let kept = est("FROM debian:bookworm\nRUN apt-get update && apt-get install -y --no-install-recommends curl\n");
    let clean = est("FROM debian:bookworm\nRUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*\n");
    let d = mb(kept.layers[1].bytes) - mb(clean.layers[1].bytes);
    assert!((d - 20.0).abs() < 0.5, "{d}");
    assert!(kept.layers[1]
        .lessons
        .iter()
        .any(|l| l.kind == "cache-left"));
    assert!(clean.layers[1].lessons.is_empty());
    // curl without Recommends (12.0 MB) + dpkg state (1 MB).
    assert!(
        (mb(clean.layers[1].bytes) - 13.0).abs() < 0.5,
        "{}",
        clean.layers[1].basis
    );
}

#[test]
fn install_and_purge_in_one_run_vs_two() {
    let one = est("FROM debian:bookworm\nRUN apt-get update && apt-get install -y build-essential && make && apt-get purge -y build-essential && rm -rf /var/lib/apt/lists/*\n");
    let two = est("FROM debian:bookworm\nRUN apt-get update && apt-get install -y build-essential\nRUN apt-get purge -y build-essential && rm -rf /var/lib/apt/lists/*\n");
    assert!(
        one.final_image_bytes < two.final_image_bytes - 300_000_000,
        "{} vs {}",
        one.final_image_bytes,
        two.final_image_bytes
    );
    assert!(two.layers[2]
        .lessons
        .iter()
        .any(|l| l.kind == "deleted-later"));
    assert!(two.layers[1]
        .lessons
        .iter()
        .any(|l| l.kind == "toolchain-in-final"));
}

#[test]
fn cache_mounts_keep_caches_out() {
    let plain = est("FROM python:3.12-slim\nRUN pip install flask\n");
    let mounted = est(
        "FROM python:3.12-slim\nRUN --mount=type=cache,target=/root/.cache/pip pip install flask\n",
    );
    let nocache = est("FROM python:3.12-slim\nRUN pip install --no-cache-dir flask\n");
    assert!(plain.layers[1].bytes > mounted.layers[1].bytes);
    assert_eq!(mounted.layers[1].bytes, nocache.layers[1].bytes);
}

#[test]
fn a_file_deleted_later_still_costs() {
    let e =
        est("FROM alpine:3.7\nRUN curl -o /tmp/big.tgz https://x/big.tgz\nRUN rm /tmp/big.tgz\n");
    assert!(e.layers[2]
        .lessons
        .iter()
        .any(|l| l.kind == "deleted-later" && l.wasted_bytes > 0));
    assert!(e.layers[1].basis.contains("unknown"));
}

#[test]
fn multi_stage_copies_only_what_it_names() {
    let src = "FROM python:3-alpine AS builder\nRUN apk add --no-cache build-base\nRUN python -m venv /opt/venv\nENV PATH=\"/opt/venv/bin:$PATH\"\nRUN pip install --no-cache-dir flask gunicorn\n\nFROM python:3-alpine\nCOPY --from=builder /opt/venv /opt/venv\n";
    let e = est(src);
    let copy = e.layers.last().unwrap();
    assert!(copy.is_final);
    assert!(copy.basis.contains("builder"), "{}", copy.basis);
    assert!(
        mb(copy.bytes) > 14.0 && mb(copy.bytes) < 40.0,
        "{}",
        mb(copy.bytes)
    );
    let builder_total = e.stages[0].bytes;
    assert!(builder_total > e.final_image_bytes + 150_000_000);
    // The builder's toolchain is not a lesson: it is not in the final image.
    assert!(e
        .layers
        .iter()
        .all(|l| l.lessons.iter().all(|x| x.kind != "toolchain-in-final")));
}

#[test]
fn context_gives_exact_copy_sizes_and_requirements() {
    let mut texts = std::collections::HashMap::new();
    texts.insert(
        "requirements.txt".to_string(),
        "flask==3.1\nrequests  # http\n".to_string(),
    );
    texts.insert(".dockerignore".to_string(), ".git\n".to_string());
    let ctx = BuildContext::new(
        vec![
            ("app.py".into(), 1234),
            ("requirements.txt".into(), 30),
            (".git/x".into(), 99999),
        ],
        texts,
    );
    let df = crate::parse("FROM python:3.12-slim\nCOPY . /app\nRUN pip install --no-cache-dir -r /app/requirements.txt\n");
    let e = estimate(
        &df,
        &Input {
            context: Some(&ctx),
            ..Default::default()
        },
    );
    assert_eq!(e.layers[1].bytes, 1264);
    assert_eq!(e.layers[1].low, 1264);
    assert!(
        e.layers[2].basis.contains("package"),
        "{}",
        e.layers[2].basis
    );
    assert!(e.missing.is_empty());
    let no_ctx = est("FROM python:3.12-slim\nCOPY . /app\n");
    assert!(!no_ctx.missing.is_empty());
    assert!(no_ctx.layers[1].basis.contains("unknown"));
}

#[test]
fn never_panics_on_odd_input() {
    for src in [
        "",
        "RUN x",
        "FROM\nRUN",
        "FROM a AS b\nFROM b\nCOPY --from=b / /\nCOPY --from=nope /x /y\n",
        "FROM scratch\nRUN rm -rf /\n",
        "FROM a\nRUN chown -R x /\n",
    ] {
        let e = est(src);
        for l in &e.layers {
            assert!(l.low <= l.bytes && l.bytes <= l.high, "{src:?}: {l:?}");
        }
    }
}

#[test]
fn with_the_debian_table_closures_are_exact_against_the_base() {
    let idx = bookworm();
    let df = crate::parse("FROM debian:bookworm\nRUN apt-get update && apt-get install -y --no-install-recommends git && rm -rf /var/lib/apt/lists/*\n");
    let e = estimate(
        &df,
        &Input {
            debian: Some(&idx),
            ..Default::default()
        },
    );
    // git without Recommends on debian:bookworm: 108.8 MB by the closure (the lab built 107.9 MB).
    let run = &e.layers[1];
    assert!(
        run.basis.contains("Debian bookworm Packages index"),
        "{}",
        run.basis
    );
    assert!(run.low <= 107_874_786 && 107_874_786 <= run.high, "{run:?}");
    // On python:3.12 (buildpack-deps) git is already there.
    let df = crate::parse("FROM python:3.12\nRUN apt-get update && apt-get install -y --no-install-recommends git && rm -rf /var/lib/apt/lists/*\n");
    let e = estimate(
        &df,
        &Input {
            debian: Some(&idx),
            ..Default::default()
        },
    );
    assert!(e.layers[1].bytes < 5_000_000, "{:?}", e.layers[1]);
}

#[test]
fn tool_caches_are_lessons_until_cleaned_or_mounted() {
    let left = est("FROM continuumio/miniconda3\nRUN conda install -y numpy\n");
    assert!(left.layers[1]
        .lessons
        .iter()
        .any(|l| l.kind == "cache-left" && l.text.contains("conda clean -afy")));
    let cleaned =
        est("FROM continuumio/miniconda3\nRUN conda install -y numpy && conda clean -afy\n");
    assert!(
        cleaned.layers[1].lessons.is_empty(),
        "{:?}",
        cleaned.layers[1].lessons
    );
    let go = est("FROM golang:1.26-alpine\nRUN go build -o /app .\n");
    assert!(go.layers[1]
        .lessons
        .iter()
        .any(|l| l.text.contains("/go/pkg/mod")));
    let mounted = est("FROM golang:1.26-alpine\nRUN --mount=type=cache,target=/root/.cache/go-build --mount=type=cache,target=/go/pkg/mod go build -o /app .\n");
    assert!(
        mounted.layers[1].lessons.is_empty(),
        "{:?}",
        mounted.layers[1].lessons
    );
    let m2 = est("FROM maven\nRUN mvn package && rm -rf /root/.m2\n");
    assert!(
        m2.layers[1].lessons.is_empty(),
        "{:?}",
        m2.layers[1].lessons
    );
}

#[test]
fn pyproject_dependencies_are_read() {
    let pep621 = "[project]\nname = \"x\"\ndependencies = [\n  \"flask>=3\",  # web\n  \"requests[socks]==2.34\",\n]\n[tool.other]\ndependencies = [\"nope\"]\n";
    assert_eq!(
        super::run::pyproject_dependencies(pep621),
        ["flask", "requests"]
    );
    let poetry = "[tool.poetry.dependencies]\npython = \"^3.12\"\ndjango = \"^5\"\n[tool.poetry.group.dev.dependencies]\npytest = \"*\"\n";
    assert_eq!(super::run::pyproject_dependencies(poetry), ["django"]);
    let mut texts = std::collections::HashMap::new();
    texts.insert("pyproject.toml".to_string(), pep621.to_string());
    let ctx = BuildContext::new(vec![("pyproject.toml".into(), 100)], texts);
    let df =
        crate::parse("FROM python:3.12-slim\nCOPY . /src\nRUN pip install --no-cache-dir /src\n");
    let e = estimate(
        &df,
        &Input {
            context: Some(&ctx),
            ..Default::default()
        },
    );
    assert!(
        e.layers[2].basis.contains("package(s)"),
        "{}",
        e.layers[2].basis
    );
}

#[test]
fn removing_a_cache_in_a_later_run_frees_nothing() {
    let e = est("FROM debian:bookworm\nRUN apt-get update && apt-get install -y --no-install-recommends curl\nRUN rm -rf /var/lib/apt/lists/*\n");
    let lesson = e.layers[2]
        .lessons
        .iter()
        .find(|l| l.kind == "deleted-later")
        .expect("a lesson on the later rm");
    assert!(
        lesson.text.contains("line 2") && lesson.text.contains("20.0 MB"),
        "{}",
        lesson.text
    );
    // Counted once, by the cache-left lesson of line 2.
    assert!(
        e.final_wasted_bytes >= 19_000_000 && e.final_wasted_bytes <= 21_000_000,
        "{}",
        e.final_wasted_bytes
    );
}

#[test]
fn conda_brings_in_mkl_on_the_default_channel_only() {
    let mb = |src: &str| est(src).layers[1].bytes / 1_000_000;
    let defaults =
        mb("FROM continuumio/miniconda3\nRUN conda install -y numpy && conda clean -afy\n");
    let forge = mb("FROM continuumio/miniconda3\nRUN conda install -y -c conda-forge numpy && conda clean -afy\n");
    let nomkl =
        mb("FROM continuumio/miniconda3\nRUN conda install -y nomkl numpy && conda clean -afy\n");
    // MKL: 129.5 MB download × 3.7 ≈ 479 MB unpacked.
    assert!(
        defaults >= forge + 400,
        "defaults {defaults} MB, conda-forge {forge} MB"
    );
    assert!(nomkl + 400 <= defaults, "nomkl {nomkl} MB");
    let e = est("FROM continuumio/miniconda3\nRUN conda install -y numpy\n");
    assert!(e.layers[1].basis.contains("mkl"), "{}", e.layers[1].basis);
    // The downloads stay in pkgs/ until `conda clean`.
    assert!(
        e.layers[1].bytes >= defaults * 1_000_000 + 100_000_000,
        "{:?}",
        e.layers[1]
    );
}

#[test]
fn a_conda_installer_is_sized_and_unpacked() {
    let e = est("FROM ubuntu:22.04\nRUN wget https://repo.anaconda.com/miniconda/Miniconda3-latest-Linux-x86_64.sh -O /tmp/m.sh\nRUN bash /tmp/m.sh -b -p /opt/conda\n");
    assert!(
        e.layers[1].basis.contains("conda installer script"),
        "{}",
        e.layers[1].basis
    );
    assert!(
        (19_000_000..=79_000_000).contains(&e.layers[1].bytes),
        "{:?}",
        e.layers[1]
    );
    assert!(
        e.layers[2].basis.contains("unpacked into /opt/conda"),
        "{}",
        e.layers[2].basis
    );
    assert!(
        e.layers[2].bytes > 2 * e.layers[1].bytes,
        "{:?}",
        e.layers[2]
    );
    // A script of the same name copied in from elsewhere is an installer too.
    let e = est("FROM ubuntu:22.04\nCOPY Miniforge3-Linux-x86_64.sh /tmp/\nRUN bash /tmp/Miniforge3-Linux-x86_64.sh -b -p /opt/conda\n");
    assert!(
        e.layers[2].basis.contains("conda installer"),
        "{}",
        e.layers[2].basis
    );
    // wget without -O keeps the file under the URL's name.
    let e = est("FROM debian:bookworm\nWORKDIR /tmp\nRUN wget https://example.com/data.bin\nRUN rm data.bin\n");
    assert!(
        e.layers[3]
            .lessons
            .iter()
            .any(|l| l.kind == "deleted-later"),
        "{:?}",
        e.layers[3].lessons
    );
}

#[test]
fn is_under_is_inside_a_directory_not_a_prefix() {
    use super::is_under;
    assert!(is_under("/a/b", "/a"));
    assert!(is_under("/a//b", "/a/"));
    assert!(!is_under("/ab", "/a"));
    assert!(!is_under("/a", "/a"));
    assert!(!is_under("/x", "/"));
    assert!(is_under("//x", "/"));
}

#[test]
fn the_official_images_build_deps_idiom_removes_what_the_run_installed() {
    // docker-library's: save the manual marks, install, build, mark everything auto but the
    // saved marks, purge --auto-remove. Also postgres's `apt-mark showmanual | xargs apt-mark auto`.
    let kept = |auto: &str| {
        est(&format!(
            "FROM debian:bookworm-slim\nRUN savedAptMark=\"$(apt-mark showmanual)\"; apt-get update; \
             apt-get install -y --no-install-recommends gcc make libssl-dev; make; {auto}; \
             apt-mark manual $savedAptMark; apt-get purge -y --auto-remove; rm -rf /var/lib/apt/lists/*\n"
        ))
    };
    let installed = est("FROM debian:bookworm-slim\nRUN apt-get update; apt-get install -y --no-install-recommends gcc make libssl-dev; make; rm -rf /var/lib/apt/lists/*\n");
    for auto in [
        "apt-mark auto '.*' > /dev/null",
        "apt-mark showmanual | xargs apt-mark auto > /dev/null",
    ] {
        let e = kept(auto);
        let (run, all) = (&e.layers[1], &installed.layers[1]);
        // What stays is the build's unknown output and ≈ 3 % of the closure, not the closure.
        assert!(
            run.bytes < all.bytes / 5,
            "{auto}: {} vs {}",
            mb(run.bytes),
            mb(all.bytes)
        );
        assert!(
            run.lessons.iter().all(|l| l.kind != "toolchain-in-final"),
            "{auto}: {:?}",
            run.lessons
        );
        assert!(
            run.basis.contains("purge --auto-remove")
                || run.parts.iter().any(|p| p.label.contains("purge"))
        );
    }
    // Without the auto marks, purge --auto-remove removes only what it names: the tools stay.
    let named = est("FROM debian:bookworm-slim\nRUN apt-get update; apt-get install -y gcc make; apt-get purge -y --auto-remove; rm -rf /var/lib/apt/lists/*\n");
    assert!(named.layers[1]
        .lessons
        .iter()
        .any(|l| l.kind == "toolchain-in-final"));
}

#[test]
fn build_tools_on_one_layer_are_one_lesson_and_avoidable_never_exceeds_the_image() {
    // gcc's and build-essential's closures overlap: their sum is more than the layer.
    let e = est("FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y gcc g++ make build-essential libc6-dev tk-dev libssl-dev && rm -rf /var/lib/apt/lists/*\n");
    let tools: Vec<_> = e.layers[1]
        .lessons
        .iter()
        .filter(|l| l.kind == "toolchain-in-final")
        .collect();
    assert_eq!(tools.len(), 1, "{tools:?}");
    assert!(tools[0].text.contains("more build tools") || tools[0].text.contains(" and "));
    assert!(tools[0].wasted_bytes <= e.layers[1].bytes);
    assert!(e.final_wasted_bytes <= e.final_image_bytes);
    // A deleted-later lesson counts in the layer that holds the bytes, capped by it.
    let later =
        est("FROM debian:bookworm-slim\nRUN apt-get update\nRUN rm -rf /var/lib/apt/lists/*\n");
    assert!(later.final_wasted_bytes <= later.layers[1].bytes + later.layers[2].bytes);
}

#[test]
fn a_measured_size_pragma_replaces_the_model() {
    let e = est("# layerlens size=5000000\nFROM alpine\n# layerlens size=1234\nRUN apk add --no-cache python3\nCOPY . /app\n");
    assert_eq!(e.layers[0].bytes, 5_000_000);
    assert_eq!(
        (e.layers[1].bytes, e.layers[1].low, e.layers[1].high),
        (1234, 1234, 1234)
    );
    assert!(e.layers[1].basis.starts_with("measured"));
    assert_ne!(e.layers[2].bytes, 0, "no pragma: the model");
    // A broken pragma is a comment like any other.
    let odd = est("# layerlens size=lots\nFROM alpine:3.20\n");
    assert!(!odd.layers[0].basis.starts_with("measured"));
}

#[test]
fn a_build_from_source_keeps_what_make_install_puts_in_place() {
    // docker-library's shape: download, unpack into a source tree, build there, install, then
    // delete the tree — all in one RUN.
    let build = |cleanup: &str| {
        est(&format!(
            "FROM debian:bookworm-slim\nRUN wget -O app.tar.xz https://example.org/app.tar.xz; \
             mkdir -p /usr/src/app; tar --extract --directory /usr/src/app --file app.tar.xz; rm app.tar.xz; \
             cd /usr/src/app; ./configure; make -j 4; make -j 4 test; make install; cd /; {cleanup}\n"
        ))
        .layers[1]
        .clone()
    };
    let kept = build("true");
    let cleaned = build("rm -rf /usr/src/app");
    // The tree (unpacked archive and build output) goes with the rm; the second `make` in the
    // same tree adds nothing; `make install`'s result stays.
    assert!(
        cleaned.bytes < kept.bytes,
        "{} vs {}",
        cleaned.bytes,
        kept.bytes
    );
    assert_eq!(
        kept.parts
            .iter()
            .filter(|p| p.label.starts_with("make in"))
            .count(),
        1
    );
    assert!(
        cleaned.parts.iter().any(|p| p.label == "make"),
        "make install stays: {:?}",
        cleaned.parts
    );
}

#[test]
fn apt_dist_clean_removes_the_lists_and_mv_moves_what_a_run_unpacked() {
    let kept = est("FROM debian:trixie-slim\nRUN apt-get update; apt-get install -y curl\n");
    let cleaned = est("FROM debian:trixie-slim\nRUN apt-get update; apt-get install -y curl; apt-get dist-clean\n");
    assert!(kept.layers[1].bytes > cleaned.layers[1].bytes + 15_000_000);
    // The Go images' shape: unpack under /usr/local, move the tree, copy it from another stage.
    let go = est("FROM alpine:3.24 AS build\nRUN url='https://dl.google.com/go/go1.26.7.linux-amd64.tar.gz'; wget -O go.tgz \"$url\"; \
         tar -C /usr/local -xzf go.tgz; rm go.tgz; mkdir -p /target/usr/local; mv -vT /usr/local/go /target/usr/local/go\n\
         FROM alpine:3.24\nCOPY --from=build /target/ /\n");
    let copy = go
        .layers
        .iter()
        .find(|l| l.keyword == "COPY")
        .expect("COPY");
    assert!(copy.bytes > 150_000_000, "{}: {}", copy.bytes, copy.basis);
    assert!(
        go.layers[1].basis.contains("the Go toolchain"),
        "{}",
        go.layers[1].basis
    );
}

#[test]
fn cargo_leaves_target_and_registry_and_a_copy_takes_only_the_binary() {
    let single = est("FROM rust:1\nWORKDIR /app\nCOPY . .\nRUN cargo build --release\n");
    let run = &single.layers[3];
    // A typical graph of 60 crates: target/release (2.3 MB a crate), the registry (0.8) and
    // the binary (3 MB), from the lab's builds.
    assert!(
        (mb(run.bytes) - (60.0 * 2.3 + 60.0 * 0.8 + 3.0)).abs() < 1.0,
        "{}",
        run.basis
    );
    assert!(run.basis.contains("target/release") && run.basis.contains("registry"));
    let debug = est("FROM rust:1\nWORKDIR /app\nCOPY . .\nRUN cargo build\n");
    assert!(
        debug.layers[3].bytes > 2 * run.bytes,
        "a debug build is bigger"
    );
    // Built and cleaned in one RUN: only the copied binary stays.
    let cleaned = est("FROM rust:1\nWORKDIR /app\nCOPY . .\nRUN cargo build --release && cp target/release/app /usr/local/bin/ && rm -rf target /usr/local/cargo/registry\n");
    assert!(
        (mb(cleaned.layers[3].bytes) - 3.0).abs() < 1.0,
        "{}",
        cleaned.layers[3].basis
    );
    // Multi-stage: the final stage gets the binary, not target/.
    let split = est("FROM rust:1 AS build\nWORKDIR /app\nCOPY . .\nRUN cargo build --release\nFROM debian:bookworm-slim\nCOPY --from=build /app/target/release/app /usr/local/bin/app\n");
    let copy = split.layers.last().unwrap();
    assert!(mb(copy.bytes) < 5.0, "{} {}", copy.bytes, copy.basis);
}

#[test]
fn go_leaves_its_build_cache_unless_cleaned_and_the_binary_is_what_a_copy_takes() {
    let kept = est("FROM golang:1.26\nWORKDIR /src\nCOPY . .\nRUN go build -o /out/app .\n");
    let run = &kept.layers[3];
    assert!((mb(run.bytes) - 79.0).abs() < 1.0, "{}", run.basis);
    let cleaned = est(
        "FROM golang:1.26\nWORKDIR /src\nCOPY . .\nRUN go build -o /out/app . && go clean -cache\n",
    );
    assert!(
        (mb(cleaned.layers[3].bytes) - 7.0).abs() < 0.5,
        "{}",
        cleaned.layers[3].basis
    );
    let mounted = est("FROM golang:1.26\nWORKDIR /src\nCOPY . .\nRUN --mount=type=cache,target=/root/.cache/go-build go build -o /out/app .\n");
    assert!((mb(mounted.layers[3].bytes) - 7.0).abs() < 0.5);
    let split = est("FROM golang:1.26 AS build\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -ldflags=\"-s -w\" -o /out/app .\nFROM scratch\nCOPY --from=build /out/app /app\n");
    let copy = split.layers.last().unwrap();
    assert!((mb(copy.bytes) - 7.0 * 0.75).abs() < 0.3, "{}", copy.basis);
}

#[test]
fn make_on_a_go_image_builds_go_and_the_binary_is_in_the_make_directory() {
    let split = est("FROM golang AS build\nADD . /go/src/example.com/tool\nRUN make -C /go/src/example.com/tool\nFROM scratch\nCOPY --from=build /go/src/example.com/tool/tool /bin/tool\n");
    let make = &split.layers[2];
    assert!(
        make.basis.contains("`make` on a Go image"),
        "{}",
        make.basis
    );
    let copy = split.layers.last().unwrap();
    assert!(
        (mb(copy.bytes) - 7.0).abs() < 1.0,
        "{} {}",
        copy.bytes,
        copy.basis
    );
    // On an image without Go, what make builds stays unknown.
    let c = est("FROM debian:bookworm\nCOPY . /src\nRUN make -C /src\n");
    assert!(
        c.layers[2].basis.contains("unknown"),
        "{}",
        c.layers[2].basis
    );
}

#[test]
fn an_unknown_package_named_by_the_person_brings_its_dependencies_unless_the_list_names_them() {
    let named = est("FROM python:3.11-slim\nRUN pip install --no-cache-dir somepkg-without-row\n");
    let run = &named.layers[1];
    assert!((mb(run.bytes) - 3.5).abs() < 0.2, "{}", run.basis);
    assert!(run.basis.contains("with its dependencies"), "{}", run.basis);
    // requests beside urllib3: the list names dependencies itself (a freeze), so the unknown
    // package is one small package.
    let freeze = est("FROM python:3.11-slim\nRUN pip install --no-cache-dir requests urllib3 somepkg-without-row\n");
    let run = &freeze.layers[1];
    assert!(
        run.basis.contains("names dependencies itself"),
        "{}",
        run.basis
    );
    let known = est("FROM python:3.11-slim\nRUN pip install --no-cache-dir requests urllib3\n");
    assert!(mb(run.bytes - known.layers[1].bytes) < 1.5, "{}", run.basis);
}

#[test]
fn a_maven_build_leaves_its_repository_and_target_and_the_fat_jar_is_what_a_copy_takes() {
    let pom = "<project><build><plugins><plugin><artifactId>spring-boot-maven-plugin</artifactId></plugin></plugins></build><dependencies>\
        <dependency><artifactId>spring-boot-starter-web</artifactId></dependency>\
        <dependency><artifactId>spring-boot-starter-data-jpa</artifactId></dependency>\
        <dependency><artifactId>postgresql</artifactId></dependency>\
        <dependency><artifactId>spring-boot-starter-test</artifactId></dependency>\
        </dependencies></project>";
    let mut texts = std::collections::HashMap::new();
    texts.insert("pom.xml".to_string(), pom.to_string());
    let ctx = BuildContext::new(vec![("pom.xml".into(), pom.len() as u64)], texts);
    let df = crate::parse("FROM maven:3.9-eclipse-temurin-21 AS build\nWORKDIR /app\nCOPY . .\nRUN mvn -B -DskipTests package\nFROM eclipse-temurin:21-jre\nCOPY --from=build /app/target/*.jar /app.jar\n");
    let e = estimate(
        &df,
        &Input {
            context: Some(&ctx),
            ..Default::default()
        },
    );
    let build = &e.layers[3];
    // The repository: 20 MB of plugins and 7 MB for each of pom.xml's 4 dependencies.
    let repo = build
        .parts
        .iter()
        .find(|p| p.label.contains(".m2/repository"))
        .expect("the repository is a part");
    assert!((mb(repo.amount.bytes) - 48.0).abs() < 1.0, "{}", repo.basis);
    assert!(
        repo.basis.contains("pom.xml names 4 dependencies"),
        "{}",
        repo.basis
    );
    // A Spring Boot fat jar, 12 + 2.5 × 4 MB: the runtime stage's COPY takes exactly that.
    let copy = e.layers.last().unwrap();
    assert!(
        (mb(copy.bytes) - 22.0).abs() < 0.5,
        "{} {}",
        copy.bytes,
        copy.basis
    );
    // The wrapper downloads Maven itself too; `-o` downloads nothing.
    let w = est("FROM eclipse-temurin:21-jdk\nWORKDIR /app\nCOPY . .\nRUN ./mvnw package\n");
    assert!(
        w.layers[3]
            .parts
            .iter()
            .any(|p| p.label.contains("wrapper")),
        "{:?}",
        w.layers[3].parts
    );
    let o = est("FROM maven:3.9\nWORKDIR /app\nCOPY . .\nRUN mvn -o package\n");
    assert!(
        !o.layers[3]
            .parts
            .iter()
            .any(|p| p.label.contains("repository")),
        "{:?}",
        o.layers[3].parts
    );
    // Dependencies first, then the build: the second fetch adds only what the first missed.
    let two = est("FROM maven:3.9\nWORKDIR /app\nCOPY pom.xml .\nRUN mvn dependency:go-offline\nCOPY src src\nRUN mvn package\n");
    let fetched = |l: &LayerEstimate| {
        l.parts
            .iter()
            .filter(|p| p.label.contains("repository"))
            .map(|p| p.amount.bytes)
            .sum::<u64>()
    };
    assert!(
        fetched(&two.layers[5]) * 5 < fetched(&two.layers[3]),
        "{:?}",
        two.layers[5].parts
    );
}

#[test]
fn what_a_build_writes_under_a_volume_is_discarded() {
    // The gradle image declares VOLUME /home/gradle/.gradle (/root/.gradle links to it): its
    // caches are not in the layer; build/ is.
    let g =
        est("FROM gradle:8-jdk21 AS build\nWORKDIR /src\nCOPY . .\nRUN gradle build --no-daemon\n");
    let run = &g.layers[3];
    let cache = run
        .parts
        .iter()
        .find(|p| p.label.contains(".gradle/caches"))
        .expect("the cache is named");
    assert_eq!(cache.amount.bytes, 0, "{}", cache.basis);
    assert!(
        cache.basis.contains("VOLUME /root/.gradle"),
        "{}",
        cache.basis
    );
    assert!(
        run.bytes > 0 && run.parts.iter().any(|p| p.label.contains("/src/build")),
        "{:?}",
        run.parts
    );
    // The same build on a JDK image keeps ~/.gradle.
    let j = est("FROM eclipse-temurin:21-jdk\nWORKDIR /src\nCOPY . .\nRUN ./gradlew build\n");
    assert!(j.layers[3].bytes > 250_000_000, "{}", j.layers[3].bytes);
    // maven:3.3 still had VOLUME /root/.m2; maven:3.9 does not.
    let old = est("FROM maven:3.3-jdk-8\nWORKDIR /app\nCOPY . .\nRUN mvn package\n");
    let new = est("FROM maven:3.9\nWORKDIR /app\nCOPY . .\nRUN mvn package\n");
    assert!(
        old.layers[3].bytes + 30_000_000 < new.layers[3].bytes,
        "{} {}",
        old.layers[3].bytes,
        new.layers[3].bytes
    );
    // A VOLUME the Dockerfile declares itself works the same way, for every tool's cache.
    let cargo = "FROM rust:1.80\nWORKDIR /src\nCOPY . .\nRUN cargo build --release\n";
    let own = est(&cargo.replace(
        "WORKDIR /src\n",
        "WORKDIR /src\nVOLUME /usr/local/cargo/registry\n",
    ));
    let plain = est(cargo);
    assert!(
        own.layers[4].bytes < plain.layers[3].bytes,
        "{} {}",
        own.layers[4].bytes,
        plain.layers[3].bytes
    );
}

#[test]
fn gradle_dependencies_are_read_from_both_dsls() {
    let groovy = "dependencies {\n    implementation 'org.springframework.boot:spring-boot-starter-web'\n    implementation platform('x:bom:1')\n    runtimeOnly \"org.postgresql:postgresql\"\n    testImplementation 'org.springframework.boot:spring-boot-starter-test'\n}\n";
    assert_eq!(super::manifests::gradle_dependencies(groovy).len(), 3);
    let kts = "dependencies {\n    implementation(\"io.ktor:ktor-server-core\")\n    implementation(libs.kotlinx.coroutines)\n    api(project(\":core\"))\n}\n";
    // A project of the same build is not a download.
    assert_eq!(super::manifests::gradle_dependencies(kts).len(), 2);
}

#[test]
fn an_onbuild_image_is_the_plain_one_plus_its_triggers() {
    let plain = est("FROM python:3.6\n");
    let onbuild = est("FROM python:3.6-onbuild\n");
    let from = &onbuild.layers[0];
    assert!(from.basis.contains("ONBUILD triggers"), "{}", from.basis);
    assert!(
        from.basis
            .contains("RUN pip install --no-cache-dir -r requirements.txt"),
        "{}",
        from.basis
    );
    // The triggers' pip install and COPYs come on top of the plain image.
    assert!(
        from.bytes > plain.layers[0].bytes,
        "{} {}",
        from.bytes,
        plain.layers[0].bytes
    );
    // The triggers' WORKDIR is the stage's: a relative COPY after it lands in /usr/src/app.
    let e = est("FROM node:8-onbuild\nCOPY extra.js .\n");
    assert!(
        e.layers[0].basis.contains("npm install"),
        "{}",
        e.layers[0].basis
    );
    // Not an onbuild image: nothing changes.
    assert!(!est("FROM python:3.6-slim\n").layers[0]
        .basis
        .contains("ONBUILD"));
}

#[test]
fn a_jre_tag_known_only_by_its_jdk_is_the_jdk_times_the_jre_share() {
    let jdk = est("FROM openjdk:8\n").layers[0].bytes as f64;
    let jre = &est("FROM openjdk:8-jre\n").layers[0];
    assert!(
        jre.basis.contains("a JDK, × 0.69 for a JRE"),
        "{}",
        jre.basis
    );
    assert!(
        (jre.bytes as f64 / jdk - 0.69).abs() < 0.01,
        "{} {}",
        jre.bytes,
        jdk
    );
    // A JRE row that is known is used as it is.
    assert!(!est("FROM eclipse-temurin:17-jre\n").layers[0]
        .basis
        .contains("× 0.69"));
}

#[test]
fn apk_packages_that_hold_others_are_counted_once() {
    let run = |pkgs: &str| {
        let e = est(&format!(
            "FROM alpine:3.20\nRUN apk add --no-cache {pkgs}\n"
        ));
        mb(e.layers[1].bytes)
    };
    let gxx = run("g++");
    // g++ brings gcc and musl-dev: listing them too adds nothing, in either order.
    assert!((run("gcc g++ musl-dev") - gxx).abs() < 1.0, "{gxx}");
    assert!((run("g++ gcc musl-dev") - gxx).abs() < 1.0, "{gxx}");
    assert!(gxx > 150.0, "g++ is at least gcc's closure: {gxx}");
    // build-base holds g++ and make.
    assert!((run("build-base g++ make") - run("build-base")).abs() < 1.0);
}

#[test]
fn go_get_dash_d_downloads_and_builds_nothing() {
    let e = est("FROM golang:1.22\nWORKDIR /go/src/app\nCOPY . .\nRUN go get -d -v ./...\nRUN go install -v ./...\n");
    let get = &e.layers[3];
    assert!(!get.basis.contains("binary"), "{}", get.basis);
    assert!(
        e.layers[4].basis.contains("binary"),
        "{}",
        e.layers[4].basis
    );
}

#[test]
fn rustup_installs_weigh_their_profiles_and_toolchains() {
    // rustup's installer piped into sh: the default profile unless asked (measured 2026-12).
    let e = est(
        "FROM ubuntu:22.04\nRUN curl --proto '=https' -sSf https://sh.rustup.rs | sh -s -- -y\n",
    );
    let mb = |e: &Estimate, line: usize| {
        e.layers
            .iter()
            .find(|l| l.line == line)
            .map_or(0, |l| l.bytes)
            / 1_000_000
    };
    assert!((1400..1500).contains(&mb(&e, 2)), "{}", mb(&e, 2));
    let e = est("FROM ubuntu:22.04\nRUN curl https://sh.rustup.rs -sSf | sh -s -- -y --profile minimal\nRUN rustup toolchain install nightly --component rust-src && rustup install stable\n");
    assert!((600..700).contains(&mb(&e, 2)), "{}", mb(&e, 2));
    // nightly at the profile set (minimal) plus rust-src; stable is there already.
    assert!((700..780).contains(&mb(&e, 3)), "{}", mb(&e, 3));
    // On the official rust image the profile is minimal.
    let e = est("FROM rust:1.80\nRUN rustup toolchain install nightly\n");
    assert!((600..700).contains(&mb(&e, 2)), "{}", mb(&e, 2));
}

#[test]
fn a_cargo_workspace_counts_its_members_dependencies() {
    let ctx = crate::estimate::BuildContext::new(
        vec![
            ("Cargo.toml".into(), 40),
            ("app/Cargo.toml".into(), 60),
            ("crates/core/Cargo.toml".into(), 60),
        ],
        [
            ("Cargo.toml".to_string(), "[workspace]\nmembers = [\n  \"app\",\n  \"crates/*\",\n]\n".to_string()),
            ("app/Cargo.toml".to_string(), "[package]\nname = \"app\"\n[dependencies]\ntokio = \"1\"\nserde = \"1\"\ncore = { path = \"../crates/core\" }\n".to_string()),
            ("crates/core/Cargo.toml".to_string(), "[package]\nname = \"core\"\n[dependencies]\nserde = \"1\"\nregex = \"1\"\n".to_string()),
        ]
        .into_iter()
        .collect(),
    );
    let e = estimate(
        &crate::parse("FROM rust:1.80\nWORKDIR /src\nCOPY . .\nRUN cargo build --release\n"),
        &Input {
            context: Some(&ctx),
            debian: None,
        },
    );
    let run = e.layers.iter().find(|l| l.line == 4).expect("the build");
    assert!(run.basis.contains("3 direct dependencies"), "{}", run.basis);
}

#[test]
fn a_run_reads_the_manifests_copied_where_it_runs() {
    // Two projects in one context: each `npm ci` reads the package.json COPY put in its folder,
    // the same one every time (not whichever a hash map lists first).
    let mut texts = std::collections::HashMap::new();
    texts.insert(
        "frontend/package.json".to_string(),
        r#"{"dependencies": {"a": "1", "b": "1", "c": "1", "d": "1"}}"#.to_string(),
    );
    texts.insert(
        "backend/package.json".to_string(),
        r#"{"dependencies": {"e": "1"}}"#.to_string(),
    );
    texts.insert(
        "backend/requirements.txt".to_string(),
        "flask\n".to_string(),
    );
    let ctx = BuildContext::new(
        vec![
            ("frontend/package.json".into(), 80),
            ("backend/package.json".into(), 40),
            ("backend/requirements.txt".into(), 6),
        ],
        texts,
    );
    let df = crate::parse("FROM node:20-alpine\nCOPY frontend/ /app/\nRUN cd /app ; npm ci\nCOPY backend/ /api/\nWORKDIR /api\nRUN npm ci\n");
    let input = Input {
        context: Some(&ctx),
        ..Default::default()
    };
    for _ in 0..5 {
        let e = estimate(&df, &input);
        let basis = |line: usize| {
            e.layers
                .iter()
                .find(|l| l.line == line)
                .map(|l| l.basis.clone())
                .unwrap_or_default()
        };
        assert!(basis(3).contains("npm ci: 4 dependencies"), "{}", basis(3));
        assert!(basis(6).contains("npm ci: 1 dependency"), "{}", basis(6));
    }
}

#[test]
fn pip_user_prefix_and_target_land_where_a_later_copy_looks() {
    // `--user` as root: /root/.local; as a named USER with ENV in the path: /home/NAME/.local.
    let root = est("FROM python:3.11-slim AS b\nRUN pip install --user flask\nFROM python:3.11-slim\nCOPY --from=b /root/.local /root/.local\n");
    let copy = root.layers.last().unwrap();
    assert!(
        copy.basis.contains("wrote under /root/.local"),
        "{}",
        copy.basis
    );
    assert!(mb(copy.bytes) > 2.0, "{}", copy.basis);
    let user = est("FROM python:3.11-slim AS b\nENV U=app\nUSER $U\nRUN pip install --user flask\nFROM python:3.11-slim\nENV U=app\nCOPY --from=b /home/$U/.local /home/$U/.local\n");
    let copy = user.layers.last().unwrap();
    assert!(
        copy.basis.contains("wrote under /home/app/.local"),
        "{}",
        copy.basis
    );
    for (flag, path) in [
        ("--prefix=/install", "/install"),
        ("--target /deps", "/deps"),
    ] {
        let e = est(&format!("FROM python:3.11-slim AS b\nRUN pip install {flag} flask\nFROM python:3.11-slim\nCOPY --from=b {path} /usr/local\n"));
        let copy = e.layers.last().unwrap();
        assert!(
            copy.basis.contains(&format!("wrote under {path}")),
            "{flag}: {}",
            copy.basis
        );
    }
    // Without a flag: site-packages, not ~/.local.
    let plain = est("FROM python:3.11-slim AS b\nRUN pip install flask\nFROM python:3.11-slim\nCOPY --from=b /root/.local /root/.local\n");
    assert!(plain
        .layers
        .last()
        .unwrap()
        .basis
        .contains("did not visibly write"));
}

#[test]
fn pip_counts_each_measured_dependency_once() {
    // flask brings werkzeug, jinja2, markupsafe, itsdangerous, click and blinker: naming some of
    // them again adds nothing.
    let one = est("FROM python:3.11-slim\nRUN pip install --no-cache-dir flask\n");
    let again =
        est("FROM python:3.11-slim\nRUN pip install --no-cache-dir flask jinja2 Werkzeug click\n");
    assert_eq!(
        one.layers[1].bytes, again.layers[1].bytes,
        "{}",
        again.layers[1].basis
    );
    assert!(
        one.layers[1].basis.contains("pip-measured.tsv"),
        "{}",
        one.layers[1].basis
    );
    let table = crate::knowledge::pip_tree::table().unwrap();
    let sum: u64 = table
        .closure("flask")
        .iter()
        .map(|n| table.row(n).unwrap().kb)
        .sum();
    assert!((mb(one.layers[1].bytes) - sum as f64 / 1000.0).abs() < 0.01);
}

#[test]
fn an_npm_package_named_alone_without_a_row_is_a_whole_tree() {
    let e = est("FROM node:20-slim\nRUN npm install -g some-cli-nobody-measured && npm cache clean --force\n");
    let l = &e.layers[1];
    assert!(l.basis.contains("named alone"), "{}", l.basis);
    // The mean of the measured packages installed alone: well above the 1.6 MB a project's
    // unknown dependency adds beside the others.
    assert!(mb(l.bytes) > 10.0 && mb(l.bytes) < 40.0, "{}", l.basis);
    let copy = est("FROM node:20-slim AS b\nRUN npm install -g typescript\nFROM node:20-slim\nCOPY --from=b /usr/local/lib/node_modules /usr/local/lib/node_modules\n");
    assert!(copy
        .layers
        .last()
        .unwrap()
        .basis
        .contains("wrote under /usr/local/lib/node_modules"));
}

#[test]
fn a_vendors_package_weighs_its_deb_plus_its_depends_from_debians_table() {
    let idx = bookworm();
    let run = |pkgs: &str| {
        let df = crate::parse(&format!("FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends {pkgs} && rm -rf /var/lib/apt/lists/*\n"));
        estimate(
            &df,
            &Input {
                debian: Some(&idx),
                ..Default::default()
            },
        )
        .layers[1]
            .clone()
    };
    let chrome = run("google-chrome-stable");
    assert!(
        chrome.basis.contains("from its vendor's repository"),
        "{}",
        chrome.basis
    );
    assert!(!chrome.basis.contains("unknown"), "{}", chrome.basis);
    // Its own 210 MB plus what its Depends pull in (GTK, NSS, Mesa's GBM…): more than either.
    let deps = run("libgtk-3-0 libnss3 libgbm1");
    assert!(
        mb(chrome.bytes) > 210.0 + mb(deps.bytes) * 0.9,
        "{} vs {}",
        chrome.basis,
        deps.basis
    );
    assert!(mb(chrome.bytes) < 500.0, "{}", chrome.basis);
}
