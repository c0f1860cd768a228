//! The parsed Dockerfile: what was written, where, and nothing inferred beyond BuildKit's own
//! reading. Later passes (stages, explanations, estimates, rules) read this model.

use crate::span::Span;
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct Dockerfile {
    /// Parser directives at the top of the file (`# syntax=`, `# escape=`, `# check=`).
    pub directives: Vec<Directive>,
    /// The escape character in force (`\` unless `# escape=` says otherwise).
    pub escape: char,
    /// Every comment line, including those inside continuations (BuildKit drops those).
    pub comments: Vec<Comment>,
    pub instructions: Vec<Instruction>,
    /// Problems that would stop `docker build`, each at a line and column. Parsing continues past them.
    pub errors: Vec<Diagnostic>,
    /// Things BuildKit accepts but warns about (empty continuation lines, ...).
    pub warnings: Vec<Diagnostic>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Directive {
    /// Lower-cased name: `syntax`, `escape` or `check`.
    pub name: String,
    pub value: String,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Comment {
    /// The text after `#`, trimmed.
    pub text: String,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Diagnostic {
    pub message: String,
    pub span: Span,
}

/// The instructions BuildKit knows. Anything else parses as `Unknown` and is reported as an error.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Keyword {
    From,
    Run,
    Cmd,
    Label,
    Maintainer,
    Expose,
    Env,
    Add,
    Copy,
    Entrypoint,
    Volume,
    User,
    Workdir,
    Arg,
    Onbuild,
    Stopsignal,
    Healthcheck,
    Shell,
    Unknown,
}

impl Keyword {
    pub const ALL: [Keyword; 18] = [
        Keyword::From,
        Keyword::Run,
        Keyword::Cmd,
        Keyword::Label,
        Keyword::Maintainer,
        Keyword::Expose,
        Keyword::Env,
        Keyword::Add,
        Keyword::Copy,
        Keyword::Entrypoint,
        Keyword::Volume,
        Keyword::User,
        Keyword::Workdir,
        Keyword::Arg,
        Keyword::Onbuild,
        Keyword::Stopsignal,
        Keyword::Healthcheck,
        Keyword::Shell,
    ];

    pub fn from_word(word: &str) -> Keyword {
        Keyword::ALL
            .into_iter()
            .find(|k| k.as_str().eq_ignore_ascii_case(word))
            .unwrap_or(Keyword::Unknown)
    }

    /// Flags each keyword accepts (BuildKit's `BFlags` per instruction).
    pub fn flags(self) -> &'static [&'static str] {
        match self {
            Keyword::From => &["platform"],
            Keyword::Run => &["mount", "network", "security"],
            Keyword::Copy => &["from", "chown", "chmod", "link", "parents", "exclude"],
            Keyword::Add => &[
                "chown",
                "chmod",
                "link",
                "keep-git-dir",
                "checksum",
                "exclude",
                "parents",
                "unpack",
            ],
            Keyword::Healthcheck => &[
                "interval",
                "timeout",
                "start-period",
                "start-interval",
                "retries",
            ],
            _ => &[],
        }
    }

    /// The closest known keyword to a misspelt one, if it is close.
    pub fn suggest(word: &str) -> Option<&'static str> {
        let w = word.to_ascii_uppercase();
        Keyword::ALL
            .iter()
            .map(|k| (edit_distance(&w, k.as_str()), k.as_str()))
            .filter(|(d, k)| *d <= 2 && *d < k.len() / 2 + 1)
            .min_by_key(|(d, _)| *d)
            .map(|(_, k)| k)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Keyword::From => "FROM",
            Keyword::Run => "RUN",
            Keyword::Cmd => "CMD",
            Keyword::Label => "LABEL",
            Keyword::Maintainer => "MAINTAINER",
            Keyword::Expose => "EXPOSE",
            Keyword::Env => "ENV",
            Keyword::Add => "ADD",
            Keyword::Copy => "COPY",
            Keyword::Entrypoint => "ENTRYPOINT",
            Keyword::Volume => "VOLUME",
            Keyword::User => "USER",
            Keyword::Workdir => "WORKDIR",
            Keyword::Arg => "ARG",
            Keyword::Onbuild => "ONBUILD",
            Keyword::Stopsignal => "STOPSIGNAL",
            Keyword::Healthcheck => "HEALTHCHECK",
            Keyword::Shell => "SHELL",
            Keyword::Unknown => "UNKNOWN",
        }
    }
}

pub(crate) fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().take(64).enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur.push((prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}

/// One instruction, from its keyword to the end of its last continuation line or heredoc.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Instruction {
    pub keyword: Keyword,
    /// The keyword as written (`copy`, `FNTRYPOINT`, ...).
    pub keyword_text: String,
    pub keyword_span: Span,
    /// The whole instruction, heredoc bodies included.
    pub span: Span,
    pub start_line: usize,
    pub end_line: usize,
    pub flags: Vec<Flag>,
    /// Everything after the flags, with line continuations removed (BuildKit's "rest").
    pub text: String,
    /// Where `text` is in the source (from its first to its last character).
    pub text_span: Span,
    pub args: Args,
    pub heredocs: Vec<Heredoc>,
    /// `(offset in text, offset in source)` pairs: `text` is built from these source pieces.
    #[serde(skip)]
    pub text_map: Vec<(usize, usize)>,
}

impl Instruction {
    /// Source byte offset of a byte offset into `text`.
    pub fn source_offset(&self, text_offset: usize) -> usize {
        source_offset(&self.text_map, text_offset)
    }

    /// The flag with this name (without dashes, case-insensitive), if given.
    pub fn flag(&self, name: &str) -> Option<&Flag> {
        self.flags
            .iter()
            .find(|f| f.name.eq_ignore_ascii_case(name))
    }

    /// RUN, COPY and ADD in shell form can carry heredocs; so can ONBUILD with one of them.
    pub fn may_have_heredocs(&self) -> bool {
        match &self.args {
            Args::Command(CommandForm::Shell { .. }) => self.keyword == Keyword::Run,
            Args::Copy { json, .. } => !json,
            Args::Onbuild(Some(inner)) => inner.may_have_heredocs(),
            _ => false,
        }
    }

    /// Whether this instruction adds a filesystem layer to its stage.
    pub fn makes_layer(&self) -> bool {
        matches!(self.keyword, Keyword::Run | Keyword::Copy | Keyword::Add)
    }
}

pub(crate) fn source_offset(map: &[(usize, usize)], text_offset: usize) -> usize {
    let i = match map.binary_search_by(|(t, _)| t.cmp(&text_offset)) {
        Ok(i) => i,
        Err(0) => 0,
        Err(i) => i - 1,
    };
    match map.get(i) {
        Some(&(t, s)) => s + text_offset.saturating_sub(t),
        None => text_offset,
    }
}

/// A `--name[=value]` flag between the keyword and the arguments.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Flag {
    /// Without the leading dashes, as written (`from`, `mount`, `chown`).
    pub name: String,
    /// The value after `=`, quotes removed; `None` for a bare `--link`.
    pub value: Option<String>,
    pub span: Span,
}

/// A whitespace- or JSON-delimited argument.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Word {
    /// As written (quotes kept).
    pub raw: String,
    /// Quotes removed (and JSON escapes decoded in exec form); variables are not expanded.
    pub value: String,
    pub span: Span,
}

/// `NAME=value` (or the old `NAME value` form) in ENV, LABEL and ARG.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KeyValue {
    pub key: String,
    /// `None` only for `ARG NAME` without a default.
    pub value: Option<String>,
    pub span: Span,
}

/// RUN, CMD, ENTRYPOINT, SHELL and HEALTHCHECK CMD take a command in one of two forms.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "form", rename_all = "lowercase")]
pub enum CommandForm {
    /// `["executable", "arg"]`: run directly, no shell.
    Exec { args: Vec<Word> },
    /// Plain text, run by the stage's shell (`/bin/sh -c` unless SHELL changed it).
    Shell { script: String, span: Span },
}

/// The arguments of an instruction, read the way BuildKit reads each keyword.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum Args {
    From {
        image: Option<Word>,
        stage_name: Option<Word>,
        extra: Vec<Word>,
    },
    Command(CommandForm),
    /// COPY and ADD: sources then destination (the last path).
    Copy {
        paths: Vec<Word>,
        json: bool,
    },
    KeyValues(Vec<KeyValue>),
    /// EXPOSE, VOLUME: a list.
    List {
        items: Vec<Word>,
        json: bool,
    },
    /// WORKDIR, USER, STOPSIGNAL, MAINTAINER: one string.
    Text(Option<Word>),
    Healthcheck(Healthcheck),
    Onbuild(Option<Box<Instruction>>),
    /// An unknown keyword's arguments, kept as words.
    Words(Vec<Word>),
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum Healthcheck {
    None,
    Cmd {
        command: Option<CommandForm>,
    },
    /// Neither NONE nor CMD (an error), or nothing at all.
    Invalid {
        word: Option<Word>,
    },
}

/// `<<EOF ... EOF` attached to RUN, COPY or ADD.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Heredoc {
    /// The delimiter word, quotes removed.
    pub name: String,
    /// `<<-`: leading tabs are stripped from the body and the terminator.
    pub chomp: bool,
    /// Unquoted delimiter: variables in the body are expanded at build time.
    pub expand: bool,
    /// File descriptor before `<<` (`3<<EOF`), if any.
    pub fd: Option<u32>,
    /// The body exactly as written, each line with its newline.
    pub content: String,
    /// The `<<EOF` marker on the instruction line.
    pub marker_span: Span,
    /// The body lines.
    pub body_span: Span,
    /// The terminator line; `None` when the file ended first.
    pub terminator_span: Option<Span>,
}
