//! The comparison as text (a terminal) and as markdown (a pull-request comment): the same
//! figures, the biggest changes first, lists cut at `MAX_ROWS` with the rest counted.

use super::{DockerfileDiff, ImageDiff, Status};
use std::fmt::Write as _;

/// Rows of a list shown before "… and N more".
const MAX_ROWS: usize = 15;

/// What was compared, with the two inputs' names.
pub enum Diff<'a> {
    Images(&'a ImageDiff),
    Dockerfiles(&'a DockerfileDiff),
}

fn size(d: &Diff<'_>, n: u64) -> String {
    match d {
        Diff::Images(_) => crate::image::units::bytes(n),
        Diff::Dockerfiles(_) => crate::estimate::human(n),
    }
}

fn signed(d: &Diff<'_>, n: i64) -> String {
    signed_size(n, |b| size(d, b))
}

/// A change of size with its sign — `+310 MB`, `−12 MB`, `±0` — in the given units (the app's
/// panels write theirs with it too).
pub fn signed_size(n: i64, size: impl Fn(u64) -> String) -> String {
    match n {
        0 => "±0".to_string(),
        n if n > 0 => format!("+{}", size(n as u64)),
        n => format!("−{}", size(n.unsigned_abs())),
    }
}

fn percent(before: u64, delta: i64) -> String {
    if before == 0 || delta == 0 {
        return String::new();
    }
    format!(" ({:+.1} %)", delta as f64 * 100.0 / before as f64).replace('-', "−")
}

/// The totals: (label, before, after, delta).
fn totals(d: &Diff<'_>) -> Vec<(&'static str, u64, u64, i64)> {
    match d {
        Diff::Images(x) => x
            .totals()
            .into_iter()
            .map(|(label, t)| (label, t.before, t.after, t.delta))
            .collect(),
        Diff::Dockerfiles(x) => vec![(
            "estimated image size",
            x.final_image_bytes.before,
            x.final_image_bytes.after,
            x.final_image_bytes.delta,
        )],
    }
}

/// Plain text for a terminal.
pub fn text(d: &Diff<'_>, before: &str, after: &str) -> String {
    let mut s = format!("{before} → {after}\n");
    for [label, b, a, change] in cells(d) {
        let _ = writeln!(s, "  {label}: {b} → {a}  {change}");
    }
    match d {
        Diff::Images(x) => {
            let (b, a, shared) = layer_counts(x);
            let _ = writeln!(s, "  layers: {b} → {a}, {shared} shared");
            for l in x.layers.iter().filter(|l| l.status != Status::Shared) {
                let (b, a) = (size(d, l.before_bytes), size(d, l.after_bytes));
                let (n, st, cmd) = (l.position, l.status.name(), clip(l.made_by(), 70));
                let _ = writeln!(s, "    {n:>2} {st:<8} {b:>9} → {a:<9} {cmd}");
            }
            let p = &x.paths;
            let _ = writeln!(
                s,
                "  paths: {} added ({}), {} removed ({}), {} changed",
                p.added_count,
                size(d, p.added_bytes),
                p.removed_count,
                size(d, p.removed_bytes),
                p.changed_count
            );
            for a in p.added.iter().take(MAX_ROWS) {
                let _ = writeln!(s, "    + {:>9}  {}", size(d, a.size_bytes), a.path);
            }
            more(&mut s, p.added_count);
            for r in p.removed.iter().take(MAX_ROWS) {
                let _ = writeln!(s, "    - {:>9}  {}", size(d, r.size_bytes), r.path);
            }
            more(&mut s, p.removed_count);
            for c in p.changed.iter().take(MAX_ROWS) {
                let _ = writeln!(
                    s,
                    "    ~ {:>9} → {:<9} {}",
                    size(d, c.before_bytes),
                    size(d, c.after_bytes),
                    c.path
                );
            }
            more(&mut s, p.changed_count);
            if !x.hogs.is_empty() {
                let _ = writeln!(s, "  hogs (what each fix would save):");
                for h in &x.hogs {
                    let (b, a) = (size(d, h.before_bytes), size(d, h.after_bytes));
                    let _ = writeln!(s, "    {:<14} {b:>9} → {a:<9} {}", h.id, h.title);
                }
            }
        }
        Diff::Dockerfiles(x) => {
            for i in x.instructions.iter().filter(|i| i.status != Status::Shared) {
                let _ = writeln!(
                    s,
                    "  {:<8} {:>5} {:>9}  {}",
                    i.status.name(),
                    i.after_line
                        .or(i.before_line)
                        .map_or(String::new(), |l| format!("L{l}")),
                    signed(d, i.delta),
                    clip(&i.instruction, 70)
                );
            }
        }
    }
    s
}

/// The totals as shown: label, before, after, the change with its percentage.
fn cells(d: &Diff<'_>) -> Vec<[String; 4]> {
    totals(d)
        .into_iter()
        .map(|(label, b, a, delta)| {
            [
                label.to_string(),
                size(d, b),
                size(d, a),
                format!("{}{}", signed(d, delta), percent(b, delta)),
            ]
        })
        .collect()
}

/// `**+80 B** (+1.2 %)`: the change in bold, its percentage beside it.
fn bold_change(change: &str) -> String {
    match change.split_once(" (") {
        Some((c, pct)) => format!("**{c}** ({pct}"),
        None => format!("**{change}**"),
    }
}

/// Layers before, after, and shared.
fn layer_counts(x: &ImageDiff) -> (usize, usize, usize) {
    (count(x, true), count(x, false), x.shared_layers)
}

fn count(x: &ImageDiff, before: bool) -> usize {
    x.layers
        .iter()
        .filter(|l| {
            if before {
                l.before_digest.is_some()
            } else {
                l.after_digest.is_some()
            }
        })
        .count()
}

fn more(s: &mut String, n: usize) {
    if n > MAX_ROWS {
        let _ = writeln!(s, "      … and {} more", n - MAX_ROWS);
    }
}

fn clip(s: &str, max: usize) -> String {
    let s = s.replace('\n', " ");
    if s.chars().count() <= max {
        s
    } else {
        s.chars().take(max - 1).collect::<String>() + "…"
    }
}

/// Markdown for a pull-request comment: a table of totals, then the changes in `<details>`.
pub fn markdown(d: &Diff<'_>, before: &str, after: &str) -> String {
    let cell = |t: &str| t.replace('|', "\\|").replace('\n', " ");
    let mut s = format!(
        "### layerlens diff: `{}` → `{}`\n\n",
        cell(before),
        cell(after)
    );
    s.push_str("| | before | after | change |\n|---|---:|---:|---:|\n");
    for [label, b, a, change] in cells(d) {
        let _ = writeln!(s, "| {label} | {b} | {a} | {} |", bold_change(&change));
    }
    match d {
        Diff::Images(x) => {
            let (b, a, shared) = layer_counts(x);
            let _ = writeln!(s, "| layers | {b} | {a} | {shared} shared |");
            let p = &x.paths;
            let _ = writeln!(
                s,
                "| files | {} | {} | +{} −{} ~{} |",
                x.final_files.before,
                x.final_files.after,
                p.added_count,
                p.removed_count,
                p.changed_count
            );
            let changed: Vec<_> = x
                .layers
                .iter()
                .filter(|l| l.status != Status::Shared)
                .collect();
            if !changed.is_empty() {
                s.push_str("\n<details><summary>Layers that differ</summary>\n\n| # | | before | after | created by |\n|---:|---|---:|---:|---|\n");
                for l in changed {
                    let (b, a) = (size(d, l.before_bytes), size(d, l.after_bytes));
                    let cmd = cell(&clip(l.made_by(), 80)).replace('`', "'");
                    let (n, st) = (l.position, l.status.name());
                    let _ = writeln!(s, "| {n} | {st} | {b} | {a} | `{cmd}` |");
                }
                s.push_str("\n</details>\n");
            }
            if !(p.added.is_empty() && p.removed.is_empty() && p.changed.is_empty()) {
                s.push_str("\n<details><summary>Biggest path changes</summary>\n\n| | path | before | after |\n|---|---|---:|---:|\n");
                for a in p.added.iter().take(MAX_ROWS) {
                    let _ = writeln!(
                        s,
                        "| + | `{}` | | {} |",
                        cell(&a.path),
                        size(d, a.size_bytes)
                    );
                }
                for r in p.removed.iter().take(MAX_ROWS) {
                    let _ = writeln!(
                        s,
                        "| − | `{}` | {} | |",
                        cell(&r.path),
                        size(d, r.size_bytes)
                    );
                }
                for c in p.changed.iter().take(MAX_ROWS) {
                    let _ = writeln!(
                        s,
                        "| ~ | `{}` | {} | {} |",
                        cell(&c.path),
                        size(d, c.before_bytes),
                        size(d, c.after_bytes)
                    );
                }
                let rest = p.added_count.saturating_sub(MAX_ROWS)
                    + p.removed_count.saturating_sub(MAX_ROWS)
                    + p.changed_count.saturating_sub(MAX_ROWS);
                if rest > 0 {
                    let _ = writeln!(
                        s,
                        "\n… and {rest} more (`layerlens diff --format json` lists all)."
                    );
                }
                s.push_str("\n</details>\n");
            }
            if !x.hogs.is_empty() {
                s.push_str("\n<details><summary>Hogs (what each fix would save)</summary>\n\n| hog | before | after | change |\n|---|---:|---:|---:|\n");
                for h in &x.hogs {
                    let _ = writeln!(
                        s,
                        "| {} | {} | {} | {} |",
                        cell(&h.title),
                        size(d, h.before_bytes),
                        size(d, h.after_bytes),
                        signed(d, h.delta())
                    );
                }
                s.push_str("\n</details>\n");
            }
        }
        Diff::Dockerfiles(x) => {
            let changed: Vec<_> = x
                .instructions
                .iter()
                .filter(|i| i.status != Status::Shared)
                .collect();
            if !changed.is_empty() {
                s.push_str("\n| line | | instruction | estimate |\n|---:|---|---|---:|\n");
                for i in changed {
                    let _ = writeln!(
                        s,
                        "| {} | {} | `{}` | {} |",
                        i.after_line
                            .or(i.before_line)
                            .map_or(String::new(), |l| l.to_string()),
                        i.status.name(),
                        cell(&clip(&i.instruction, 80)).replace('`', "'"),
                        signed(d, i.delta)
                    );
                }
            }
        }
    }
    s
}
