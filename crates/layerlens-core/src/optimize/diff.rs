//! Side by side: the original and the rewrite aligned line by line (a longest-common-subsequence
//! diff over whole lines), so the view can put unchanged lines level and mark the rest.

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum RowKind {
    Same,
    /// A line of the original with its replacement beside it.
    Changed,
    /// Only in the rewrite.
    Added,
    /// Only in the original.
    Removed,
}

/// One row of the side-by-side view: 1-based line numbers on each side.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Row {
    pub left: Option<usize>,
    pub right: Option<usize>,
    pub kind: RowKind,
}

/// Aligns two texts line by line. Lines that differ next to each other are paired as `Changed`.
/// Quadratic in the lines of the two texts, capped: beyond 4,000 × 4,000 lines it pairs by index.
pub fn align(a: &str, b: &str) -> Vec<Row> {
    let a: Vec<&str> = a.lines().collect();
    let b: Vec<&str> = b.lines().collect();
    let (n, m) = (a.len(), b.len());
    if n.saturating_mul(m) > 16_000_000 {
        return (0..n.max(m))
            .map(|i| {
                let (l, r) = ((i < n).then_some(i + 1), (i < m).then_some(i + 1));
                let kind = match (l, r) {
                    (Some(_), Some(_)) if a[i] == b[i] => RowKind::Same,
                    (Some(_), Some(_)) => RowKind::Changed,
                    (Some(_), None) => RowKind::Removed,
                    _ => RowKind::Added,
                };
                Row {
                    left: l,
                    right: r,
                    kind,
                }
            })
            .collect();
    }
    // lcs[i][j]: common lines of a[i..] and b[j..].
    let mut lcs = vec![vec![0u32; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            lcs[i][j] = if a[i] == b[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let mut rows = Vec::new();
    let (mut i, mut j) = (0, 0);
    let mut removed: Vec<usize> = Vec::new();
    let mut added: Vec<usize> = Vec::new();
    let flush = |rows: &mut Vec<Row>, removed: &mut Vec<usize>, added: &mut Vec<usize>| {
        let pairs = removed.len().min(added.len());
        for k in 0..pairs {
            rows.push(Row {
                left: Some(removed[k] + 1),
                right: Some(added[k] + 1),
                kind: RowKind::Changed,
            });
        }
        for &r in &removed[pairs..] {
            rows.push(Row {
                left: Some(r + 1),
                right: None,
                kind: RowKind::Removed,
            });
        }
        for &ad in &added[pairs..] {
            rows.push(Row {
                left: None,
                right: Some(ad + 1),
                kind: RowKind::Added,
            });
        }
        removed.clear();
        added.clear();
    };
    while i < n || j < m {
        if i < n && j < m && a[i] == b[j] {
            flush(&mut rows, &mut removed, &mut added);
            rows.push(Row {
                left: Some(i + 1),
                right: Some(j + 1),
                kind: RowKind::Same,
            });
            i += 1;
            j += 1;
        } else if j < m && (i == n || lcs[i][j + 1] >= lcs[i + 1][j]) {
            added.push(j);
            j += 1;
        } else {
            removed.push(i);
            i += 1;
        }
    }
    flush(&mut rows, &mut removed, &mut added);
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pairs_changes_and_keeps_order() {
        let rows = align(
            "FROM a\nRUN x\nCMD y\n",
            "FROM a\nRUN x && z\nCMD y\nUSER 1\n",
        );
        let kinds: Vec<RowKind> = rows.iter().map(|r| r.kind).collect();
        assert_eq!(
            kinds,
            [
                RowKind::Same,
                RowKind::Changed,
                RowKind::Same,
                RowKind::Added
            ]
        );
        assert_eq!(rows[3].right, Some(4));
        assert!(align("", "").is_empty());
    }
}
