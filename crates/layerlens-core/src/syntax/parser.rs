//! The line scanner: BuildKit's `parser.Parse`, re-done so that it never gives up on a file and
//! keeps a span for everything. The order of decisions follows BuildKit's
//! `frontend/dockerfile/parser/parser.go` so that instruction boundaries agree with it line for line:
//! parser directives until the first other line; comments and blank lines skipped; a trailing
//! escape character continues the instruction, and comment or blank lines inside a continuation
//! are skipped; heredoc bodies follow the line that opens them.

use super::args::{self, ArgsCtx};
use super::model::*;
use crate::span::{LineIndex, Span};

/// A physical line: `start..end` is its text without the line break, `next` where the next begins.
#[derive(Clone, Copy)]
struct Line {
    start: usize,
    end: usize,
    next: usize,
}

fn split_lines(src: &str) -> Vec<Line> {
    let mut lines = Vec::new();
    let mut start = 0;
    let b = src.as_bytes();
    while start < b.len() {
        let nl = memchr(b'\n', &b[start..]).map(|i| start + i);
        let (end, next) = match nl {
            Some(i) => (i, i + 1),
            None => (b.len(), b.len()),
        };
        let end = if end > start && b[end - 1] == b'\r' {
            end - 1
        } else {
            end
        };
        lines.push(Line { start, end, next });
        start = next;
    }
    lines
}

fn memchr(needle: u8, hay: &[u8]) -> Option<usize> {
    hay.iter().position(|&b| b == needle)
}

/// Left trim with Go's `unicode.IsSpace` (close enough: Rust's `char::is_whitespace`).
fn leading_space(s: &str) -> usize {
    s.len() - s.trim_start().len()
}

/// `# name = value` with a known name, as BuildKit's directive regex reads it.
fn directive(line: &str) -> Option<(String, String)> {
    let rest = line.strip_prefix('#')?.trim_start();
    let name_len = rest
        .char_indices()
        .find(|&(i, c)| !(c.is_ascii_alphabetic() || (i > 0 && c.is_ascii_digit())))
        .map_or(rest.len(), |(i, _)| i);
    if name_len == 0 {
        return None;
    }
    let name = rest[..name_len].to_ascii_lowercase();
    let value = rest[name_len..].trim_start().strip_prefix('=')?.trim();
    if value.is_empty() || !matches!(name.as_str(), "syntax" | "escape" | "check") {
        return None;
    }
    Some((name, value.to_string()))
}

/// Strips a trailing escape character (and the blanks after it). Returns the kept length and
/// whether the instruction continues on the next line.
fn trim_continuation(line: &str, escape: char) -> (usize, bool) {
    // BuildKit's regex is `([^\\])\\[ \t]*$` (or the escape alone): an escaped escape at the
    // end (`C:\\`) is text, not a continuation (docker/for-win#5254).
    let t = line.trim_end_matches([' ', '\t']);
    match t.strip_suffix(escape) {
        Some(kept) if !kept.ends_with(escape) => (kept.len(), true),
        _ => (line.len(), false),
    }
}

pub fn parse(src: &str) -> Dockerfile {
    let idx = LineIndex::new(src);
    let lines = split_lines(src);
    let mut out = Dockerfile {
        directives: Vec::new(),
        escape: '\\',
        comments: Vec::new(),
        instructions: Vec::new(),
        errors: Vec::new(),
        warnings: Vec::new(),
    };
    let mut in_directives = true;
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        // A byte-order mark before the first line is not part of the text.
        let first = if i == 0 && src.starts_with('\u{feff}') {
            3
        } else {
            0
        };
        let raw = &src[line.start + first..line.end];
        let lead = line.start + first + leading_space(raw);
        let content = &src[lead..line.end];
        if in_directives {
            match directive(content) {
                Some((name, value)) => {
                    let span = idx.span(lead, line.end);
                    if out.directives.iter().any(|d| d.name == name) {
                        out.errors.push(Diagnostic {
                            message: format!("only one {name} parser directive can be used"),
                            span,
                        });
                    } else {
                        if name == "escape" {
                            match value.as_str() {
                                "\\" => out.escape = '\\',
                                "`" => out.escape = '`',
                                _ => out.errors.push(Diagnostic {
                                    message: format!(
                                        "invalid escape token '{value}': it must be \\ or `"
                                    ),
                                    span,
                                }),
                            }
                        }
                        out.directives.push(Directive { name, value, span });
                    }
                }
                None => in_directives = false,
            }
        }
        if content.starts_with('#') {
            push_comment(&mut out, &idx, lead, line.end);
            i += 1;
            continue;
        }
        let (kept, mut continues) = trim_continuation(content, out.escape);
        if !continues && kept == 0 {
            i += 1;
            continue;
        }
        // Build the logical line from the pieces of each physical line.
        let start_line = i + 1;
        let mut text = String::with_capacity(kept);
        let mut map: Vec<(usize, usize)> = Vec::new();
        text.push_str(&content[..kept]);
        map.push((0, lead));
        let mut last = i;
        i += 1;
        while continues && i < lines.len() {
            let l = lines[i];
            let raw = &src[l.start..l.end];
            let lead = leading_space(raw);
            if raw[lead..].starts_with('#') {
                push_comment(&mut out, &idx, l.start + lead, l.end);
            } else if lead == raw.len() {
                out.warnings.push(Diagnostic {
                    message:
                        "empty continuation line: BuildKit warns and a future version may reject it"
                            .into(),
                    span: idx.span(l.start, l.end),
                });
            } else {
                let (kept, more) = trim_continuation(raw, out.escape);
                map.push((text.len(), l.start));
                text.push_str(&raw[..kept]);
                continues = more;
            }
            last = i;
            i += 1;
        }
        let mut ctx = ArgsCtx {
            idx: &idx,
            escape: out.escape,
            errors: Vec::new(),
        };
        let mut ins = args::instruction(&text, &map, 0, &mut ctx);
        ins.start_line = start_line;
        // Heredoc bodies start on the line after the instruction's last line.
        if ins.may_have_heredocs() && text.contains("<<") {
            for marker in args::heredoc_markers(&ins, &text, &map, &idx) {
                let (heredoc, next) = read_heredoc(src, &lines, i, marker, &idx, &mut ctx.errors);
                if next > i {
                    last = next - 1;
                }
                i = next;
                ins.heredocs.push(heredoc);
            }
        }
        let end = lines[last].end.max(lead);
        ins.span = idx.span(ins.keyword_span.start, end);
        ins.end_line = last + 1;
        out.errors.append(&mut ctx.errors);
        out.instructions.push(ins);
    }
    check_file(&mut out, &idx);
    crate::sort::sort_by_key(&mut out.errors, |d| (d.span.start, d.span.end));
    out
}

fn push_comment(out: &mut Dockerfile, idx: &LineIndex, start: usize, end: usize) {
    let text = idx_text(idx, start, end);
    out.comments.push(Comment {
        text,
        span: idx.span(start, end),
    });
}

fn idx_text(idx: &LineIndex, start: usize, end: usize) -> String {
    idx.text(start, end)
        .trim_start_matches('#')
        .trim()
        .to_string()
}

/// A heredoc marker found on an instruction line, before its body is read.
pub struct Marker {
    pub name: String,
    pub chomp: bool,
    pub expand: bool,
    pub fd: Option<u32>,
    pub span: Span,
}

/// Reads a heredoc body from line `i` on; returns it and the index of the first line after it.
fn read_heredoc(
    src: &str,
    lines: &[Line],
    mut i: usize,
    m: Marker,
    idx: &LineIndex,
    errors: &mut Vec<Diagnostic>,
) -> (Heredoc, usize) {
    let body_start = lines.get(i).map_or(src.len(), |l| l.start);
    let mut body_end = body_start;
    let mut terminator = None;
    while i < lines.len() {
        let l = lines[i];
        let mut candidate = &src[l.start..l.end];
        if m.chomp {
            candidate = candidate.trim_start_matches('\t');
        }
        i += 1;
        if candidate == m.name {
            terminator = Some(idx.span(l.start, l.end));
            break;
        }
        body_end = l.next;
    }
    if terminator.is_none() {
        errors.push(Diagnostic {
            message: format!(
                "unterminated heredoc: the file ends before a line that is exactly {}",
                m.name
            ),
            span: m.span,
        });
    }
    let content = src[body_start..body_end].to_string();
    let heredoc = Heredoc {
        name: m.name,
        chomp: m.chomp,
        expand: m.expand,
        fd: m.fd,
        content,
        marker_span: m.span,
        body_span: idx.span(body_start, body_end),
        terminator_span: terminator,
    };
    (heredoc, i)
}

/// Whole-file checks: an empty file, and instructions before the first FROM.
fn check_file(out: &mut Dockerfile, idx: &LineIndex) {
    if out.instructions.is_empty() {
        out.errors.push(Diagnostic {
            message: "file with no instructions: a Dockerfile needs at least a FROM".into(),
            span: idx.span(0, 0),
        });
        return;
    }
    let mut seen_from = false;
    for ins in &out.instructions {
        match ins.keyword {
            Keyword::From => seen_from = true,
            Keyword::Arg | Keyword::Unknown => {}
            k if !seen_from => out.errors.push(Diagnostic {
                message: format!(
                    "{} comes before any FROM: only ARG may stand before the first FROM",
                    k.as_str()
                ),
                span: ins.keyword_span,
            }),
            _ => {}
        }
    }
    if !seen_from {
        let first = out.instructions[0].keyword_span;
        out.errors.push(Diagnostic {
            message: "no FROM instruction: every build stage starts with FROM".into(),
            span: first,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn directives_end_at_first_other_line() {
        let df = parse("# syntax=docker/dockerfile:1\n# escape=`\n\n# escape=\\\nFROM a\n");
        assert_eq!(df.directives.len(), 2);
        assert_eq!(df.escape, '`');
        assert!(df.errors.is_empty(), "{:?}", df.errors);
    }

    #[test]
    fn continuation_skips_comments_and_blank_lines() {
        let df = parse("FROM a\nRUN echo a \\\n# note\n\n  && echo b\nCMD x\n");
        let run = &df.instructions[1];
        assert_eq!((run.start_line, run.end_line), (2, 5));
        assert_eq!(run.text, "echo a   && echo b");
        assert_eq!(df.warnings.len(), 1);
        assert_eq!(df.comments.len(), 1);
        // Every piece of the logical text maps back to the same text in the source.
        let amp = run.text.find("&&").unwrap_or(usize::MAX);
        let src_off = run.source_offset(amp);
        assert_eq!(
            &"FROM a\nRUN echo a \\\n# note\n\n  && echo b\nCMD x\n"[src_off..src_off + 2],
            "&&"
        );
    }

    #[test]
    fn heredoc_bodies_follow_the_line() {
        let src = "FROM a\nRUN <<EOF bash\nset -e\napt-get update\nEOF\nCOPY <<-A <<B /x/\n\tone\n\tA\ntwo\nB\n";
        let df = parse(src);
        assert!(df.errors.is_empty(), "{:?}", df.errors);
        let run = &df.instructions[1];
        assert_eq!((run.start_line, run.end_line), (2, 5));
        assert_eq!(run.heredocs[0].content, "set -e\napt-get update\n");
        let copy = &df.instructions[2];
        assert_eq!((copy.start_line, copy.end_line), (6, 10));
        assert_eq!(copy.heredocs.len(), 2);
        assert_eq!(copy.heredocs[1].content, "two\n");
    }

    #[test]
    fn unterminated_heredoc_is_an_error_not_a_failure() {
        let df = parse("FROM a\nRUN <<EOF\necho\n");
        assert_eq!(df.instructions.len(), 2);
        assert_eq!(df.errors.len(), 1);
        assert_eq!(df.errors[0].span.line, 2);
    }

    #[test]
    fn bom_and_crlf() {
        let df = parse("\u{feff}FROM a\r\nRUN b \\\r\n  c\r\n");
        assert_eq!(df.instructions.len(), 2);
        assert_eq!(df.instructions[1].text, "b   c");
        assert_eq!(df.instructions[0].keyword_span.line, 1);
    }

    #[test]
    fn empty_and_fromless_files_are_errors() {
        assert_eq!(parse("").errors.len(), 1);
        assert_eq!(parse("# just a comment\n").errors.len(), 1);
        let df = parse("RUN x\n");
        assert!(df
            .errors
            .iter()
            .any(|e| e.message.contains("before any FROM")));
    }
}
