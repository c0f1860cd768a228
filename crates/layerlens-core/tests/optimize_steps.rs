//! Every rewrite step's documentation runs as a test, as the lint rules' do: on its example the
//! step fires (switched on if it is opt-in), the rewrite parses, optimizing it again changes
//! nothing, and it is not estimated larger; on "use instead" the step does not fire. And no
//! default rewrite adds a USER line.

use layerlens_core::estimate::{BuildContext, Input};
use layerlens_core::optimize::steps::{Applies, ALL};
use layerlens_core::optimize::{optimize, Options};

fn context(files: &[(&str, &str)]) -> Option<BuildContext> {
    (!files.is_empty()).then(|| {
        BuildContext::new(
            files
                .iter()
                .map(|(p, t)| (p.to_string(), t.len() as u64))
                .collect(),
            files
                .iter()
                .map(|(p, t)| (p.to_string(), t.to_string()))
                .collect(),
        )
    })
}

/// The default rewrite of `src` with these project files as its context.
fn optimize_in(src: &str, files: &[(&str, &str)]) -> layerlens_core::optimize::Optimized {
    let ctx = context(files);
    optimize(
        src,
        &Options {
            input: Input {
                context: ctx.as_ref(),
                debian: None,
            },
            ..Default::default()
        },
    )
}

#[test]
fn every_step_kind_fires_on_its_example_and_not_on_use_instead() {
    assert!(ALL.len() >= 20, "{} step kinds documented", ALL.len());
    let mut failures = Vec::new();
    for d in ALL {
        assert!(!d.title.is_empty() && !d.why.is_empty(), "{}", d.kind);
        let ctx = context(d.example_context);
        let opts = Options {
            input: Input {
                context: ctx.as_ref(),
                debian: None,
            },
            enabled: vec![d.kind.to_string()],
            ..Default::default()
        };
        let out = optimize(d.example, &opts);
        let fired: Vec<_> = out.steps.iter().filter(|s| s.kind == d.kind).collect();
        if !fired
            .iter()
            .any(|s| s.enabled && !s.left_out && s.superseded_by.is_none())
        {
            failures.push(format!(
                "{}: the example does not fire it: {:?} / notes {:?}",
                d.kind,
                out.steps
                    .iter()
                    .map(|s| (&s.id, s.enabled, s.left_out))
                    .collect::<Vec<_>>(),
                out.notes.iter().map(|n| &n.message).collect::<Vec<_>>()
            ));
            continue;
        }
        let parsed = layerlens_core::parse(&out.dockerfile);
        if !parsed.errors.is_empty() {
            failures.push(format!(
                "{}: the rewrite does not parse: {:?}\n{}",
                d.kind, parsed.errors, out.dockerfile
            ));
        }
        let again = optimize(&out.dockerfile, &opts);
        if again.dockerfile != out.dockerfile {
            failures.push(format!(
                "{}: not idempotent:\n{}\n---\n{}",
                d.kind, out.dockerfile, again.dockerfile
            ));
        }
        if out.after_bytes > out.before_bytes {
            failures.push(format!(
                "{}: estimated larger ({} > {})",
                d.kind, out.after_bytes, out.before_bytes
            ));
        }
        let clean = optimize(d.use_instead, &opts);
        if clean.steps.iter().any(|s| s.kind == d.kind) {
            failures.push(format!(
                "{}: fires on use_instead:\n{}",
                d.kind, d.use_instead
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn opt_in_steps_are_off_by_default_and_no_default_rewrite_adds_a_user() {
    for d in ALL {
        let ctx = context(d.example_context);
        let out = optimize(
            d.example,
            &Options {
                input: Input {
                    context: ctx.as_ref(),
                    debian: None,
                },
                ..Default::default()
            },
        );
        for s in out.steps.iter().filter(|s| s.kind == d.kind) {
            assert_eq!(
                s.enabled,
                d.applies == Applies::Default,
                "{}: enabled by default = {}",
                s.id,
                s.enabled
            );
        }
        let users = |t: &str| {
            t.lines()
                .filter(|l| l.trim_start().to_ascii_uppercase().starts_with("USER "))
                .count()
        };
        assert!(
            users(&out.dockerfile) <= users(d.example),
            "{}: the default rewrite adds a USER:\n{}",
            d.kind,
            out.dockerfile
        );
    }
    assert_eq!(
        layerlens_core::optimize::steps::doc("non-root-user").map(|d| d.applies),
        Some(Applies::OptIn)
    );
}

#[test]
fn copy_chown_into_a_workdir_keeps_the_directory_owned() {
    // WORKDIR made /app (root's); a COPY --chown into it leaves the directory root's, so the
    // rewrite keeps a non-recursive chown of the directory alone.
    let src = "FROM node:22-slim\nWORKDIR /app\nCOPY . /app\nRUN chown -R node:node /app\nUSER node\nCMD [\"node\", \"server.js\"]\n";
    let out = optimize(src, &Options::default());
    let step = out
        .steps
        .iter()
        .find(|s| s.kind == "copy-chown")
        .expect("fires");
    assert!(
        out.dockerfile.contains("COPY --chown=node:node . /app"),
        "{}",
        out.dockerfile
    );
    assert!(
        out.dockerfile.contains("RUN chown node:node /app\n"),
        "{}",
        out.dockerfile
    );
    assert_eq!(step.lines, vec![3, 4]);
    // Something else wrote under /app before: the chown stays.
    let other = "FROM node:22-slim\nCOPY config /app/config\nCOPY . /app\nRUN chown -R node:node /app\nCMD [\"node\", \"server.js\"]\n";
    let out = optimize(other, &Options::default());
    assert!(
        !out.steps.iter().any(|s| s.kind == "copy-chown"),
        "{:?}",
        out.steps.iter().map(|s| &s.id).collect::<Vec<_>>()
    );
}

#[test]
fn docs_optimize_md_lists_every_kind_as_documented() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/optimize.md");
    let md = std::fs::read_to_string(path).expect("docs/optimize.md");
    let section = md.split("## The steps").nth(1).expect("a steps section");
    let section = section.split("\n## ").next().unwrap_or(section);
    let rows: Vec<(&str, &str, &str)> = section
        .lines()
        .filter_map(|l| {
            let l = l.strip_prefix("| `")?;
            let (kind, rest) = l.split_once("` | ")?;
            let (what, safety) = rest.trim_end_matches(" |").rsplit_once(" | ")?;
            Some((kind, what, safety))
        })
        .collect();
    let mut documented: Vec<&str> = rows.iter().map(|r| r.0).collect();
    let mut kinds: Vec<&str> = ALL.iter().map(|d| d.kind).collect();
    documented.sort();
    kinds.sort();
    assert_eq!(
        documented, kinds,
        "docs/optimize.md's table and optimize::steps disagree"
    );
    for (kind, what, safety) in rows {
        let d = layerlens_core::optimize::steps::doc(kind).expect("a kind");
        assert_eq!(
            what.contains("off unless asked for"),
            d.applies == Applies::OptIn,
            "{kind}: opt-in in the docs and the code"
        );
        let safe = d.safety == layerlens_core::optimize::Safety::Safe;
        assert_eq!(
            safety.starts_with("safe"),
            safe,
            "{kind}: safety in the docs ({safety}) and the code"
        );
    }
}

#[test]
fn an_install_that_builds_in_the_same_run_keeps_its_dev_dependencies_and_its_source() {
    // `npm install && npm run build` needs the devDependencies and the whole project: neither
    // `--omit=dev` nor a manifest-only COPY before it.
    let src = "FROM node:22-slim\nWORKDIR /app\nCOPY . .\nRUN npm install && npm run build\nCMD [\"node\", \"dist/index.js\"]\n";
    let out = optimize(src, &Options::default());
    assert!(
        !out.steps
            .iter()
            .any(|s| matches!(s.kind, "npm-omit-dev" | "manifests-first")),
        "{:?}",
        out.steps.iter().map(|s| &s.id).collect::<Vec<_>>()
    );
    // With its package.json, the build moves to a builder stage and the runtime installs
    // production dependencies; without a WORKDIR the project is at `/`.
    let files = [
        (
            "package.json",
            r#"{"scripts": {"build": "webpack", "start": "node dist/index.js"}, "dependencies": {"express": "^4"}, "devDependencies": {"webpack": "^5"}}"#,
        ),
        ("index.js", "console.log(1)\n"),
    ];
    let src = "FROM node:8\nCOPY . ./\nRUN npm install && npm run build\nCMD [\"node\", \"./dist/index.js\"]\n";
    let out = optimize_in(src, &files);
    assert!(
        out.steps
            .iter()
            .any(|s| s.kind == "split-node-build" && s.enabled),
        "{}",
        out.dockerfile
    );
    assert!(
        out.dockerfile.contains("COPY --from=builder /dist ./dist"),
        "{}",
        out.dockerfile
    );
    assert!(
        out.dockerfile.contains("npm install --production"),
        "npm 5 reads --production:\n{}",
        out.dockerfile
    );
}

#[test]
fn an_error_in_metadata_is_left_as_written_and_the_rest_rewritten() {
    let src = "FROM python:3.12\nENV TOKEN\nRUN pip install flask\nCMD [\"flask\", \"run\"]\n";
    let out = optimize(src, &Options::default());
    assert!(
        out.dockerfile.contains("\nENV TOKEN\n"),
        "{}",
        out.dockerfile
    );
    assert!(out
        .steps
        .iter()
        .any(|s| s.kind == "pip-no-cache" && s.enabled));
    assert!(out
        .notes
        .iter()
        .any(|n| n.line == 2 && n.message.starts_with("left as written")));
    // An error elsewhere still stops the rewrite.
    let bad = "FROM python:3.12\nRUN pip install flask\nCOPY\n";
    let out = optimize(bad, &Options::default());
    assert_eq!(out.dockerfile, bad);
}

#[test]
fn a_python_split_reinstalls_what_the_app_uses_without_the_compilers() {
    // One apt RUN installs a compiler, headers and a program the app runs (tor): the builder
    // gets all of it, the final stage everything but the compiler — the -dev packages stay
    // (they bring the libraries a compiled extension links against).
    let files = [
        ("requirements.txt", "lxml==4.6.2\npycurl==7.43\n"),
        ("app.py", "print(1)\n"),
    ];
    let src = "FROM python:3.8-slim\nWORKDIR /app\nRUN apt-get update && apt-get install -y build-essential libxml2-dev libcurl4-openssl-dev tor\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\nCOPY . .\nCMD [\"python\", \"app.py\"]\n";
    let out = optimize_in(src, &files);
    assert!(
        out.steps
            .iter()
            .any(|s| s.kind == "split-python-venv" && s.enabled),
        "{}",
        out.dockerfile
    );
    let (builder, runtime) = out.dockerfile.split_once("\nFROM ").expect("two stages");
    assert!(builder.contains("build-essential"), "{builder}");
    assert!(!runtime.contains("build-essential"), "{runtime}");
    for kept in ["libxml2-dev", "libcurl4-openssl-dev", "tor"] {
        assert!(runtime.contains(kept), "{kept} stays:\n{runtime}");
    }
}
