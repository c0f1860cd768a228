//! The tokenizer and the (flat) parser. One cursor walks the source once; command substitutions
//! are parsed when their word is lexed, by a recursive call that shares the cursor, so every span
//! points into the original text.
//!
//! Here: the parser — commands, lists, compound commands and their keywords. `lexer.rs` — the
//! next token and one word; `words.rs` — what is inside a word (quotes, expansions, backticks).

mod lexer;
mod words;

use super::{Command, Operator, Redirect, Script, ShellError, Word};
use std::ops::Range;

/// Deeper `$( )` / `${ }` / backtick nesting is skipped without recursing. Each level costs about
/// 1 KiB of stack in release and 3 KiB in debug builds; wasm32 has 1 MiB in all. Real scripts
/// nest a handful of levels.
pub(super) const MAX_DEPTH: usize = 128;
/// Garbage input can produce an error per byte; nobody reads past the first few.
const MAX_ERRORS: usize = 100;

pub(super) fn parse(src: &str) -> Script {
    let mut p = Parser {
        src,
        b: src.as_bytes(),
        pos: 0,
        limit: src.len(),
        depth: 0,
        // Arithmetic is recognised by scanning ahead; the budget keeps adversarial input linear.
        arith_budget: src.len().saturating_mul(4).saturating_add(4096),
        commands: Vec::new(),
        errors: Vec::new(),
        pending: Vec::new(),
        heredocs: Vec::new(),
        deep_reported: false,
    };
    p.parse_list(Term::Eof, false);
    for h in std::mem::take(&mut p.pending) {
        p.error(
            format!("here-document `{}` has no body", h.delim),
            h.start..h.end,
        );
    }
    let Parser {
        mut commands,
        errors,
        mut heredocs,
        ..
    } = p;
    if !heredocs.is_empty() {
        crate::sort::sort_by_key(&mut heredocs, |h| h.0);
        for r in commands.iter_mut().flat_map(|c| c.redirects.iter_mut()) {
            if let Ok(i) = heredocs.binary_search_by_key(&r.span.start, |h| h.0) {
                r.heredoc = heredocs.get(i).map(|h| h.1.clone());
            }
        }
    }
    // Nested commands are finished before the command containing them.
    crate::sort::sort_by_key(&mut commands, |c| c.span.start);
    Script { commands, errors }
}

/// Byte index of the `=` when `raw` starts with `NAME=`, `NAME+=` or `NAME[idx]=`.
pub(super) fn assignment_eq(raw: &str) -> Option<usize> {
    let b = raw.as_bytes();
    let first = *b.first()?;
    if !(first == b'_' || first.is_ascii_alphabetic()) {
        return None;
    }
    let mut i = 1;
    while i < b.len() && (b[i] == b'_' || b[i].is_ascii_alphanumeric()) {
        i += 1;
    }
    if b.get(i) == Some(&b'[') {
        i += b[i..].iter().position(|&c| c == b']')? + 1;
    }
    if b.get(i) == Some(&b'+') {
        i += 1;
    }
    (b.get(i) == Some(&b'=')).then_some(i)
}

fn utf8_len(lead: u8) -> usize {
    match lead {
        0xF0.. => 4,
        0xE0.. => 3,
        0xC0.. => 2,
        _ => 1,
    }
}

/// Bytes that end or change the meaning of an unquoted run of word characters.
fn is_special(c: u8) -> bool {
    matches!(
        c,
        b' ' | b'\t'
            | b'\r'
            | b'\n'
            | b';'
            | b'&'
            | b'|'
            | b'<'
            | b'>'
            | b'('
            | b')'
            | b'\\'
            | b'\''
            | b'"'
            | b'$'
            | b'`'
            | b'*'
            | b'?'
            | b'['
            | b']'
    )
}

/// Bytes that end an unquoted word.
fn ends_word(c: u8) -> bool {
    matches!(
        c,
        b' ' | b'\t' | b'\r' | b'\n' | b';' | b'&' | b'|' | b'<' | b'>' | b'(' | b')'
    )
}

fn is_keyword(w: &Word, kw: &str) -> bool {
    !w.quoted && w.raw == kw
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Term {
    /// Runs to `limit`.
    Eof,
    /// Ends at the `)` closing a `$(` / `<(`.
    Paren,
}

/// Where we are in a compound command's header, which is structure rather than commands.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Mode {
    Normal,
    /// After `for`/`select`: the variable name.
    ForName,
    /// After the name: `in`, `do`, `;` or newlines.
    ForAfterName,
    /// The words after `in`, up to `;` or newline.
    ForWords,
    /// After `case`: the subject word.
    CaseSubject,
    /// After the subject: `in`.
    CaseIn,
    /// Patterns of a case arm, up to `)`.
    CasePattern,
    /// After `function`: the name (and an optional `()`).
    FuncName,
}

enum Ctx {
    /// `(` at this offset.
    Subshell(usize),
    Case,
}

enum Tok {
    Word(Word),
    Op(Operator),
    /// `;;`, `;&`, `;;&` at this offset.
    DSemi(usize),
    LParen(usize),
    RParen(usize),
    Redir(Redirect),
    Eof,
}

struct PendingHeredoc {
    delim: String,
    strip_tabs: bool,
    /// The redirection's span, to find it again and for errors.
    start: usize,
    end: usize,
}

#[derive(Default)]
struct Builder {
    assignments: Vec<Word>,
    words: Vec<Word>,
    redirects: Vec<Redirect>,
    span: Option<Range<usize>>,
}

impl Builder {
    fn is_empty(&self) -> bool {
        self.span.is_none()
    }
    fn extend(&mut self, r: &Range<usize>) {
        match &mut self.span {
            Some(s) => s.end = s.end.max(r.end),
            None => self.span = Some(r.clone()),
        }
    }
    fn push_word(&mut self, w: Word) {
        self.extend(&w.span);
        if self.words.is_empty() && assignment_eq(&w.raw).is_some() {
            self.assignments.push(w);
        } else {
            self.words.push(w);
        }
    }
    fn push_redirect(&mut self, r: Redirect) {
        self.extend(&r.span);
        self.redirects.push(r);
    }
}

/// Per-list state: one per `parse_list` call (top level, or one substitution).
struct Level {
    cur: Builder,
    stack: Vec<Ctx>,
    mode: Mode,
    /// Inside `[[ ]]`, where `&&`, `<`, `(` ... are words.
    cond: bool,
    /// Just after `fi`/`done`/`}`/`esac`/`)`/`(( ))`: redirections belong to that compound.
    after_close: bool,
    /// Index in `commands` of the last command finished at this level.
    last: Option<usize>,
    nested: bool,
}

struct Parser<'s> {
    src: &'s str,
    b: &'s [u8],
    pos: usize,
    /// End of the text being parsed: `src.len()`, or the closing backtick inside backticks.
    limit: usize,
    depth: usize,
    arith_budget: usize,
    commands: Vec<Command>,
    errors: Vec<ShellError>,
    pending: Vec<PendingHeredoc>,
    /// (redirection start, body range).
    heredocs: Vec<(usize, Range<usize>)>,
    deep_reported: bool,
}

impl Parser<'_> {
    fn error(&mut self, message: impl Into<String>, span: Range<usize>) {
        match self.errors.len() {
            n if n < MAX_ERRORS => self.errors.push(ShellError {
                message: message.into(),
                span,
            }),
            MAX_ERRORS => self.errors.push(ShellError {
                message: "too many errors; the rest are not reported".into(),
                span,
            }),
            _ => {}
        }
    }

    fn too_deep(&mut self, at: usize) {
        if !self.deep_reported {
            self.deep_reported = true;
            self.error(
                format!("nesting deeper than {MAX_DEPTH} levels; inner commands not analysed"),
                at..at + 1,
            );
        }
    }

    fn peek(&self, off: usize) -> Option<u8> {
        let i = self.pos + off;
        if i < self.limit {
            Some(self.b[i])
        } else {
            None
        }
    }

    fn at(&self, s: &[u8]) -> bool {
        self.b
            .get(self.pos..self.limit)
            .is_some_and(|rest| rest.starts_with(s))
    }

    /// Moves past one whole character (never splits UTF-8).
    fn advance_char(&mut self) {
        if let Some(&c) = self.b.get(self.pos) {
            self.pos = (self.pos + utf8_len(c)).min(self.limit);
        }
    }

    /// Skips blanks, line continuations and a comment (up to, not including, the newline).
    fn skip_blanks(&mut self) {
        while self.pos < self.limit {
            match self.b[self.pos] {
                b' ' | b'\t' | b'\r' => self.pos += 1,
                b'\\' if self.peek(1) == Some(b'\n') => self.pos += 2,
                b'\\' if self.peek(1) == Some(b'\r') && self.peek(2) == Some(b'\n') => {
                    self.pos += 3
                }
                b'#' => {
                    self.pos = self.b[self.pos..self.limit]
                        .iter()
                        .position(|&c| c == b'\n')
                        .map_or(self.limit, |i| self.pos + i);
                }
                _ => break,
            }
        }
    }

    // ---------------------------------------------------------------- parser

    /// Parses commands until `limit` (or, for `Term::Paren`, the unmatched `)`, which is
    /// consumed). Returns whether that `)` was found.
    fn parse_list(&mut self, term: Term, nested: bool) -> bool {
        // Kept small: this frame is on the recursion path of nested substitutions, `step` is not.
        let mut st = Box::new(Level {
            cur: Builder::default(),
            stack: Vec::new(),
            mode: Mode::Normal,
            cond: false,
            after_close: false,
            last: None,
            nested,
        });
        loop {
            if st.mode == Mode::Normal && st.cur.is_empty() && !st.cond {
                // `(( expr ))` is arithmetic, not two subshells.
                self.skip_blanks();
                if self.at(b"((") && self.try_arith(self.pos + 2) {
                    st.after_close = true;
                    continue;
                }
            }
            let tok = self.next_token(st.cond);
            if let Some(closed) = self.step(&mut st, tok, term) {
                return closed;
            }
        }
    }

    /// Handles one token. Returns `Some` when the list ends (with whether `)` closed it).
    #[inline(never)]
    fn step(&mut self, st: &mut Level, tok: Tok, term: Term) -> Option<bool> {
        let tok = self.header(st, tok)?;
        match tok {
            Tok::Eof => {
                self.finish(st, None);
                if let Some(Ctx::Subshell(at)) =
                    st.stack.iter().find(|c| matches!(c, Ctx::Subshell(_)))
                {
                    let at = *at;
                    self.error("unclosed `(`", at..at + 1);
                }
                return Some(false);
            }
            Tok::Word(w) => {
                if st.cur.is_empty() && !st.cond && !w.quoted && self.keyword(st, &w) {
                    return None;
                }
                st.after_close = false;
                if st.cond && is_keyword(&w, "]]") {
                    st.cond = false;
                }
                st.cur.push_word(w);
            }
            Tok::Redir(r) => {
                if !(st.after_close && st.cur.is_empty()) {
                    st.cur.push_redirect(r);
                }
            }
            Tok::Op(op) => {
                st.cond = false;
                st.after_close = false;
                self.finish(st, Some(op));
            }
            Tok::DSemi(at) => {
                st.cond = false;
                st.after_close = false;
                self.finish(st, Some(Operator::Semi));
                if matches!(st.stack.last(), Some(Ctx::Case)) {
                    st.mode = Mode::CasePattern;
                } else {
                    self.error("`;;` outside a case arm", at..at + 2);
                }
            }
            Tok::LParen(at) => {
                st.after_close = false;
                if st.cur.is_empty() {
                    st.stack.push(Ctx::Subshell(at));
                } else if st.cur.words.len() == 1
                    && st.cur.assignments.is_empty()
                    && st.cur.redirects.is_empty()
                    && self.eat_close_paren()
                {
                    // `name() body`: the name is not a command; the body follows.
                    st.cur = Builder::default();
                } else {
                    self.error("unexpected `(`", at..at + 1);
                    self.finish(st, None);
                    st.stack.push(Ctx::Subshell(at));
                }
            }
            Tok::RParen(at) => {
                st.cond = false;
                if let Some(i) = st.stack.iter().rposition(|c| matches!(c, Ctx::Subshell(_))) {
                    self.finish(st, None);
                    st.stack.truncate(i);
                    st.after_close = true;
                } else if term == Term::Paren {
                    self.finish(st, None);
                    return Some(true);
                } else {
                    self.error("unmatched `)`", at..at + 1);
                    self.finish(st, None);
                }
            }
        }
        None
    }

    /// Handles reserved words at command position. Returns true when `w` was one.
    fn keyword(&mut self, st: &mut Level, w: &Word) -> bool {
        match w.raw.as_str() {
            "if" | "then" | "else" | "elif" | "do" | "while" | "until" | "{" | "!" => {
                st.after_close = false;
            }
            "fi" | "done" | "}" => st.after_close = true,
            "esac" => {
                if matches!(st.stack.last(), Some(Ctx::Case)) {
                    st.stack.pop();
                }
                st.after_close = true;
            }
            "for" | "select" => {
                st.mode = Mode::ForName;
                self.skip_blanks();
                if self.at(b"((") && self.try_arith(self.pos + 2) {
                    st.mode = Mode::ForAfterName;
                }
            }
            "case" => st.mode = Mode::CaseSubject,
            "function" => st.mode = Mode::FuncName,
            "[[" => {
                st.cond = true;
                return false;
            }
            _ => return false,
        }
        true
    }

    /// Consumes tokens that belong to a for/case/function header. Returns the token when it is
    /// to be handled as ordinary script.
    fn header(&mut self, st: &mut Level, tok: Tok) -> Option<Tok> {
        let is_nl = matches!(tok, Tok::Op(Operator::Newline));
        match st.mode {
            Mode::Normal => return Some(tok),
            Mode::ForName => {
                if matches!(tok, Tok::Word(_)) {
                    st.mode = Mode::ForAfterName;
                    return None;
                }
            }
            Mode::ForAfterName => match &tok {
                _ if is_nl => return None,
                Tok::Word(w) if is_keyword(w, "in") => {
                    st.mode = Mode::ForWords;
                    return None;
                }
                Tok::Word(w) if is_keyword(w, "do") => {
                    st.mode = Mode::Normal;
                    return None;
                }
                Tok::Op(Operator::Semi) => {
                    st.mode = Mode::Normal;
                    return None;
                }
                Tok::Word(_) => {
                    st.mode = Mode::ForWords;
                    return None;
                }
                _ => {}
            },
            Mode::ForWords => match &tok {
                Tok::Word(_) => return None,
                Tok::Op(Operator::Semi | Operator::Newline) => {
                    st.mode = Mode::Normal;
                    return None;
                }
                _ => {}
            },
            Mode::CaseSubject => {
                if matches!(tok, Tok::Word(_)) {
                    st.mode = Mode::CaseIn;
                    return None;
                }
            }
            Mode::CaseIn => match &tok {
                _ if is_nl => return None,
                Tok::Word(w) if is_keyword(w, "in") => {
                    st.stack.push(Ctx::Case);
                    st.mode = Mode::CasePattern;
                    return None;
                }
                _ => {}
            },
            Mode::CasePattern => match &tok {
                Tok::Word(w) if is_keyword(w, "esac") => {
                    if matches!(st.stack.last(), Some(Ctx::Case)) {
                        st.stack.pop();
                    }
                    st.mode = Mode::Normal;
                    st.after_close = true;
                    return None;
                }
                Tok::RParen(_) => {
                    st.mode = Mode::Normal;
                    return None;
                }
                Tok::Word(_) | Tok::LParen(_) | Tok::DSemi(_) | Tok::Op(Operator::Pipe) => {
                    return None
                }
                _ if is_nl => return None,
                _ => {}
            },
            Mode::FuncName => {
                if matches!(tok, Tok::Word(_)) {
                    self.skip_blanks();
                    if self.at(b"(") {
                        self.pos += 1;
                        self.eat_close_paren();
                    }
                    st.mode = Mode::Normal;
                    return None;
                }
            }
        }
        // Not what the header expected: recover by treating it as ordinary script.
        st.mode = Mode::Normal;
        Some(tok)
    }

    /// After `name(`: consumes `)` if it comes next.
    fn eat_close_paren(&mut self) -> bool {
        self.skip_blanks();
        if self.at(b")") {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn finish(&mut self, st: &mut Level, op: Option<Operator>) {
        let b = std::mem::take(&mut st.cur);
        if let Some(span) = b.span {
            self.commands.push(Command {
                assignments: b.assignments,
                program: super::command::program_index(&b.words),
                words: b.words,
                redirects: b.redirects,
                span,
                next: op,
                nested: st.nested,
            });
            st.last = Some(self.commands.len() - 1);
        } else if let (Some(op), Some(i)) = (op, st.last) {
            // `( a ) && b`: the operator continues the compound's last command.
            if let Some(c) = self.commands.get_mut(i) {
                if c.next.is_none() {
                    c.next = Some(op);
                }
            }
        }
    }
}
