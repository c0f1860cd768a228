//! Syntax colouring and error underlines for the editor, computed from the parsed model (not
//! from a second, regex-based reading of the text). Pure: tested natively.

use layerlens_core::syntax::{Args, CommandForm, Dockerfile, Instruction};

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Class {
    Plain,
    Keyword,
    Flag,
    Comment,
    Directive,
    Heredoc,
    Exec,
}

impl Class {
    pub fn css(self) -> &'static str {
        match self {
            Class::Plain => "",
            Class::Keyword => "tok-kw",
            Class::Flag => "tok-flag",
            Class::Comment => "tok-comment",
            Class::Directive => "tok-directive",
            Class::Heredoc => "tok-heredoc",
            Class::Exec => "tok-exec",
        }
    }
}

/// A run of text on one line with one look.
#[derive(Clone, Debug, PartialEq)]
pub struct Piece<'a> {
    pub text: &'a str,
    pub class: Class,
    pub error: bool,
}

/// The source split into lines, each into pieces.
pub fn highlight<'a>(src: &'a str, df: &Dockerfile) -> Vec<Vec<Piece<'a>>> {
    let n = src.len();
    let mut class = vec![Class::Plain; n];
    let mut error = vec![false; n];
    let paint = |class: &mut Vec<Class>, s: usize, e: usize, c: Class| {
        let e = e.min(n);
        if s < e {
            class[s..e].fill(c);
        }
    };
    for c in &df.comments {
        paint(&mut class, c.span.start, c.span.end, Class::Comment);
    }
    for d in &df.directives {
        paint(&mut class, d.span.start, d.span.end, Class::Directive);
    }
    for ins in &df.instructions {
        mark_instruction(ins, &mut |s, e, c| paint(&mut class, s, e, c));
    }
    for d in &df.errors {
        let (s, mut e) = (d.span.start.min(n), d.span.end.min(n));
        if e <= s {
            // A point error: underline the rest of its line so it can be seen.
            e = src[s..].find('\n').map_or(n, |i| s + i);
            if e == s && s > 0 {
                error[s - 1] = true;
            }
        }
        error[s..e].fill(true);
    }
    let mut lines = Vec::new();
    let mut start = 0;
    for line in src.split('\n') {
        let end = start + line.len();
        let mut pieces: Vec<Piece<'a>> = Vec::new();
        let mut i = start;
        while i < end {
            let (c, err) = (class[i], error[i]);
            let mut j = i + 1;
            while j < end && (class[j], error[j]) == (c, err) {
                j += 1;
            }
            while j < end && !src.is_char_boundary(j) {
                j += 1;
            }
            pieces.push(Piece {
                text: &src[i..j],
                class: c,
                error: err,
            });
            i = j;
        }
        lines.push(pieces);
        start = end + 1;
    }
    lines
}

fn mark_instruction(ins: &Instruction, paint: &mut dyn FnMut(usize, usize, Class)) {
    paint(ins.keyword_span.start, ins.keyword_span.end, Class::Keyword);
    for f in &ins.flags {
        paint(f.span.start, f.span.end, Class::Flag);
    }
    for h in &ins.heredocs {
        paint(h.marker_span.start, h.marker_span.end, Class::Heredoc);
        paint(h.body_span.start, h.body_span.end, Class::Heredoc);
        if let Some(t) = h.terminator_span {
            paint(t.start, t.end, Class::Heredoc);
        }
    }
    match &ins.args {
        Args::Command(CommandForm::Exec { args }) => {
            for a in args {
                paint(a.span.start, a.span.end, Class::Exec);
            }
        }
        Args::Onbuild(Some(inner)) => mark_instruction(inner, paint),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keywords_flags_and_errors_are_marked() {
        let src = "FROM a\nCOPY --link x y\nBOGUS z\n";
        let df = layerlens_core::parse(src);
        let lines = highlight(src, &df);
        assert_eq!(lines.len(), 4);
        assert_eq!(
            lines[0][0],
            Piece {
                text: "FROM",
                class: Class::Keyword,
                error: false
            }
        );
        assert_eq!(
            lines[1][2],
            Piece {
                text: "--link",
                class: Class::Flag,
                error: false
            }
        );
        assert!(
            lines[2][0].error,
            "unknown instruction underlined: {:?}",
            lines[2]
        );
        // Reassembling the pieces gives the text back.
        let back: Vec<String> = lines
            .iter()
            .map(|l| l.iter().map(|p| p.text).collect())
            .collect();
        assert_eq!(back.join("\n"), src);
    }

    #[test]
    fn multibyte_text_is_split_on_char_boundaries() {
        let src = "FROM a\nRUN echo «é» && BOGÜS\nFRÖM\n";
        let df = layerlens_core::parse(src);
        let back: Vec<String> = highlight(src, &df)
            .iter()
            .map(|l| l.iter().map(|p| p.text).collect())
            .collect();
        assert_eq!(back.join("\n"), src);
    }
}
