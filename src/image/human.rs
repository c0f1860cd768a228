//! Numbers as the image view writes them: sizes and counts as the CLI writes them (the core's
//! `image::units`, like dive), percentages, speeds and durations.

pub use layerlens_core::image::units::{bytes, grouped};

/// A ratio as a percentage with two decimals: `98.44 %`.
pub fn percent(ratio: f64) -> String {
    format!("{:.2} %", ratio * 100.0)
}

/// Bytes per millisecond as `MB/s`.
pub fn speed(bytes: u64, ms: f64) -> String {
    if ms <= 0.0 {
        return "—".into();
    }
    format!("{:.0} MB/s", bytes as f64 / 1e6 / (ms / 1000.0))
}

/// `1.7 s`, `420 ms`.
pub fn duration(ms: f64) -> String {
    if ms >= 1000.0 {
        format!("{:.1} s", ms / 1000.0)
    } else {
        format!("{ms:.0} ms")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percents_speeds_durations() {
        assert_eq!(percent(0.9844212134184309), "98.44 %");
        assert_eq!(speed(500_000_000, 1000.0), "500 MB/s");
        assert_eq!(duration(1700.0), "1.7 s");
    }
}
