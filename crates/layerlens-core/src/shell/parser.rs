//! The tokenizer and the (flat) parser. One cursor walks the source once; command substitutions
//! are parsed when their word is lexed, by a recursive call that shares the cursor, so every span
//! points into the original text.

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

    // ---------------------------------------------------------------- tokens

    fn next_token(&mut self, cond: bool) -> Tok {
        self.skip_blanks();
        if self.pos >= self.limit {
            return Tok::Eof;
        }
        let s = self.pos;
        let c = self.b[s];
        if cond {
            let n = match (c, self.peek(1)) {
                (b'&', Some(b'&')) | (b'|', Some(b'|')) => 2,
                (b'<' | b'>' | b'(' | b')', _) => 1,
                _ => 0,
            };
            if n > 0 {
                self.pos += n;
                let text = &self.src[s..self.pos];
                return Tok::Word(Word {
                    raw: text.to_string(),
                    value: text.to_string(),
                    span: s..self.pos,
                    quoted: false,
                    dynamic: false,
                });
            }
        }
        let op = |p: &mut Self, n: usize, op: Operator| {
            p.pos += n;
            Tok::Op(op)
        };
        match c {
            b'\n' => {
                self.pos += 1;
                self.read_heredocs();
                Tok::Op(Operator::Newline)
            }
            b';' => match (self.peek(1), self.peek(2)) {
                (Some(b';'), Some(b'&')) => {
                    self.pos += 3;
                    Tok::DSemi(s)
                }
                (Some(b';' | b'&'), _) => {
                    self.pos += 2;
                    Tok::DSemi(s)
                }
                _ => op(self, 1, Operator::Semi),
            },
            b'&' => match self.peek(1) {
                Some(b'&') => op(self, 2, Operator::AndIf),
                Some(b'>') => self.redirect(s, s),
                _ => op(self, 1, Operator::Background),
            },
            b'|' => match self.peek(1) {
                Some(b'|') => op(self, 2, Operator::OrIf),
                Some(b'&') => op(self, 2, Operator::Pipe),
                _ => op(self, 1, Operator::Pipe),
            },
            b'(' => {
                self.pos += 1;
                Tok::LParen(s)
            }
            b')' => {
                self.pos += 1;
                Tok::RParen(s)
            }
            b'<' | b'>' if self.peek(1) == Some(b'(') => Tok::Word(self.lex_word(cond)),
            b'<' | b'>' => self.redirect(s, s),
            b'0'..=b'9' => {
                let digits = self.b[s..self.limit]
                    .iter()
                    .take_while(|c| c.is_ascii_digit())
                    .count();
                match self.b.get(s + digits) {
                    Some(b'<' | b'>') if s + digits < self.limit => self.redirect(s, s + digits),
                    _ => Tok::Word(self.lex_word(cond)),
                }
            }
            _ => Tok::Word(self.lex_word(cond)),
        }
    }

    /// A redirection starting at `start` (fd prefix) whose operator starts at `op_at`.
    fn redirect(&mut self, start: usize, op_at: usize) -> Tok {
        const OPS: [&[u8]; 12] = [
            b"&>>", b"&>", b"<<<", b"<<-", b"<<", b"<&", b"<>", b"<", b">>", b">&", b">|", b">",
        ];
        self.pos = op_at;
        let op = OPS.iter().find(|o| self.at(o)).map_or(1, |o| o.len());
        self.pos += op;
        let op_text = &self.b[op_at..self.pos];
        if op_text == b">&" || op_text == b"<&" {
            // `2>&1`, `>&2`, `<&-`: the fd is part of the operator.
            let rest = &self.b[self.pos..self.limit];
            let n = if rest.first() == Some(&b'-') {
                1
            } else {
                rest.iter().take_while(|c| c.is_ascii_digit()).count()
            };
            if n > 0 && rest.get(n).is_none_or(|&c| ends_word(c)) {
                self.pos += n;
                return Tok::Redir(Redirect {
                    op: self.src[start..self.pos].to_string(),
                    target: None,
                    span: start..self.pos,
                    heredoc: None,
                });
            }
        }
        let heredoc = match op_text {
            b"<<" => Some(false),
            b"<<-" => Some(true),
            _ => None,
        };
        let op_end = self.pos;
        self.skip_blanks();
        let target = match self.peek(0) {
            Some(c)
                if !ends_word(c) || (matches!(c, b'<' | b'>') && self.peek(1) == Some(b'(')) =>
            {
                Some(self.lex_word(false))
            }
            _ => {
                self.pos = op_end;
                self.error("redirection without a target", start..op_end);
                None
            }
        };
        let end = target.as_ref().map_or(op_end, |t| t.span.end);
        if let (Some(strip_tabs), Some(t)) = (heredoc, &target) {
            self.pending.push(PendingHeredoc {
                delim: t.value.clone(),
                strip_tabs,
                start,
                end,
            });
        }
        Tok::Redir(Redirect {
            op: self.src[start..op_end].to_string(),
            target,
            span: start..end,
            heredoc: None,
        })
    }

    /// After a newline token: skips the bodies of the heredocs opened on that line.
    fn read_heredocs(&mut self) {
        for h in std::mem::take(&mut self.pending) {
            let body_start = self.pos;
            loop {
                if self.pos >= self.limit {
                    self.error(
                        format!("here-document not terminated by `{}`", h.delim),
                        h.start..h.end,
                    );
                    self.heredocs.push((h.start, body_start..self.limit));
                    break;
                }
                let line_start = self.pos;
                let line_end = self.b[line_start..self.limit]
                    .iter()
                    .position(|&c| c == b'\n')
                    .map_or(self.limit, |i| line_start + i);
                self.pos = (line_end + 1).min(self.limit);
                let mut line = &self.src[line_start..line_end];
                line = line.strip_suffix('\r').unwrap_or(line);
                if h.strip_tabs {
                    line = line.trim_start_matches('\t');
                }
                if line == h.delim {
                    self.heredocs.push((h.start, body_start..line_start));
                    break;
                }
            }
        }
    }

    // ---------------------------------------------------------------- words

    /// Lexes one word at `pos` (which must not be a blank or operator, except `<(`/`>(`).
    fn lex_word(&mut self, cond: bool) -> Word {
        let start = self.pos;
        let mut value = String::new();
        let (mut quoted, mut dynamic, mut bracket) = (false, false, false);
        while self.pos < self.limit {
            let c = self.b[self.pos];
            match c {
                // `[[ $x =~ ^(a|b)$ ]]`: inside a word these are regex characters.
                b'|' | b'(' | b')' if cond && self.pos > start => {
                    value.push(c as char);
                    self.pos += 1;
                }
                b'(' if self.pos > start
                    && assignment_eq(&self.src[start..self.pos]) == Some(self.pos - start - 1) =>
                {
                    // Array assignment `a=(x y)`.
                    let open = self.pos;
                    self.pos += 1;
                    if !self.skip_balanced(b')') {
                        self.error("unterminated array `(`", open..self.limit);
                    }
                    value.push_str(&self.src[open..self.pos]);
                }
                b'<' | b'>' if self.pos == start && self.peek(1) == Some(b'(') => {
                    // Process substitution.
                    self.pos += 2;
                    self.comsub(start);
                    value.push_str(&self.src[start..self.pos]);
                    dynamic = true;
                }
                _ if ends_word(c) => break,
                b'\\' => match self.peek(1) {
                    Some(b'\n') => self.pos += 2,
                    Some(b'\r') if self.peek(2) == Some(b'\n') => self.pos += 3,
                    Some(_) => {
                        self.pos += 1;
                        let s = self.pos;
                        self.advance_char();
                        value.push_str(&self.src[s..self.pos]);
                        quoted = true;
                    }
                    None => {
                        value.push('\\');
                        self.pos += 1;
                    }
                },
                b'\'' => {
                    quoted = true;
                    let open = self.pos;
                    let body = open + 1;
                    match self.b[body..self.limit].iter().position(|&c| c == b'\'') {
                        Some(i) => {
                            value.push_str(&self.src[body..body + i]);
                            self.pos = body + i + 1;
                        }
                        None => {
                            value.push_str(&self.src[body..self.limit]);
                            self.pos = self.limit;
                            self.error("unterminated single quote", open..self.limit);
                        }
                    }
                }
                b'"' => {
                    quoted = true;
                    dynamic |= self.dquote(&mut value);
                }
                b'$' => {
                    let (q, d) = self.dollar(&mut value, false);
                    quoted |= q;
                    dynamic |= d;
                }
                b'`' => {
                    let s = self.pos;
                    self.backtick();
                    value.push_str(&self.src[s..self.pos]);
                    dynamic = true;
                }
                b'*' | b'?' => {
                    dynamic = true;
                    value.push(c as char);
                    self.pos += 1;
                }
                b'[' | b']' => {
                    if c == b'[' {
                        bracket = true;
                    } else if bracket {
                        dynamic = true;
                    }
                    value.push(c as char);
                    self.pos += 1;
                }
                _ => {
                    let s = self.pos;
                    while self.pos < self.limit && !is_special(self.b[self.pos]) {
                        self.pos += 1;
                    }
                    value.push_str(&self.src[s..self.pos]);
                }
            }
        }
        Word {
            raw: self.src[start..self.pos].to_string(),
            value,
            span: start..self.pos,
            quoted,
            dynamic,
        }
    }

    /// At `"`: the double-quoted string. Returns whether it holds an expansion.
    fn dquote(&mut self, value: &mut String) -> bool {
        let open = self.pos;
        self.pos += 1;
        let mut dynamic = false;
        loop {
            if self.pos >= self.limit {
                self.error("unterminated double quote", open..self.limit);
                return dynamic;
            }
            match self.b[self.pos] {
                b'"' => {
                    self.pos += 1;
                    return dynamic;
                }
                b'\\' => match self.peek(1) {
                    Some(c @ (b'$' | b'`' | b'"' | b'\\')) => {
                        value.push(c as char);
                        self.pos += 2;
                    }
                    Some(b'\n') => self.pos += 2,
                    Some(b'\r') if self.peek(2) == Some(b'\n') => self.pos += 3,
                    _ => {
                        value.push('\\');
                        self.pos += 1;
                    }
                },
                b'$' => dynamic |= self.dollar(value, true).1,
                b'`' => {
                    let s = self.pos;
                    self.backtick();
                    value.push_str(&self.src[s..self.pos]);
                    dynamic = true;
                }
                _ => {
                    let s = self.pos;
                    while self.pos < self.limit
                        && !matches!(self.b[self.pos], b'"' | b'\\' | b'$' | b'`')
                    {
                        self.pos += 1;
                    }
                    value.push_str(&self.src[s..self.pos]);
                }
            }
        }
    }

    /// At `$`. Appends the text to `value`; returns (quoted, dynamic).
    fn dollar(&mut self, value: &mut String, in_dq: bool) -> (bool, bool) {
        let start = self.pos;
        match self.peek(1) {
            Some(b'\'') if !in_dq => {
                self.pos += 1;
                self.ansi_c(value);
                (true, false)
            }
            Some(b'"') if !in_dq => {
                // `$"..."` (locale translation) is a double-quoted string.
                self.pos += 1;
                (true, self.dquote(value))
            }
            Some(b'(') => {
                if !(self.peek(2) == Some(b'(') && self.try_arith(start + 3)) {
                    self.pos = start + 2;
                    self.comsub(start);
                }
                value.push_str(&self.src[start..self.pos]);
                (false, true)
            }
            Some(b'{') => {
                self.pos += 2;
                self.param(start, in_dq);
                value.push_str(&self.src[start..self.pos]);
                (false, true)
            }
            Some(c) if c == b'_' || c.is_ascii_alphabetic() => {
                self.pos += 1;
                while self.pos < self.limit
                    && (self.b[self.pos] == b'_' || self.b[self.pos].is_ascii_alphanumeric())
                {
                    self.pos += 1;
                }
                value.push_str(&self.src[start..self.pos]);
                (false, true)
            }
            Some(c) if c.is_ascii_digit() || b"@*#?-$!".contains(&c) => {
                self.pos += 2;
                value.push_str(&self.src[start..self.pos]);
                (false, true)
            }
            _ => {
                self.pos += 1;
                value.push('$');
                (false, false)
            }
        }
    }

    /// At `((` + 2 == `from`: if a matching `))` closes it, moves past it and returns true.
    /// Otherwise (e.g. `$( (a) )`) leaves `pos` alone.
    fn try_arith(&mut self, from: usize) -> bool {
        let mut depth = 0usize;
        let mut i = from;
        while i < self.limit {
            if self.arith_budget == 0 {
                return false;
            }
            self.arith_budget -= 1;
            match self.b[i] {
                b'(' => depth += 1,
                b')' if depth == 0 => {
                    if i + 1 < self.limit && self.b[i + 1] == b')' {
                        self.pos = i + 2;
                        return true;
                    }
                    return false;
                }
                b')' => depth -= 1,
                _ => {}
            }
            i += 1;
        }
        false
    }

    /// After `$(` or `<(` (opened at `start`): the commands up to the matching `)`.
    fn comsub(&mut self, start: usize) {
        let closed = if self.depth >= MAX_DEPTH {
            self.too_deep(start);
            self.skip_balanced(b')')
        } else {
            self.depth += 1;
            let closed = self.parse_list(Term::Paren, true);
            self.depth -= 1;
            closed
        };
        if !closed {
            self.error("unterminated command substitution `$(`", start..self.limit);
        }
    }

    /// At a backtick: the commands up to the next unescaped backtick.
    fn backtick(&mut self) {
        let open = self.pos;
        let mut i = open + 1;
        let mut close = None;
        while i < self.limit {
            match self.b[i] {
                b'\\' => i += 2,
                b'`' => {
                    close = Some(i);
                    break;
                }
                _ => i += 1,
            }
        }
        let inner_end = close.unwrap_or(self.limit);
        if self.depth >= MAX_DEPTH {
            self.too_deep(open);
        } else {
            let outer = self.limit;
            self.limit = inner_end;
            self.pos = open + 1;
            self.depth += 1;
            self.parse_list(Term::Eof, true);
            self.depth -= 1;
            self.limit = outer;
        }
        match close {
            Some(c) => self.pos = c + 1,
            None => {
                self.pos = self.limit;
                self.error("unterminated backtick", open..self.limit);
            }
        }
    }

    /// After `${` (opened at `start`): up to the matching `}`. Only scanned, for its end and for
    /// command substitutions inside (`${x:-$(cmd)}`).
    fn param(&mut self, start: usize, in_dq: bool) {
        if self.depth >= MAX_DEPTH {
            self.too_deep(start);
            if !self.skip_balanced(b'}') {
                self.error("unterminated `${`", start..self.limit);
            }
            return;
        }
        self.depth += 1;
        let mut scratch = String::new();
        let mut closed = false;
        while self.pos < self.limit {
            match self.b[self.pos] {
                b'}' => {
                    self.pos += 1;
                    closed = true;
                    break;
                }
                b'\\' => {
                    self.pos += 1;
                    self.advance_char();
                }
                b'\'' if !in_dq => {
                    let body = self.pos + 1;
                    self.pos = self.b[body..self.limit]
                        .iter()
                        .position(|&c| c == b'\'')
                        .map_or(self.limit, |i| body + i + 1);
                }
                b'"' => {
                    self.dquote(&mut scratch);
                }
                b'$' => {
                    self.dollar(&mut scratch, in_dq);
                }
                b'`' => self.backtick(),
                _ => self.advance_char(),
            }
            scratch.clear();
        }
        self.depth -= 1;
        if !closed {
            self.error("unterminated `${`", start..self.limit);
        }
    }

    /// At the `'` of `$'...'`: ANSI-C quoting with escapes resolved.
    fn ansi_c(&mut self, value: &mut String) {
        let open = self.pos - 1;
        self.pos += 1;
        loop {
            if self.pos >= self.limit {
                self.error("unterminated `$'` string", open..self.limit);
                return;
            }
            match self.b[self.pos] {
                b'\'' => {
                    self.pos += 1;
                    return;
                }
                b'\\' => {
                    self.pos += 1;
                    let Some(c) = self.peek(0) else {
                        value.push('\\');
                        continue;
                    };
                    self.pos += 1;
                    let simple = match c {
                        b'n' => Some('\n'),
                        b't' => Some('\t'),
                        b'r' => Some('\r'),
                        b'a' => Some('\x07'),
                        b'b' => Some('\x08'),
                        b'e' | b'E' => Some('\x1b'),
                        b'f' => Some('\x0c'),
                        b'v' => Some('\x0b'),
                        b'\\' | b'\'' | b'"' | b'?' => Some(c as char),
                        _ => None,
                    };
                    if let Some(ch) = simple {
                        value.push(ch);
                        continue;
                    }
                    let (radix, max) = match c {
                        b'0'..=b'7' => {
                            self.pos -= 1;
                            (8, 3)
                        }
                        b'x' => (16, 2),
                        b'u' => (16, 4),
                        b'U' => (16, 8),
                        b'c' => {
                            match self.peek(0) {
                                Some(k) if k.is_ascii() => {
                                    self.pos += 1;
                                    value.push((k & 0x1f) as char);
                                }
                                _ => value.push_str("\\c"),
                            }
                            continue;
                        }
                        _ => {
                            value.push('\\');
                            self.pos -= 1;
                            let s = self.pos;
                            self.advance_char();
                            value.push_str(&self.src[s..self.pos]);
                            continue;
                        }
                    };
                    let mut n: u32 = 0;
                    let mut len = 0;
                    while len < max {
                        match self.peek(0).and_then(|d| (d as char).to_digit(radix)) {
                            Some(d) => {
                                n = n.saturating_mul(radix).saturating_add(d);
                                self.pos += 1;
                                len += 1;
                            }
                            None => break,
                        }
                    }
                    if len == 0 {
                        value.push('\\');
                        value.push(c as char);
                    } else {
                        value.push(char::from_u32(n).unwrap_or('\u{FFFD}'));
                    }
                }
                _ => {
                    let s = self.pos;
                    while self.pos < self.limit && !matches!(self.b[self.pos], b'\'' | b'\\') {
                        self.pos += 1;
                    }
                    value.push_str(&self.src[s..self.pos]);
                }
            }
        }
    }

    /// Skips, without recursion, to just past the `close` balancing an opener already consumed.
    /// Quote-aware; used past the depth limit and for array literals.
    fn skip_balanced(&mut self, close: u8) -> bool {
        let mut stack = vec![close];
        while let Some(&top) = stack.last() {
            if self.pos >= self.limit {
                return false;
            }
            let c = self.b[self.pos];
            let next = self.peek(1);
            if c == b'\\' {
                self.pos += 1;
                self.advance_char();
                continue;
            }
            if top == b'"' {
                match (c, next) {
                    (b'"', _) => {
                        stack.pop();
                    }
                    (b'`', _) => stack.push(b'`'),
                    (b'$', Some(b'(')) => {
                        stack.push(b')');
                        self.pos += 1;
                    }
                    (b'$', Some(b'{')) => {
                        stack.push(b'}');
                        self.pos += 1;
                    }
                    _ => {}
                }
            } else {
                match (c, next) {
                    (b'\'', _) => {
                        let body = self.pos + 1;
                        match self.b[body..self.limit].iter().position(|&c| c == b'\'') {
                            Some(i) => self.pos = body + i,
                            None => {
                                self.pos = self.limit;
                                return false;
                            }
                        }
                    }
                    (b'"', _) => stack.push(b'"'),
                    (b'`', _) if top == b'`' => {
                        stack.pop();
                    }
                    (b'`', _) => stack.push(b'`'),
                    (b'$', Some(b'(')) => {
                        stack.push(b')');
                        self.pos += 1;
                    }
                    (b'$', Some(b'{')) => {
                        stack.push(b'}');
                        self.pos += 1;
                    }
                    (b'(', _) => stack.push(b')'),
                    (b')' | b'}', _) if c == top => {
                        stack.pop();
                    }
                    _ => {}
                }
            }
            self.advance_char();
        }
        true
    }
}
