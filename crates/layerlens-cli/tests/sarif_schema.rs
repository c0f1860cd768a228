//! `layerlens lint --format sarif` validated against the published SARIF 2.1.0 schema (OASIS,
//! errata 01; vendored in tests/data, see tests/data/README.md), with format assertions on, so a
//! `uri` that is no URI reference fails as surely as a missing `version`.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

const SCHEMA_URL: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

struct Sarif {
    schemas: boon::Schemas,
    index: boon::SchemaIndex,
}

impl Sarif {
    fn load() -> Sarif {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/sarif-schema-2.1.0.json");
        let schema: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(&path).expect("read the vendored schema"),
        )
        .expect("the schema is JSON");
        assert_eq!(
            schema["id"], SCHEMA_URL,
            "the vendored file is the OASIS errata 01 schema"
        );
        let mut schemas = boon::Schemas::new();
        let mut compiler = boon::Compiler::new();
        // On by default for draft-04, said anyway: `format: uri-reference` must be checked.
        compiler.enable_format_assertions();
        compiler
            .add_resource(SCHEMA_URL, schema)
            .expect("add the schema");
        let index = compiler
            .compile(SCHEMA_URL, &mut schemas)
            .unwrap_or_else(|e| panic!("compile the schema: {e:#}"));
        Sarif { schemas, index }
    }

    fn check(&self, log: &serde_json::Value) -> Result<(), String> {
        self.schemas
            .validate(log, self.index)
            .map_err(|e| format!("{e}"))
    }
}

use common::layerlens;

/// Lints `file` (a path, or `-` with `stdin`) as SARIF; the log must be valid whatever the exit status.
fn sarif_of(schema: &Sarif, file: &str, stdin: Option<&str>) -> serde_json::Value {
    let out = layerlens(&["lint", "--format", "sarif", file], stdin);
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "{file}: exit {:?}: {}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    let log: serde_json::Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{file}: SARIF is not JSON: {e}"));
    if let Err(e) = schema.check(&log) {
        panic!(
            "{file}: not valid SARIF 2.1.0:\n{e}\n{}",
            serde_json::to_string_pretty(&log).unwrap_or_default()
        );
    }
    // What the schema cannot say: a region does not end before it starts (§3.30; endColumn is
    // exclusive, so an empty region, as LL334 gives a blank line, is an insertion point), and
    // ruleIndex points at the rule named by ruleId.
    let run = &log["runs"][0];
    for r in run["results"].as_array().into_iter().flatten() {
        let g = &r["locations"][0]["physicalLocation"]["region"];
        let (l0, c0, l1, c1) = (
            g["startLine"].as_u64(),
            g["startColumn"].as_u64(),
            g["endLine"].as_u64(),
            g["endColumn"].as_u64(),
        );
        assert!(
            l1 > l0 || (l1 == l0 && c1 >= c0),
            "{file}: region ends before it starts: {g}"
        );
        let i = r["ruleIndex"].as_u64().expect("ruleIndex") as usize;
        assert_eq!(
            run["tool"]["driver"]["rules"][i]["id"], r["ruleId"],
            "{file}"
        );
    }
    log
}

fn tmp_dir(tag: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("layerlens-sarif-{tag}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("tmp");
    dir
}

/// Findings of every level SARIF has (error, warning, note), instructions over several lines,
/// rules with and without a hadolint code, and a line that does not parse (`FORM`).
const MANY: &str = "\
FROM ubuntu AS Build
MAINTAINER someone@example.com
RUN apt-get update && \\
    apt-get install curl wget \\
      build-essential
WORKDIR app
ADD main.c /src/
RUN cd /src && sudo make | tee build.log
ENV FOO bar
EXPOSE 80/TCP
COPY a.txt b.txt dest
HEALTHCHECK CMD true
HEALTHCHECK CMD false
FORM nothing
RUN pip install flask \\
    requests
CMD make run
";

const CLEAN: &str = "\
FROM golang:1.22 AS build
WORKDIR /src
RUN --mount=type=cache,target=/go/pkg/mod go build -o /app .

FROM gcr.io/distroless/static:nonroot
COPY --from=build /app /app
USER 65532
ENTRYPOINT [\"/app\"]
";

#[test]
fn many_findings_of_every_level_are_valid_sarif() {
    let schema = Sarif::load();
    let dir = tmp_dir("many");
    // A name with a space and a `#`, which a URI must escape.
    let path = dir.join("my app#1.Dockerfile");
    std::fs::write(&path, MANY).expect("write");
    let out = layerlens(
        &["lint", "--format", "sarif", path.to_str().expect("utf8")],
        None,
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains(":14:1: error: unknown instruction: FORM"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    for (file, stdin) in [(path.to_str().expect("utf8"), None), ("-", Some(MANY))] {
        let log = sarif_of(&schema, file, stdin);
        let run = &log["runs"][0];
        let results = run["results"].as_array().expect("results");
        let rules = run["tool"]["driver"]["rules"].as_array().expect("rules");
        let levels: Vec<&str> = results.iter().filter_map(|r| r["level"].as_str()).collect();
        for level in ["error", "warning", "note"] {
            assert!(
                levels.contains(&level),
                "{file}: no {level} among {levels:?}"
            );
        }
        // Findings on the first line of the RUNs continued over lines 3-5 and 15-16.
        let start_lines: Vec<u64> = results
            .iter()
            .filter_map(|r| r["locations"][0]["physicalLocation"]["region"]["startLine"].as_u64())
            .collect();
        assert!(
            start_lines.contains(&3) && start_lines.contains(&15),
            "{file}: {start_lines:?}"
        );
        assert!(
            rules
                .iter()
                .any(|r| r["properties"]["hadolint"].is_string()),
            "{file}: no rule with a hadolint code"
        );
        assert!(
            rules
                .iter()
                .any(|r| r["properties"].get("hadolint").is_none_or(|h| h.is_null())),
            "{file}: every rule has a hadolint code"
        );
        assert!(
            results.len() >= 15,
            "{file}: only {} results",
            results.len()
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_clean_file_and_a_broken_one_are_valid_sarif() {
    let schema = Sarif::load();
    let log = sarif_of(&schema, "-", Some(CLEAN));
    assert_eq!(
        log["runs"][0]["results"].as_array().map(Vec::len),
        Some(0),
        "{log:#}"
    );
    assert_eq!(
        log["runs"][0]["tool"]["driver"]["rules"]
            .as_array()
            .map(Vec::len),
        Some(0)
    );
    // Nothing but parse errors, and an empty file.
    sarif_of(&schema, "-", Some("FORM alpine\nRUN\n"));
    sarif_of(&schema, "-", Some(""));
}

/// `artifactLocation.uri` is a URI reference whatever the file is called (§3.10.2).
#[test]
fn file_names_become_uri_references() {
    let schema = Sarif::load();
    let dir = tmp_dir("uri");
    std::fs::write(dir.join("my app#1.Dockerfile"), "FROM python\n").expect("write");
    let uri = |log: &serde_json::Value| {
        log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            .as_str()
            .map(str::to_string)
    };

    let absolute = dir.join("my app#1.Dockerfile");
    let log = sarif_of(&schema, absolute.to_str().expect("utf8"), None);
    let u = uri(&log).unwrap_or_default();
    assert!(
        u.starts_with("file:///") && u.ends_with("/my%20app%231.Dockerfile"),
        "{u}"
    );

    let out = Command::new(env!("CARGO_BIN_EXE_layerlens"))
        .args(["lint", "--format", "sarif", "my app#1.Dockerfile"])
        .current_dir(&dir)
        .output()
        .expect("run");
    let log: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    schema.check(&log).expect("valid");
    assert_eq!(uri(&log).as_deref(), Some("my%20app%231.Dockerfile"));

    let log = sarif_of(&schema, "-", Some("FROM python\n"));
    assert_eq!(uri(&log).as_deref(), Some("%3Cstdin%3E"));
    let _ = std::fs::remove_dir_all(&dir);
}

/// The check bites: logs that break the schema in the ways a renderer could are refused.
#[test]
fn the_schema_check_rejects_broken_logs() {
    let schema = Sarif::load();
    let good = sarif_of(&schema, "-", Some(MANY));
    type Break = fn(&mut serde_json::Value);
    let broken: [(&str, Break); 6] = [
        ("no version", |v| {
            drop(v.as_object_mut().map(|o| o.remove("version")))
        }),
        ("version 2.0.0", |v| v["version"] = "2.0.0".into()),
        ("level fatal", |v| {
            v["runs"][0]["results"][0]["level"] = "fatal".into()
        }),
        ("startLine 0", |v| {
            v["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] =
                0.into()
        }),
        ("uri with a space", |v| {
            v["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
                ["uri"] = "my app".into()
        }),
        ("unknown property", |v| {
            v["runs"][0]["results"][0]["severity"] = "high".into()
        }),
    ];
    for (what, breaks) in broken {
        let mut log = good.clone();
        breaks(&mut log);
        assert!(schema.check(&log).is_err(), "{what}: accepted");
    }
}

/// About 50 real Dockerfiles from ../shared/corpus, spread evenly over the sorted names.
#[test]
fn corpus_sample_is_valid_sarif() {
    let shared = match std::env::var("LAYERLENS_SHARED") {
        Ok(dir) => PathBuf::from(dir),
        Err(_) => Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared"),
    };
    let corpus = shared.join("corpus/dockerfiles");
    let Ok(entries) = std::fs::read_dir(&corpus) else {
        eprintln!("SKIPPED the corpus part of the SARIF schema test: {} is absent (set LAYERLENS_SHARED to point at shared/)", corpus.display());
        return;
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    assert!(!files.is_empty(), "{} is empty", corpus.display());
    let step = files.len().div_ceil(50);
    let schema = Sarif::load();
    let mut checked = 0;
    let mut results = 0;
    for path in files.iter().step_by(step) {
        let log = sarif_of(&schema, path.to_str().expect("utf8 path"), None);
        results += log["runs"][0]["results"].as_array().map_or(0, Vec::len);
        checked += 1;
    }
    eprintln!("SARIF schema: {checked} corpus files valid ({results} results)");
    assert!(checked >= 40, "{checked}");
}
