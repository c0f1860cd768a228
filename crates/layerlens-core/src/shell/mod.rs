//! Shell understanding for `RUN` bodies: a forgiving tokenizer/parser that turns a script into a
//! flat list of simple commands (words, redirections, spans and the operator after each).
//!
//! This is what the estimator, linter and rewriter ask questions of ("is `apt-get install` run
//! with `--no-install-recommends`?"), in the spirit of hadolint's `Shell.hs`. Nothing is expanded
//! or executed. The grammar is POSIX sh plus the bash bits Dockerfiles use (`[[ ]]`, `$'..'`,
//! `<( )`, `|&`, `&>`, `function`, `a=( )` arrays, `(( ))`).
//!
//! [`parse`] never panics and never fails: problems are reported in [`Script::errors`] and parsing
//! carries on to the end of the input.

mod command;
pub use command::{value_flags_before_subcommand, PIP_INSTALL_VALUE_OPTIONS};
mod parser;
#[cfg(test)]
mod tests;

use serde::Serialize;
use std::ops::Range;

/// Parse a shell script (the text of a RUN in shell form, or a heredoc body). Never panics, never
/// fails: unterminated quotes / substitutions are reported in `errors` and parsing continues to
/// the end.
pub fn parse(src: &str) -> Script {
    parser::parse(src)
}

/// [`parse`], remembered: the same script text gives the same shared [`Script`] without being
/// parsed again. The explainer, the estimator and the rules each read every `RUN`, and an editor
/// re-analyses the whole file on each keystroke while only one `RUN` changed: the others are
/// parsed once (a 2,000-line Dockerfile's shell parsing drops from ≈ 14 % of an analysis to the
/// edited line's).
///
/// Memory stays bounded: scripts over 16 KiB are not kept, and the memo forgets everything once it
/// holds 1 MiB of script text.
pub fn parse_shared(src: &str) -> std::rc::Rc<Script> {
    memo::parse(src)
}

mod memo {
    use super::Script;
    use crate::knowledge::debian::Ids;
    use std::cell::RefCell;
    use std::rc::Rc;

    const MAX_SCRIPT: usize = 16 * 1024;
    const MAX_BYTES: usize = 1 << 20;

    /// Script text -> index into `scripts` (the same map type as the Debian index's names, so
    /// the wasm carries one copy of its code).
    #[derive(Default)]
    struct Memo {
        ids: Ids,
        scripts: Vec<Rc<Script>>,
        bytes: usize,
    }

    thread_local! {
        static MEMO: RefCell<Memo> = RefCell::new(Memo::default());
    }

    pub(super) fn parse(src: &str) -> Rc<Script> {
        if src.len() > MAX_SCRIPT {
            return Rc::new(super::parse(src));
        }
        MEMO.with(|m| {
            let mut m = m.borrow_mut();
            if let Some(s) = m.ids.get(src).and_then(|&i| m.scripts.get(i as usize)) {
                return Rc::clone(s);
            }
            // Parsing never re-enters the memo.
            let s = Rc::new(super::parse(src));
            if m.bytes + src.len() > MAX_BYTES {
                *m = Memo::default();
            }
            // Fewer scripts than bytes + 1 (distinct texts): the index fits in u32.
            let i = m.scripts.len() as u32;
            m.ids.insert(src.into(), i);
            m.scripts.push(Rc::clone(&s));
            m.bytes += src.len();
            s
        })
    }

    #[cfg(test)]
    pub(super) fn held() -> (usize, usize) {
        MEMO.with(|m| {
            let m = m.borrow();
            (m.scripts.len(), m.bytes)
        })
    }
}

/// A parsed script.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Script {
    /// Every simple command in source order (by start offset), including those inside subshells
    /// `( )`, groups `{ }`, if/then/else/elif/fi, for/while/until ... do/done, case arms, function
    /// bodies, and command substitutions `$( )`, backticks and `<( )` (those have `nested: true`).
    pub commands: Vec<Command>,
    /// Syntax problems found on the way (at most about a hundred are kept).
    pub errors: Vec<ShellError>,
}

/// A syntax problem, with the byte range of `src` it concerns.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ShellError {
    pub message: String,
    pub span: Range<usize>,
}

/// One simple command.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Command {
    /// Leading `NAME=value` assignments (e.g. `DEBIAN_FRONTEND=noninteractive apt-get ...`).
    pub assignments: Vec<Word>,
    /// The command name and its arguments, in order (redirections removed). Empty for a command
    /// made only of assignments and/or redirections (`FOO=bar`, `> file`).
    pub words: Vec<Word>,
    pub redirects: Vec<Redirect>,
    /// Byte range in `src` covering the whole command (assignments through last word/redirect;
    /// heredoc bodies are not included).
    pub span: Range<usize>,
    /// The operator that follows this command: `&&`, `||`, `;`, `|` (also `|&`), `&`, a newline,
    /// or `None` at the end of a list. A case arm's `;;` is reported as `Semi`. An operator after a
    /// compound command (`( a ) && b`) is recorded on the compound's last command when that one has
    /// none yet.
    pub next: Option<Operator>,
    /// True inside `$( )`, backticks or `<( )`/`>( )`.
    pub nested: bool,
    /// Index in `words` of the program, past wrappers (`sudo`, `env`, …): found once by the
    /// parser, for [`Command::name`] and [`Command::args`].
    #[serde(skip)]
    pub(crate) program: Option<usize>,
}

/// What joins a command to the next one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Operator {
    /// `&&`
    AndIf,
    /// `||`
    OrIf,
    /// `;` (and a case arm's `;;`, `;&`, `;;&`)
    Semi,
    /// `|` or `|&`
    Pipe,
    /// `&`
    Background,
    /// A newline.
    Newline,
}

/// A shell word.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Word {
    /// Exactly as written, quotes included (always `&src[span]`).
    pub raw: String,
    /// Quotes removed and backslash escapes resolved; `$VAR`, `${VAR}`, `$(...)`, `$((...))` and
    /// backticks kept literally as text (no expansion).
    pub value: String,
    pub span: Range<usize>,
    /// Any part was quoted (single, double, `$'..'` or a backslash escape).
    pub quoted: bool,
    /// Contains an unquoted or double-quoted `$`/backtick expansion, a process substitution, or an
    /// unquoted glob (`*`, `?`, or `[` closed by `]`).
    pub dynamic: bool,
}

/// A redirection.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Redirect {
    /// The operator as written, with its fd prefix: `>`, `>>`, `2>`, `<`, `<<`, `<<-`, `<<<`,
    /// `&>`, `&>>`, `>|`, `<>`, `>&`, `<&`. A duplication onto a fd number or `-` keeps the fd in
    /// the operator (`2>&1`, `>&2`, `<&-`) and has no target.
    pub op: String,
    /// The file, here-string or heredoc delimiter; `None` for `2>&1`-style duplications (and, with
    /// an error reported, when the target is missing).
    pub target: Option<Word>,
    /// The operator through the target.
    pub span: Range<usize>,
    /// For `<<` and `<<-`: the byte range of the heredoc body in `src` (the lines after the
    /// command's line, up to but excluding the delimiter line).
    pub heredoc: Option<Range<usize>>,
}
