//! dive's CI mode (`dive --ci`): three thresholds on an image's efficiency and wasted bytes,
//! with dive's defaults, names and messages (`options/ci_rules.go`). The CLI's `layerlens image
//! --ci` and the app's Image view both apply them.

use super::Analysis;
use serde::Serialize;

/// dive's defaults (`options/ci_rules.go`).
const DEFAULT_LOWEST_EFFICIENCY: &str = "0.9";
const DEFAULT_HIGHEST_WASTED_BYTES: &str = "disabled";
const DEFAULT_HIGHEST_USER_WASTED_PERCENT: &str = "0.1";

/// One rule's outcome.
#[derive(Debug, Clone, Serialize)]
pub struct RuleResult {
    pub name: &'static str,
    /// `pass`, `fail` or `skip` (disabled).
    pub status: &'static str,
    pub threshold: String,
    pub message: String,
}

/// dive's three CI thresholds, each with the text it was given (for the report) and its value;
/// None when disabled.
#[derive(Debug, Clone)]
pub struct Thresholds {
    pub lowest_efficiency: Option<(String, f64)>,
    pub highest_wasted_bytes: Option<(String, u64)>,
    pub highest_user_wasted_percent: Option<(String, f64)>,
}

impl Thresholds {
    /// From the three options as given (None: dive's default): a ratio, a size (`20MB`) or
    /// `disabled`.
    pub fn new(
        lowest_efficiency: Option<&str>,
        highest_wasted_bytes: Option<&str>,
        highest_user_wasted_percent: Option<&str>,
    ) -> Result<Thresholds, String> {
        let hw = highest_wasted_bytes.unwrap_or(DEFAULT_HIGHEST_WASTED_BYTES);
        Ok(Thresholds {
            lowest_efficiency: ratio(
                "lowest-efficiency",
                lowest_efficiency.unwrap_or(DEFAULT_LOWEST_EFFICIENCY),
            )?,
            highest_wasted_bytes: if disabled(hw) {
                None
            } else {
                Some((
                    hw.trim().to_string(),
                    parse_bytes(hw).ok_or_else(|| {
                        format!(
                            "--highest-wasted-bytes {hw:?}: not a size (like 20MB, 512KiB or 1000)"
                        )
                    })?,
                ))
            },
            highest_user_wasted_percent: ratio(
                "highest-user-wasted-percent",
                highest_user_wasted_percent.unwrap_or(DEFAULT_HIGHEST_USER_WASTED_PERCENT),
            )?,
        })
    }
}

fn disabled(v: &str) -> bool {
    matches!(
        v.trim().to_ascii_lowercase().as_str(),
        "" | "disabled" | "off" | "false"
    )
}

fn ratio(name: &str, v: &str) -> Result<Option<(String, f64)>, String> {
    if disabled(v) {
        return Ok(None);
    }
    let x: f64 = v
        .trim()
        .parse()
        .map_err(|_| format!("--{name} {v:?}: not a number"))?;
    if !(0.0..=1.0).contains(&x) {
        return Err(format!("--{name} {v}: must be a ratio between 0 and 1"));
    }
    Ok(Some((v.trim().to_string(), x)))
}

/// go-humanize's ParseBytes: `20MB` = 20·1000², `20MiB` = 20·1024², plain numbers are bytes.
pub fn parse_bytes(s: &str) -> Option<u64> {
    let s = s.trim().replace(',', "");
    let split = s
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(s.len());
    let (num, unit) = s.split_at(split);
    let n: f64 = num.parse().ok()?;
    let unit = unit.trim().to_ascii_lowercase();
    let mult: f64 = match unit.as_str() {
        "" | "b" => 1.0,
        "k" | "kb" => 1e3,
        "ki" | "kib" => 1024.0,
        "m" | "mb" => 1e6,
        "mi" | "mib" => 1024f64.powi(2),
        "g" | "gb" => 1e9,
        "gi" | "gib" => 1024f64.powi(3),
        "t" | "tb" => 1e12,
        "ti" | "tib" => 1024f64.powi(4),
        _ => return None,
    };
    let v = n * mult;
    (v.is_finite() && v >= 0.0 && v < u64::MAX as f64).then_some(v as u64)
}

/// dive's CI rules on an analysis, in dive's order and words.
pub fn evaluate(a: &Analysis, r: &Thresholds) -> Vec<RuleResult> {
    let mut out = Vec::new();
    let skip = |name: &'static str| RuleResult {
        name,
        status: "skip",
        threshold: "disabled".into(),
        message: "disabled".into(),
    };
    out.push(match &r.lowest_efficiency {
        None => skip("lowestEfficiency"),
        Some((t, x)) if *x > a.efficiency => RuleResult {
            name: "lowestEfficiency",
            status: "fail",
            threshold: t.clone(),
            message: format!(
                "image efficiency is too low (efficiency={:.2} < threshold={t})",
                a.efficiency
            ),
        },
        Some((t, _)) => RuleResult {
            name: "lowestEfficiency",
            status: "pass",
            threshold: t.clone(),
            message: String::new(),
        },
    });
    out.push(match &r.highest_wasted_bytes {
        None => skip("highestWastedBytes"),
        Some((t, x)) if a.wasted_bytes > *x => RuleResult {
            name: "highestWastedBytes",
            status: "fail",
            threshold: t.clone(),
            message: format!(
                "too many bytes wasted (wasted-bytes={} > threshold={x})",
                a.wasted_bytes
            ),
        },
        Some((t, _)) => RuleResult {
            name: "highestWastedBytes",
            status: "pass",
            threshold: t.clone(),
            message: String::new(),
        },
    });
    out.push(match &r.highest_user_wasted_percent {
        None => skip("highestUserWastedPercent"),
        Some((t, x)) if a.user_wasted_percent > *x => RuleResult { name: "highestUserWastedPercent", status: "fail", threshold: t.clone(), message: format!("too many bytes wasted, relative to the user bytes added (%-user-wasted-bytes={:.2} > threshold={t})", a.user_wasted_percent) },
        Some((t, _)) => RuleResult { name: "highestUserWastedPercent", status: "pass", threshold: t.clone(), message: String::new() },
    });
    out
}

/// Whether every rule passed (skipped ones count as passed).
pub fn passed(rules: &[RuleResult]) -> bool {
    rules.iter().all(|r| r.status != "fail")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thresholds_parse_like_dive() {
        let t = Thresholds::new(None, None, None).expect("defaults");
        assert_eq!(t.lowest_efficiency.as_ref().map(|x| x.1), Some(0.9));
        assert!(t.highest_wasted_bytes.is_none());
        assert_eq!(
            t.highest_user_wasted_percent.as_ref().map(|x| x.1),
            Some(0.1)
        );
        let t = Thresholds::new(Some("disabled"), Some("20MB"), Some("0.5")).expect("given");
        assert!(t.lowest_efficiency.is_none());
        assert_eq!(
            t.highest_wasted_bytes.as_ref().map(|x| x.1),
            Some(20_000_000)
        );
        assert!(Thresholds::new(Some("1.5"), None, None).is_err());
        assert!(Thresholds::new(None, Some("lots"), None).is_err());
        assert_eq!(parse_bytes("512KiB"), Some(512 * 1024));
    }
}
