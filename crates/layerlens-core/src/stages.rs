//! Build stages: which instructions belong to which `FROM`, what each stage starts from, and which
//! later stages read from it. Resolution follows BuildKit's `dockerfile2llb`: stage names are
//! compared lower-cased, `--from=N` counts stages from zero, anything else is an image reference.
//! A FROM can only name an earlier stage; `COPY --from` may name any stage.

use crate::syntax::{Args, Dockerfile, Instruction, Keyword};
use serde::Serialize;
use std::collections::HashMap;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Stages {
    /// Indices into `df.instructions` of the ARGs before the first FROM. Their defaults are what
    /// `${NAME}` in a FROM line expands to.
    pub global_args: Vec<usize>,
    pub stages: Vec<Stage>,
    /// Non-ARG instructions before the first FROM (the parser reports each as an error).
    pub orphans: Vec<usize>,
    /// Lower-cased stage name to the first stage with that name, for lookups in constant time.
    #[serde(skip)]
    by_name: HashMap<String, usize>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Stage {
    pub index: usize,
    /// The `AS name`, lower-cased as BuildKit does.
    pub name: Option<String>,
    /// Index of its FROM instruction.
    pub from: usize,
    /// Indices of the instructions after FROM, up to the next FROM.
    pub instructions: Vec<usize>,
    pub base: Base,
    /// `FROM --platform=...` as written.
    pub platform: Option<String>,
    /// The last stage: without `--target`, it becomes the image.
    pub is_final: bool,
    /// Other stages that `FROM` this one, `COPY --from` it, or `RUN --mount=from=` it; sorted.
    /// Usually later stages: only `COPY --from` and `from=` can point further down the file.
    pub used_by: Vec<usize>,
    pub line: usize,
    pub end_line: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Base {
    /// `FROM scratch`: an empty filesystem.
    Scratch,
    /// `FROM name` where `name` is an earlier stage.
    Stage(usize),
    Image {
        /// The reference as written, `${VARS}` included.
        reference: String,
        /// `reference` with variables replaced by the global ARG defaults, when it had variables
        /// and every one of them has a default. `name`, `tag` and `digest` are split from this
        /// when it is present.
        expanded: Option<String>,
        /// Registry (with port) and repository: `localhost:5000/app`, `python`.
        name: String,
        tag: Option<String>,
        /// `sha256:...`, without the `@`.
        digest: Option<String>,
    },
    /// `FROM` with no image at all (a parse error).
    Missing,
}

impl Base {
    /// The reference the build would pull, after ARG expansion when that was possible.
    pub fn effective_reference(&self) -> Option<&str> {
        match self {
            Base::Image {
                reference,
                expanded,
                ..
            } => Some(expanded.as_deref().unwrap_or(reference)),
            _ => None,
        }
    }
}

impl Stages {
    /// The stage an instruction belongs to (its FROM included); `None` before the first FROM.
    pub fn stage_of(&self, instruction: usize) -> Option<usize> {
        // Stages are in file order, so their FROM indices are sorted.
        let after = self.stages.partition_point(|s| s.from <= instruction);
        after.checked_sub(1)
    }

    /// The stage a `COPY --from` or `RUN --mount=from=` value names: a stage name (case-insensitive)
    /// or a zero-based index. Like BuildKit, any stage of the file counts, even one further down
    /// (BuildKit builds it first) or the current one (BuildKit rejects that as a cycle).
    pub fn find(&self, reference: &str) -> Option<usize> {
        if let Some(&i) = self.by_name.get(&reference.to_ascii_lowercase()) {
            return Some(i);
        }
        let n: usize = reference.parse().ok()?;
        (n < self.stages.len()).then_some(n)
    }

    /// The final stage, if the file has any stage.
    pub fn final_stage(&self) -> Option<&Stage> {
        self.stages.last()
    }

    /// Whether the final stage is built on top of `index` (directly or through other stages), so
    /// that every layer of `index` ships in the image.
    pub fn is_ancestor_of_final(&self, index: usize) -> bool {
        let mut cur = self.final_stage().map(|s| s.index);
        while let Some(i) = cur {
            if i == index {
                return true;
            }
            cur = match self.stages.get(i).map(|s| &s.base) {
                Some(Base::Stage(parent)) if *parent < i => Some(*parent),
                _ => None,
            };
        }
        false
    }
}

/// Splits the instructions into stages and resolves bases and cross-stage references.
pub fn stages(df: &Dockerfile) -> Stages {
    let mut out = Stages {
        global_args: Vec::new(),
        stages: Vec::new(),
        orphans: Vec::new(),
        by_name: HashMap::new(),
    };
    let mut vars = Vars::default();
    // The ARGs in scope in the current stage: a global only once the stage declares it again.
    let mut stage_vars = Vars::default();
    let mut references: Vec<(usize, String)> = Vec::new();
    for (i, ins) in df.instructions.iter().enumerate() {
        if ins.keyword == Keyword::From {
            let index = out.stages.len();
            let (name, platform) = from_parts(ins);
            let base = resolve_base(ins, &out, &vars);
            if let Some(n) = &name {
                out.by_name.entry(n.clone()).or_insert(index);
            }
            out.stages.push(Stage {
                index,
                name,
                from: i,
                instructions: Vec::new(),
                base,
                platform,
                is_final: false,
                used_by: Vec::new(),
                line: ins.start_line,
                end_line: ins.end_line,
            });
            stage_vars = Vars::default();
            continue;
        }
        match out.stages.last_mut() {
            Some(stage) => {
                stage.instructions.push(i);
                stage.end_line = stage.end_line.max(ins.end_line);
                if ins.keyword == Keyword::Arg {
                    stage_vars.declare_in_stage(ins, &vars);
                }
                for r in stage_references(ins) {
                    references.push((stage.index, stage_vars.expand(&r).text));
                }
            }
            None if ins.keyword == Keyword::Arg => {
                out.global_args.push(i);
                vars.declare(ins);
            }
            None => out.orphans.push(i),
        }
    }
    if let Some(last) = out.stages.last_mut() {
        last.is_final = true;
    }
    // Who reads from whom. A stage naming itself is a cycle BuildKit rejects, not a use.
    let mut edges: Vec<(usize, usize)> = Vec::new();
    for stage in &out.stages {
        if let Base::Stage(parent) = stage.base {
            edges.push((parent, stage.index));
        }
    }
    for (user, reference) in references {
        if let Some(src) = out.find(&reference).filter(|&s| s != user) {
            edges.push((src, user));
        }
    }
    for (src, user) in edges {
        if let Some(s) = out.stages.get_mut(src) {
            if !s.used_by.contains(&user) {
                s.used_by.push(user);
            }
        }
    }
    for s in &mut out.stages {
        crate::sort::sort_by_key(&mut s.used_by, |x| *x);
    }
    out
}

/// The `--from` of a COPY and the `from=` of each RUN `--mount`, as written.
pub(crate) fn stage_references(ins: &Instruction) -> Vec<String> {
    match ins.keyword {
        Keyword::Copy => ins
            .flag("from")
            .and_then(|f| f.value.clone())
            .into_iter()
            .collect(),
        Keyword::Run => ins
            .flags
            .iter()
            .filter(|f| f.name.eq_ignore_ascii_case("mount"))
            .filter_map(|f| f.value.as_deref())
            .filter_map(|v| RunMount::parse(v).get("from").map(str::to_string))
            .collect(),
        _ => Vec::new(),
    }
}

fn from_parts(ins: &Instruction) -> (Option<String>, Option<String>) {
    let name = match &ins.args {
        Args::From {
            stage_name: Some(w),
            ..
        } => Some(w.value.to_ascii_lowercase()),
        _ => None,
    };
    let platform = ins.flag("platform").and_then(|f| f.value.clone());
    (name, platform)
}

fn resolve_base(ins: &Instruction, so_far: &Stages, vars: &Vars) -> Base {
    let Args::From {
        image: Some(image), ..
    } = &ins.args
    else {
        return Base::Missing;
    };
    let written = image.value.as_str();
    let exp = vars.expand(written);
    let effective = if exp.changed && exp.unresolved.is_empty() {
        exp.text.as_str()
    } else {
        written
    };
    if effective == "scratch" {
        return Base::Scratch;
    }
    // BuildKit looks the base up among the names of earlier stages only (never by index).
    if let Some(&i) = so_far.by_name.get(&effective.to_ascii_lowercase()) {
        return Base::Stage(i);
    }
    let (name, tag, digest) = split_reference(effective);
    Base::Image {
        reference: written.to_string(),
        expanded: (effective != written).then(|| effective.to_string()),
        name,
        tag,
        digest,
    }
}

/// Splits `[registry[:port]/]path[:tag][@digest]`. A `:` counts as a tag separator only after
/// the last `/`, so a registry port is not a tag; `${VAR:-x}` is skipped as one unit.
pub fn split_reference(reference: &str) -> (String, Option<String>, Option<String>) {
    let mut depth = 0usize;
    let mut last_slash = None;
    let mut last_colon = None;
    let mut at = None;
    let mut prev = '\0';
    for (i, c) in reference.char_indices() {
        match c {
            '{' if prev == '$' => depth += 1,
            '}' if depth > 0 => depth -= 1,
            '/' if depth == 0 && at.is_none() => last_slash = Some(i),
            ':' if depth == 0 && at.is_none() => last_colon = Some(i),
            '@' if depth == 0 && at.is_none() => at = Some(i),
            _ => {}
        }
        prev = c;
    }
    let (rest, digest) = match at {
        Some(i) => (&reference[..i], Some(reference[i + 1..].to_string())),
        None => (reference, None),
    };
    match last_colon {
        Some(c) if last_slash.is_none_or(|s| c > s) => (
            rest[..c].to_string(),
            Some(rest[c + 1..].to_string()),
            digest,
        ),
        _ => (rest.to_string(), None, digest),
    }
}

/// Build arguments known at a point of the file: name and default (`None`: declared without one).
#[derive(Debug, Clone, Default)]
pub(crate) struct Vars {
    vars: HashMap<String, Option<String>>,
}

/// The result of [`Vars::expand`].
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Expansion {
    pub text: String,
    /// Whether any variable was replaced.
    pub changed: bool,
    /// Variables without a known value, left as written.
    pub unresolved: Vec<String>,
}

impl Vars {
    /// Records the names (and defaults, themselves expanded) of an ARG instruction.
    pub fn declare(&mut self, ins: &Instruction) {
        if let Args::KeyValues(kvs) = &ins.args {
            for kv in kvs {
                let value = kv.value.as_ref().map(|v| self.expand(v).text);
                self.vars.insert(kv.key.clone(), value);
            }
        }
    }

    /// An ARG inside a stage: without a default it takes the global ARG's default, if any.
    pub fn declare_in_stage(&mut self, ins: &Instruction, globals: &Vars) {
        if let Args::KeyValues(kvs) = &ins.args {
            for kv in kvs {
                let value = match &kv.value {
                    Some(v) => Some(self.expand(v).text),
                    None => globals.get(&kv.key).map(str::to_string),
                };
                self.vars.insert(kv.key.clone(), value);
            }
        }
    }

    /// Sets a variable (an ENV the estimator tracks).
    pub fn set(&mut self, name: &str, value: &str) {
        self.vars.insert(name.to_string(), Some(value.to_string()));
    }

    pub fn get(&self, name: &str) -> Option<&str> {
        self.vars.get(name).and_then(|v| v.as_deref())
    }

    pub fn is_declared(&self, name: &str) -> bool {
        self.vars.contains_key(name)
    }

    /// Replaces `$NAME`, `${NAME}`, `${NAME:-word}` and `${NAME:+word}` (and the forms without
    /// `:`) with known values; anything it cannot resolve stays exactly as written.
    pub fn expand(&self, s: &str) -> Expansion {
        let mut out = Expansion {
            text: String::with_capacity(s.len()),
            changed: false,
            unresolved: Vec::new(),
        };
        let mut rest = s;
        while let Some(pos) = rest.find('$') {
            out.text.push_str(&rest[..pos]);
            let after = &rest[pos + 1..];
            let consumed = if let Some(body) = after.strip_prefix('{') {
                match body.find('}') {
                    Some(end) => {
                        self.expand_braced(
                            &body[..end],
                            &format!("${{{}}}", &body[..end]),
                            &mut out,
                        );
                        1 + end + 1
                    }
                    None => {
                        out.text.push('$');
                        0
                    }
                }
            } else {
                let len = name_len(after);
                if len == 0 {
                    out.text.push('$');
                    0
                } else {
                    let name = &after[..len];
                    self.substitute(name, &format!("${name}"), &mut out);
                    len
                }
            };
            rest = &after[consumed..];
        }
        out.text.push_str(rest);
        out
    }

    fn expand_braced(&self, body: &str, written: &str, out: &mut Expansion) {
        let len = name_len(body);
        let name = &body[..len];
        let op = &body[len..];
        if len == 0 {
            out.text.push_str(written);
            out.unresolved.push(body.to_string());
            return;
        }
        let value = self.get(name);
        let (colon, op) = match op.strip_prefix(':') {
            Some(o) => (true, o),
            None => (false, op),
        };
        let set = value.is_some_and(|v| !colon || !v.is_empty());
        let declared_empty = !set && self.is_declared(name) && value.is_none();
        if let Some(word) = op.strip_prefix('-') {
            // ${NAME:-word}: the word when NAME is unset (or empty); unknown if only declared.
            if set {
                self.substitute(name, written, out);
            } else if declared_empty {
                out.text.push_str(written);
                out.unresolved.push(name.to_string());
            } else {
                out.text.push_str(word);
                out.changed = true;
            }
        } else if let Some(word) = op.strip_prefix('+') {
            if set {
                out.text.push_str(word);
                out.changed = true;
            } else if declared_empty {
                out.text.push_str(written);
                out.unresolved.push(name.to_string());
            } else {
                out.changed = true;
            }
        } else if op.is_empty() {
            self.substitute(name, written, out);
        } else {
            // Other operators (`${NAME#x}`, `${NAME%x}`, ...): leave as written.
            out.text.push_str(written);
            out.unresolved.push(name.to_string());
        }
    }

    fn substitute(&self, name: &str, written: &str, out: &mut Expansion) {
        match self.get(name) {
            Some(v) => {
                out.text.push_str(v);
                out.changed = true;
            }
            None => {
                out.text.push_str(written);
                out.unresolved.push(name.to_string());
            }
        }
    }
}

fn name_len(s: &str) -> usize {
    s.char_indices()
        .find(|&(i, c)| !(c == '_' || c.is_ascii_alphabetic() || (i > 0 && c.is_ascii_digit())))
        .map_or(s.len(), |(i, _)| i)
}

/// A `RUN --mount=...` value read as BuildKit reads it: comma-separated `key=value` fields (CSV,
/// so a field may be double-quoted), keys case-insensitive; `type` defaults to `bind`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RunMount {
    /// `bind`, `cache`, `tmpfs`, `secret` or `ssh` (lower-cased; anything else is kept as written).
    pub kind: String,
    /// The fields other than `type`, in order; keys lower-cased, `None` for a bare `readonly`.
    pub options: Vec<(String, Option<String>)>,
}

impl RunMount {
    pub fn parse(value: &str) -> RunMount {
        let mut kind = String::from("bind");
        let mut options = Vec::new();
        for field in csv_fields(value) {
            let (key, val) = match field.split_once('=') {
                Some((k, v)) => (k.trim().to_ascii_lowercase(), Some(v.to_string())),
                None => (field.trim().to_ascii_lowercase(), None),
            };
            if key.is_empty() {
                continue;
            }
            if key == "type" {
                if let Some(v) = val {
                    kind = v.to_ascii_lowercase();
                }
                continue;
            }
            options.push((key, val));
        }
        RunMount { kind, options }
    }

    /// The value of the first field among `keys` that has one (`target`, `dst`, `destination`...).
    pub fn get(&self, key: &str) -> Option<&str> {
        let aliases: &[&str] = match key {
            "target" => &["target", "dst", "destination"],
            "source" => &["source", "src"],
            "readonly" => &["readonly", "ro"],
            _ => &[],
        };
        self.options
            .iter()
            .find(|(k, _)| k == key || aliases.contains(&k.as_str()))
            .and_then(|(_, v)| v.as_deref())
    }

    /// Whether a boolean field is on: given bare, or with a true value.
    pub fn is_set(&self, keys: &[&str]) -> bool {
        self.options.iter().any(|(k, v)| {
            keys.contains(&k.as_str())
                && v.as_deref()
                    .is_none_or(|v| matches!(v.to_ascii_lowercase().as_str(), "true" | "1"))
        })
    }
}

fn csv_fields(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                cur.push('"');
                chars.next();
            }
            '"' => quoted = !quoted,
            ',' if !quoted => out.push(std::mem::take(&mut cur)),
            _ => cur.push(c),
        }
    }
    out.push(cur);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse;

    fn image(b: &Base) -> (&str, Option<&str>, Option<&str>, Option<&str>) {
        match b {
            Base::Image {
                name,
                tag,
                digest,
                expanded,
                ..
            } => (
                name.as_str(),
                tag.as_deref(),
                digest.as_deref(),
                expanded.as_deref(),
            ),
            other => panic!("not an image: {other:?}"),
        }
    }

    #[test]
    fn splits_references() {
        assert_eq!(
            split_reference("python:3.6"),
            ("python".into(), Some("3.6".into()), None)
        );
        assert_eq!(
            split_reference("localhost:5000/app:1"),
            ("localhost:5000/app".into(), Some("1".into()), None)
        );
        assert_eq!(
            split_reference("localhost:5000/app"),
            ("localhost:5000/app".into(), None, None)
        );
        assert_eq!(
            split_reference("alpine:3.19@sha256:abc"),
            (
                "alpine".into(),
                Some("3.19".into()),
                Some("sha256:abc".into())
            )
        );
        assert_eq!(
            split_reference("ghcr.io/o/r@sha256:abc"),
            ("ghcr.io/o/r".into(), None, Some("sha256:abc".into()))
        );
        assert_eq!(
            split_reference("${IMG:-a/b:1}"),
            ("${IMG:-a/b:1}".into(), None, None)
        );
        assert_eq!(
            split_reference("golang:${GO}-alpine"),
            ("golang".into(), Some("${GO}-alpine".into()), None)
        );
    }

    #[test]
    fn stages_names_bases_and_users() {
        let df = parse(
            "ARG GO=1.22\nFROM golang:${GO} AS Build\nRUN go build\nFROM build AS test\nRUN go test\n\
             FROM scratch\nCOPY --from=BUILD /app /app\nRUN --mount=type=cache,target=/x,from=0 true\n",
        );
        let s = stages(&df);
        assert_eq!(s.global_args, [0]);
        assert_eq!(s.stages.len(), 3);
        assert_eq!(s.stages[0].name.as_deref(), Some("build"));
        assert_eq!(
            image(&s.stages[0].base),
            ("golang", Some("1.22"), None, Some("golang:1.22"))
        );
        assert_eq!(s.stages[1].base, Base::Stage(0));
        assert_eq!(s.stages[2].base, Base::Scratch);
        assert_eq!(s.stages[0].used_by, [1, 2]);
        assert!(s.stages[1].used_by.is_empty());
        assert!(s.stages[2].is_final && !s.stages[0].is_final);
        assert_eq!(s.stages[0].instructions, [2]);
        assert_eq!((s.stages[2].line, s.stages[2].end_line), (6, 8));
        assert_eq!(s.stage_of(4), Some(1));
        assert_eq!(s.stage_of(0), None);
    }

    #[test]
    fn copy_may_name_any_stage_but_from_only_earlier_ones() {
        let df = parse(
            "FROM a AS x\nCOPY --from=later /a /a\nCOPY --from=nginx:1 /b /b\nCOPY --from=x /c /c\n\
             FROM later AS later\nARG S=X\nCOPY --from=${S} /d /d\nFROM x\n",
        );
        let s = stages(&df);
        assert_eq!(s.stages[1].used_by, [0]);
        assert_eq!(s.stages[0].used_by, [1, 2]);
        assert!(matches!(&s.stages[1].base, Base::Image { name, .. } if name == "later"));
        assert!(s.is_ancestor_of_final(0));
        assert!(!s.is_ancestor_of_final(1));
    }

    #[test]
    fn unresolved_variables_stay_as_written() {
        let df = parse("ARG BASE\nARG TAG=1\nFROM ${BASE}:$TAG\nFROM --platform=$BUILDPLATFORM repo/img:${TAG:-2}\n");
        let s = stages(&df);
        assert_eq!(
            image(&s.stages[0].base),
            ("${BASE}", Some("$TAG"), None, None)
        );
        assert_eq!(
            image(&s.stages[1].base),
            ("repo/img", Some("1"), None, Some("repo/img:1"))
        );
        assert_eq!(s.stages[1].platform.as_deref(), Some("$BUILDPLATFORM"));
    }

    #[test]
    fn orphans_and_missing_from() {
        let df = parse("RUN x\nARG A\nFROM\n");
        let s = stages(&df);
        assert_eq!(s.orphans, [0]);
        assert_eq!(s.global_args, [1]);
        assert_eq!(s.stages[0].base, Base::Missing);
        assert!(stages(&parse("")).stages.is_empty());
    }

    #[test]
    fn expands_like_a_shell_for_simple_forms() {
        let mut v = Vars::default();
        v.vars.insert("A".into(), Some("1".into()));
        v.vars.insert("E".into(), Some(String::new()));
        v.vars.insert("N".into(), None);
        assert_eq!(v.expand("x$A-${A}").text, "x1-1");
        assert_eq!(v.expand("${E:-d}${U-d}").text, "dd");
        assert_eq!(v.expand("${A:+set}${U:+no}").text, "set");
        let e = v.expand("${N}/$ ${A#x} ${");
        assert_eq!(e.text, "${N}/$ ${A#x} ${");
        assert_eq!(e.unresolved, ["N", "A"]);
        assert!(!e.changed);
    }

    #[test]
    fn mounts_read_like_csv() {
        let m = RunMount::parse("type=cache,target=/root/.cache,id=pip,sharing=locked");
        assert_eq!(m.kind, "cache");
        assert_eq!(m.get("target"), Some("/root/.cache"));
        assert_eq!(m.get("id"), Some("pip"));
        let m = RunMount::parse("\"source=a,b\",dst=/x,ro");
        assert_eq!(m.kind, "bind");
        assert_eq!(m.get("source"), Some("a,b"));
        assert_eq!(m.get("target"), Some("/x"));
        assert!(m.is_set(&["readonly", "ro"]));
        assert_eq!(RunMount::parse("").options, []);
    }
}
