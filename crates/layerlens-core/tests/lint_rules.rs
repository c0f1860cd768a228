//! Every rule's documentation examples run as tests: the example fires exactly that rule, once;
//! "use instead" fires nothing at all. Pragmas silence what they name.

use layerlens_core::lint::{all_rules, lint, rule};

#[test]
fn doc_examples_fire_once_and_fixes_are_clean() {
    assert!(all_rules().len() >= 8);
    for r in all_rules() {
        let d = &r.doc;
        let bad = lint(&layerlens_core::parse(d.example));
        let fired: Vec<_> = bad.iter().filter(|f| f.code == d.code).collect();
        assert_eq!(fired.len(), 1, "{} example: {bad:#?}", d.code);
        let good = lint(&layerlens_core::parse(d.use_instead));
        assert!(good.is_empty(), "{} use_instead is not clean: {good:#?}", d.code);
        assert!(!d.why.is_empty() && !d.summary.is_empty() && !d.fix_safety.is_empty());
    }
}

#[test]
fn codes_are_unique_and_lookups_work() {
    let mut codes: Vec<_> = all_rules().iter().map(|r| r.doc.code).collect();
    codes.sort_unstable();
    let n = codes.len();
    codes.dedup();
    assert_eq!(codes.len(), n);
    assert_eq!(rule("DL3009").map(|r| r.doc.code), Some("LL201"));
    assert_eq!(rule("ll201").map(|r| r.doc.name), Some("apt-lists-not-removed"));
    assert!(rule("DL9999").is_none());
}

#[test]
fn pragmas_silence_by_either_code() {
    let src = "FROM python\n# hadolint ignore=DL3042\nRUN pip install flask==3.1.3\n# layerlens ignore=LL202\nRUN apt-get update && apt-get install -y curl=7.88.1-10+deb12u14 && rm -rf /var/lib/apt/lists/*\nCMD python app.py\n";
    let codes: Vec<_> = lint(&layerlens_core::parse(src)).into_iter().map(|f| f.code).collect();
    assert_eq!(codes, ["LL101", "LL242", "LL301"]);
    let global = format!("# hadolint global ignore=DL3006,DL3025,full-base-image\n{src}");
    assert!(lint(&layerlens_core::parse(&global)).is_empty());
}
