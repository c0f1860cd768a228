//! The CI gate: `--fail-on-increase N` — bytes (`20MB`, `512KiB`, `1000`, as dive's thresholds
//! read them) or a share of the first (`5%`). The run fails when the second is larger than the
//! first by more than that.

use std::fmt;

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Increase {
    Bytes(u64),
    /// A percentage of the first size.
    Percent(f64),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IncreaseError(pub String);

impl fmt::Display for IncreaseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Increase {
    pub fn parse(s: &str) -> Result<Increase, IncreaseError> {
        let t = s.trim();
        if let Some(p) = t.strip_suffix('%') {
            return match p.trim().parse::<f64>() {
                Ok(v) if v.is_finite() && v >= 0.0 => Ok(Increase::Percent(v)),
                _ => Err(IncreaseError(format!(
                    "--fail-on-increase {s:?}: a percentage is a number ≥ 0 followed by % (5%)"
                ))),
            };
        }
        crate::image::ci::parse_bytes(t)
            .map(Increase::Bytes)
            .ok_or_else(|| {
                IncreaseError(format!(
                    "--fail-on-increase {s:?}: give bytes (1000, 20MB, 512KiB) or a percentage (5%)"
                ))
            })
    }

    /// Whether going from `before` to `after` grows by more than the allowance.
    pub fn exceeded(&self, before: u64, after: u64) -> bool {
        let grew = after.saturating_sub(before);
        match *self {
            Increase::Bytes(n) => grew > n,
            Increase::Percent(p) => grew as f64 > before as f64 * p / 100.0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bytes_and_percentages() {
        assert_eq!(Increase::parse("20MB"), Ok(Increase::Bytes(20_000_000)));
        assert_eq!(Increase::parse("0"), Ok(Increase::Bytes(0)));
        assert_eq!(Increase::parse("5%"), Ok(Increase::Percent(5.0)));
        assert!(Increase::parse("lots").is_err());
        assert!(Increase::parse("-3%").is_err());
        let b = Increase::Bytes(100);
        assert!(!b.exceeded(1000, 1100) && b.exceeded(1000, 1101) && !b.exceeded(1000, 10));
        let p = Increase::Percent(10.0);
        assert!(!p.exceeded(1000, 1100) && p.exceeded(1000, 1101));
        assert!(Increase::Bytes(0).exceeded(0, 1));
    }
}
