//! Inside a word: double quotes, `$` expansions (parameters, `$( )`, `$(( ))`), backticks and
//! `$'...'` strings — each parsed where it stands, so spans point into the original text.

use super::*;

impl Parser<'_> {
    /// At `"`: the double-quoted string. Returns whether it holds an expansion.
    pub(super) fn dquote(&mut self, value: &mut String) -> bool {
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
    pub(super) fn dollar(&mut self, value: &mut String, in_dq: bool) -> (bool, bool) {
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
    pub(super) fn try_arith(&mut self, from: usize) -> bool {
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
    pub(super) fn comsub(&mut self, start: usize) {
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
    pub(super) fn backtick(&mut self) {
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
    pub(super) fn param(&mut self, start: usize, in_dq: bool) {
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
    pub(super) fn ansi_c(&mut self, value: &mut String) {
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
    pub(super) fn skip_balanced(&mut self, close: u8) -> bool {
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
