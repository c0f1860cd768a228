//! Sizes as dive and `docker images` print them (go-humanize's `Bytes`: powers of 1000), and
//! exact counts with thousands separators — one formatter for the CLI and the app.

/// `32 kB`, `1.2 MB`, `0 B`.
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn like_dive() {
        assert_eq!(bytes(32_025), "32 kB");
        assert_eq!(bytes(1_220_598), "1.2 MB");
        assert_eq!(bytes(12_810), "13 kB");
        assert_eq!(bytes(1_154_361), "1.2 MB");
        assert_eq!(bytes(0), "0 B");
        assert_eq!(bytes(9), "9 B");
        assert_eq!(grouped(32_025), "32,025");
        assert_eq!(grouped(1_220_598), "1,220,598");
        assert_eq!(grouped(999), "999");
    }
}
