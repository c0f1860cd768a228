//! Explanations, pinned: one readable snapshot per fixture in `tests/fixtures/`, the catalogue's
//! coverage of every keyword and flag the parser knows, and the whole corpus run through
//! `explain` with every instruction in exactly one step.

mod common;

use layerlens_core::explain::{
    explain, flag_doc, instruction_doc, instruction_docs, Explanation, Step,
};
use layerlens_core::syntax::Keyword;
use proptest::prelude::*;
use std::fmt::Write;

fn fixture(name: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn render_step(out: &mut String, s: &Step) {
    let lines = if s.line == s.end_line {
        format!("{}", s.line)
    } else {
        format!("{}-{}", s.line, s.end_line)
    };
    let effect = serde_json::to_value(s.effect)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default();
    let _ = writeln!(out, "  L{lines} {} [{effect}]", s.keyword);
    let _ = writeln!(out, "    {}", s.summary);
    for n in &s.notes {
        let _ = writeln!(
            out,
            "    · {} (L{}:{}) — {}",
            n.label, n.span.line, n.span.column, n.text
        );
    }
}

/// The explanation as a person would read it: stage headings, then each step and its notes.
fn render(e: &Explanation) -> String {
    let mut out = String::new();
    if !e.preamble.is_empty() {
        out.push_str("Before the first FROM\n");
        for s in &e.preamble {
            render_step(&mut out, s);
        }
        out.push('\n');
    }
    for st in &e.stages {
        let fin = if st.is_final { " [final]" } else { "" };
        let _ = writeln!(out, "{} (lines {}-{}){fin}", st.title, st.line, st.end_line);
        let _ = writeln!(out, "  {}", st.summary);
        for s in &st.steps {
            render_step(&mut out, s);
        }
        out.push('\n');
    }
    out
}

fn snapshot(name: &str) -> String {
    render(&explain(&layerlens_core::parse(&fixture(name))))
}

#[test]
fn go_multistage() {
    insta::assert_snapshot!(snapshot("go-multistage.Dockerfile"));
}

#[test]
fn python_seed() {
    insta::assert_snapshot!(snapshot("python-seed.Dockerfile"));
}

#[test]
fn python_seed_json() {
    // The data the UI and CLI receive, spans included.
    insta::assert_json_snapshot!(explain(&layerlens_core::parse(&fixture(
        "python-seed.Dockerfile"
    ))));
}

#[test]
fn features() {
    insta::assert_snapshot!(snapshot("features.Dockerfile"));
}

#[test]
fn broken() {
    insta::assert_snapshot!(snapshot("broken.Dockerfile"));
}

#[test]
fn every_keyword_has_a_doc() {
    for k in Keyword::ALL {
        let doc = instruction_doc(k).unwrap_or_else(|| panic!("no InstructionDoc for {k:?}"));
        assert_eq!(doc.keyword, k);
    }
    assert_eq!(instruction_docs().len(), Keyword::ALL.len());
}

/// Every flag BuildKit defines for any instruction. The parser's own list is private, so the test
/// asks the parser which of these it accepts for each keyword.
const ALL_FLAGS: &[&str] = &[
    "platform",
    "mount",
    "network",
    "security",
    "device",
    "from",
    "chown",
    "chmod",
    "link",
    "parents",
    "exclude",
    "keep-git-dir",
    "checksum",
    "unpack",
    "interval",
    "timeout",
    "start-period",
    "start-interval",
    "retries",
];

fn parser_accepts(k: Keyword, flag: &str) -> bool {
    let args = match k {
        Keyword::Healthcheck => "CMD true",
        Keyword::Shell => "[\"/bin/sh\", \"-c\"]",
        _ => "a b",
    };
    let src = format!("FROM a\n{} --{flag}=x {args}\n", k.as_str());
    let df = layerlens_core::parse(&src);
    !df.errors.iter().any(|e| e.message.contains("unknown flag"))
}

#[test]
fn every_flag_the_parser_knows_has_a_doc() {
    for k in Keyword::ALL {
        if k == Keyword::Onbuild {
            continue; // its flags belong to the inner instruction
        }
        for flag in ALL_FLAGS {
            let accepted = parser_accepts(k, flag);
            let documented = flag_doc(k, flag, None).is_some();
            assert_eq!(
                accepted,
                documented,
                "{} --{flag}: parser accepts it: {accepted}, documented: {documented}",
                k.as_str()
            );
        }
    }
    for kind in ["cache", "bind", "secret", "ssh", "tmpfs"] {
        assert!(
            flag_doc(Keyword::Run, "mount", Some(kind)).is_some(),
            "--mount=type={kind}"
        );
    }
    for net in ["default", "none", "host"] {
        assert!(
            flag_doc(Keyword::Run, "network", Some(net)).is_some(),
            "--network={net}"
        );
    }
    for sec in ["insecure", "sandbox"] {
        assert!(
            flag_doc(Keyword::Run, "security", Some(sec)).is_some(),
            "--security={sec}"
        );
    }
}

#[test]
fn corpus_every_instruction_in_exactly_one_step() {
    let Some(shared) = common::shared_dir() else {
        return common::skip("explain over the corpus");
    };
    let dir = shared.join("corpus/dockerfiles");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        eprintln!(
            "SKIPPED explain over the corpus: {} is not readable",
            dir.display()
        );
        return;
    };
    let mut files = 0;
    let mut steps_seen = 0;
    for entry in entries.flatten() {
        let path = entry.path();
        if !path.is_file() {
            continue;
        }
        let Ok(bytes) = std::fs::read(&path) else {
            continue;
        };
        let src = String::from_utf8_lossy(&bytes);
        let df = layerlens_core::parse(&src);
        let e = explain(&df);
        let mut seen = vec![0usize; df.instructions.len()];
        let steps = e
            .preamble
            .iter()
            .chain(e.stages.iter().flat_map(|s| s.steps.iter()));
        for s in steps {
            assert!(
                s.instruction < seen.len(),
                "{}: step for instruction #{} of {}",
                path.display(),
                s.instruction,
                seen.len()
            );
            seen[s.instruction] += 1;
            assert!(
                s.summary.ends_with('.') || s.summary.ends_with('?'),
                "{}: L{} summary is not a sentence: {}",
                path.display(),
                s.line,
                s.summary
            );
            for n in &s.notes {
                assert!(
                    !n.label.is_empty() && !n.text.is_empty(),
                    "{}: L{} empty note",
                    path.display(),
                    s.line
                );
            }
            steps_seen += 1;
        }
        for (i, n) in seen.iter().enumerate() {
            assert_eq!(
                *n,
                1,
                "{}: instruction #{i} (line {}) is in {n} steps",
                path.display(),
                df.instructions[i].start_line
            );
        }
        files += 1;
    }
    eprintln!("explained {files} corpus files, {steps_seen} steps");
    assert!(files > 0, "no files in {}", dir.display());
}

/// Every instruction in exactly one step, each summary a sentence: for any input.
fn check(src: &str) -> Explanation {
    let df = layerlens_core::parse(src);
    let e = explain(&df);
    let mut seen = vec![0usize; df.instructions.len()];
    for s in e
        .preamble
        .iter()
        .chain(e.stages.iter().flat_map(|s| s.steps.iter()))
    {
        seen[s.instruction] += 1;
        assert!(
            s.summary.ends_with('.') || s.summary.ends_with('?'),
            "{:?}",
            s.summary
        );
    }
    assert!(seen.iter().all(|&n| n == 1), "{seen:?}");
    e
}

const TOKENS: &[&str] = &[
    "FROM ",
    "RUN ",
    "COPY ",
    "ADD ",
    "ENV ",
    "ARG ",
    "ONBUILD ",
    "HEALTHCHECK ",
    "SHELL ",
    "CMD ",
    "ENTRYPOINT ",
    "USER ",
    "WORKDIR ",
    "VOLUME ",
    "EXPOSE ",
    "LABEL ",
    "STOPSIGNAL ",
    "MAINTAINER ",
    "\n",
    " AS ",
    "scratch",
    "--from=",
    "--mount=",
    "type=cache,",
    "type=bind,",
    "type=secret,",
    "type=ssh",
    "type=tmpfs,",
    "target=",
    "from=",
    "source=",
    ",",
    "--platform=",
    "--network=",
    "--security=",
    "--chown=",
    "--link",
    "--unpack=",
    "--checksum=",
    "--interval=",
    "${",
    "}",
    "$",
    ":-",
    "@sha256:",
    ":",
    "/",
    "..",
    ".",
    "0",
    "1",
    "<<EOF",
    "<<-'EOF'",
    "EOF\n",
    "[",
    "]",
    "\"",
    "'",
    "`",
    "é",
    "https://x/y.tar.gz",
    "a.tgz",
    "git@h:r.git",
    " ",
    "=",
    "exec ",
    "&&",
    "#!/bin/sh\n",
];

fn mutated() -> impl Strategy<Value = String> {
    let base = prop::sample::select(vec![
        "ARG V=1\nFROM a:${V} AS b\nRUN --mount=type=cache,target=/c x\nFROM scratch\nCOPY --from=b /a /b\nCMD [\"x\"]\n",
        "FROM a\nWORKDIR app\nRUN <<EOF\nset -e\nEOF\nCOPY <<-X ./f\n\thi\n\tX\nENTRYPOINT x\nCMD y\n",
        "FROM a AS x\nONBUILD COPY --from=x . /\nHEALTHCHECK --retries=1 CMD curl x\nADD a.tgz https://x/y /d/\nUSER root\n",
    ]);
    let edits = prop::collection::vec(
        (
            any::<prop::sample::Index>(),
            prop::sample::select(TOKENS.to_vec()),
            any::<bool>(),
        ),
        0..20,
    );
    (base, edits).prop_map(|(base, edits)| {
        let mut s = base.to_string();
        for (at, tok, insert) in edits {
            let mut i = at.index(s.len() + 1);
            while !s.is_char_boundary(i) {
                i -= 1;
            }
            if insert {
                s.insert_str(i, tok);
            } else {
                let mut j = (i + tok.len()).min(s.len());
                while !s.is_char_boundary(j) {
                    j += 1;
                }
                s.replace_range(i..j, tok);
            }
        }
        s
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn mutated_dockerfiles_explain_without_panic(src in mutated()) {
        check(&src);
    }

    #[test]
    fn random_text_explains_without_panic(src in "\\PC{0,200}") {
        check(&src);
    }
}

#[test]
fn huge_inputs_stay_linear() {
    // Each of these is quadratic if an instruction looks at all the others.
    let started = std::time::Instant::now();
    let n = 50_000;
    check(&"FOO x\n".repeat(n));
    check(&format!("{}FROM a\n", "ARG A=1\n".repeat(n)));
    check(&format!(
        "FROM a\n{}{}",
        "CMD x\n".repeat(n),
        "RUN y\n".repeat(n)
    ));
    let mut chain = String::from("FROM a AS s0\nENTRYPOINT [\"x\"]\n");
    for i in 1..5_000 {
        chain.push_str(&format!(
            "FROM s{} AS s{i}\nCOPY --from=s0 /a /b\nCMD y\n",
            i - 1
        ));
    }
    check(&chain);
    assert!(
        started.elapsed().as_secs() < 20,
        "took {:?}",
        started.elapsed()
    );
}
