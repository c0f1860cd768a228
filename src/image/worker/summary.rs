//! The summary the page shows (and dive's CI verdict on it) from the worker's analysis.

use super::super::protocol::{self, PathSize, Rule, Summary, Tally, LIST_CAP};
use layerlens_core::image::Analysis;

/// dive's CI rules with dive's defaults (`dive --ci`, `options/ci_rules.go`): efficiency at
/// least 0.9, wasted bytes not checked, user wasted percent at most 0.1. (The CLI's
/// `layerlens image --ci` applies the same defaults.)
pub fn dive_rules(a: &Analysis) -> (Vec<Rule>, bool) {
    use layerlens_core::image::ci;
    // dive's defaults, as `layerlens image --ci` applies them.
    let Ok(t) = ci::Thresholds::new(None, None, None) else {
        return (Vec::new(), true);
    };
    let results = ci::evaluate(a, &t);
    let pass = ci::passed(&results);
    let rules = results
        .into_iter()
        .map(|r| Rule {
            name: r.name.into(),
            status: r.status.into(),
            threshold: r.threshold,
            message: r.message,
        })
        .collect();
    (rules, pass)
}

/// How the read went, for the summary.
pub struct ReadStats {
    pub file_bytes: u64,
    pub bytes_read: u64,
    pub reads: u64,
    pub elapsed_ms: f64,
    pub timing: protocol::Timing,
}

pub(super) fn finite(x: f64) -> f64 {
    if x.is_finite() {
        x
    } else {
        0.0
    }
}

pub fn summarize(a: &Analysis, read: &ReadStats) -> Summary {
    let (rules, pass) = dive_rules(a);
    let tally = |t: &layerlens_core::image::Tally| Tally {
        count: t.count,
        bytes: t.bytes,
    };
    let sized = |v: &[layerlens_core::image::SizedPath]| {
        v.iter()
            .take(LIST_CAP)
            .map(|p| PathSize {
                path: p.path.clone(),
                size_bytes: p.size_bytes,
                n: p.layer as u64,
            })
            .collect()
    };
    Summary {
        format: a.format.label().into(),
        compressed_archive: a.compressed_archive,
        platform: a.platform.clone(),
        platforms: a.platforms.clone(),
        repo_tags: a.repo_tags.clone(),
        size_bytes: a.size_bytes,
        user_size_bytes: a.user_size_bytes,
        wasted_bytes: a.wasted_bytes,
        // JSON has no NaN: a ratio that could not be computed is 0.
        efficiency: finite(a.efficiency),
        user_wasted_percent: finite(a.user_wasted_percent),
        final_files: a.final_files,
        final_bytes: a.final_bytes,
        rules,
        pass,
        layers: a
            .layers
            .iter()
            .map(|l| protocol::Layer {
                index: l.index,
                digest: l.digest.clone(),
                created_by: l.created_by.clone(),
                instruction: l.instruction.clone(),
                size_bytes: l.size_bytes,
                entries: l.entries,
                added: tally(&l.added),
                changed: tally(&l.changed),
                removed: tally(&l.removed),
                compression: l.compression.and_then(|c| match c {
                    layerlens_core::image::Compression::None => None,
                    layerlens_core::image::Compression::Gzip => Some("gzip".to_string()),
                    layerlens_core::image::Compression::Zstd => Some("zstd".to_string()),
                }),
                stored_bytes: l.stored_bytes,
                metadata_steps: l
                    .metadata_steps
                    .iter()
                    .filter(|s| !s.is_empty())
                    .cloned()
                    .collect(),
            })
            .collect(),
        trailing_steps: {
            let last = a
                .steps
                .iter()
                .rposition(|st| st.layer.is_some())
                .map_or(0, |i| i + 1);
            a.steps[last..]
                .iter()
                .filter(|st| st.empty_layer && !st.instruction.is_empty())
                .map(|st| st.instruction.clone())
                .collect()
        },
        inefficient_files: a
            .inefficient_files
            .iter()
            .take(LIST_CAP)
            .map(|f| PathSize {
                path: f.path.clone(),
                size_bytes: f.size_bytes,
                n: f.count as u64,
            })
            .collect(),
        inefficient_total: a.inefficient_files.len(),
        biggest_files: sized(&a.biggest_files),
        biggest_dirs: sized(&a.biggest_dirs),
        deleted_later_bytes: a.deleted_later_bytes,
        hogs: a
            .hogs
            .iter()
            .map(|h| protocol::Hog {
                id: h.id.into(),
                title: h.title.into(),
                size_bytes: h.size_bytes,
                fix: h.fix.into(),
                paths: h.paths.clone(),
            })
            .collect(),
        checks: a
            .checks
            .iter()
            .map(|c| protocol::Check {
                id: c.id.into(),
                dockle: c.dockle.into(),
                severity: c.severity.into(),
                title: c.title.into(),
                detail: c.detail.clone(),
                fix: c.fix.into(),
            })
            .collect(),
        dockerfile: a.dockerfile.clone(),
        warnings: a.warnings.clone(),
        file_bytes: read.file_bytes,
        bytes_read: read.bytes_read,
        reads: read.reads,
        elapsed_ms: read.elapsed_ms,
        timing: read.timing.clone(),
    }
}
