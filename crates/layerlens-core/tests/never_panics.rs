//! Parsing never fails and never panics: property tests over random text and over Dockerfiles
//! mutated with the tokens that matter to the parser, checking the model's invariants.

use layerlens_core::syntax::{Args, Dockerfile, Instruction};
use layerlens_core::Span;
use proptest::prelude::*;

fn check_span(src: &str, s: &Span) {
    assert!(
        s.start <= s.end && s.end <= src.len(),
        "span {s:?} out of bounds ({} bytes)",
        src.len()
    );
    assert!(
        src.is_char_boundary(s.start) && src.is_char_boundary(s.end),
        "span {s:?} splits a char"
    );
    assert!(s.line >= 1 && s.column >= 1 && s.line <= s.end_line);
}

fn check_instruction(src: &str, ins: &Instruction) {
    check_span(src, &ins.span);
    check_span(src, &ins.keyword_span);
    check_span(src, &ins.text_span);
    assert!(ins.start_line <= ins.end_line);
    for f in &ins.flags {
        check_span(src, &f.span);
    }
    for h in &ins.heredocs {
        check_span(src, &h.marker_span);
        check_span(src, &h.body_span);
    }
    if let Args::Onbuild(Some(inner)) = &ins.args {
        check_instruction(src, inner);
    }
}

fn check(src: &str) -> Dockerfile {
    let df = layerlens_core::parse(src);
    let mut last_end = 0;
    for ins in &df.instructions {
        check_instruction(src, ins);
        assert!(
            ins.start_line > last_end,
            "instructions overlap or go backwards"
        );
        last_end = ins.end_line;
    }
    for d in df.errors.iter().chain(&df.warnings) {
        check_span(src, &d.span);
    }
    for c in &df.comments {
        check_span(src, &c.span);
    }
    // Every model the parser can produce serializes (the CLI's JSON).
    assert!(serde_json::to_string(&layerlens_core::report::parse_report(&df)).is_ok());
    assert!(serde_json::to_string(&layerlens_core::explain::explain(&df)).is_ok());
    // The estimate never panics and every range holds its estimate.
    let e = layerlens_core::estimate::estimate(&df, &Default::default());
    for l in &e.layers {
        assert!(l.low <= l.bytes && l.bytes <= l.high, "{l:?}");
    }
    assert!(e.final_low <= e.final_image_bytes && e.final_image_bytes <= e.final_high);
    df
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
    "LABEL ",
    "\\",
    "\\\n",
    "`",
    "\n",
    "\r\n",
    "\n\n",
    "<<EOF",
    "<<-EOF",
    "EOF\n",
    "\tEOF\n",
    "<<'X'",
    "X\n",
    "[",
    "]",
    "\"",
    "'",
    "#",
    " # escape=`\n",
    "# syntax=x\n",
    "--",
    "--from=a ",
    "--mount=type=cache,target=/x ",
    "=",
    " AS ",
    "NONE",
    "é",
    "\u{feff}",
    "\0",
    "{",
    "}",
    "$(",
    ")",
    "&&",
    ";",
    " ",
];

fn mutated() -> impl Strategy<Value = String> {
    let base = prop::sample::select(vec![
        "FROM a AS b\nRUN x && \\\n  y\nCOPY --from=b /a /b\n",
        "# escape=`\nFROM mcr\nRUN powershell `\n  -c x\n",
        "FROM a\nRUN <<EOF bash\nset -e\nEOF\nCOPY <<-X /f\n\thi\n\tX\n",
        "ARG V=1\nFROM a:${V}\nENV A=1 B=\"2 3\"\nLABEL a b\nHEALTHCHECK --interval=1s CMD [\"x\"]\nONBUILD RUN y\n",
    ]);
    (
        base,
        prop::collection::vec(
            (
                any::<prop::sample::Index>(),
                prop::sample::select(TOKENS.to_vec()),
                0u8..3,
            ),
            0..24,
        ),
    )
        .prop_map(|(base, edits)| {
            let mut s = base.to_string();
            for (at, tok, op) in edits {
                let mut i = at.index(s.len() + 1);
                while !s.is_char_boundary(i) {
                    i -= 1;
                }
                match op {
                    0 => s.insert_str(i, tok),
                    1 => {
                        let mut j = (i + tok.len()).min(s.len());
                        while !s.is_char_boundary(j) {
                            j += 1;
                        }
                        s.replace_range(i..j, "");
                    }
                    _ => {
                        let mut j = (i + 1).min(s.len());
                        while !s.is_char_boundary(j) {
                            j += 1;
                        }
                        s.replace_range(i..j, tok);
                    }
                }
            }
            s
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 3000, ..ProptestConfig::default() })]

    #[test]
    fn random_text_never_panics(src in "\\PC{0,300}") {
        check(&src);
    }

    #[test]
    fn random_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        check(&String::from_utf8_lossy(&bytes));
    }

    #[test]
    fn mutated_dockerfiles_never_panic(src in mutated()) {
        check(&src);
    }
}

#[test]
fn huge_inputs_stay_linear() {
    // 100,000 continuation lines: one instruction, parsed in well under a second in debug.
    let mut src = String::from("FROM a\nRUN true");
    for _ in 0..100_000 {
        src.push_str(" \\\n && true");
    }
    src.push('\n');
    let df = check(&src);
    assert_eq!(df.instructions.len(), 2);
    assert_eq!(df.instructions[1].end_line, 100_002);
    // 100,000 short instructions.
    let src = "FROM a\n".to_string() + &"ENV A=1\n".repeat(100_000);
    assert_eq!(check(&src).instructions.len(), 100_001);
    // Deep JSON and long unterminated heredoc.
    let src = format!(
        "FROM a\nCMD {}\nRUN <<EOF\n{}",
        "[".repeat(100_000),
        "x\n".repeat(100_000)
    );
    let df = check(&src);
    assert_eq!(df.instructions.len(), 3);
    assert!(!df.errors.is_empty());
}

/// A 1 MB Dockerfile of realistic instructions (≈ 30,000 lines, 13,000 instructions) through
/// everything: parse, explain, estimate, lint and the whole optimizer. `docs/speed.md` has the
/// 10 MB timings of the release build (seconds, linear in the size).
#[test]
fn a_megabyte_dockerfile_goes_through_everything() {
    let mut src = String::new();
    let mut k = 0;
    while src.len() < 1_000_000 {
        src += &format!("FROM python:3.12 AS s{k}\nWORKDIR /app\n");
        for i in 0..40 {
            src += &format!("RUN apt-get update && apt-get install -y curl git \\\n    && pip install flask=={i} && rm -rf /tmp/x{i}\nCOPY part{i}/ ./part{i}/\nENV P{i}=1\n");
        }
        k += 1;
    }
    src += "CMD [\"python\", \"app.py\"]\n";
    let df = layerlens_core::parse(&src);
    assert!(df.errors.is_empty());
    assert!(df.instructions.len() > 10_000);
    let e = layerlens_core::estimate::estimate(&df, &Default::default());
    assert!(e.final_image_bytes > 0);
    assert!(!layerlens_core::explain::explain(&df).stages.is_empty());
    assert!(!layerlens_core::lint::lint(&df).is_empty());
    let o = layerlens_core::optimize::optimize(&src, &Default::default());
    assert!(o.after_bytes <= o.before_bytes);
    assert!(
        o.steps.iter().all(|s| s.unpriced),
        "past the pricing budget"
    );
    assert!(layerlens_core::parse(&o.dockerfile).errors.is_empty());
}
