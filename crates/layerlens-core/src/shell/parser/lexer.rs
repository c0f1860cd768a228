//! The tokenizer: the next token (operators, redirections with their here-documents) and one
//! word as written, with its spans in the source.

use super::*;

impl Parser<'_> {
    pub(super) fn next_token(&mut self, cond: bool) -> Tok {
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
    pub(super) fn redirect(&mut self, start: usize, op_at: usize) -> Tok {
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
    pub(super) fn read_heredocs(&mut self) {
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
    pub(super) fn lex_word(&mut self, cond: bool) -> Word {
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
}
