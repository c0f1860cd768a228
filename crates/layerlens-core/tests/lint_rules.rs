//! Every rule's documentation examples run as tests: the example fires exactly that rule, once;
//! "use instead" fires nothing at all. Pragmas silence what they name.

use layerlens_core::estimate::{BuildContext, Input};
use layerlens_core::lint::{all_rules, lint, lint_with, rule};

#[test]
fn doc_examples_fire_once_and_fixes_are_clean() {
    assert!(all_rules().len() >= 8);
    let mut failures = Vec::new();
    for r in all_rules() {
        let d = &r.doc;
        // Rules that read the project folder get the one their doc describes.
        let ctx = (!d.example_context.is_empty()).then(|| {
            let files = d
                .example_context
                .iter()
                .map(|(p, t)| (p.to_string(), t.len() as u64))
                .collect();
            let texts = d
                .example_context
                .iter()
                .map(|(p, t)| (p.to_string(), t.to_string()))
                .collect();
            BuildContext::new(files, texts)
        });
        let lint = |src: &str| {
            lint_with(
                &layerlens_core::parse(src),
                Input {
                    context: ctx.as_ref(),
                    debian: None,
                },
            )
        };
        let bad = lint(d.example);
        let fired: Vec<_> = bad.iter().filter(|f| f.code == d.code).collect();
        if fired.len() != 1 {
            failures.push(format!(
                "{} example fires it {} times: {:?}",
                d.code,
                fired.len(),
                bad.iter()
                    .map(|f| (f.code, f.line, &f.message))
                    .collect::<Vec<_>>()
            ));
        }
        let good = lint(d.use_instead);
        if !good.is_empty() {
            failures.push(format!(
                "{} use_instead is not clean: {:?}",
                d.code,
                good.iter()
                    .map(|f| (f.code, f.line, &f.message))
                    .collect::<Vec<_>>()
            ));
        }
        assert!(!d.why.is_empty() && !d.summary.is_empty() && !d.fix_safety.is_empty());
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn codes_are_unique_and_lookups_work() {
    let mut codes: Vec<_> = all_rules().iter().map(|r| r.doc.code).collect();
    codes.sort_unstable();
    let n = codes.len();
    codes.dedup();
    assert_eq!(codes.len(), n);
    assert_eq!(rule("DL3009").map(|r| r.doc.code), Some("LL201"));
    assert_eq!(
        rule("ll201").map(|r| r.doc.name),
        Some("apt-lists-not-removed")
    );
    assert!(rule("DL9999").is_none());
}

#[test]
fn pragmas_silence_by_either_code() {
    let src = "FROM python\n# hadolint ignore=DL3042\nRUN pip install flask==3.1.3\n# layerlens ignore=LL202\nRUN apt-get update && apt-get install -y curl=7.88.1-10+deb12u14 && rm -rf /var/lib/apt/lists/*\nCMD python app.py\n";
    let codes: Vec<_> = lint(&layerlens_core::parse(src))
        .into_iter()
        .map(|f| f.code)
        .collect();
    assert_eq!(codes, ["LL101", "LL242", "LL351", "LL301"]);
    let global = format!("# hadolint global ignore=DL3006,DL3025,full-base-image,LL351\n{src}");
    assert!(lint(&layerlens_core::parse(&global)).is_empty());
}
