//! The word splitters BuildKit applies to an instruction's text. Each returns byte ranges into
//! the text it was given, so every word keeps its place in the source.

use std::ops::Range;

/// BuildKit's `parseWords` (ENV, LABEL, ARG): split on whitespace outside quotes; quotes and
/// escapes stay in the word. An escape at the very end is dropped.
pub fn quoted_words(text: &str, escape: char) -> Vec<Range<usize>> {
    let mut words = Vec::new();
    let mut start: Option<usize> = None;
    let mut quote: Option<char> = None;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match quote {
            None => {
                if c.is_whitespace() {
                    if let Some(s) = start.take() {
                        words.push(s..i);
                    }
                    continue;
                }
                if start.is_none() {
                    start = Some(i);
                }
                if c == '\'' || c == '"' {
                    quote = Some(c);
                } else if c == escape {
                    chars.next();
                }
            }
            Some(q) => {
                if c == q {
                    quote = None;
                } else if c == escape && q != '\'' {
                    chars.next();
                }
            }
        }
    }
    if let Some(s) = start {
        words.push(s..text.len());
    }
    words
}

/// BuildKit's `parseStringsWhitespaceDelimited` (FROM, EXPOSE, COPY/ADD/VOLUME in shell form):
/// split on runs of spaces, tabs, \v, \f, \r. No quote handling at all.
pub fn plain_words(text: &str) -> Vec<Range<usize>> {
    let is_sep = |c: char| matches!(c, ' ' | '\t' | '\x0b' | '\x0c' | '\r');
    let mut words = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        if is_sep(c) {
            if let Some(s) = start.take() {
                words.push(s..i);
            }
        } else if start.is_none() {
            start = Some(i);
        }
    }
    if let Some(s) = start {
        words.push(s..text.len());
    }
    words
}

/// Shell-style quote removal (no variable expansion): `'...'` literal, `"..."` with escapes of
/// `"`, the escape char, `$` and backtick, and the escape char outside quotes escaping anything.
pub fn unquote(raw: &str, escape: char) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.chars().peekable();
    let mut quote: Option<char> = None;
    while let Some(c) = chars.next() {
        match quote {
            None if c == '\'' || c == '"' => quote = Some(c),
            None if c == escape => {
                if let Some(n) = chars.next() {
                    out.push(n);
                }
            }
            Some('\'') if c == '\'' => quote = None,
            Some('"') if c == '"' => quote = None,
            Some('"') if c == escape => match chars.peek() {
                Some(&n) if n == '"' || n == escape || n == '$' || n == '`' => {
                    out.push(n);
                    chars.next();
                }
                _ => out.push(c),
            },
            _ => out.push(c),
        }
    }
    out
}

/// The first word of an instruction and where the rest begins: BuildKit's `splitCommand`
/// (trim, then split once on `[\t\v\f\r ]+`).
pub fn split_keyword(text: &str) -> (Range<usize>, usize) {
    let is_sep = |c: char| matches!(c, ' ' | '\t' | '\x0b' | '\x0c' | '\r');
    let start = text.len() - text.trim_start().len();
    let kw_end = text[start..].find(is_sep).map_or(text.len(), |i| start + i);
    let rest = text[kw_end..]
        .find(|c: char| !is_sep(c))
        .map_or(text.len(), |i| kw_end + i);
    (start..kw_end, rest)
}

/// One `--flag` found by [`builder_flags`]: its range and its decoded text (`from=builder`).
pub struct RawFlag {
    pub range: Range<usize>,
    pub text: String,
}

/// BuildKit's `extractBuilderFlags`: the `--name=value` words at the start of the text, with
/// quotes inside a word allowed. Stops at the first word not starting with `--`, or after `--`.
/// Returns the flags and the offset where the arguments begin. The escape is always `\` here,
/// as in BuildKit.
pub fn builder_flags(text: &str) -> (Vec<RawFlag>, usize) {
    let b = text.as_bytes();
    let mut flags = Vec::new();
    let mut pos = 0;
    loop {
        while pos < b.len() && (b[pos] as char).is_ascii_whitespace() {
            pos += 1;
        }
        if pos + 1 >= b.len() || b[pos] != b'-' || b[pos + 1] != b'-' {
            return (flags, pos);
        }
        let start = pos;
        let mut word: Vec<u8> = Vec::new();
        let mut quote: Option<u8> = None;
        while pos < b.len() {
            let c = b[pos];
            match quote {
                None if (c as char).is_ascii_whitespace() => break,
                None if c == b'\'' || c == b'"' => quote = Some(c),
                Some(q) if c == q => quote = None,
                _ if c == b'\\' => {
                    if pos + 1 < b.len() {
                        pos += 1;
                        word.push(b[pos]);
                    }
                }
                _ => word.push(c),
            }
            pos += 1;
        }
        let text = String::from_utf8_lossy(&word).into_owned();
        if text == "--" {
            while pos < b.len() && (b[pos] as char).is_ascii_whitespace() {
                pos += 1;
            }
            return (flags, pos);
        }
        flags.push(RawFlag {
            range: start..pos,
            text: text.trim_start_matches('-').to_string(),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(text: &str, ranges: Vec<Range<usize>>) -> Vec<&str> {
        ranges.into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn quoted_words_keep_quotes() {
        let t = r#"A="b c" D=e\ f G='h i'"#;
        assert_eq!(
            texts(t, quoted_words(t, '\\')),
            [r#"A="b c""#, r"D=e\ f", "G='h i'"]
        );
    }

    #[test]
    fn unquote_like_a_shell() {
        assert_eq!(unquote(r#""b c""#, '\\'), "b c");
        assert_eq!(unquote(r"e\ f", '\\'), "e f");
        assert_eq!(unquote(r#"'a\b'"#, '\\'), r"a\b");
        assert_eq!(unquote(r#""a\"b\n""#, '\\'), "a\"b\\n");
        assert_eq!(unquote("C:\\x", '`'), "C:\\x");
    }

    #[test]
    fn flags_stop_at_first_argument() {
        let t = "--from=build --chown=\"a b\" --link src dst";
        let (flags, rest) = builder_flags(t);
        let names: Vec<_> = flags.iter().map(|f| f.text.as_str()).collect();
        assert_eq!(names, ["from=build", "chown=a b", "link"]);
        assert_eq!(&t[rest..], "src dst");
        let (flags, rest) = builder_flags("-- --not-a-flag x");
        assert!(flags.is_empty());
        assert_eq!(rest, 3);
    }

    #[test]
    fn keyword_split() {
        let t = "  RUN\t echo hi";
        let (kw, rest) = split_keyword(t);
        assert_eq!(&t[kw], "RUN");
        assert_eq!(&t[rest..], "echo hi");
        assert_eq!(split_keyword("CMD"), (0..3, 3));
    }
}
