use layerlens_core::knowledge::debian::{DebianIndex, Installed};
fn ix() -> DebianIndex {
    DebianIndex::parse(&std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../static/knowledge/debian-bookworm-amd64.tsv")).unwrap())
}
#[test]
fn dump() {
    let ix = ix();
    let base = ix.debian_base_set();
    std::fs::write("/tmp/h3-base.txt", base.iter().collect::<Vec<_>>().join("\n")).unwrap();
    let roots = std::env::var("ROOTS").unwrap_or_default();
    let rec = std::env::var("REC").is_ok();
    let roots: Vec<&str> = roots.split(',').collect();
    let c = ix.closure_walk(&base, &roots, rec, std::env::var("BFS").is_err());
    let mut p = c.packages.clone(); p.sort();
    std::fs::write("/tmp/h3-ours.txt", p.join("\n") + "\n").unwrap();
}
fn compare(file: &str, count_col: usize, size_col: usize, kib: bool, base: &Installed, ix: &DebianIndex) {
    let Ok(text) = std::fs::read_to_string(file) else { return };
    for dfs in [false, true] {
        let (mut n, mut exact, mut tol) = (0, 0, 0);
        let mut bad = vec![];
        for line in text.lines().skip(1) {
            let (roots, rest) = if line.starts_with('"') { let e = line[1..].find('"').unwrap() + 1; (&line[1..e], &line[e + 2..]) } else { line.split_once(',').unwrap() };
            let f: Vec<&str> = std::iter::once(roots).chain(rest.split(',')).collect();
            let roots: Vec<&str> = f[0].split(',').collect();
            let c = ix.closure_walk(base, &roots, f[1] == "yes", dfs);
            let cnt: usize = f[count_col].parse().unwrap();
            let size: f64 = f[size_col].parse().unwrap();
            let size_mb = if kib { size * 1024.0 / 1e6 } else { size };
            let ours = c.installed_kib as f64 * 1024.0 / 1e6;
            n += 1;
            if c.packages.len() == cnt && (ours - size_mb).abs() < 0.05 { exact += 1 } else { bad.push(format!("{} {} {}/{} {:.1}/{:.1}", f[0], f[1], c.packages.len(), cnt, ours, size_mb)); }
            if c.packages.len().abs_diff(cnt) <= 2 && (ours - size_mb).abs() <= 5.0 { tol += 1 }
        }
        println!("{file} dfs={dfs}: exact {exact}/{n}, within tolerance {tol}/{n}");
        for b in bad.iter().take(40) { println!("   {b}"); }
    }
}
#[test]
fn walks() {
    let ix = ix();
    let base = ix.debian_base_set();
    compare("/work/shared/knowledge/debian-closure-vs-apt-simulation.csv", 4, 5, false, &base, &ix);
    compare("/tmp/h3-apt/sample.csv", 2, 3, true, &base, &ix);
}
