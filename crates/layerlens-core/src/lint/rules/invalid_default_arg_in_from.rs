use super::util::span;
use crate::lint::{Cx, Finding, Rule, RuleDoc, Severity};
use crate::syntax::{Args, Keyword};
use std::collections::HashMap;

pub const RULE: Rule = Rule {
    doc: RuleDoc {
        code: "LL344",
        name: "invalid-default-arg-in-from",
        hadolint: None,
        buildkit: Some("InvalidDefaultArgInFrom"),
        severity: Severity::Warning,
        summary: "With the ARGs' defaults, this FROM names no valid image.",
        why: "A build without `--build-arg` uses the defaults of the ARGs before the first FROM; an ARG without a default is empty. If that leaves `FROM` with an empty or malformed name (`python:` or `python:-slim`), the build fails for anyone who does not know which argument to pass. Give the ARG a working default.",
        example: "ARG PYTHON_VERSION\nFROM python:${PYTHON_VERSION}-slim\n",
        use_instead: "ARG PYTHON_VERSION=3.12\nFROM python:${PYTHON_VERSION}-slim\n",
        fix_safety: "Safe: a default changes nothing for builds that pass the argument.",
        example_context: &[],
    },
    check,
};

fn check(cx: &Cx, out: &mut Vec<Finding>) {
    // The platform arguments the builder sets, for a build on and for linux/amd64.
    let mut defaults: HashMap<String, String> = [
        ("TARGETPLATFORM", "linux/amd64"),
        ("TARGETOS", "linux"),
        ("TARGETARCH", "amd64"),
        ("BUILDPLATFORM", "linux/amd64"),
        ("BUILDOS", "linux"),
        ("BUILDARCH", "amd64"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    for &i in &cx.stages.global_args {
        if let Some(Args::KeyValues(kvs)) = cx.df.instructions.get(i).map(|ins| &ins.args) {
            for kv in kvs {
                let v = kv
                    .value
                    .as_deref()
                    .map(|v| expand(v, &defaults))
                    .unwrap_or_default();
                defaults.insert(kv.key.clone(), v);
            }
        }
    }
    for (_, ins) in cx.instructions() {
        if ins.keyword != Keyword::From {
            continue;
        }
        let Args::From { image: Some(w), .. } = &ins.args else {
            continue;
        };
        let name = expand(&w.value, &defaults);
        if !valid_reference(&name) {
            out.push(cx.finding(
                &RULE.doc,
                span(ins),
                format!(
                    "with the ARG defaults `{}` becomes {}, which is not an image name",
                    w.value,
                    if name.is_empty() {
                        "empty".to_string()
                    } else {
                        format!("`{name}`")
                    }
                ),
            ));
        }
    }
}

/// `$NAME`, `${NAME}`, `${NAME:-word}`, `${NAME:+word}` with unset names empty, as a build
/// without `--build-arg` sees them.
pub fn expand(s: &str, vars: &HashMap<String, String>) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(pos) = rest.find('$') {
        out.push_str(&rest[..pos]);
        let after = &rest[pos + 1..];
        let name_len = |t: &str| {
            t.char_indices()
                .find(|&(i, c)| {
                    !(c == '_' || c.is_ascii_alphabetic() || (i > 0 && c.is_ascii_digit()))
                })
                .map_or(t.len(), |(i, _)| i)
        };
        if let Some(body) = after.strip_prefix('{') {
            let Some(end) = body.find('}') else {
                out.push_str(&rest[pos..]);
                return out;
            };
            let inner = &body[..end];
            let n = name_len(inner);
            let value = vars.get(&inner[..n]).cloned().unwrap_or_default();
            let op = &inner[n..];
            let op_body = op.trim_start_matches(':');
            let colon = op.starts_with(':');
            let set = vars.contains_key(&inner[..n]) && (!colon || !value.is_empty());
            out.push_str(&if let Some(word) = op_body.strip_prefix('-') {
                if set {
                    value
                } else {
                    expand(word, vars)
                }
            } else if let Some(word) = op_body.strip_prefix('+') {
                if set {
                    expand(word, vars)
                } else {
                    String::new()
                }
            } else {
                value
            });
            rest = &body[end + 1..];
        } else {
            let n = name_len(after);
            if n == 0 {
                out.push('$');
            } else {
                out.push_str(vars.get(&after[..n]).map_or("", String::as_str));
            }
            rest = &after[n..];
        }
    }
    out.push_str(rest);
    out
}

/// An image reference as `docker pull` accepts it: `[host[:port]/]path[:tag][@algo:hex]`,
/// path components lower-case.
pub fn valid_reference(r: &str) -> bool {
    let (rest, digest) = match r.split_once('@') {
        Some((a, d)) => (a, Some(d)),
        None => (r, None),
    };
    if let Some(d) = digest {
        let Some((algo, hex)) = d.split_once(':') else {
            return false;
        };
        if algo.is_empty() || hex.len() < 32 || !hex.chars().all(|c| c.is_ascii_hexdigit()) {
            return false;
        }
    }
    let last_slash = rest.rfind('/');
    let (name, tag) = match rest.rfind(':') {
        Some(c) if last_slash.is_none_or(|s| c > s) => (&rest[..c], Some(&rest[c + 1..])),
        _ => (rest, None),
    };
    if let Some(t) = tag {
        let mut cs = t.chars();
        let first_ok = cs
            .next()
            .is_some_and(|c| c.is_ascii_alphanumeric() || c == '_');
        if !first_ok
            || t.len() > 128
            || !t
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'))
        {
            return false;
        }
    }
    if name.is_empty() {
        return false;
    }
    let mut parts: Vec<&str> = name.split('/').collect();
    if parts.len() > 1 && (parts[0].contains(['.', ':']) || parts[0] == "localhost") {
        let host = parts.remove(0);
        if host.is_empty()
            || !host
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']'))
        {
            return false;
        }
    }
    parts.iter().all(|p| {
        let b = p.as_bytes();
        !b.is_empty()
            && b[0].is_ascii_lowercase() | b[0].is_ascii_digit()
            && b[b.len() - 1].is_ascii_lowercase() | b[b.len() - 1].is_ascii_digit()
            && b.iter().all(|&c| {
                c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, b'.' | b'_' | b'-')
            })
    })
}

#[cfg(test)]
mod tests {
    use super::valid_reference as ok;
    #[test]
    fn references() {
        for r in [
            "python:3.12-slim",
            "localhost:5000/app:1",
            "ghcr.io/a/b",
            "scratch",
            "build",
            "alpine@sha256:6d9ac9237a84afe1516540f40a0fafdc86859b2141954b4d643af7066d598b74",
            "a__b",
        ] {
            assert!(ok(r), "{r}");
        }
        for r in [
            "",
            "python:",
            "python:-slim",
            "busybox:",
            "Ubuntu",
            "a//b",
            "-a",
        ] {
            assert!(!ok(r), "{r}");
        }
    }
}
