//! Findings that teach: a catalogue of rules, one file each under `rules/`, each with its
//! explanation written once beside its check (`RuleDoc`) — the CLI (`layerlens rule CODE`), the app
//! and the docs all read that text. Rules read the parsed model and the shell reading of RUN
//! bodies, never raw text. Codes are layerlens's own (`LL…`); a rule that matches a hadolint rule
//! or a BuildKit check names it, and `# hadolint ignore=DL3008` pragmas are honoured.

mod pragmas;
pub mod rules;

use crate::shell::{self, Script};
use crate::span::Span;
use crate::stages::{stages, Stages};
use crate::syntax::{Args, CommandForm, Dockerfile, Instruction, Keyword};
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Info,
    Style,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
            Severity::Style => "style",
        }
    }
}

/// A rule's documentation: the one text every surface shows.
#[derive(Debug, Serialize)]
pub struct RuleDoc {
    /// layerlens's stable code.
    pub code: &'static str,
    /// What the rule finds, as a name (`apt-lists-not-removed`).
    pub name: &'static str,
    pub hadolint: Option<&'static str>,
    pub buildkit: Option<&'static str>,
    pub severity: Severity,
    /// One line: what is wrong.
    pub summary: &'static str,
    /// Why it costs size, cache time or safety.
    pub why: &'static str,
    /// A Dockerfile that triggers the rule exactly once.
    pub example: &'static str,
    /// The same Dockerfile, fixed: triggers nothing.
    pub use_instead: &'static str,
    /// How safe it is to apply the fix without looking.
    pub fix_safety: &'static str,
    /// The build context the examples are checked with (path, content), for rules that read
    /// the project folder; empty for the rest.
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    pub example_context: &'static [(&'static str, &'static str)],
}

pub struct Rule {
    pub doc: RuleDoc,
    pub check: fn(&Cx, &mut Vec<Finding>),
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    pub code: &'static str,
    pub name: &'static str,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    pub severity: Severity,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hadolint: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub buildkit: Option<&'static str>,
    /// Bytes the final image would lose with the fix, by the estimate (size rules only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub saving_bytes: Option<u64>,
}

/// Size rules and the estimator lesson that measures what their fix saves: its kind and the
/// cache it is about (a RUN can leave several caches, and each finding saves only its own).
/// Rules made from one lesson each (LL240, LL241) set their saving themselves.
const SAVINGS: &[(&str, &str, &str)] = &[
    ("LL201", "cache-left", "/var/lib/apt/lists"),
    ("LL203", "cache-left", "~/.cache/pip"),
    ("LL204", "cache-left", "/var/cache/apk"),
    ("LL207", "cache-left", "~/.npm"),
];

/// What the target's lesson on the instruction at `line` says is wasted in the final image.
fn saving(
    final_layers: &[&crate::estimate::LayerEstimate],
    code: &str,
    line: usize,
) -> Option<u64> {
    let (_, kind, path) = SAVINGS.iter().find(|(c, _, _)| *c == code)?;
    // The final stage's layers do not overlap: the one holding `line` is the last to start at
    // or before it (with any others starting on that same line).
    let upto = final_layers.partition_point(|l| l.line <= line);
    let start = final_layers[..upto].last().map_or(0, |l| l.line);
    let bytes: u64 = final_layers[..upto]
        .iter()
        .rev()
        .take_while(|l| l.line == start)
        .filter(|l| line <= l.end_line)
        .flat_map(|l| l.lessons.iter())
        .filter(|lesson| lesson.kind == *kind && lesson.cache == Some(*path))
        .map(|lesson| lesson.wasted_bytes)
        .sum();
    (bytes > 0).then_some(bytes)
}

/// What the rules read: the model, the stages, and each RUN's shell commands (parsed once).
pub struct Cx<'a> {
    pub df: &'a Dockerfile,
    pub stages: Stages,
    scripts: Vec<Option<std::rc::Rc<Script>>>,
    /// The build context and Debian table, when the caller has them (rules about `.dockerignore`
    /// need the context; without it they stay silent).
    pub input: crate::estimate::Input<'a>,
    /// The size estimate, computed once if a rule asks (rules about what ships read its lessons),
    /// unless the caller already has it.
    estimate: std::cell::OnceCell<crate::estimate::Estimate>,
    given: Option<&'a crate::estimate::Estimate>,
}

impl<'a> Cx<'a> {
    pub fn new(df: &'a Dockerfile) -> Cx<'a> {
        Cx::with_input(df, Default::default())
    }

    pub fn with_input(df: &'a Dockerfile, input: crate::estimate::Input<'a>) -> Cx<'a> {
        let scripts = df
            .instructions
            .iter()
            .map(|i| run_script(i).map(|s| shell::parse_shared(&s)))
            .collect();
        Cx {
            df,
            stages: stages(df),
            scripts,
            input,
            estimate: std::cell::OnceCell::new(),
            given: None,
        }
    }

    /// The build context, if the caller has one.
    pub fn context(&self) -> Option<&'a crate::estimate::BuildContext> {
        self.input.context
    }

    /// The estimate (with the context when there is one): its lessons say what ships and need not.
    pub fn estimate(&self) -> &crate::estimate::Estimate {
        match self.given {
            Some(e) => e,
            None => self
                .estimate
                .get_or_init(|| crate::estimate::estimate(self.df, &self.input)),
        }
    }

    /// The shell commands of instruction `i` (a RUN in shell form, or its heredoc script).
    pub fn script(&self, i: usize) -> Option<&Script> {
        self.scripts.get(i).and_then(|s| s.as_deref())
    }

    /// Instructions with their index, ONBUILD triggers excluded.
    pub fn instructions(&self) -> impl Iterator<Item = (usize, &'a Instruction)> {
        self.df.instructions.iter().enumerate()
    }

    pub fn finding(&self, rule: &RuleDoc, span: Span, message: impl Into<String>) -> Finding {
        Finding {
            code: rule.code,
            name: rule.name,
            line: span.line,
            column: span.column,
            end_line: span.end_line,
            end_column: span.end_column,
            severity: rule.severity,
            message: message.into(),
            hadolint: rule.hadolint,
            buildkit: rule.buildkit,
            saving_bytes: None,
        }
    }
}

fn run_script(ins: &Instruction) -> Option<String> {
    if ins.keyword != Keyword::Run {
        return None;
    }
    match &ins.args {
        Args::Command(CommandForm::Shell { script, .. }) => {
            if script.split_whitespace().all(|w| w.contains("<<")) && !ins.heredocs.is_empty() {
                Some(
                    ins.heredocs
                        .iter()
                        .map(|h| h.content.as_str())
                        .collect::<Vec<_>>()
                        .join("\n"),
                )
            } else {
                Some(script.clone())
            }
        }
        _ => None,
    }
}

/// Every rule, in code order.
pub fn all_rules() -> &'static [Rule] {
    rules::ALL
}

/// Whether a rule answers a search: every word of `query` is somewhere in its code, name, peers'
/// codes, summary or why, with `-` and `_` read as spaces (so "apt lists" finds
/// `apt-lists-not-removed`). ASCII case folding: the texts are English, and the page's first load
/// should not carry Unicode's case tables.
pub fn rule_matches(d: &RuleDoc, query: &str) -> bool {
    let fold = |t: &str| -> String {
        t.chars()
            .map(|c| match c {
                '-' | '_' => ' ',
                c => c.to_ascii_lowercase(),
            })
            .collect()
    };
    let hay = fold(
        &[
            d.code,
            d.name,
            d.hadolint.unwrap_or(""),
            d.buildkit.unwrap_or(""),
            d.summary,
            d.why,
        ]
        .join(" \n "),
    );
    fold(query).split_whitespace().all(|w| hay.contains(w))
}

pub fn rule(code: &str) -> Option<&'static Rule> {
    rules::ALL.iter().find(|r| {
        r.doc.code.eq_ignore_ascii_case(code)
            || r.doc.hadolint.is_some_and(|h| h.eq_ignore_ascii_case(code))
            || r.doc.name == code
    })
}

/// All findings, in line order, minus those silenced by `# hadolint ignore=`, `# hadolint global
/// ignore=` or `# layerlens ignore=` comments.
pub fn lint(df: &Dockerfile) -> Vec<Finding> {
    lint_with(df, Default::default())
}

/// [`lint`] with the build context (and Debian table) when the caller has them: rules about
/// `.dockerignore` and the files a COPY sends need the context.
pub fn lint_with(df: &Dockerfile, input: crate::estimate::Input<'_>) -> Vec<Finding> {
    run(Cx::with_input(df, input))
}

/// [`lint_with`] for a caller that has already estimated `df` with the same input (the app
/// does, for the size panel): the rules read that estimate instead of making another.
pub fn lint_with_estimate<'a>(
    df: &'a Dockerfile,
    input: crate::estimate::Input<'a>,
    estimate: &'a crate::estimate::Estimate,
) -> Vec<Finding> {
    run(Cx {
        given: Some(estimate),
        ..Cx::with_input(df, input)
    })
}

fn run(cx: Cx) -> Vec<Finding> {
    let df = cx.df;
    let mut out = Vec::new();
    for r in rules::ALL {
        (r.check)(&cx, &mut out);
    }
    let ignores = pragmas::Ignores::read(df);
    out.retain(|f| !ignores.silences(f));
    if out
        .iter()
        .any(|f| SAVINGS.iter().any(|(c, _, _)| *c == f.code))
    {
        // The final image's layers by line, to find a finding's layer without a scan each.
        let e = cx.estimate();
        let mut final_layers: Vec<&crate::estimate::LayerEstimate> =
            e.layers.iter().filter(|l| l.is_final).collect();
        crate::sort::sort_by_key(&mut final_layers, |l| l.line);
        // Rules made from one lesson carry that lesson's bytes already.
        for f in out.iter_mut().filter(|f| f.saving_bytes.is_none()) {
            f.saving_bytes = saving(&final_layers, f.code, f.line);
        }
    }
    crate::sort::sort_by_key(&mut out, |f| (f.line, f.column, f.code));
    out
}

#[cfg(test)]
mod search_tests {
    use super::{rule, rule_matches};

    #[test]
    fn a_search_finds_a_rule_by_the_words_of_its_name() {
        let d = &rule("LL201").expect("LL201").doc;
        for q in [
            "apt lists",
            "APT-LISTS",
            "lists apt",
            "dl3009",
            "apt-lists-not-removed",
            "",
        ] {
            assert!(rule_matches(d, q), "{q:?}");
        }
        assert!(!rule_matches(d, "apt zebra"));
    }
}
