//! Numbers as the image view writes them: sizes in SI units like dive (go-humanize's `Bytes`),
//! exact byte counts with thousands separators, percentages.

/// `32 kB`, `1.2 MB`, `0 B` (powers of 1000, as dive and `docker images` print).
pub fn bytes(n: u64) -> String {
    if n < 10 {
        return format!("{n} B");
    }
    const UNITS: [&str; 7] = ["B", "kB", "MB", "GB", "TB", "PB", "EB"];
    let e = (((n as f64).ln() / 1000f64.ln()).floor() as usize).min(UNITS.len() - 1);
    let v = n as f64 / 1000f64.powi(e as i32);
    if v < 10.0 {
        format!("{v:.1} {}", UNITS[e])
    } else {
        format!("{v:.0} {}", UNITS[e])
    }
}

/// `32,025`.
pub fn grouped(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::with_capacity(s.len() + s.len() / 3);
    for (i, c) in s.chars().enumerate() {
        #[allow(clippy::manual_is_multiple_of)] // is_multiple_of is newer than rust-version
        if i > 0 && (s.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

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
    fn like_dive() {
        assert_eq!(bytes(32_025), "32 kB");
        assert_eq!(bytes(1_220_598), "1.2 MB");
        assert_eq!(bytes(0), "0 B");
        assert_eq!(grouped(32_025), "32,025");
        assert_eq!(grouped(1_220_598), "1,220,598");
        assert_eq!(grouped(999), "999");
        assert_eq!(percent(0.9844212134184309), "98.44 %");
        assert_eq!(speed(500_000_000, 1000.0), "500 MB/s");
        assert_eq!(duration(1700.0), "1.7 s");
    }
}
