//! Just enough JSON to decide what BuildKit decides for exec form: `["a", "b"]` is exec form,
//! valid JSON that is not an array of strings is an error, anything else is shell form.

/// What a candidate exec-form argument list turned out to be.
#[derive(Debug, PartialEq)]
pub enum JsonArray {
    /// A valid JSON array of strings: each string with its byte range (quotes included) in the input.
    Strings(Vec<(String, std::ops::Range<usize>)>),
    /// Valid JSON array, but some element is not a string (BuildKit rejects this).
    NotStrings,
    /// Not a JSON array at all: the text is shell form.
    Invalid,
}

const MAX_DEPTH: usize = 128;

pub fn parse_string_array(src: &str) -> JsonArray {
    let mut p = P {
        s: src.as_bytes(),
        i: 0,
    };
    p.ws();
    if p.peek() != Some(b'[') {
        return JsonArray::Invalid;
    }
    p.i += 1;
    let mut items = Vec::new();
    let mut all_strings = true;
    p.ws();
    if p.peek() == Some(b']') {
        p.i += 1;
    } else {
        loop {
            p.ws();
            let start = p.i;
            if p.peek() == Some(b'"') {
                match p.string() {
                    Some(v) => items.push((v, start..p.i)),
                    None => return JsonArray::Invalid,
                }
            } else {
                if !p.value(0) {
                    return JsonArray::Invalid;
                }
                all_strings = false;
            }
            p.ws();
            match p.peek() {
                Some(b',') => p.i += 1,
                Some(b']') => {
                    p.i += 1;
                    break;
                }
                _ => return JsonArray::Invalid,
            }
        }
    }
    p.ws();
    if p.i != p.s.len() {
        return JsonArray::Invalid;
    }
    if all_strings {
        JsonArray::Strings(items)
    } else {
        JsonArray::NotStrings
    }
}

struct P<'a> {
    s: &'a [u8],
    i: usize,
}

impl P<'_> {
    fn peek(&self) -> Option<u8> {
        self.s.get(self.i).copied()
    }
    fn ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.i += 1;
        }
    }
    fn lit(&mut self, word: &[u8]) -> bool {
        if self.s[self.i..].starts_with(word) {
            self.i += word.len();
            true
        } else {
            false
        }
    }
    /// A JSON string starting at the current `"`; returns its decoded value.
    fn string(&mut self) -> Option<String> {
        self.i += 1;
        let mut out: Vec<u8> = Vec::new();
        loop {
            let c = self.peek()?;
            self.i += 1;
            match c {
                b'"' => return String::from_utf8(out).ok(),
                b'\\' => {
                    let e = self.peek()?;
                    self.i += 1;
                    match e {
                        b'"' => out.push(b'"'),
                        b'\\' => out.push(b'\\'),
                        b'/' => out.push(b'/'),
                        b'b' => out.push(8),
                        b'f' => out.push(12),
                        b'n' => out.push(b'\n'),
                        b'r' => out.push(b'\r'),
                        b't' => out.push(b'\t'),
                        b'u' => {
                            let hex = self.s.get(self.i..self.i + 4)?;
                            let hex = std::str::from_utf8(hex).ok()?;
                            let code = u32::from_str_radix(hex, 16).ok()?;
                            self.i += 4;
                            // Lone surrogates decode to U+FFFD, as Go's decoder does.
                            let ch = char::from_u32(code).unwrap_or('\u{FFFD}');
                            let mut buf = [0u8; 4];
                            out.extend_from_slice(ch.encode_utf8(&mut buf).as_bytes());
                        }
                        _ => return None,
                    }
                }
                c if c < 0x20 => return None,
                c => out.push(c),
            }
        }
    }
    /// Skips one JSON value; false if it is not valid JSON.
    fn value(&mut self, depth: usize) -> bool {
        if depth > MAX_DEPTH {
            return false;
        }
        self.ws();
        match self.peek() {
            Some(b'"') => self.string().is_some(),
            Some(b'[') => {
                self.i += 1;
                self.ws();
                if self.peek() == Some(b']') {
                    self.i += 1;
                    return true;
                }
                loop {
                    if !self.value(depth + 1) {
                        return false;
                    }
                    self.ws();
                    match self.peek() {
                        Some(b',') => self.i += 1,
                        Some(b']') => {
                            self.i += 1;
                            return true;
                        }
                        _ => return false,
                    }
                }
            }
            Some(b'{') => {
                self.i += 1;
                self.ws();
                if self.peek() == Some(b'}') {
                    self.i += 1;
                    return true;
                }
                loop {
                    self.ws();
                    if self.peek() != Some(b'"') || self.string().is_none() {
                        return false;
                    }
                    self.ws();
                    if self.peek() != Some(b':') {
                        return false;
                    }
                    self.i += 1;
                    if !self.value(depth + 1) {
                        return false;
                    }
                    self.ws();
                    match self.peek() {
                        Some(b',') => self.i += 1,
                        Some(b'}') => {
                            self.i += 1;
                            return true;
                        }
                        _ => return false,
                    }
                }
            }
            Some(b't') => self.lit(b"true"),
            Some(b'f') => self.lit(b"false"),
            Some(b'n') => self.lit(b"null"),
            Some(b'-' | b'0'..=b'9') => self.number(),
            _ => false,
        }
    }
    fn number(&mut self) -> bool {
        let start = self.i;
        if self.peek() == Some(b'-') {
            self.i += 1;
        }
        let digits = |p: &mut Self| {
            let s = p.i;
            while matches!(p.peek(), Some(b'0'..=b'9')) {
                p.i += 1;
            }
            p.i > s
        };
        if !digits(self) {
            return false;
        }
        if self.peek() == Some(b'.') {
            self.i += 1;
            if !digits(self) {
                return false;
            }
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.i += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.i += 1;
            }
            if !digits(self) {
                return false;
            }
        }
        self.i > start
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(src: &str) -> Vec<String> {
        match parse_string_array(src) {
            JsonArray::Strings(v) => v.into_iter().map(|(s, _)| s).collect(),
            other => panic!("{src:?} gave {other:?}"),
        }
    }

    #[test]
    fn exec_form() {
        assert_eq!(
            strings(r#"["echo", "a\"b", "\u00e9"]"#),
            ["echo", "a\"b", "é"]
        );
        assert_eq!(strings("  [ ]  "), Vec::<String>::new());
    }

    #[test]
    fn not_strings_and_invalid() {
        assert_eq!(parse_string_array("[1, \"a\"]"), JsonArray::NotStrings);
        assert_eq!(
            parse_string_array("[\"a\", {\"b\": [null]}]"),
            JsonArray::NotStrings
        );
        assert_eq!(parse_string_array("['a']"), JsonArray::Invalid);
        assert_eq!(parse_string_array("[\"a\"] x"), JsonArray::Invalid);
        assert_eq!(parse_string_array("echo [\"a\"]"), JsonArray::Invalid);
        assert_eq!(parse_string_array("[\"a\","), JsonArray::Invalid);
        let deep = "[".repeat(10_000);
        assert_eq!(parse_string_array(&deep), JsonArray::Invalid);
    }
}
