//! `expand-onbuild`: Write out what an `-onbuild` image does, on its plain image.
//!
//! Unlike the other steps, this one is applied before the others are looked for: the rest of
//! the rewrite (a slim base, a split build) works on the instructions the triggers are, so
//! `optimize` plans on the written-out file and maps its lines back to the original's.

use super::{Applies, StepDoc};
use crate::estimate::{estimate, Input};
use crate::knowledge::tags;
use crate::optimize::{optimize_plain, Optimized, Options, Safety, Step};
use crate::syntax::{Args, Dockerfile, Keyword};

pub const DOC: StepDoc = StepDoc {
    kind: "expand-onbuild",
    title: "Write out the `-onbuild` image's triggers on its plain image",
    why: "An `-onbuild` image (`node:8-onbuild`, `golang:onbuild`, `python:3.6-onbuild`) runs hidden ONBUILD triggers at the start of your build: copy the whole project, install its dependencies. The variants were deprecated in 2017 and are no longer updated. Written out on the plain image the build does the same thing where you can read it — and the rest of the rewrite can work on it: a slim base, the build in a stage of its own.",
    example: "FROM node:8-onbuild\nEXPOSE 3000\n",
    use_instead: "FROM node:8\nWORKDIR /usr/src/app\nCOPY package.json /usr/src/app/\nRUN npm install && npm cache clean --force\nCOPY . /usr/src/app\nCMD [\"npm\", \"start\"]\nEXPOSE 3000\n",
    safety: Safety::Safe,
    check: None,
    applies: Applies::Default,
    example_context: &[],
};

/// The original with every `-onbuild` FROM written out.
pub(crate) struct Expansion {
    pub text: String,
    /// For each line of `text` (index = line − 1), the line of the original it stands for:
    /// (line, 0) for the original's own lines, (line of the FROM, k) for the k-th line written
    /// out after it.
    pub lines: Vec<(usize, usize)>,
    /// The FROM lines written out: (line, onbuild reference, plain reference, the tag named a
    /// version).
    pub froms: Vec<(usize, String, String, bool)>,
}

impl Expansion {
    /// A line of the written-out text as a label in the original's numbering: `7`, `3.2`.
    pub fn label(&self, line: usize) -> String {
        match line.checked_sub(1).and_then(|i| self.lines.get(i)) {
            Some((l, 0)) => l.to_string(),
            Some((l, k)) => format!("{l}.{k}"),
            None => line.to_string(),
        }
    }

    /// The written-out line a label names (the inverse of [`Expansion::label`]).
    pub fn line_of(&self, label: &str) -> Option<usize> {
        let (l, k) = match label.split_once('.') {
            Some((l, k)) => (l.parse().ok()?, k.parse().ok()?),
            None => (label.parse().ok()?, 0),
        };
        self.lines.iter().position(|&x| x == (l, k)).map(|i| i + 1)
    }

    /// The original line a written-out line belongs to (a written-out line: its FROM's).
    pub fn original(&self, line: usize) -> usize {
        line.checked_sub(1)
            .and_then(|i| self.lines.get(i))
            .map_or(line, |&(l, _)| l)
    }
}

/// A FROM to write out.
struct Edit {
    /// Its first and last line.
    lines: (usize, usize),
    /// Its image word's span.
    word: (usize, usize),
    /// The plain reference.
    plain: String,
    /// The lines to insert after it.
    add: Vec<String>,
}

/// Writes out every `FROM <official>:…onbuild` of the file; None when there is none.
pub(crate) fn expand(df: &Dockerfile, src: &str) -> Option<Expansion> {
    let mut edits: Vec<Edit> = Vec::new();
    let mut froms = Vec::new();
    for (i, ins) in df.instructions.iter().enumerate() {
        let Args::From { image: Some(w), .. } = &ins.args else {
            continue;
        };
        if w.value.contains('$') {
            continue;
        }
        let Some(o) = tags::onbuild(&w.value) else {
            continue;
        };
        // The stage's own instructions: a CMD or ENTRYPOINT there overrides the image's CMD.
        let own_cmd = df.instructions[i + 1..]
            .iter()
            .take_while(|n| n.keyword != Keyword::From)
            .any(|n| matches!(n.keyword, Keyword::Cmd | Keyword::Entrypoint));
        let mut lines: Vec<String> = o.image.triggers.lines().map(str::to_string).collect();
        if let (Some(cmd), false) = (o.image.cmd, own_cmd) {
            lines.push(cmd.to_string());
        }
        // Keep a registry prefix as written (`docker.io/library/node:8-onbuild`).
        let (name, _, _) = crate::stages::split_reference(&w.value);
        let plain_tag = o.plain.rsplit(':').next().unwrap_or_default();
        let plain = format!("{name}:{plain_tag}");
        froms.push((ins.start_line, w.value.clone(), plain.clone(), o.versioned));
        edits.push(Edit {
            lines: (ins.start_line, ins.end_line),
            word: (w.span.start, w.span.end),
            plain,
            add: lines,
        });
    }
    if edits.is_empty() {
        return None;
    }
    let mut text = String::with_capacity(src.len() + 256);
    let mut at = 0;
    for e in &edits {
        text.push_str(&src[at..e.word.0]);
        text.push_str(&e.plain);
        at = e.word.1;
    }
    text.push_str(&src[at..]);
    // Insert the written-out lines after each FROM's last line, keeping the file's line ends.
    let crlf = src.contains("\r\n");
    let eol = if crlf { "\r\n" } else { "\n" };
    let mut out = String::with_capacity(text.len() + 256);
    let mut lines = Vec::new();
    for (n, line) in text.split_inclusive('\n').enumerate() {
        let n = n + 1;
        out.push_str(line);
        lines.push((n, 0));
        if let Some(Edit {
            lines: (first, _),
            add,
            ..
        }) = edits.iter().find(|e| e.lines.1 == n)
        {
            if !line.ends_with('\n') {
                out.push_str(eol);
            }
            for (k, l) in add.iter().enumerate() {
                out.push_str(l);
                out.push_str(eol);
                lines.push((*first, k + 1));
            }
        }
    }
    Some(Expansion {
        text: out,
        lines,
        froms,
    })
}

/// A file built on `-onbuild` images: the triggers are written out first (a step of its own) and
/// the rest of the rewrite is planned on that, its lines and ids given back in the original's
/// numbering (`npm-cache-clean-L1.3`: the third line written out after the FROM on line 1).
pub(crate) fn optimize(
    df: &crate::syntax::Dockerfile,
    src: &str,
    exp: &Expansion,
    opts: &Options,
) -> Optimized {
    let doc = &DOC;
    let lines: Vec<usize> = exp.froms.iter().map(|f| f.0).collect();
    let id = format!("{}-L{}", doc.kind, lines[0]);
    let named: Vec<String> = exp
        .froms
        .iter()
        .map(|(_, onbuild, plain, _)| format!("`{onbuild}` as `{plain}`"))
        .collect();
    let guessed: Vec<&(usize, String, String, bool)> = exp.froms.iter().filter(|f| !f.3).collect();
    let safety = if guessed.is_empty() {
        doc.safety
    } else {
        Safety::NeedsCheck
    };
    let check = (!guessed.is_empty()).then(|| {
        format!(
            "a tag without a version is read as the last version the variant was built for ({}): check the app on it, or write the version it needs",
            guessed
                .iter()
                .map(|f| format!("`{}`", f.2))
                .collect::<Vec<_>>()
                .join(", ")
        )
    });
    let mut step = Step::found(
        id.clone(),
        doc.kind,
        format!("Write out {} with its ONBUILD triggers", named.join(", ")),
        doc.why.to_string(),
        safety,
        check,
        lines,
    );
    if opts.is_disabled(&id, doc.kind) {
        let mut out = optimize_plain(df, src, opts);
        step.enabled = false;
        out.steps.insert(0, step);
        return out;
    }
    let inner = |ids: &[String]| -> Vec<String> {
        ids.iter()
            .map(|i| relabel(i, |l| exp.line_of(l).map(|n| n.to_string())))
            .collect()
    };
    let inner_opts = Options {
        input: Input {
            context: opts.input.context,
            debian: opts.input.debian,
        },
        disabled: inner(&opts.disabled),
        enabled: inner(&opts.enabled),
    };
    let mut out = optimize_plain(&crate::parse(&exp.text), &exp.text, &inner_opts);
    let outer = |i: &str| relabel(i, |l| l.parse::<usize>().ok().map(|n| exp.label(n)));
    for s in &mut out.steps {
        s.id = outer(&s.id);
        s.superseded_by = s.superseded_by.as_deref().map(outer);
        s.lines = s.lines.iter().map(|&l| exp.original(l)).collect();
        s.lines.dedup();
    }
    for n in &mut out.notes {
        n.line = exp.original(n.line);
    }
    // Output lines the step wrote: the written-out lines and the plain FROMs other steps left
    // as they were.
    let written: Vec<&str> = exp
        .text
        .lines()
        .zip(&exp.lines)
        .filter(|(_, &(l, k))| k > 0 || exp.froms.iter().any(|f| f.0 == l))
        .map(|(t, _)| t.trim())
        .collect();
    for (text, ids) in out.dockerfile.lines().zip(out.line_steps.iter_mut()) {
        for i in ids.iter_mut() {
            *i = outer(i);
        }
        if ids.is_empty() && written.contains(&text.trim()) {
            ids.push(id.clone());
        }
    }
    let before = estimate(df, &opts.input);
    step.saved_bytes = before.final_image_bytes as i64 - out.before_bytes as i64;
    out.steps.insert(0, step);
    out.before_bytes = before.final_image_bytes;
    out.before = before;
    out
}

/// A step id with its line relabelled (`kind-L12`, `kind-L12-2`; `kind-L1.3`); ids that name no
/// line (kinds) come back as they are, and so do lines `f` has no label for.
pub(crate) fn relabel(id: &str, f: impl Fn(&str) -> Option<String>) -> String {
    let Some(at) = id.rfind("-L").filter(|&at| {
        id[at + 2..]
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_digit())
    }) else {
        return id.to_string();
    };
    let rest = &id[at + 2..];
    // The line: digits, and `.k` for a written-out line.
    let mut end = rest
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(rest.len());
    if rest[end..].starts_with('.') && rest[end + 1..].starts_with(|c: char| c.is_ascii_digit()) {
        end += 1 + rest[end + 1..]
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(rest.len() - end - 1);
    }
    match f(&rest[..end]) {
        Some(l) => format!("{}-L{l}{}", &id[..at], &rest[end..]),
        None => id.to_string(),
    }
}
