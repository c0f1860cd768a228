//! From a logical line to a typed [`Instruction`]: keyword, flags, and arguments read the way
//! BuildKit's per-keyword parse functions read them (`parseMaybeJSON`, `parseNameVal`, ...), plus
//! the checks `docker build` makes before it runs anything (argument counts, known flags).

use super::json::{parse_string_array, JsonArray};
use super::model::*;
use super::parser::Marker;
use super::words::{self, builder_flags, plain_words, quoted_words, split_keyword, unquote};
use crate::span::{LineIndex, Span};
use std::ops::Range;

pub struct ArgsCtx<'a, 'b> {
    pub idx: &'a LineIndex<'b>,
    pub escape: char,
    pub errors: Vec<Diagnostic>,
}

impl ArgsCtx<'_, '_> {
    fn span(&self, map: &[(usize, usize)], r: Range<usize>) -> Span {
        let start = source_offset(map, r.start);
        let end = if r.end > r.start {
            source_offset(map, r.end - 1) + 1
        } else {
            start
        };
        self.idx.span(start, end)
    }
    fn error(&mut self, span: Span, message: impl Into<String>) {
        self.errors.push(Diagnostic {
            message: message.into(),
            span,
        });
    }
}

/// Parses the instruction in `text[offset..]`; `map` turns text offsets into source offsets.
pub fn instruction(
    text: &str,
    map: &[(usize, usize)],
    offset: usize,
    ctx: &mut ArgsCtx,
) -> Instruction {
    let line = &text[offset..];
    let (kw, rest_at) = split_keyword(line);
    let kw = kw.start + offset..kw.end + offset;
    let keyword_text = text[kw.clone()].to_string();
    let keyword = Keyword::from_word(&keyword_text);
    let keyword_span = ctx.span(map, kw.clone());

    let after_kw = offset + rest_at;
    let (raw_flags, args_at) = builder_flags(&text[after_kw..]);
    let mut flags = Vec::new();
    for f in raw_flags {
        let span = ctx.span(map, f.range.start + after_kw..f.range.end + after_kw);
        let (name, value) = match f.text.split_once('=') {
            Some((n, v)) => (n.to_string(), Some(v.to_string())),
            None => (f.text.clone(), None),
        };
        if keyword != Keyword::Unknown
            && keyword != Keyword::Onbuild
            && !keyword.flags().contains(&name.as_str())
        {
            ctx.error(
                span,
                format!("unknown flag --{name} for {}", keyword.as_str()),
            );
        }
        flags.push(Flag { name, value, span });
    }
    // BuildKit trims the rest on both sides.
    let rest_start = after_kw + args_at;
    let rest_raw = &text[rest_start..];
    let rest_end = rest_start + rest_raw.trim_end().len();
    let rest = &text[rest_start..rest_end];
    let text_span = ctx.span(map, rest_start..rest_end);

    let args = match keyword {
        Keyword::From => from_args(rest, rest_start, map, ctx, keyword_span),
        Keyword::Run | Keyword::Cmd | Keyword::Entrypoint | Keyword::Shell => {
            let form = command_form(rest, rest_start, map, ctx);
            match (&form, keyword) {
                (Some(CommandForm::Shell { .. }), Keyword::Shell) => ctx.error(
                    text_span,
                    "SHELL takes a JSON array, like [\"/bin/bash\", \"-c\"]",
                ),
                (None, Keyword::Shell | Keyword::Run) => ctx.error(
                    keyword_span,
                    format!("{} needs a command", keyword.as_str()),
                ),
                _ => {}
            }
            Args::Command(form.unwrap_or(CommandForm::Shell {
                script: String::new(),
                span: text_span,
            }))
        }
        Keyword::Copy | Keyword::Add => {
            let (paths, json) = list(rest, rest_start, map, ctx);
            if paths.len() < 2 {
                ctx.error(
                    if paths.is_empty() {
                        keyword_span
                    } else {
                        text_span
                    },
                    format!(
                        "{} needs at least a source and a destination",
                        keyword.as_str()
                    ),
                );
            }
            Args::Copy { paths, json }
        }
        Keyword::Env | Keyword::Label => Args::KeyValues(name_values(
            rest,
            rest_start,
            map,
            ctx,
            keyword,
            keyword_span,
        )),
        Keyword::Arg => Args::KeyValues(arg_values(rest, rest_start, map, ctx, keyword_span)),
        Keyword::Expose => {
            let items = plain(rest, rest_start, map, ctx);
            if items.is_empty() {
                ctx.error(keyword_span, "EXPOSE needs at least one port");
            }
            for w in &items {
                if let Some(why) = bad_port(&w.value) {
                    ctx.error(w.span, why);
                }
            }
            Args::List { items, json: false }
        }
        Keyword::Volume => {
            let (items, json) = list(rest, rest_start, map, ctx);
            if items.is_empty() {
                ctx.error(keyword_span, "VOLUME needs at least one path");
            }
            Args::List { items, json }
        }
        Keyword::Workdir | Keyword::User | Keyword::Stopsignal | Keyword::Maintainer => {
            if rest.is_empty() {
                ctx.error(
                    keyword_span,
                    format!("{} needs an argument", keyword.as_str()),
                );
                Args::Text(None)
            } else {
                Args::Text(Some(word(rest, rest_start..rest_end, map, ctx, ctx.escape)))
            }
        }
        Keyword::Healthcheck => {
            Args::Healthcheck(healthcheck(rest, rest_start, map, ctx, keyword_span))
        }
        Keyword::Onbuild => {
            if rest.is_empty() {
                ctx.error(keyword_span, "ONBUILD needs an instruction to run later");
                Args::Onbuild(None)
            } else {
                let inner = instruction(text, map, rest_start, ctx);
                match inner.keyword {
                    Keyword::Onbuild => {
                        ctx.error(inner.keyword_span, "ONBUILD ONBUILD is not allowed")
                    }
                    Keyword::From | Keyword::Maintainer => ctx.error(
                        inner.keyword_span,
                        format!(
                            "{} is not allowed as an ONBUILD trigger",
                            inner.keyword.as_str()
                        ),
                    ),
                    _ => {}
                }
                Args::Onbuild(Some(Box::new(inner)))
            }
        }
        Keyword::Unknown => {
            let hint = Keyword::suggest(&keyword_text)
                .map(|k| format!(" (did you mean {k}?)"))
                .unwrap_or_default();
            ctx.error(
                keyword_span,
                format!("unknown instruction: {keyword_text}{hint}"),
            );
            Args::Words(plain(rest, rest_start, map, ctx))
        }
    };

    let text_map = shifted_map(map, rest_start);
    Instruction {
        keyword,
        keyword_text,
        keyword_span,
        span: keyword_span,
        start_line: keyword_span.line,
        end_line: keyword_span.end_line,
        flags,
        text: rest.to_string(),
        text_span,
        args,
        heredocs: Vec::new(),
        text_map,
    }
}

/// The part of `map` that covers `text[from..]`, re-based so offset 0 is `from`.
fn shifted_map(map: &[(usize, usize)], from: usize) -> Vec<(usize, usize)> {
    let mut out = vec![(0, source_offset(map, from))];
    out.extend(
        map.iter()
            .filter(|(t, _)| *t > from)
            .map(|&(t, s)| (t - from, s)),
    );
    out
}

/// One word spanning all of `raw`, which sits at `r` in the logical line.
fn word(raw: &str, r: Range<usize>, map: &[(usize, usize)], ctx: &ArgsCtx, escape: char) -> Word {
    Word {
        raw: raw.to_string(),
        value: unquote(raw, escape),
        span: ctx.span(map, r),
    }
}

/// What `docker build` says of an EXPOSE word before running anything (moby's `nat.ParsePortSpec`:
/// `[ip:][host:]port[-end][/proto]`), or None when it takes it. Words with variables are checked
/// after expansion, at build time: skipped here.
fn bad_port(word: &str) -> Option<String> {
    if word.contains('$') {
        return None;
    }
    let (ports, proto) = match word.rsplit_once('/') {
        Some((p, proto)) => (p, Some(proto)),
        None => (word, None),
    };
    if let Some(proto) = proto {
        if !["tcp", "udp", "sctp"]
            .iter()
            .any(|k| k.eq_ignore_ascii_case(proto))
        {
            return Some(format!(
                "invalid protocol `{proto}` in EXPOSE: use tcp, udp or sctp"
            ));
        }
    }
    let container = ports.rsplit(':').next().unwrap_or(ports);
    let number = |s: &str| {
        !s.is_empty()
            && s.len() <= 5
            && s.bytes().all(|b| b.is_ascii_digit())
            && s.parse::<u32>().is_ok_and(|n| n <= 65535)
    };
    let ok = match container.split_once('-') {
        Some((a, b)) => number(a) && number(b),
        None => number(container),
    };
    (!ok).then(|| {
        format!(
            "invalid port `{container}` in EXPOSE: a port is a number from 0 to 65535 (80) or a range (8000-8010), optionally with /tcp, /udp or /sctp"
        )
    })
}

fn plain(rest: &str, base: usize, map: &[(usize, usize)], ctx: &ArgsCtx) -> Vec<Word> {
    plain_words(rest)
        .into_iter()
        .map(|r| {
            let raw = &rest[r.clone()];
            // No quote handling here, as in BuildKit; the value is what a later stage would see.
            Word {
                raw: raw.to_string(),
                value: raw.to_string(),
                span: ctx.span(map, r.start + base..r.end + base),
            }
        })
        .collect()
}

/// `parseMaybeJSON`: exec form if the text is a JSON array of strings, else shell form.
fn command_form(
    rest: &str,
    base: usize,
    map: &[(usize, usize)],
    ctx: &mut ArgsCtx,
) -> Option<CommandForm> {
    if rest.is_empty() {
        return None;
    }
    match parse_string_array(rest) {
        JsonArray::Strings(items) => Some(CommandForm::Exec {
            args: json_words(rest, items, base, map, ctx),
        }),
        JsonArray::NotStrings => {
            ctx.error(
                ctx.span(map, base..base + rest.len()),
                "a JSON array here must hold only strings",
            );
            Some(CommandForm::Exec { args: Vec::new() })
        }
        JsonArray::Invalid => Some(CommandForm::Shell {
            script: rest.to_string(),
            span: ctx.span(map, base..base + rest.len()),
        }),
    }
}

fn json_words(
    rest: &str,
    items: Vec<(String, Range<usize>)>,
    base: usize,
    map: &[(usize, usize)],
    ctx: &ArgsCtx,
) -> Vec<Word> {
    items
        .into_iter()
        .map(|(value, r)| Word {
            raw: rest[r.clone()].to_string(),
            value,
            span: ctx.span(map, r.start + base..r.end + base),
        })
        .collect()
}

/// `parseMaybeJSONToList`: a JSON array of strings, or whitespace-separated words.
fn list(rest: &str, base: usize, map: &[(usize, usize)], ctx: &mut ArgsCtx) -> (Vec<Word>, bool) {
    match parse_string_array(rest) {
        JsonArray::Strings(items) => (json_words(rest, items, base, map, ctx), true),
        JsonArray::NotStrings => {
            ctx.error(
                ctx.span(map, base..base + rest.len()),
                "a JSON array here must hold only strings",
            );
            (Vec::new(), true)
        }
        JsonArray::Invalid => (plain(rest, base, map, ctx), false),
    }
}

fn from_args(rest: &str, base: usize, map: &[(usize, usize)], ctx: &mut ArgsCtx, kw: Span) -> Args {
    let mut ws = plain(rest, base, map, ctx);
    if ws.is_empty() {
        ctx.error(kw, "FROM needs an image (or `scratch`)");
        return Args::From {
            image: None,
            stage_name: None,
            extra: Vec::new(),
        };
    }
    let image = ws.remove(0);
    let mut stage_name = None;
    if ws.len() >= 2 && ws[0].value.eq_ignore_ascii_case("as") {
        ws.remove(0);
        let name = ws.remove(0);
        let valid = name
            .value
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic())
            && name
                .value
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
        if !valid {
            ctx.error(
                name.span,
                format!(
                    "invalid stage name {:?}: it must start with a letter and hold only letters, digits, '-', '_' and '.'",
                    name.value
                ),
            );
        }
        stage_name = Some(name);
    }
    if let Some(first) = ws.first() {
        ctx.error(
            first.span,
            "FROM takes an image and optionally `AS name`, nothing more",
        );
    }
    Args::From {
        image: Some(image),
        stage_name,
        extra: ws,
    }
}

/// `parseNameVal` for ENV and LABEL: `NAME=value ...`, or the old `NAME value` form.
fn name_values(
    rest: &str,
    base: usize,
    map: &[(usize, usize)],
    ctx: &mut ArgsCtx,
    k: Keyword,
    kw: Span,
) -> Vec<KeyValue> {
    let escape = ctx.escape;
    let ws = quoted_words(rest, escape);
    let Some(first) = ws.first() else {
        ctx.error(kw, format!("{} needs NAME=value", k.as_str()));
        return Vec::new();
    };
    if !rest[first.clone()].contains('=') {
        // Old form: the name, then everything else is the value.
        let name_end = first.end.min(
            rest.find([' ', '\t', '\r', '\x0b', '\x0c'])
                .unwrap_or(rest.len()),
        );
        let value = rest[name_end..].trim_start();
        let span = ctx.span(map, base..base + rest.len());
        if value.is_empty() {
            ctx.error(
                span,
                format!(
                    "{} must have two arguments: write {} NAME=value",
                    k.as_str(),
                    k.as_str()
                ),
            );
        }
        return vec![KeyValue {
            key: rest[..name_end].to_string(),
            value: Some(unquote(value, escape)),
            span,
        }];
    }
    let mut out = Vec::new();
    for r in ws {
        let raw = &rest[r.clone()];
        let span = ctx.span(map, r.start + base..r.end + base);
        match raw.split_once('=') {
            Some((key, value)) => {
                if key.is_empty() {
                    ctx.error(span, format!("{} names can not be blank", k.as_str()));
                }
                out.push(KeyValue {
                    key: unquote(key, escape),
                    value: Some(unquote(value, escape)),
                    span,
                });
            }
            None => {
                ctx.error(
                    span,
                    format!("syntax error: no `=` in {raw:?}; write NAME=value"),
                );
                out.push(KeyValue {
                    key: unquote(raw, escape),
                    value: None,
                    span,
                });
            }
        }
    }
    out
}

/// `parseNameOrNameVal` for ARG: `NAME` or `NAME=default`, one or more.
fn arg_values(
    rest: &str,
    base: usize,
    map: &[(usize, usize)],
    ctx: &mut ArgsCtx,
    kw: Span,
) -> Vec<KeyValue> {
    let escape = ctx.escape;
    let out: Vec<KeyValue> = quoted_words(rest, escape)
        .into_iter()
        .map(|r| {
            let raw = &rest[r.clone()];
            let span = ctx.span(map, r.start + base..r.end + base);
            match raw.split_once('=') {
                Some((k, v)) => KeyValue {
                    key: k.to_string(),
                    value: Some(unquote(v, escape)),
                    span,
                },
                None => KeyValue {
                    key: raw.to_string(),
                    value: None,
                    span,
                },
            }
        })
        .collect();
    if out.is_empty() {
        ctx.error(kw, "ARG needs a name");
    }
    out
}

fn healthcheck(
    rest: &str,
    base: usize,
    map: &[(usize, usize)],
    ctx: &mut ArgsCtx,
    kw: Span,
) -> Healthcheck {
    let sep = rest.find(char::is_whitespace).unwrap_or(rest.len());
    if sep == 0 {
        ctx.error(kw, "HEALTHCHECK needs CMD <command> or NONE");
        return Healthcheck::Invalid { word: None };
    }
    let typ = &rest[..sep];
    let next = rest[sep..]
        .find(|c: char| !c.is_whitespace())
        .map_or(rest.len(), |i| sep + i);
    let w = Word {
        raw: typ.to_string(),
        value: typ.to_string(),
        span: ctx.span(map, base..base + sep),
    };
    if typ.eq_ignore_ascii_case("none") {
        if next < rest.len() {
            ctx.error(
                ctx.span(map, base + next..base + rest.len()),
                "HEALTHCHECK NONE takes no other arguments",
            );
        }
        Healthcheck::None
    } else if typ.eq_ignore_ascii_case("cmd") {
        let command = command_form(&rest[next..], base + next, map, ctx);
        if command.is_none() {
            ctx.error(w.span, "HEALTHCHECK CMD needs a command");
        }
        Healthcheck::Cmd { command }
    } else {
        ctx.error(
            w.span,
            format!("unknown HEALTHCHECK type {typ:?}: use CMD or NONE"),
        );
        Healthcheck::Invalid { word: Some(w) }
    }
}

/// The heredoc markers (`<<EOF`, `<<-"EOF"`, `3<<EOF`) on an instruction's line, in order. Words
/// are split the way BuildKit's shell lexer splits them with quotes kept, so `"<<EOF"` in quotes
/// is not a marker.
pub fn heredoc_markers(
    ins: &Instruction,
    text: &str,
    map: &[(usize, usize)],
    idx: &LineIndex,
) -> Vec<Marker> {
    let _ = ins;
    let mut out = Vec::new();
    for r in words::quoted_words(text, '\\') {
        let w = &text[r.clone()];
        // ^(\d*)<<(-?)([^<]*)$
        let digits = w.len() - w.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        let Some(after) = w[digits..].strip_prefix("<<") else {
            continue;
        };
        let (chomp, name_raw) = match after.strip_prefix('-') {
            Some(n) => (true, n),
            None => (false, after),
        };
        if name_raw.is_empty() || name_raw.contains('<') {
            continue;
        }
        let quoted = name_raw.contains(['\'', '"', '\\']);
        let name = unquote(name_raw, '\\');
        if name.is_empty() {
            continue;
        }
        let fd = if digits > 0 {
            w[..digits].parse().ok()
        } else {
            None
        };
        let start = source_offset(map, r.start);
        let end = source_offset(map, r.end - 1) + 1;
        out.push(Marker {
            name,
            chomp,
            expand: !quoted,
            fd,
            span: idx.span(start, end),
        });
    }
    out
}
