//! The rewrite of one Dockerfile per ecosystem (tests/fixtures/optimize), as snapshots: the new
//! text, the steps and their safety. Plus what must hold for any input.

use layerlens_core::optimize::{optimize, Options, Safety};

fn summary(src: &str, opts: &Options) -> String {
    let o = optimize(src, opts);
    let mut s = format!(
        "{}\n---- .dockerignore\n{}---- steps\n",
        o.dockerfile, o.dockerignore
    );
    for st in &o.steps {
        s += &format!(
            "{} [{}] {}{}\n",
            st.id,
            if st.safety == Safety::Safe {
                "safe"
            } else {
                "needs check"
            },
            st.title,
            if st.enabled { "" } else { " (off)" }
        );
    }
    for n in &o.notes {
        s += &format!("note L{}: {}\n", n.line, n.message);
    }
    s += &format!(
        "---- estimate: {} → {} bytes\n",
        o.before_bytes, o.after_bytes
    );
    s
}

#[test]
fn one_rewrite_per_ecosystem() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/optimize");
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .expect("fixtures")
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .collect();
    names.sort();
    for path in names {
        let src = std::fs::read_to_string(&path).expect("read");
        let name = path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default()
            .to_string();
        let o = optimize(&src, &Options::default());
        assert!(o.after_bytes <= o.before_bytes, "{name}");
        assert!(
            layerlens_core::parse(&o.dockerfile).errors.is_empty(),
            "{name}:\n{}",
            o.dockerfile
        );
        assert_eq!(
            optimize(&o.dockerfile, &Options::default()).dockerfile,
            o.dockerfile,
            "{name}: not idempotent"
        );
        insta::assert_snapshot!(name.clone(), summary(&src, &Options::default()));
    }
}

#[test]
fn a_step_switched_off_is_not_applied_and_says_what_it_would_save() {
    let src = "FROM python:3.12\nRUN apt-get update && apt-get install -y gcc libpq-dev\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\nCOPY . .\nCMD [\"python\", \"app.py\"]\n";
    let on = optimize(src, &Options::default());
    assert!(on.dockerfile.contains("AS builder"), "{}", on.dockerfile);
    let off = optimize(
        src,
        &Options {
            disabled: vec!["split-python-venv".into()],
            ..Default::default()
        },
    );
    assert!(!off.dockerfile.contains("AS builder"));
    let split = off
        .steps
        .iter()
        .find(|s| s.kind == "split-python-venv")
        .expect("offered");
    assert!(
        !split.enabled && split.saved_bytes > 100_000_000,
        "{split:?}"
    );
    assert!(off.after_bytes > on.after_bytes);
    // By id, too.
    let by_id = optimize(
        src,
        &Options {
            disabled: on.steps.iter().map(|s| s.id.clone()).collect(),
            ..Default::default()
        },
    );
    assert_eq!(by_id.dockerfile, src);
}

#[test]
fn what_it_does_not_understand_stays_byte_for_byte() {
    let windows = "FROM mcr.microsoft.com/windows/servercore:ltsc2022\nSHELL [\"powershell\", \"-Command\"]\nRUN Install-Thing\nCMD ping localhost\n";
    assert_eq!(optimize(windows, &Options::default()).dockerfile, windows);
    let escape = "# escape=`\nFROM python:3.12\nRUN pip install flask\n";
    assert_eq!(optimize(escape, &Options::default()).dockerfile, escape);
    let broken = "FROM python:3.12\nRUN\nCMD python app.py\n";
    assert_eq!(optimize(broken, &Options::default()).dockerfile, broken);
}

#[test]
fn alternatives_are_off_until_asked_for_and_say_what_replaces_them() {
    let src = "FROM python:3.12\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\nCOPY . .\nCMD [\"python\", \"app.py\"]\n";
    let default = optimize(src, &Options::default());
    assert!(
        default.dockerfile.starts_with("FROM python:3.12-slim\n"),
        "{}",
        default.dockerfile
    );
    let alpine = default
        .steps
        .iter()
        .find(|s| s.kind == "alpine-base")
        .expect("offered");
    assert!(!alpine.enabled && alpine.saved_bytes > 0, "{alpine:?}");
    let on = optimize(
        src,
        &Options {
            enabled: vec!["alpine-base".into()],
            ..Default::default()
        },
    );
    assert!(
        on.dockerfile.starts_with("FROM python:3.12-alpine\n"),
        "{}",
        on.dockerfile
    );
    let slim = on
        .steps
        .iter()
        .find(|s| s.kind == "slim-base")
        .expect("still listed");
    assert_eq!(slim.superseded_by.as_deref(), Some(alpine.id.as_str()));
    assert!(on.after_bytes < default.after_bytes);
}

#[test]
fn deleting_apt_lists_makes_later_installs_fetch_their_own() {
    let run = |src: &str, disabled: &[&str]| {
        optimize(
            src,
            &Options {
                disabled: disabled.iter().map(|s| s.to_string()).collect(),
                ..Default::default()
            },
        )
        .dockerfile
    };
    // The second RUN relied on the lists the first fetched.
    let src = "FROM debian:bookworm\nRUN apt-get update && apt-get install -y curl\nRUN apt-get install -y git\nCMD [\"bash\"]\n";
    let out = run(src, &[]);
    assert!(
        out.contains("RUN apt-get update && apt-get install --no-install-recommends -y git"),
        "{out}"
    );
    // curl's CA bundle came as a recommendation: it is named.
    assert!(
        out.contains("curl ca-certificates && rm -rf /var/lib/apt/lists/*"),
        "{out}"
    );
    // The same through a stage built FROM this one.
    let src = "FROM debian:bookworm AS base\nRUN apt-get update && apt-get install -y curl\nFROM base\nRUN echo hi && apt-get install -y git\nCMD [\"bash\"]\n";
    let out = run(src, &["apt-no-recommends"]);
    assert!(
        out.contains("RUN echo hi && apt-get update && apt-get install -y git"),
        "{out}"
    );
    // Switched off, the later RUN is left as it was.
    let out = run(src, &["apt-no-recommends", "apt-clean-lists-L2"]);
    assert!(
        out.contains("RUN echo hi && apt-get install -y git"),
        "{out}"
    );
    // Where `apt-get update` cannot be put in front safely, the lists are kept.
    let src = "FROM debian:bookworm\nRUN apt-get update && apt-get install -y curl\nRUN false || apt-get install -y git\nCMD [\"bash\"]\n";
    let out = run(src, &[]);
    assert!(
        !out.contains("curl && rm") && out.contains("RUN false || apt-get install"),
        "{out}"
    );
}

#[test]
fn conda_cache_is_cleared_in_the_installing_run() {
    let src = "FROM continuumio/miniconda3\nRUN conda install -y numpy pandas\nRUN mamba install -y scipy\nCMD [\"python\"]\n";
    let o = optimize(src, &Options::default());
    assert!(
        o.dockerfile
            .contains("conda install -y numpy pandas && conda clean -ay"),
        "{}",
        o.dockerfile
    );
    assert!(
        o.dockerfile
            .contains("mamba install -y scipy && mamba clean -ay"),
        "{}",
        o.dockerfile
    );
    let step = o
        .steps
        .iter()
        .find(|s| s.id == "conda-clean-L2")
        .expect("step");
    // numpy on the default channel brings MKL, whose download stays in pkgs/.
    assert!(step.saved_bytes > 100_000_000, "{step:?}");
    let cleaned = "FROM continuumio/miniconda3\nRUN conda install -y numpy && conda clean -afy\n";
    assert!(!optimize(cleaned, &Options::default())
        .steps
        .iter()
        .any(|s| s.kind == "conda-clean"));
}

#[test]
fn distro_python_moves_to_the_official_image_when_asked() {
    let on = |src: &str, step: &str| {
        optimize(
            src,
            &Options {
                enabled: vec![step.into()],
                ..Default::default()
            },
        )
        .dockerfile
    };
    let src = "FROM debian:bookworm\nRUN apt-get update && apt-get install -y python3 python3-pip libpq5 && rm -rf /var/lib/apt/lists/*\nCOPY . /app\nRUN pip3 install -r /app/requirements.txt\nCMD [\"python3\", \"/app/main.py\"]\n";
    // Off unless asked for.
    assert!(!optimize(src, &Options::default())
        .dockerfile
        .contains("FROM python"));
    let out = on(src, "official-python");
    assert!(out.starts_with("FROM python:3.11-slim-bookworm\n"), "{out}");
    assert!(
        out.contains("apt-get install --no-install-recommends -y libpq5 &&"),
        "{out}"
    );
    assert!(!out.contains("python3-pip"), "{out}");
    // Another system package stays: no Alpine for it.
    assert!(!on(src, "alpine-base").contains("alpine"));
    // Only Python from apt: the apt commands go, adduser is spelled for BusyBox on Alpine.
    let src = "FROM debian:latest\nRUN apt-get update && apt-get install -y python3 python3-pip && adduser --disabled-password --gecos \"\" --uid 1005 app && pip install flask\nUSER app\nCMD [\"flask\", \"run\"]\n";
    let out = on(src, "alpine-base");
    assert!(out.starts_with("FROM python:3-alpine\n"), "{out}");
    assert!(
        out.contains("RUN adduser -D -g \"\" -u 1005 app && pip install"),
        "{out}"
    );
    assert!(!out.contains("apt-get install"), "{out}");
    // With apt gone there are no lists to delete: that step and --no-install-recommends give
    // way to the Alpine base, and say so.
    assert!(!out.contains("/var/lib/apt/lists"), "{out}");
    let o = optimize(
        src,
        &Options {
            enabled: vec!["alpine-base".into()],
            ..Default::default()
        },
    );
    for kind in ["apt-clean-lists", "apt-no-recommends"] {
        let step = o.steps.iter().find(|s| s.kind == kind).expect(kind);
        assert_eq!(
            step.superseded_by.as_deref(),
            Some("alpine-base-L1"),
            "{kind}"
        );
    }
    assert_eq!(
        optimize(
            &out,
            &Options {
                enabled: vec!["alpine-base".into()],
                ..Default::default()
            }
        )
        .dockerfile,
        out,
        "idempotent"
    );
    // useradd has no BusyBox equivalent here; Python packages from apt would be lost; Ubuntu's
    // other package names are not Debian's.
    assert!(!on("FROM debian:bookworm\nRUN apt-get update && apt-get install -y python3 && useradd app\nCMD [\"python3\"]\n", "alpine-base").contains("alpine"));
    assert!(!on("FROM debian:bookworm\nRUN apt-get update && apt-get install -y python3 python3-numpy\nCMD [\"python3\"]\n", "official-python").contains("FROM python"));
    assert!(!on("FROM ubuntu:22.04\nRUN apt-get update && apt-get install -y python3 git\nCMD [\"python3\"]\n", "official-python").contains("FROM python"));
    assert!(on("FROM ubuntu:22.04\nRUN apt-get update && apt-get install -y python3 python3-pip\nRUN pip install x\nCMD [\"python3\"]\n", "official-python").starts_with("FROM python:3.10-slim\n"));
}

#[test]
fn a_big_file_is_priced_as_a_whole_in_bounded_time() {
    // 300 RUNs that each get steps: past the pricing budget, steps are not priced one by one.
    let mut src = String::from("FROM python:3.12\n");
    for i in 0..300 {
        src += &format!("RUN apt-get update && apt-get install -y curl{i} && pip install pkg{i}\n");
    }
    src += "CMD [\"python\"]\n";
    let o = optimize(&src, &Options::default());
    assert!(o.steps.len() * 302 > layerlens_core::optimize::PRICING_BUDGET);
    assert!(o.steps.iter().all(|s| s.unpriced && s.saved_bytes == 0));
    assert!(o
        .notes
        .iter()
        .any(|n| n.message.contains("too many to price")));
    assert!(o.after_bytes <= o.before_bytes);
    // A small file is priced step by step.
    let o = optimize(
        "FROM python:3.12\nRUN pip install flask\nCMD [\"python\"]\n",
        &Options::default(),
    );
    assert!(o.steps.iter().all(|s| !s.unpriced));
}

#[test]
fn a_run_is_merged_only_into_the_run_whose_files_it_deletes() {
    let kinds = |src: &str| -> Vec<&'static str> {
        optimize(src, &Options::default())
            .steps
            .iter()
            .filter(|s| s.enabled && s.superseded_by.is_none())
            .map(|s| s.kind)
            .collect()
    };
    // The RUN before wrote the archive: one RUN, and it is never stored.
    let src = "FROM debian:bookworm\nRUN curl -fsSLo /tmp/tool.tgz https://example.com/tool.tgz\nRUN tar -xzf /tmp/tool.tgz -C /opt && rm -rf /tmp/tool.tgz\nCMD [\"/opt/tool\"]\n";
    assert!(kinds(src).contains(&"merge-runs"), "{:?}", kinds(src));
    // A COPY wrote it: merging the two RUNs frees nothing (the COPY's layer keeps it), and a
    // rewrite that merged only on the second pass would not be idempotent.
    let src = "FROM debian:bookworm\nCOPY tool.tgz /tmp/tool.tgz\nRUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*\nRUN tar -xzf /tmp/tool.tgz -C /opt && rm -rf /tmp/tool.tgz\nCMD [\"/opt/tool\"]\n";
    assert!(!kinds(src).contains(&"merge-runs"), "{:?}", kinds(src));
    let o = optimize(src, &Options::default());
    assert_eq!(
        optimize(&o.dockerfile, &Options::default()).dockerfile,
        o.dockerfile
    );
}

#[test]
fn each_package_manager_cleans_its_own_cache_in_a_shared_run() {
    // pip's and npm's cleanups are not alternatives to each other (a cache mount is to both):
    // both apply in one pass, so the next pass has nothing left to add.
    let src =
        "FROM node:20\nRUN npm install -g typescript && pip3 install requests\nCMD [\"node\"]\n";
    let o = optimize(src, &Options::default());
    let taken: Vec<&str> = o
        .steps
        .iter()
        .filter(|s| s.enabled && s.superseded_by.is_none())
        .map(|s| s.kind)
        .collect();
    assert!(
        taken.contains(&"pip-no-cache") && taken.contains(&"npm-cache-clean"),
        "{taken:?}"
    );
    assert!(
        o.dockerfile.contains("--no-cache-dir") && o.dockerfile.contains("npm cache clean"),
        "{}",
        o.dockerfile
    );
    assert_eq!(
        optimize(&o.dockerfile, &Options::default()).dockerfile,
        o.dockerfile
    );
}

#[test]
fn a_cleanup_appended_to_the_last_line_of_a_file_without_a_final_newline_is_kept() {
    // The append point of the last RUN is the end of the file: the edit belongs to that RUN.
    for src in [
        "FROM debian:bookworm\nRUN apt-get update\nRUN apt-get install -y gcc",
        "FROM python:3.12\nRUN pip install flask",
        "FROM node:20\nRUN npm install -g typescript",
    ] {
        let o = optimize(src, &Options::default());
        let taken: Vec<&str> = o
            .steps
            .iter()
            .filter(|s| s.enabled && s.superseded_by.is_none())
            .map(|s| s.kind)
            .collect();
        for (kind, text) in [
            ("apt-clean-lists", "rm -rf /var/lib/apt/lists/*"),
            ("npm-cache-clean", "npm cache clean --force"),
        ] {
            if taken.contains(&kind) {
                assert!(o.dockerfile.contains(text), "{kind}: {}", o.dockerfile);
            }
        }
        assert!(
            taken
                .iter()
                .any(|k| ["apt-clean-lists", "npm-cache-clean", "pip-no-cache"].contains(k)),
            "{taken:?}"
        );
        assert_eq!(
            optimize(&o.dockerfile, &Options::default()).dockerfile,
            o.dockerfile,
            "not idempotent"
        );
    }
}

#[test]
fn a_flag_and_a_new_command_inserted_at_one_offset_keep_their_order() {
    // `apt-get install` with no packages ends the RUN: the flag and the list cleanup are both
    // inserted there; the flag belongs to the install, the cleanup after it.
    let src = "FROM debian:bookworm\nRUN apt update && apt -y install\nRUN echo hi\n";
    let o = optimize(src, &Options::default());
    assert!(
        o.dockerfile
            .contains("install --no-install-recommends && rm -rf /var/lib/apt/lists/*\n"),
        "{}",
        o.dockerfile
    );
    assert_eq!(
        optimize(&o.dockerfile, &Options::default()).dockerfile,
        o.dockerfile
    );
}
