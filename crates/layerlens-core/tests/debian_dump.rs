use layerlens_core::knowledge::debian::DebianIndex;
#[test]
fn dump() {
    let t = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../static/knowledge/debian-bookworm-amd64.tsv")).unwrap();
    let ix = DebianIndex::parse(&t);
    let base = ix.debian_base_set();
    std::fs::write("/tmp/h3-base.txt", base.iter().collect::<Vec<_>>().join("\n")).unwrap();
    let roots = std::env::var("ROOTS").unwrap_or_default();
    let rec = std::env::var("REC").is_ok();
    let roots: Vec<&str> = roots.split(',').collect();
    let c = ix.closure(&base, &roots, rec);
    let mut p = c.packages.clone(); p.sort();
    std::fs::write("/tmp/h3-ours.txt", p.join("\n") + "\n").unwrap();
}
