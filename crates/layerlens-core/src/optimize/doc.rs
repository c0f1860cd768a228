//! The document a rewrite is made on: the original text cut into one chunk per instruction (the
//! comment and blank lines above it, then its own lines), so that whatever no step touches comes
//! out byte for byte. Steps act on it through [`Action`]s.

use super::plan::Candidate;
use crate::syntax::Dockerfile;

/// What a step does to the document. Offsets are byte offsets of the original source.
#[derive(Debug, Clone)]
pub(crate) enum Action {
    /// Insert text at an offset inside an instruction.
    Insert { at: usize, text: String },
    /// Replace a range inside one instruction.
    Replace {
        start: usize,
        end: usize,
        text: String,
    },
    /// Append RUN `from`'s commands to RUN `into` with `&&` and drop `from` (its comments move
    /// above `into`).
    MergeInto { from: usize, into: usize },
    /// Drop instruction `ins` (the comment lines above it stay).
    Delete { ins: usize },
    /// Put instruction `ins` right before instruction `before`.
    MoveBefore { ins: usize, before: usize },
    /// New lines right before instruction `before`.
    InsertBefore { before: usize, text: String },
    /// New lines right after instruction `after` (after any instruction already put there).
    InsertAfter { after: usize, text: String },
    /// A new stage before instruction `before` (a FROM), or at the end of the file, made of new
    /// lines and of instructions copied or moved from elsewhere (as the other steps left them).
    InsertStage {
        before: Option<usize>,
        parts: Vec<Part>,
    },
    /// Changes nothing: the step only makes sense while this range of the original survives
    /// (the `apt-get install` whose lists it deletes). A `Replace` of another step that covers it
    /// (the apt-get replaced by an Alpine base) makes the whole step give way.
    Requires { start: usize, end: usize },
}

#[derive(Debug, Clone)]
pub(crate) enum Part {
    Text(String),
    CopyOf(usize),
    MoveOf(usize),
}

#[derive(Debug, Clone)]
struct Chunk {
    /// Comment and blank lines above the instruction.
    lead: String,
    body: String,
    ins: Option<usize>,
    /// Indices of the steps that wrote or changed the body.
    steps: Vec<usize>,
}

pub(crate) struct Rendered {
    pub text: String,
    /// Per output line, the steps that wrote it.
    pub line_steps: Vec<Vec<usize>>,
}

/// Where each instruction's lines start and end in the source (whole lines, newline included).
fn line_ranges(df: &Dockerfile, src: &str) -> Vec<(usize, usize)> {
    // On bytes: an offset inside a multi-byte character must not panic; newlines are always
    // character boundaries.
    let bytes = src.as_bytes();
    let line_start = |off: usize| {
        bytes[..off.min(bytes.len())]
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |p| p + 1)
    };
    let line_end = |off: usize| {
        let off = off.min(bytes.len());
        bytes[off..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(bytes.len(), |p| off + p + 1)
    };
    df.instructions
        .iter()
        .map(|ins| {
            let start = line_start(ins.span.start);
            let last = ins.span.end.saturating_sub(1).max(ins.span.start);
            (start, line_end(last).max(start))
        })
        .collect()
}

/// Applies the enabled candidates' actions to the source.
pub(crate) fn render(
    df: &Dockerfile,
    src: &str,
    candidates: &[Candidate],
    enabled: &[bool],
) -> Rendered {
    let ranges = line_ranges(df, src);
    let mut chunks: Vec<Chunk> = Vec::with_capacity(ranges.len());
    let mut pos = 0;
    for (i, &(start, end)) in ranges.iter().enumerate() {
        if start < pos || end < start {
            // Overlapping spans (should not happen): give the text back untouched.
            return Rendered {
                text: src.to_string(),
                line_steps: vec![Vec::new(); src.lines().count()],
            };
        }
        chunks.push(Chunk {
            lead: src[pos..start].to_string(),
            body: src[start..end].to_string(),
            ins: Some(i),
            steps: Vec::new(),
        });
        pos = end;
    }
    let trailer = src[pos..].to_string();

    // Enabled steps; of steps in the same group (alternatives), only the first enabled one.
    let mut groups_taken: Vec<&str> = Vec::new();
    let mut on: Vec<(usize, &Candidate)> = Vec::new();
    for (i, c) in candidates.iter().enumerate() {
        if !enabled.get(i).copied().unwrap_or(false) {
            continue;
        }
        if let Some(g) = c.group.as_deref() {
            if groups_taken.iter().any(|t| super::plan::conflict(t, g)) {
                continue;
            }
            groups_taken.push(g);
        }
        on.push((i, c));
    }
    // Steps whose required text another step replaces give way to it.
    let replaced: Vec<(usize, usize, usize)> = on
        .iter()
        .flat_map(|(si, c)| {
            c.actions.iter().filter_map(move |a| match a {
                Action::Replace { start, end, .. } => Some((*si, *start, *end)),
                _ => None,
            })
        })
        .collect();
    on.retain(|(si, c)| {
        !c.actions.iter().any(|a| match a {
            Action::Requires { start, end } => replaced
                .iter()
                .any(|&(o, rs, re)| o != *si && rs <= *start && *end <= re),
            _ => false,
        })
    });

    // 1. Text edits, per instruction, from the end backwards so offsets stay valid.
    let mut edits: Vec<(usize, usize, usize, &str, usize)> = Vec::new(); // (ins, start, end, text, step)
    for (si, c) in &on {
        for a in &c.actions {
            let (start, end, text) = match a {
                Action::Insert { at, text } => (*at, *at, text.as_str()),
                Action::Replace { start, end, text } => (*start, *end, text.as_str()),
                _ => continue,
            };
            // An insert at the very end of a range (the last instruction of a file without a
            // final newline, where `&& more` is appended) belongs to that range too.
            let owner = ranges
                .iter()
                .position(|&(s, e)| s <= start && end <= e && start < e)
                .or_else(|| {
                    (start == end)
                        .then(|| ranges.iter().position(|&(s, e)| s < e && e == start))
                        .flatten()
                });
            if let Some(i) = owner {
                edits.push((i, start, end, text, *si));
            }
        }
    }
    // An edit inside a larger one of another step (a flag inserted into a command another step
    // deletes) gives way to it.
    let inside = |e: &(usize, usize, usize, &str, usize),
                  o: &(usize, usize, usize, &str, usize)| {
        o.0 == e.0 && o.4 != e.4 && o.1 <= e.1 && e.2 <= o.2 && o.2 - o.1 > e.2 - e.1
    };
    let all = edits.clone();
    edits.retain(|e| !all.iter().any(|o| inside(e, o)));
    // From the end backwards; of inserts at one offset, one that starts a new command (`&& …`)
    // is applied first so it lands after the others (a flag for the command that ends there).
    let chains = |t: &str| {
        let t = t.trim_start();
        t.starts_with("&&") || t.starts_with(';') || t.starts_with("||")
    };
    edits.sort_by_key(|e| std::cmp::Reverse((e.0, e.1, e.2, chains(e.3))));
    let mut last_start: Option<(usize, usize)> = None;
    for (i, start, end, text, si) in edits {
        // Overlapping edits: keep the first one only.
        if last_start.is_some_and(|(li, ls)| li == i && end > ls) {
            continue;
        }
        let base = ranges[i].0;
        let chunk = &mut chunks[i];
        if chunk.body.is_char_boundary(start - base) && chunk.body.is_char_boundary(end - base) {
            chunk.body.replace_range(start - base..end - base, text);
            push_unique(&mut chunk.steps, si);
        }
        last_start = Some((i, start));
    }

    // 2. Moves, merges and new lines, in the order the steps come.
    let find = |chunks: &[Chunk], ins: usize| chunks.iter().position(|c| c.ins == Some(ins));
    let mut after_count: std::collections::HashMap<usize, usize> = Default::default();
    for (si, c) in &on {
        for a in &c.actions {
            match a {
                Action::MergeInto { from, into } => {
                    let (Some(f), Some(t)) = (find(&chunks, *from), find(&chunks, *into)) else {
                        continue;
                    };
                    let from_chunk = chunks[f].clone();
                    let rest = strip_keyword(&from_chunk.body);
                    let into_chunk = &mut chunks[t];
                    let trimmed = into_chunk.body.trim_end().to_string();
                    into_chunk.body =
                        format!("{trimmed} && \\\n    {}", ensure_newline(rest.trim_start()));
                    let comments: String = from_chunk
                        .lead
                        .lines()
                        .filter(|l| l.trim_start().starts_with('#'))
                        .map(|l| format!("{l}\n"))
                        .collect();
                    into_chunk.lead.push_str(&comments);
                    push_unique(&mut into_chunk.steps, *si);
                    for s in from_chunk.steps {
                        push_unique(&mut into_chunk.steps, s);
                    }
                    chunks.remove(f);
                }
                Action::Delete { ins } => {
                    let Some(f) = find(&chunks, *ins) else {
                        continue;
                    };
                    chunks[f].body.clear();
                    // Comments above it stay; the blank lines that only set it apart go.
                    if chunks[f].lead.trim().is_empty() {
                        chunks[f].lead.clear();
                    }
                    push_unique(&mut chunks[f].steps, *si);
                }
                Action::MoveBefore { ins, before } => {
                    let Some(f) = find(&chunks, *ins) else {
                        continue;
                    };
                    let mut moved = chunks.remove(f);
                    push_unique(&mut moved.steps, *si);
                    let Some(b) = find(&chunks, *before) else {
                        chunks.insert(f, moved);
                        continue;
                    };
                    chunks.insert(b, moved);
                }
                Action::InsertBefore { before, text } => {
                    let Some(b) = find(&chunks, *before) else {
                        continue;
                    };
                    // The new lines go after the comments that belong to `before`.
                    let lead = std::mem::take(&mut chunks[b].lead);
                    chunks.insert(
                        b,
                        Chunk {
                            lead,
                            body: ensure_newline(text),
                            ins: None,
                            steps: vec![*si],
                        },
                    );
                }
                Action::InsertAfter { after, text } => {
                    let Some(b) = find(&chunks, *after) else {
                        continue;
                    };
                    let n = after_count.entry(*after).or_default();
                    *n += 1;
                    let at = (b + *n).min(chunks.len());
                    chunks.insert(
                        at,
                        Chunk {
                            lead: String::new(),
                            body: ensure_newline(text),
                            ins: None,
                            steps: vec![*si],
                        },
                    );
                }
                Action::InsertStage { before, parts } => {
                    let mut stage: Vec<Chunk> = Vec::new();
                    for p in parts {
                        let mut chunk = match p {
                            Part::Text(t) => Chunk {
                                lead: String::new(),
                                body: ensure_newline(t),
                                ins: None,
                                steps: vec![*si],
                            },
                            Part::CopyOf(i) => match find(&chunks, *i) {
                                Some(k) => Chunk {
                                    lead: String::new(),
                                    ins: None,
                                    ..chunks[k].clone()
                                },
                                None => continue,
                            },
                            Part::MoveOf(i) => match find(&chunks, *i) {
                                Some(k) => {
                                    let mut c = chunks.remove(k);
                                    c.lead = c
                                        .lead
                                        .lines()
                                        .filter(|l| l.trim_start().starts_with('#'))
                                        .map(|l| format!("{l}\n"))
                                        .collect();
                                    c
                                }
                                None => continue,
                            },
                        };
                        chunk.body = ensure_newline(&chunk.body);
                        push_unique(&mut chunk.steps, *si);
                        stage.push(chunk);
                    }
                    match before.and_then(|b| find(&chunks, b)) {
                        Some(at) => {
                            // The new stage goes after the comments above `before`, and ends with
                            // a blank line.
                            if let Some(last) = stage.last_mut() {
                                last.body.push('\n');
                            }
                            let lead = std::mem::take(&mut chunks[at].lead);
                            if let Some(first) = stage.first_mut() {
                                first.lead = lead;
                            }
                            for (k, c) in stage.into_iter().enumerate() {
                                chunks.insert(at + k, c);
                            }
                        }
                        None => {
                            if let Some(last) = chunks.last_mut() {
                                last.body = ensure_newline(&last.body);
                            }
                            if let Some(first) = stage.first_mut() {
                                first.lead = format!("\n{}", first.lead);
                            }
                            chunks.extend(stage);
                        }
                    }
                }
                Action::Insert { .. } | Action::Replace { .. } | Action::Requires { .. } => {}
            }
        }
    }

    let mut text = String::with_capacity(src.len() + 256);
    let mut line_steps = Vec::new();
    for c in &chunks {
        text.push_str(&c.lead);
        line_steps.extend(std::iter::repeat_n(Vec::new(), c.lead.lines().count()));
        text.push_str(&c.body);
        line_steps.extend(std::iter::repeat_n(c.steps.clone(), c.body.lines().count()));
    }
    text.push_str(&trailer);
    let total = text.lines().count();
    line_steps.resize(total, Vec::new());
    Rendered { text, line_steps }
}

fn push_unique(v: &mut Vec<usize>, x: usize) {
    if !v.contains(&x) {
        v.push(x);
    }
}

fn ensure_newline(s: &str) -> String {
    if s.ends_with('\n') {
        s.to_string()
    } else {
        format!("{s}\n")
    }
}

/// An instruction's lines without the keyword (`RUN a && b` → `a && b`).
fn strip_keyword(body: &str) -> &str {
    let t = body.trim_start();
    let kw = t.find(|c: char| c.is_whitespace()).unwrap_or(t.len());
    &t[kw..]
}
