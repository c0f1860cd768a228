//! The rewrite on every Linux Dockerfile of ../shared/corpus that BuildKit accepts: it must parse
//! (with layerlens's parser here; with BuildKit's own when `scripts/setup` installed it, see
//! `BUILDKIT_PYTHON`), keep the runtime contract, be idempotent, and never be estimated larger.
//! Prints the four counts; each must be 100 %.

mod common;

use layerlens_core::optimize::{optimize, Options};
use layerlens_core::stages::{stages, Base};
use layerlens_core::syntax::{Args, CommandForm, Dockerfile, Keyword};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

/// What the final image's configuration and files are, as far as the Dockerfile says.
#[derive(Debug, Default, PartialEq)]
pub struct Contract {
    env: BTreeMap<String, String>,
    labels: BTreeMap<String, String>,
    expose: BTreeSet<String>,
    volumes: BTreeSet<String>,
    workdir: String,
    user: Option<String>,
    cmd: Option<(bool, Vec<String>)>,
    entrypoint: Option<(bool, Vec<String>)>,
    healthcheck: Option<String>,
    stopsignal: Option<String>,
    /// (destination, sources) of every COPY/ADD from the build context, and of COPY --from a
    /// stage or an image, in the final stage's chain.
    files: BTreeSet<(String, String)>,
}

fn command(args: &Args) -> Option<(bool, Vec<String>)> {
    match args {
        // Shell form with plain words means the same as the JSON form of those words.
        Args::Command(CommandForm::Shell { script, .. }) => {
            let plain = script.split_whitespace().all(|w| {
                w.chars()
                    .all(|c| c.is_ascii_alphanumeric() || "-_./:=,@%+".contains(c))
            });
            Some((
                !plain,
                script.split_whitespace().map(String::from).collect(),
            ))
        }
        Args::Command(CommandForm::Exec { args }) => {
            Some((false, args.iter().map(|w| w.value.clone()).collect()))
        }
        _ => None,
    }
}

pub fn contract(df: &Dockerfile) -> Contract {
    let st = stages(df);
    let mut chain = Vec::new();
    let mut cur = st.stages.last();
    while let Some(s) = cur {
        chain.push(s);
        cur = match s.base {
            Base::Stage(p) => st.stages.get(p),
            _ => None,
        };
    }
    let mut c = Contract {
        workdir: "/".into(),
        ..Default::default()
    };
    for s in chain.iter().rev() {
        for &i in &s.instructions {
            let ins = &df.instructions[i];
            match (&ins.keyword, &ins.args) {
                (Keyword::Env, Args::KeyValues(kvs)) => kvs.iter().for_each(|kv| {
                    c.env
                        .insert(kv.key.clone(), kv.value.clone().unwrap_or_default());
                }),
                (Keyword::Label, Args::KeyValues(kvs)) => kvs.iter().for_each(|kv| {
                    c.labels
                        .insert(kv.key.clone(), kv.value.clone().unwrap_or_default());
                }),
                (Keyword::Expose, Args::List { items, .. }) => items.iter().for_each(|w| {
                    c.expose.insert(w.value.clone());
                }),
                (Keyword::Volume, Args::List { items, .. }) => items.iter().for_each(|w| {
                    c.volumes.insert(w.value.clone());
                }),
                (Keyword::Workdir, Args::Text(Some(w))) => {
                    c.workdir = if w.value.starts_with('/') {
                        w.value.clone()
                    } else {
                        format!("{}/{}", c.workdir.trim_end_matches('/'), w.value)
                    };
                }
                (Keyword::User, Args::Text(w)) => c.user = w.as_ref().map(|w| w.value.clone()),
                (Keyword::Cmd, a) => c.cmd = command(a),
                (Keyword::Entrypoint, a) => c.entrypoint = command(a),
                (Keyword::Healthcheck, _) => {
                    c.healthcheck = Some(ins.text.split_whitespace().collect::<Vec<_>>().join(" "))
                }
                (Keyword::Stopsignal, _) => c.stopsignal = Some(ins.text.trim().to_string()),
                (Keyword::Copy | Keyword::Add, Args::Copy { paths, .. }) => {
                    if let Some((dest, srcs)) = paths.split_last() {
                        // COPY --from a builder the rewrite made is the compiled program: counted
                        // by its destination only.
                        let from = ins
                            .flag("from")
                            .and_then(|f| f.value.clone())
                            .unwrap_or_default();
                        let d = if dest.value.starts_with('/') {
                            dest.value.clone()
                        } else {
                            format!(
                                "{}/{}",
                                c.workdir.trim_end_matches('/'),
                                dest.value.trim_start_matches("./")
                            )
                        };
                        let sources = srcs
                            .iter()
                            .map(|w| w.value.clone())
                            .collect::<Vec<_>>()
                            .join(" ");
                        c.files.insert((
                            d.trim_end_matches('/').to_string(),
                            format!("{from}:{sources}"),
                        ));
                    }
                }
                _ => {}
            }
        }
    }
    c
}

/// The contract the rewrite must keep: the input's, with what the enabled steps say they change.
fn kept(before: &Contract, after: &Contract, steps: &[&str]) -> Result<(), String> {
    let mut b = Contract {
        env: before.env.clone(),
        labels: before.labels.clone(),
        expose: before.expose.clone(),
        volumes: before.volumes.clone(),
        workdir: before.workdir.clone(),
        user: before.user.clone(),
        cmd: before.cmd.clone(),
        entrypoint: before.entrypoint.clone(),
        healthcheck: before.healthcheck.clone(),
        stopsignal: before.stopsignal.clone(),
        files: BTreeSet::new(),
    };
    let mut a = Contract {
        env: after.env.clone(),
        labels: after.labels.clone(),
        expose: after.expose.clone(),
        volumes: after.volumes.clone(),
        workdir: after.workdir.clone(),
        user: after.user.clone(),
        cmd: after.cmd.clone(),
        entrypoint: after.entrypoint.clone(),
        healthcheck: after.healthcheck.clone(),
        stopsignal: after.stopsignal.clone(),
        files: BTreeSet::new(),
    };
    if steps.iter().any(|s| s.starts_with("non-root-user")) {
        b.user = a.user.clone();
    }
    // A venv split adds PATH; CGO_ENABLED only reaches the builder.
    for k in ["PATH"] {
        if a.env.contains_key(k) && !b.env.contains_key(k) {
            a.env.remove(k);
        } else if let (Some(av), Some(bv)) = (a.env.get(k).cloned(), b.env.get(k)) {
            if av != *bv {
                a.env.insert(k.into(), bv.clone());
            }
        }
    }
    b.files.clear();
    a.files.clear();
    if a != b {
        return Err(format!("config differs:\n  before {b:?}\n  after  {a:?}"));
    }
    // Every file the input put in the image is still put there (by the same COPY or by copying
    // the built program out of the builder).
    for (dest, src) in &before.files {
        if !after
            .files
            .iter()
            .any(|(d, s)| d == dest && (s == src || s.ends_with(&format!(":{dest}"))))
        {
            return Err(format!("files of `COPY {src} {dest}` are missing"));
        }
    }
    Ok(())
}

/// apt commands that read the package lists after an earlier RUN of the stage deleted them (and
/// nothing fetched them again): each would fail in a real build. A rewrite must not add any.
fn apt_reads_without_lists(df: &Dockerfile) -> usize {
    let mut missing = 0;
    let mut present = true;
    for ins in &df.instructions {
        match ins.keyword {
            Keyword::From => present = true,
            Keyword::Run => {
                let script = layerlens_core::shell::parse(&ins.text);
                for c in &script.commands {
                    let apt = matches!(c.name(), Some("apt-get" | "apt"));
                    if apt && c.subcommand() == Some("update") {
                        present = true;
                    } else if (apt
                        && matches!(
                            c.subcommand(),
                            Some("install" | "upgrade" | "dist-upgrade" | "build-dep" | "source")
                        ))
                        && !present
                    {
                        missing += 1;
                    } else if c.name() == Some("rm")
                        && c.words
                            .iter()
                            .any(|w| w.value.starts_with("/var/lib/apt/lists"))
                    {
                        present = false;
                    }
                }
            }
            _ => {}
        }
    }
    missing
}

#[test]
fn rewrites_of_the_corpus_parse_keep_the_contract_are_idempotent_and_never_larger() {
    let Some(shared) = common::shared_dir() else {
        return common::skip("optimizer corpus test");
    };
    let corpus = shared.join("corpus");
    let parse = std::fs::read_to_string(corpus.join("reference/buildkit-parse.jsonl"))
        .expect("parse reference");
    let accepted: BTreeSet<String> = parse
        .lines()
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .filter(|v| v["ok"] == Value::Bool(true))
        .filter_map(|v| v["file"].as_str().map(String::from))
        .collect();
    let out_dir =
        std::env::temp_dir().join(format!("layerlens-optimize-corpus-{}", std::process::id()));
    std::fs::create_dir_all(&out_dir).expect("tmp");
    let (
        mut files,
        mut windows,
        mut changed,
        mut parses,
        mut contract_ok,
        mut idempotent,
        mut not_larger,
    ) = (0, 0, 0, 0, 0, 0, 0);
    let mut failures: Vec<String> = Vec::new();
    let mut step_counts: BTreeMap<&'static str, usize> = BTreeMap::new();
    let mut optional_changed = 0;
    let mut saved_total: i128 = 0;
    for name in &accepted {
        let Ok(bytes) = std::fs::read(corpus.join("dockerfiles").join(name)) else {
            continue;
        };
        let src = String::from_utf8_lossy(&bytes).to_string();
        let df = layerlens_core::parse(&src);
        let windows_file = df.instructions.iter().any(|i| {
            i.keyword == Keyword::From && i.text.to_ascii_lowercase().contains("windows")
                || i.text.to_ascii_lowercase().contains("nanoserver")
                || i.text.to_ascii_lowercase().contains("servercore")
        }) || df.instructions.iter().any(|i| {
            i.keyword == Keyword::Shell && i.text.to_ascii_lowercase().contains("powershell")
        });
        if windows_file {
            windows += 1;
            continue;
        }
        files += 1;
        let o = optimize(&src, &Options::default());
        if o.dockerfile != src {
            changed += 1;
        }
        for s in o.steps.iter().filter(|s| s.enabled) {
            *step_counts.entry(s.kind).or_default() += 1;
        }
        saved_total += o.before_bytes as i128 - o.after_bytes as i128;
        std::fs::write(out_dir.join(name), &o.dockerfile).expect("write");
        let out = layerlens_core::parse(&o.dockerfile);
        if out.errors.is_empty() || !df.errors.is_empty() {
            parses += 1;
        } else {
            failures.push(format!(
                "{name}: rewrite does not parse: {:?}",
                out.errors.first().map(|e| &e.message)
            ));
        }
        if apt_reads_without_lists(&out) > apt_reads_without_lists(&df) {
            failures.push(format!(
                "{name}: an apt install in the rewrite runs after its package lists were deleted"
            ));
        }
        let enabled: Vec<&str> = o
            .steps
            .iter()
            .filter(|s| s.enabled)
            .map(|s| s.id.as_str())
            .collect();
        match kept(&contract(&df), &contract(&out), &enabled) {
            Ok(()) => contract_ok += 1,
            Err(e) => failures.push(format!("{name}: contract: {e}")),
        }
        let again = optimize(&o.dockerfile, &Options::default());
        if again.dockerfile == o.dockerfile {
            idempotent += 1;
        } else {
            failures.push(format!(
                "{name}: not idempotent; second pass: {:?}",
                again
                    .steps
                    .iter()
                    .filter(|s| s.enabled)
                    .map(|s| &s.id)
                    .collect::<Vec<_>>()
            ));
        }
        // With the steps that are off unless asked for switched on, too: still valid, same
        // contract, not larger.
        let all = optimize(
            &src,
            &Options {
                // Every opt-in kind, as documented (`optimize::steps`).
                enabled: layerlens_core::optimize::steps::ALL
                    .iter()
                    .filter(|d| d.applies == layerlens_core::optimize::steps::Applies::OptIn)
                    .map(|d| d.kind.to_string())
                    .collect(),
                ..Default::default()
            },
        );
        if all.dockerfile != o.dockerfile {
            optional_changed += 1;
            std::fs::write(out_dir.join(format!("{name}.all-steps")), &all.dockerfile)
                .expect("write");
            let parsed = layerlens_core::parse(&all.dockerfile);
            let enabled: Vec<&str> = all
                .steps
                .iter()
                .filter(|s| s.enabled)
                .map(|s| s.id.as_str())
                .collect();
            if !parsed.errors.is_empty() && df.errors.is_empty() {
                failures.push(format!("{name} (all steps): rewrite does not parse"));
            } else if let Err(e) = kept(&contract(&df), &contract(&parsed), &enabled) {
                failures.push(format!("{name} (all steps): contract: {e}"));
            } else if all.after_bytes > all.before_bytes {
                failures.push(format!("{name} (all steps): larger"));
            }
        }
        if o.after_bytes <= o.before_bytes {
            not_larger += 1;
        } else {
            failures.push(format!(
                "{name}: larger: {} > {}",
                o.after_bytes, o.before_bytes
            ));
        }
    }
    // BuildKit's own parser over every rewrite, when scripts/setup installed it.
    let mut buildkit = String::from("BuildKit's parser not installed (scripts/setup puts it in target/peers); checked with layerlens's parser only");
    let python = std::env::var("BUILDKIT_PYTHON")
        .ok()
        .map(std::path::PathBuf::from)
        .or_else(|| {
            let p = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
                .join("../../target/peers/bin/python");
            p.exists().then_some(p)
        });
    if let Some(python) = python {
        let script = shared.join("tools/buildkit-parse.py");
        let names: Vec<std::path::PathBuf> = std::fs::read_dir(&out_dir)
            .expect("dir")
            .filter_map(|e| e.ok().map(|e| e.path()))
            .collect();
        let mut ok = 0;
        let mut bad = Vec::new();
        for chunk in names.chunks(200) {
            let out = std::process::Command::new(&python)
                .arg(&script)
                .args(chunk)
                .output()
                .expect("run buildkit-parse.py");
            for line in String::from_utf8_lossy(&out.stdout).lines() {
                let v: Value = serde_json::from_str(line).expect("jsonl");
                if v["ok"] == Value::Bool(true) {
                    ok += 1;
                } else {
                    bad.push(format!("{}: {}", v["file"], v["error"]));
                }
            }
        }
        buildkit = format!("BuildKit's parser accepts {ok}/{} rewrites", names.len());
        for b in &bad {
            failures.push(format!("BuildKit rejects {b}"));
        }
    }
    let _ = std::fs::remove_dir_all(&out_dir);
    let pct = |n: usize| n as f64 * 100.0 / files.max(1) as f64;
    println!("Optimizer on {files} Linux corpus files BuildKit accepts ({windows} Windows files left out), {changed} rewritten:");
    println!(
        "  parses (layerlens's parser)   {parses:>5}  {:.1} %",
        pct(parses)
    );
    println!("  {buildkit}");
    println!(
        "  keeps the runtime contract    {contract_ok:>5}  {:.1} %",
        pct(contract_ok)
    );
    println!(
        "  idempotent                    {idempotent:>5}  {:.1} %",
        pct(idempotent)
    );
    println!(
        "  never estimated larger        {not_larger:>5}  {:.1} %",
        pct(not_larger)
    );
    println!(
        "  estimated bytes saved in all: {:.1} GB",
        saved_total as f64 / 1e9
    );
    let opt_in: Vec<&str> = layerlens_core::optimize::steps::ALL
        .iter()
        .filter(|d| d.applies == layerlens_core::optimize::steps::Applies::OptIn)
        .map(|d| d.kind)
        .collect();
    println!("  with the opt-in steps ({}) on: {optional_changed} more rewrites, checked the same way (BuildKit's parser included)", opt_in.join(", "));
    println!("  steps taken: {step_counts:?}");
    for f in failures.iter().take(40) {
        println!("  FAIL {f}");
    }
    assert!(
        failures.is_empty(),
        "{} failures (first: {})",
        failures.len(),
        failures[0]
    );
}
