//! Plain-text renderings for people at a terminal. JSON output is the contract; these are not.

use layerlens_core::explain::{Effect, Explanation, Step};
use layerlens_core::report::keyword_upper;
use layerlens_core::syntax::Dockerfile;
use std::fmt::Write;

fn lines(a: usize, b: usize) -> String {
    if a == b {
        format!("{a}")
    } else {
        format!("{a}-{b}")
    }
}

fn clip(s: &str, max: usize) -> String {
    let one_line = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.chars().count() <= max {
        one_line
    } else {
        let cut: String = one_line.chars().take(max.saturating_sub(1)).collect();
        format!("{cut}…")
    }
}

pub fn parse_text(df: &Dockerfile) -> String {
    let mut s = String::new();
    for d in &df.directives {
        let _ = writeln!(s, "{:>7}  # {}={}", d.span.line, d.name, d.value);
    }
    for ins in &df.instructions {
        let _ = writeln!(
            s,
            "{:>7}  {:<11} {}",
            lines(ins.start_line, ins.end_line),
            keyword_upper(ins),
            clip(&ins.text, 100)
        );
        for f in &ins.flags {
            let v = f
                .value
                .as_deref()
                .map(|v| format!("={v}"))
                .unwrap_or_default();
            let _ = writeln!(s, "{:>7}  {:<11}   flag --{}{v}", "", "", f.name);
        }
        for h in &ins.heredocs {
            let n = h.content.lines().count();
            let _ = writeln!(
                s,
                "{:>7}  {:<11}   heredoc <<{} ({n} line{})",
                "",
                "",
                h.name,
                if n == 1 { "" } else { "s" }
            );
        }
    }
    let _ = writeln!(
        s,
        "{} instruction{}, {} error{}, {} warning{}",
        df.instructions.len(),
        plural(df.instructions.len()),
        df.errors.len(),
        plural(df.errors.len()),
        df.warnings.len(),
        plural(df.warnings.len())
    );
    s
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// The core's word, upper case for the instructions that add a layer (they are what the
/// reader scans for).
fn effect_label(e: &Effect) -> String {
    match e {
        Effect::Layer => e.label().to_ascii_uppercase(),
        _ => e.label().to_string(),
    }
}

fn step(s: &mut String, df: &Dockerfile, st: &Step) {
    let text = df
        .instructions
        .get(st.instruction)
        .map(|i| clip(&i.text, 60))
        .unwrap_or_default();
    let _ = writeln!(
        s,
        "  {:>7}  {:<11} {:<62} [{}]",
        lines(st.line, st.end_line),
        st.keyword,
        text,
        effect_label(&st.effect)
    );
    let _ = writeln!(s, "           {}", st.summary);
    for n in &st.notes {
        let _ = writeln!(s, "           · {}: {}", n.label, n.text);
    }
}

pub fn explain_text(df: &Dockerfile, ex: &Explanation) -> String {
    let mut s = String::new();
    if !ex.preamble.is_empty() {
        let _ = writeln!(s, "Before the first stage");
        for st in &ex.preamble {
            step(&mut s, df, st);
        }
        s.push('\n');
    }
    for stage in &ex.stages {
        let mark = if stage.is_final {
            "  ← becomes the image"
        } else {
            ""
        };
        let _ = writeln!(
            s,
            "{} (lines {}){mark}",
            stage.title,
            lines(stage.line, stage.end_line)
        );
        let _ = writeln!(s, "  {}", stage.summary);
        for st in &stage.steps {
            step(&mut s, df, st);
        }
        s.push('\n');
    }
    s
}

pub fn estimate_text(e: &layerlens_core::estimate::Estimate) -> String {
    use layerlens_core::estimate::{human, LayerKind};
    let mut s = String::new();
    let mut stage = usize::MAX;
    for l in &e.layers {
        if l.stage_index != stage {
            stage = l.stage_index;
            let t = e.stages.iter().find(|t| t.index == stage);
            let name = t
                .and_then(|t| t.name.clone())
                .map(|n| format!(" · {n}"))
                .unwrap_or_default();
            let fin = if l.is_final {
                "  ← the image"
            } else {
                "  (build stage: not shipped)"
            };
            let total = t
                .map(|t| format!("{} ({}–{})", human(t.bytes), human(t.low), human(t.high)))
                .unwrap_or_default();
            let _ = writeln!(s, "\nStage {}{name}: {total}{fin}", stage + 1);
        }
        if l.kind == LayerKind::Metadata {
            continue;
        }
        let _ = writeln!(
            s,
            "  {:>7}  {:<6} {:>9}  ({} – {})",
            lines(l.line, l.end_line),
            l.keyword,
            human(l.bytes),
            human(l.low),
            human(l.high)
        );
        let _ = writeln!(s, "           {}", l.basis);
        for lesson in &l.lessons {
            let w = if lesson.wasted_bytes > 0 {
                format!(" [{}]", human(lesson.wasted_bytes))
            } else {
                String::new()
            };
            let _ = writeln!(s, "           ! {}{w}", lesson.text);
        }
    }
    let _ = writeln!(
        s,
        "\nFinal image: {} (range {} – {})",
        human(e.final_image_bytes),
        human(e.final_low),
        human(e.final_high)
    );
    if e.final_wasted_bytes > 0 {
        let _ = writeln!(
            s,
            "Avoidable in the final image: ≈ {}",
            human(e.final_wasted_bytes)
        );
    }
    for m in &e.missing {
        let hint = if m == layerlens_core::estimate::NO_FOLDER {
            " (pass --context DIR)"
        } else {
            ""
        };
        let _ = writeln!(s, "Note: {m}{hint}");
    }
    s
}

pub fn lint_text(name: &str, findings: &[layerlens_core::lint::Finding]) -> String {
    let mut s = String::new();
    for f in findings {
        let peer = f.hadolint.map(|h| format!(" [{h}]")).unwrap_or_default();
        let saves = f
            .saving_bytes
            .map(|b| format!(" (saves ≈ {})", layerlens_core::estimate::human(b)))
            .unwrap_or_default();
        let _ = writeln!(
            s,
            "{name}:{}:{} {} {}: {}{peer}{saves}",
            f.line,
            f.column,
            f.code,
            f.severity.as_str(),
            f.message
        );
    }
    if findings.is_empty() {
        let _ = writeln!(s, "{name}: no findings");
    }
    s
}

pub fn rule_text(code: &str) -> Option<String> {
    use layerlens_core::lint::{all_rules, rule};
    if code == "all" {
        let mut s = String::new();
        for r in all_rules() {
            let d = &r.doc;
            let _ = writeln!(
                s,
                "{} {:<26} {:<8} {:<7} {}",
                d.code,
                d.name,
                d.hadolint.unwrap_or("-"),
                d.severity.as_str(),
                d.summary
            );
        }
        return Some(s);
    }
    let d = &rule(code)?.doc;
    let mut s = String::new();
    let _ = writeln!(s, "{} {} ({})", d.code, d.name, d.severity.as_str());
    if let Some(h) = d.hadolint {
        let _ = writeln!(s, "hadolint: {h}");
    }
    if let Some(b) = d.buildkit {
        let _ = writeln!(s, "BuildKit check: {b}");
    }
    let _ = writeln!(
        s,
        "\n{}\n\n## Why it matters\n{}\n\n## Example\n{}\n## Use instead\n{}\n## Fix safety\n{}",
        d.summary, d.why, d.example, d.use_instead, d.fix_safety
    );
    Some(s)
}

/// `layerlens step all`: one line a kind.
pub fn steps_text() -> String {
    use layerlens_core::optimize::steps::ALL;
    let mut s = String::new();
    for d in ALL {
        let _ = writeln!(
            s,
            "{:<18} {:<8} {:<11} {}",
            d.kind,
            applies(d),
            safety(d),
            d.title
        );
    }
    s
}

fn applies(d: &layerlens_core::optimize::steps::StepDoc) -> &'static str {
    match d.applies {
        layerlens_core::optimize::steps::Applies::Default => "default",
        layerlens_core::optimize::steps::Applies::OptIn => "opt-in",
    }
}

fn safety(d: &layerlens_core::optimize::steps::StepDoc) -> &'static str {
    match d.safety {
        layerlens_core::optimize::Safety::Safe => "safe",
        layerlens_core::optimize::Safety::NeedsCheck => "needs check",
    }
}

/// `layerlens step KIND`: the kind's documentation.
pub fn step_text(d: &layerlens_core::optimize::steps::StepDoc) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{} ({}, {})\n\n{}\n\n## Why\n{}",
        d.kind,
        applies(d),
        safety(d),
        d.title,
        d.why
    );
    if let Some(c) = d.check {
        let _ = writeln!(s, "\n## Check before shipping\n{c}");
    }
    if d.applies == layerlens_core::optimize::steps::Applies::OptIn {
        let _ = writeln!(
            s,
            "\nOff unless asked for: `layerlens optimize --enable {}`.",
            d.kind
        );
    }
    let _ = writeln!(
        s,
        "\n## Example\n{}\n## Rewritten\n{}",
        d.example, d.use_instead
    );
    s
}

/// A file name as SARIF's `artifactLocation.uri`, which must be a URI reference (§3.10.2): an
/// absolute path becomes a `file://` URI, a relative one a relative reference, and every byte
/// outside the unreserved characters (space, `#`, `%`, `<`…) is percent-encoded, so standard
/// input (`<stdin>`) is `%3Cstdin%3E`.
pub fn sarif_uri(name: &str) -> String {
    let path = if cfg!(windows) {
        name.replace('\\', "/")
    } else {
        name.to_string()
    };
    let absolute = std::path::Path::new(name).is_absolute();
    let mut s = String::with_capacity(path.len() + 8);
    if absolute {
        s.push_str("file://");
        if !path.starts_with('/') {
            s.push('/'); // C:/x -> file:///C:/x
        }
    }
    for b in path.bytes() {
        // A `:` may not stand in a relative reference's first segment (it would read as a scheme).
        if b.is_ascii_alphanumeric()
            || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/')
            || (absolute && b == b':')
        {
            s.push(b as char);
        } else {
            let _ = write!(s, "%{b:02X}");
        }
    }
    s
}

/// SARIF 2.1.0: one run, the rules that fired in `tool.driver.rules`, one result per finding.
pub fn sarif(name: &str, findings: &[layerlens_core::lint::Finding]) -> serde_json::Value {
    use layerlens_core::lint::{rule, Severity};
    let mut codes: Vec<&str> = findings.iter().map(|f| f.code).collect();
    codes.sort_unstable();
    codes.dedup();
    let rules: Vec<serde_json::Value> = codes
        .iter()
        .filter_map(|c| rule(c))
        .map(|r| {
            let d = &r.doc;
            serde_json::json!({
                "id": d.code,
                "name": d.name,
                "shortDescription": { "text": d.summary },
                "fullDescription": { "text": d.why },
                "help": { "text": format!("{}\n\nExample:\n{}\nUse instead:\n{}", d.summary, d.example, d.use_instead) },
                "properties": { "hadolint": d.hadolint, "buildkit": d.buildkit },
            })
        })
        .collect();
    let uri = sarif_uri(name);
    let results: Vec<serde_json::Value> = findings
        .iter()
        .map(|f| {
            let level = match f.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info | Severity::Style => "note",
            };
            serde_json::json!({
                "ruleId": f.code,
                "ruleIndex": codes.iter().position(|c| *c == f.code).unwrap_or(0),
                "level": level,
                "message": { "text": f.message },
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": { "uri": uri },
                        "region": { "startLine": f.line, "startColumn": f.column, "endLine": f.end_line, "endColumn": f.end_column.max(1) },
                    }
                }],
            })
        })
        .collect();
    serde_json::json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": { "name": "layerlens", "version": env!("CARGO_PKG_VERSION"), "informationUri": "https://example.invalid/layerlens", "rules": rules } },
            "results": results,
        }],
    })
}

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&apos;")
}

/// Checkstyle XML, as hadolint writes it.
pub fn checkstyle(name: &str, findings: &[layerlens_core::lint::Finding]) -> String {
    let mut s =
        String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<checkstyle version=\"4.3\">\n");
    let _ = writeln!(s, "  <file name=\"{}\">", xml_escape(name));
    for f in findings {
        let _ = writeln!(
            s,
            "    <error line=\"{}\" column=\"{}\" severity=\"{}\" message=\"{}\" source=\"{}\"/>",
            f.line,
            f.column,
            f.severity.as_str(),
            xml_escape(&f.message),
            f.code
        );
    }
    s.push_str("  </file>\n</checkstyle>\n");
    s
}

/// A step's saving in words: what the final image loses (or, for a negative figure, gains).
pub fn saving(bytes: i64) -> String {
    use layerlens_core::estimate::human;
    match bytes {
        b if b > 0 => format!("saves {}", human(b as u64)),
        0 => "saves nothing measurable".to_string(),
        b => format!("adds {}", human(b.unsigned_abs())),
    }
}

/// `layerlens optimize`'s summary (stderr): the totals, one line a step with its saving and
/// safety, then what was left alone and why.
pub fn optimize_summary(name: &str, o: &layerlens_core::optimize::Optimized) -> String {
    use layerlens_core::estimate::human;
    use layerlens_core::optimize::Safety;
    let mut s = String::new();
    let on = o
        .steps
        .iter()
        .filter(|st| st.enabled && st.superseded_by.is_none())
        .count();
    if o.steps.is_empty() {
        let _ = writeln!(
            s,
            "{name}: no changes; final image estimated {}",
            human(o.before_bytes)
        );
    } else {
        let _ = writeln!(
            s,
            "{name}: {on} of {} step{} taken; final image estimated {} → {} ({})",
            o.steps.len(),
            plural(o.steps.len()),
            human(o.before_bytes),
            human(o.after_bytes),
            saving(o.before_bytes as i64 - o.after_bytes as i64),
        );
    }
    for st in &o.steps {
        let mark = if st.enabled { "+" } else { "-" };
        let safety = match st.safety {
            Safety::Safe => "safe".to_string(),
            Safety::NeedsCheck => format!(
                "needs a check: {}",
                st.check.as_deref().unwrap_or("see the explanation")
            ),
        };
        let off = match (&st.superseded_by, st.enabled) {
            (Some(by), _) => format!(" (replaced by {by})"),
            (None, false) => " (off)".to_string(),
            (None, true) => String::new(),
        };
        let mark = if st.superseded_by.is_some() {
            "~"
        } else {
            mark
        };
        let _ = writeln!(
            s,
            "  {mark} {}{off}: {} [{}] ({safety})",
            st.title,
            if st.unpriced {
                "not priced on its own (big file)".to_string()
            } else {
                saving(st.saved_bytes)
            },
            st.id
        );
    }
    for n in &o.notes {
        let _ = writeln!(s, "  line {}: {}", n.line, n.message);
    }
    s
}
