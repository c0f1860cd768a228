//! The report the app hands the page's scripts after every analysis (`crate::bridge`): what an
//! embedding page receives by `postMessage` (static/widget.js, README "Embedding"). JSON, written
//! here by hand: serde_json would cost the first load far more than these few lines.

use crate::state::Analysis;
use std::fmt::Write;

/// The report handed to the page after every analysis, as JSON. Its field names are those of the
/// CLI's JSON (docs/cli.md), a subset: what a host page needs to show a summary.
pub fn report(a: &Analysis) -> String {
    let e = &a.estimate;
    let mut j = format!(
        "{{\"type\":\"layerlens:report\",\"schema\":1,\"instructions\":{},\"stages\":{},\"layers\":{},\"final_image_bytes\":{},\"final_low\":{},\"final_high\":{},\"final_wasted_bytes\":{},\"final_image\":",
        a.df.instructions.len(),
        a.explanation.stages.len(),
        a.layers,
        e.final_image_bytes,
        e.final_low,
        e.final_high,
        e.final_wasted_bytes,
    );
    string(
        &mut j,
        &layerlens_core::estimate::human(e.final_image_bytes),
    );
    j.push_str(",\"errors\":[");
    for (i, d) in a.df.errors.iter().enumerate() {
        let _ = write!(
            j,
            "{}{{\"line\":{},\"column\":{},\"message\":",
            comma(i),
            d.span.line,
            d.span.column
        );
        string(&mut j, &d.message);
        j.push('}');
    }
    j.push_str("],\"layer_sizes\":[");
    for (i, l) in e.layers.iter().enumerate() {
        let _ = write!(j, "{}{{\"line\":{},\"keyword\":", comma(i), l.line);
        string(&mut j, &l.keyword);
        let _ = write!(
            j,
            ",\"bytes\":{},\"low\":{},\"high\":{},\"final\":{},\"basis\":",
            l.bytes, l.low, l.high, l.is_final
        );
        string(&mut j, &l.basis);
        j.push('}');
    }
    j.push_str("],\"findings\":[");
    for (i, f) in a.findings.iter().enumerate() {
        let _ = write!(
            j,
            "{}{{\"code\":\"{}\",\"severity\":\"{}\",\"line\":{},\"column\":{},\"message\":",
            comma(i),
            f.code,
            f.severity.as_str(),
            f.line,
            f.column
        );
        string(&mut j, &f.message);
        if let Some(h) = f.hadolint {
            let _ = write!(j, ",\"hadolint\":\"{h}\"");
        }
        if let Some(b) = f.saving_bytes {
            let _ = write!(j, ",\"saving_bytes\":{b}");
        }
        j.push('}');
    }
    j.push_str("]}");
    j
}

fn comma(i: usize) -> &'static str {
    if i == 0 {
        ""
    } else {
        ","
    }
}

/// A JSON string literal (RFC 8259 §7).
fn string(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_report_is_json_with_the_clis_names() {
        let a = Analysis::of(
            "FROM python:3.11\nRUN pip install \"flask\"\nBOGUS\tx\n",
            None,
            None,
        );
        let r = report(&a);
        assert!(r.starts_with("{\"type\":\"layerlens:report\",\"schema\":1,\"instructions\":3,\"stages\":1,\"layers\":1,"), "{r}");
        assert!(
            r.contains("\"final_image_bytes\":")
                && r.contains("\"layer_sizes\":[{\"line\":1,\"keyword\":\"FROM\""),
            "{r}"
        );
        assert!(r.contains("\"code\":\"LL203\""), "{r}");
        assert!(
            r.contains("\"errors\":[{\"line\":3,\"column\":1,\"message\":\""),
            "{r}"
        );
        // Balanced and escaped: every quote inside a string is escaped, control characters too.
        let mut s = String::new();
        string(&mut s, "a\"b\\c\nd\te");
        assert_eq!(s, r#""a\"b\\c\nd\u0009e""#);
        let (mut depth, mut in_str, mut esc) = (0i32, false, false);
        for c in r.chars() {
            match (in_str, esc, c) {
                (true, true, _) => esc = false,
                (true, false, '\\') => esc = true,
                (true, false, '"') | (false, _, '"') => in_str = !in_str,
                (false, _, '{' | '[') => depth += 1,
                (false, _, '}' | ']') => depth -= 1,
                _ => {}
            }
            assert!(depth >= 0);
        }
        assert_eq!((depth, in_str), (0, false));
    }
}
