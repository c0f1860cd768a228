//! "Turn into a Dockerfile": the config's history rebuilt as Dockerfile text.
//!
//! History entries are written three ways: the classic builder's `/bin/sh -c #(nop) ENV …`
//! (metadata) and `/bin/sh -c apt-get …` (RUN), with `|N k=v …` before RUNs that saw build
//! args; BuildKit's `RUN /bin/sh -c … # buildkit`, `ENV …`, `EXPOSE map[80/tcp:{}]`.

use super::analysis::Analysis;
use crate::estimate::SIZE_PRAGMA;

/// One history entry as a Dockerfile instruction (empty when there is nothing to say).
pub fn instruction(created_by: &str) -> String {
    let (args, body) = split_args(created_by);
    let mut s = body.trim().to_string();
    if let Some(rest) = s.strip_suffix("# buildkit") {
        s = rest.trim_end().to_string();
    }
    if let Some(rest) = s.strip_prefix("/bin/sh -c #(nop)") {
        s = rest.trim().to_string();
    } else if let Some(rest) = s.strip_prefix("/bin/sh -c ") {
        s = format!("RUN {}", rest.trim());
    } else if let Some(rest) = s.strip_prefix("RUN /bin/sh -c ") {
        s = format!("RUN {}", rest.trim());
    } else if let Some(rest) = s.strip_prefix("RUN ") {
        let (a2, b2) = split_args(rest);
        if !a2.is_empty() {
            let b2 = b2.trim();
            s = format!("RUN {}", b2.strip_prefix("/bin/sh -c ").unwrap_or(b2));
            return with_args(&a2, s);
        }
    }
    if let Some(ports) = s
        .strip_prefix("EXPOSE map[")
        .and_then(|r| r.strip_suffix(']'))
    {
        let list: Vec<&str> = ports
            .split_whitespace()
            .map(|p| p.trim_end_matches(":{}"))
            .collect();
        s = format!("EXPOSE {}", list.join(" "));
    }
    // The classic builder wrote `COPY file:<hash> in /dest`.
    for kw in ["COPY ", "ADD "] {
        if let Some(rest) = s.strip_prefix(kw) {
            if let Some((src, dest)) = rest.split_once(" in ") {
                s = format!("{kw}{} {}", src.trim(), dest.trim());
            }
        }
    }
    with_args(&args, s)
}

fn with_args(args: &[String], s: String) -> String {
    if args.is_empty() {
        return s;
    }
    let mut out: Vec<String> = args.iter().map(|a| format!("ARG {a}")).collect();
    out.push(s);
    out.join("\n")
}

/// `|2 A=1 B=2 rest` → (["A=1", "B=2"], "rest").
fn split_args(s: &str) -> (Vec<String>, &str) {
    let Some(rest) = s.trim_start().strip_prefix('|') else {
        return (Vec::new(), s);
    };
    let Some((n, mut rest)) = rest.split_once(' ') else {
        return (Vec::new(), s);
    };
    let Ok(n) = n.parse::<usize>() else {
        return (Vec::new(), s);
    };
    let mut args = Vec::new();
    for _ in 0..n.min(64) {
        let r = rest.trim_start();
        let (a, tail) = r.split_once(' ').unwrap_or((r, ""));
        if !a.contains('=') {
            break;
        }
        args.push(a.to_string());
        rest = tail;
    }
    (args, rest)
}

fn guess_base(a: &Analysis) -> Option<(String, String)> {
    for (k, v) in &a.image.config.labels {
        if k == "org.opencontainers.image.base.name" && !v.is_empty() {
            return Some((v.clone(), format!("from the label {k}")));
        }
    }
    let first = a.image.layers.first()?;
    let has = |p: &str| {
        a.image
            .paths
            .find(p)
            .is_some_and(|id| first.contents.entries.iter().any(|e| e.node == id))
    };
    let label = |k: &str| {
        a.image
            .config
            .labels
            .iter()
            .find(|(l, _)| l == k)
            .map(|(_, v)| v.clone())
    };
    let version = label("org.opencontainers.image.version");
    let guesses = [
        ("etc/alpine-release", "alpine"),
        ("etc/lsb-release", "ubuntu"),
        ("etc/debian_version", "debian"),
        ("etc/redhat-release", "redhat/ubi9"),
        ("etc/fedora-release", "fedora"),
        ("bin/busybox", "busybox"),
    ];
    for (file, name) in guesses {
        if has(file) {
            let tag = match (&version, name) {
                (Some(v), "ubuntu") => format!("{name}:{v}"),
                _ => name.to_string(),
            };
            return Some((
                tag,
                format!("guessed from /{file} in the first layer; pin the tag you used"),
            ));
        }
    }
    None
}

/// A history source that names content, not a path: the classic builder's `file:<hash>` and
/// `dir:<hash>`, or BuildKit's hidden context. Such a COPY/ADD cannot be rebuilt from a history.
fn hashed_source(line: &str) -> Option<&str> {
    let mut words = line.split_whitespace();
    let kw = words.next()?;
    if kw != "COPY" && kw != "ADD" {
        return None;
    }
    words.find(|w| w.starts_with("file:") || w.starts_with("dir:") || w.starts_with("multi:"))
}

/// The whole history as a Dockerfile that parses: every layer's measured size above it as
/// `# layerlens size=BYTES` (so the Analyze view shows what was measured, not a model), and the
/// lines a history cannot rebuild — files that came from a build context, known only by a hash —
/// said plainly, as a comment and a placeholder COPY.
pub fn dockerfile(a: &Analysis) -> String {
    let steps = &a.steps;
    let size_of = |layer: Option<usize>| layer.and_then(|l| a.layers.get(l)).map(|l| l.size_bytes);
    let mut out = String::from(
        "# Rebuilt by layerlens from the image's history: a starting point, not the original.\n\
         # Each `# layerlens size=` line is the size of that layer measured in the image.\n",
    );
    // The base image: an `ADD file:… in /` root filesystem, with its own LABEL/ENV/CMD after it.
    let base_end = match steps.first() {
        Some(s)
            if s.instruction.starts_with("ADD file:")
                || s.instruction.starts_with("ADD ") && s.instruction.ends_with(" /") =>
        {
            let mut end = 0;
            for (i, s) in steps.iter().enumerate().skip(1).take(4) {
                if !s.empty_layer {
                    break;
                }
                if s.instruction.starts_with("CMD") {
                    end = i;
                    break;
                }
            }
            Some(end)
        }
        _ => None,
    };
    let base_bytes: u64 = base_end
        .map(|e| steps[..=e].iter().filter_map(|s| size_of(s.layer)).sum())
        .unwrap_or(0);
    let base_size = format!("# {SIZE_PRAGMA}{base_bytes}\n");
    match (base_end, guess_base(a)) {
        (_, Some((name, why))) if base_end.is_some() || steps.is_empty() => {
            out.push_str(&format!("# ↑ base: {why}\n{base_size}FROM {name}\n"));
        }
        (Some(end), None) => {
            out.push_str("# The base image is not recognisable from its layers; its steps were:\n");
            for s in &steps[..=end] {
                out.push_str(&format!("#   {}\n", s.instruction.replace('\n', "\n#   ")));
            }
            out.push_str("# Put the base image's name here (its layers, measured, are the size below):\n");
            out.push_str(&base_size);
            out.push_str("FROM scratch\n");
        }
        _ => out.push_str("# No recognisable base image: the steps below start from an empty filesystem.\nFROM scratch\n"),
    }
    let start = base_end.map(|e| e + 1).unwrap_or(0);
    let mut seen_args: Vec<String> = Vec::new();
    let known = [
        "RUN",
        "COPY",
        "ADD",
        "ENV",
        "ARG",
        "LABEL",
        "WORKDIR",
        "USER",
        "CMD",
        "ENTRYPOINT",
        "EXPOSE",
        "VOLUME",
        "STOPSIGNAL",
        "HEALTHCHECK",
        "SHELL",
        "ONBUILD",
        "MAINTAINER",
    ];
    for s in steps.iter().skip(start) {
        let text = s.instruction.trim();
        if text.is_empty() {
            continue;
        }
        let lines: Vec<&str> = text.lines().collect();
        let last = lines.len() - 1;
        for (n, line) in lines.iter().enumerate() {
            if let Some(arg) = line.strip_prefix("ARG ") {
                if seen_args.iter().any(|x| x == arg) {
                    continue;
                }
                seen_args.push(arg.to_string());
            }
            let kw = line.split_whitespace().next().unwrap_or("");
            let usable = known.contains(&kw) && !line.contains("&{");
            // The measured size goes right above the instruction that made the layer.
            let size = (n == last && usable)
                .then(|| size_of(s.layer))
                .flatten()
                .map(|b| format!("# {SIZE_PRAGMA}{b}\n"))
                .unwrap_or_default();
            if let (true, Some(src)) = (usable, hashed_source(line)) {
                let dest = line.split_whitespace().last().unwrap_or("/");
                let short: String = src.chars().take(18).collect();
                out.push_str(&format!(
                    "# Cannot be rebuilt from the history: `{}` copied files known only by their hash ({short}…). Put yours in ./replace-me:\n{size}COPY ./replace-me {dest}\n",
                    line.split_whitespace().next().unwrap_or("COPY")
                ));
                continue;
            }
            if usable {
                out.push_str(&size);
                out.push_str(line);
            } else {
                out.push_str("# ");
                out.push_str(line);
                // A layer made by something else (bazel, a tool): its files, measured.
                if let (true, Some(b)) = (n == last, size_of(s.layer).filter(|&b| b > 0)) {
                    out.push_str(&format!("\n# Cannot be rebuilt from the history: the layer above was not made by a Dockerfile instruction. Put its files in ./replace-me:\n# {SIZE_PRAGMA}{b}\nCOPY ./replace-me /"));
                }
            }
            out.push('\n');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::instruction;

    #[test]
    fn classic_buildkit_and_args() {
        assert_eq!(
            instruction("/bin/sh -c #(nop)  CMD [\"/bin/sh\"]"),
            "CMD [\"/bin/sh\"]"
        );
        assert_eq!(
            instruction("/bin/sh -c #(nop) ADD file:abc in / "),
            "ADD file:abc /"
        );
        assert_eq!(
            instruction("/bin/sh -c apt-get update"),
            "RUN apt-get update"
        );
        assert_eq!(
            instruction("|2 A=1 B=2 /bin/sh -c make"),
            "ARG A=1\nARG B=2\nRUN make"
        );
        assert_eq!(
            instruction("RUN |1 V=3 /bin/sh -c make # buildkit"),
            "ARG V=3\nRUN make"
        );
        assert_eq!(
            instruction("RUN /bin/sh -c pip install x # buildkit"),
            "RUN pip install x"
        );
        assert_eq!(
            instruction("EXPOSE map[80/tcp:{} 443/tcp:{}]"),
            "EXPOSE 80/tcp 443/tcp"
        );
        assert_eq!(instruction("COPY . . # buildkit"), "COPY . .");
        assert_eq!(instruction("ENV A=b"), "ENV A=b");
    }
}
