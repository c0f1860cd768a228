//! Every instruction and flag of a Dockerfile in plain words, for someone learning Docker.
//!
//! [`explain`] walks the file stage by stage and writes one [`Step`] per instruction: a sentence
//! built from the instruction's own values, plus [`Note`]s on its flags, forms and heredocs. The
//! general texts (what RUN is, what a cache mount does) live once in [`docs`], shared with the UI
//! and the CLI; a note about a flag is usually a sentence with the file's values followed by that
//! text.
//!
//! **Invariant:** every instruction of the file appears in exactly one `Step` — in the preamble
//! (ARGs and anything else before the first FROM) or in its stage.

mod command;
mod config;
mod copy;
pub mod docs;
mod from;
mod run;
mod text;

use crate::span::Span;
use crate::stages::{stages, Base, Stage, Stages, Vars};
use crate::syntax::{Args, Diagnostic, Dockerfile, Instruction, Keyword};
use serde::Serialize;
use std::collections::HashMap;
use text::code;

pub use docs::{flag_doc, flag_docs, instruction_doc, instruction_docs, FlagDoc, InstructionDoc};

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Explanation {
    /// Global ARGs and other instructions before the first FROM.
    pub preamble: Vec<Step>,
    pub stages: Vec<StageExplanation>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StageExplanation {
    pub index: usize,
    pub name: Option<String>,
    /// "Stage 1 · builder": numbered from 1 for people (`COPY --from=0` is stage 1).
    pub title: String,
    /// What the stage is for and whether its files reach the image.
    pub summary: String,
    pub is_final: bool,
    pub line: usize,
    pub end_line: usize,
    /// FROM first, then the stage's instructions in order.
    pub steps: Vec<Step>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Step {
    /// Index into `Dockerfile::instructions`.
    pub instruction: usize,
    /// Upper case; for an unknown instruction, the word as written.
    pub keyword: String,
    pub line: usize,
    pub end_line: usize,
    pub effect: Effect,
    /// One sentence about this very instruction, with its values.
    pub summary: String,
    pub notes: Vec<Note>,
}

/// What an instruction does to the image.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Effect {
    /// FROM: starts a stage.
    NewStage,
    /// RUN, COPY, ADD: adds a filesystem layer.
    Layer,
    /// WORKDIR: a tiny layer when it creates the directory.
    SmallLayer,
    /// Configuration only, no bytes.
    Metadata,
    /// ARG: exists while building, not in the image.
    BuildOnly,
    /// Not an instruction: the build stops here.
    Invalid,
}

impl Effect {
    /// The word every surface shows for it (the app's badge, the CLI's column).
    pub fn label(&self) -> &'static str {
        match self {
            Effect::NewStage => "new stage",
            Effect::Layer => "layer",
            Effect::SmallLayer => "tiny layer",
            Effect::Metadata => "metadata",
            Effect::BuildOnly => "build-time",
            Effect::Invalid => "invalid",
        }
    }

    /// What it means, in a sentence (the badge's tooltip).
    pub fn meaning(&self) -> &'static str {
        match self {
            Effect::NewStage => "Starts a build stage from a base image",
            Effect::Layer => "Adds a filesystem layer: its files are part of the image's size",
            Effect::SmallLayer => {
                "Creates a directory if it does not exist: a layer of a few bytes"
            }
            Effect::Metadata => "Changes only the image's configuration: adds no bytes",
            Effect::BuildOnly => "Exists only while building: not stored in the image",
            Effect::Invalid => "Not a Dockerfile instruction: the build would stop here",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Note {
    /// What the note is about, as the user would spot it: `--mount=type=cache`, `exec form`,
    /// `heredoc <<EOF`, `--link`.
    pub label: String,
    pub text: String,
    pub span: Span,
}

impl Note {
    fn new(label: impl Into<String>, text: impl Into<String>, span: Span) -> Note {
        Note {
            label: label.into(),
            text: text.into(),
            span,
        }
    }
}

/// Explains every instruction of `df`, stage by stage.
pub fn explain(df: &Dockerfile) -> Explanation {
    let stages = stages(df);
    let mut globals = Vars::default();
    for &i in &stages.global_args {
        if let Some(ins) = df.instructions.get(i) {
            globals.declare(ins);
        }
    }
    let cx = Cx::new(df, &stages, globals);

    let mut preamble_ids: Vec<usize> = stages
        .global_args
        .iter()
        .chain(&stages.orphans)
        .copied()
        .collect();
    crate::sort::sort_by_key(&mut preamble_ids, |x| *x);
    let mut st = State::preamble();
    let mut preamble = Vec::new();
    for i in preamble_ids {
        if let Some(ins) = df.instructions.get(i) {
            preamble.push(cx.step(&mut st, i, ins));
        }
    }

    // What each stage leaves behind for stages built FROM it.
    let mut ends: Vec<State> = Vec::new();
    let mut out = Vec::new();
    for stage in &stages.stages {
        let mut st = match stage.base {
            Base::Stage(p) => ends
                .get(p)
                .map_or_else(|| State::stage(stage.index, None), |s| s.child(stage.index)),
            Base::Scratch => State::stage(stage.index, Some("/".to_string())),
            _ => State::stage(stage.index, None),
        };
        let mut steps = Vec::with_capacity(stage.instructions.len() + 1);
        if let Some(ins) = df.instructions.get(stage.from) {
            steps.push(cx.step(&mut st, stage.from, ins));
        }
        for &i in &stage.instructions {
            if let Some(ins) = df.instructions.get(i) {
                steps.push(cx.step(&mut st, i, ins));
            }
        }
        ends.push(st);
        out.push(StageExplanation {
            index: stage.index,
            name: stage.name.clone(),
            title: stage_title(stage),
            summary: cx.stage_summary(stage),
            is_final: stage.is_final,
            line: stage.line,
            end_line: stage.end_line,
            steps,
        });
    }
    let mut ex = Explanation {
        preamble,
        stages: out,
    };
    drop_repeated_notes(&mut ex);
    ex
}

/// A general lesson (the same label and text) is taught once, where it first applies; later
/// instructions keep only the notes that say something about themselves.
fn drop_repeated_notes(ex: &mut Explanation) {
    let mut seen: std::collections::HashSet<(String, String)> = std::collections::HashSet::new();
    let steps = ex
        .preamble
        .iter_mut()
        .chain(ex.stages.iter_mut().flat_map(|s| s.steps.iter_mut()));
    for step in steps {
        step.notes
            .retain(|n| n.label == "error" || seen.insert((n.label.clone(), n.text.clone())));
    }
}

fn stage_title(stage: &Stage) -> String {
    match &stage.name {
        Some(n) => format!("Stage {} · {n}", stage.index + 1),
        None => format!("Stage {}", stage.index + 1),
    }
}

/// What the whole file tells about each instruction. Everything here is computed once, so that
/// explaining a file stays linear in its size.
struct Cx<'a> {
    df: &'a Dockerfile,
    stages: &'a Stages,
    /// Defaults of the ARGs before the first FROM.
    globals: Vars,
    /// Parser errors and warnings by start offset, to find those inside an instruction.
    diagnostics: Vec<(usize, &'static str, &'a Diagnostic)>,
    /// The last instruction of each keyword in each stage.
    last_of: HashMap<(usize, Keyword), usize>,
    /// The ENTRYPOINT each stage ends with, its own or inherited from a stage it is built FROM.
    entrypoint: Vec<Option<usize>>,
    /// Whether each stage's layers end up in the image (the final stage and the stages below it).
    ships: Vec<bool>,
}

/// What is known at a point of a stage, from the instructions above it.
#[derive(Debug, Clone)]
struct State {
    /// `None` before the first FROM and inside ONBUILD.
    stage: Option<usize>,
    /// The working directory, when the file itself says what it is (WORKDIR, `scratch`).
    workdir: Option<String>,
    /// The SHELL in force, when the file changed it.
    shell: Option<Vec<String>>,
    /// ARGs in scope in this stage.
    args: Vars,
    /// Explaining an ONBUILD trigger: it runs in someone else's build.
    in_onbuild: bool,
}

impl State {
    fn preamble() -> State {
        State {
            stage: None,
            workdir: None,
            shell: None,
            args: Vars::default(),
            in_onbuild: false,
        }
    }
    fn stage(index: usize, workdir: Option<String>) -> State {
        State {
            stage: Some(index),
            workdir,
            shell: None,
            args: Vars::default(),
            in_onbuild: false,
        }
    }
    /// A stage built FROM the one this state ended: files, WORKDIR and SHELL carry over, ARGs don't.
    fn child(&self, index: usize) -> State {
        State {
            workdir: self.workdir.clone(),
            shell: self.shell.clone(),
            ..State::stage(index, None)
        }
    }
    fn onbuild() -> State {
        State {
            in_onbuild: true,
            ..State::preamble()
        }
    }
}

impl<'a> Cx<'a> {
    fn new(df: &'a Dockerfile, stages: &'a Stages, globals: Vars) -> Cx<'a> {
        let mut diagnostics: Vec<(usize, &'static str, &Diagnostic)> = df
            .errors
            .iter()
            .map(|d| (d.span.start, "error", d))
            .chain(df.warnings.iter().map(|d| (d.span.start, "warning", d)))
            .collect();
        crate::sort::sort_by_key(&mut diagnostics, |&(start, label, _)| {
            (start, label == "warning")
        });
        let mut last_of = HashMap::new();
        let mut entrypoint: Vec<Option<usize>> = Vec::with_capacity(stages.stages.len());
        for s in &stages.stages {
            for &i in &s.instructions {
                if let Some(ins) = df.instructions.get(i) {
                    last_of.insert((s.index, ins.keyword), i);
                }
            }
            let inherited = match s.base {
                Base::Stage(p) => entrypoint.get(p).copied().flatten(),
                _ => None,
            };
            entrypoint.push(
                last_of
                    .get(&(s.index, Keyword::Entrypoint))
                    .copied()
                    .or(inherited),
            );
        }
        let mut ships = vec![false; stages.stages.len()];
        let mut cur = stages.final_stage().map(|s| s.index);
        while let Some(i) = cur {
            match ships.get_mut(i) {
                Some(flag) if !*flag => *flag = true,
                _ => break,
            }
            cur = match stages.stages.get(i).map(|s| &s.base) {
                Some(Base::Stage(p)) if *p < i => Some(*p),
                _ => None,
            };
        }
        Cx {
            df,
            stages,
            globals,
            diagnostics,
            last_of,
            entrypoint,
            ships,
        }
    }

    /// The last instruction `k` of the stage being explained, if it comes after `i`.
    fn later(&self, st: &State, i: usize, k: Keyword) -> Option<&'a Instruction> {
        let j = *self.last_of.get(&(st.stage?, k))?;
        if j > i {
            self.df.instructions.get(j)
        } else {
            None
        }
    }

    fn step(&self, st: &mut State, i: usize, ins: &Instruction) -> Step {
        let mut step = self.inner_step(st, i, ins);
        // Problems the parser found inside this instruction.
        let end = ins.span.end.max(ins.span.start + 1);
        let from = self
            .diagnostics
            .partition_point(|&(start, _, _)| start < ins.span.start);
        for &(_, label, d) in self.diagnostics[from..]
            .iter()
            .take_while(|&&(start, _, _)| start < end)
        {
            if ins.keyword == Keyword::Unknown && d.span == ins.keyword_span {
                continue; // the summary already says it
            }
            step.notes.push(Note::new(label, d.message.clone(), d.span));
        }
        step
    }

    /// The step without parser diagnostics (also used for an ONBUILD's inner instruction).
    fn inner_step(&self, st: &mut State, i: usize, ins: &Instruction) -> Step {
        let (summary, notes) = match ins.keyword {
            Keyword::From => match st.stage.and_then(|s| self.stages.stages.get(s)) {
                Some(stage) => from::explain(self, ins, stage),
                None => (String::from("Starts a new stage."), Vec::new()),
            },
            Keyword::Run => run::explain(self, st, ins),
            Keyword::Copy | Keyword::Add => copy::explain(self, st, ins),
            Keyword::Cmd | Keyword::Entrypoint => command::cmd_or_entrypoint(self, st, i, ins),
            Keyword::Healthcheck => command::healthcheck(ins),
            Keyword::Shell => command::shell(st, ins),
            Keyword::Env => config::env(ins),
            Keyword::Arg => config::arg(self, st, ins),
            Keyword::Workdir => config::workdir(st, ins),
            Keyword::User => config::user(self, st, i, ins),
            Keyword::Expose => config::expose(ins),
            Keyword::Label => config::label(ins),
            Keyword::Volume => config::volume(ins),
            Keyword::Stopsignal => config::stopsignal(ins),
            Keyword::Maintainer => config::maintainer(ins),
            Keyword::Onbuild => self.onbuild(i, ins),
            Keyword::Unknown => unknown(ins),
        };
        // What this instruction changes for the ones after it.
        match ins.keyword {
            Keyword::Workdir => st.workdir = config::next_workdir(st.workdir.as_deref(), ins),
            Keyword::Shell => st.shell = command::next_shell(ins).or(st.shell.take()),
            Keyword::Arg if st.stage.is_some() => st.args.declare_in_stage(ins, &self.globals),
            _ => {}
        }
        Step {
            instruction: i,
            keyword: match ins.keyword {
                Keyword::Unknown => ins.keyword_text.clone(),
                k => k.as_str().to_string(),
            },
            line: ins.start_line,
            end_line: ins.end_line,
            effect: instruction_doc(ins.keyword).map_or(Effect::Invalid, |d| d.effect),
            summary,
            notes,
        }
    }

    fn onbuild(&self, i: usize, ins: &Instruction) -> (String, Vec<Note>) {
        let Args::Onbuild(Some(inner)) = &ins.args else {
            return (
                String::from("ONBUILD without an instruction to store: `docker build` stops here."),
                Vec::new(),
            );
        };
        let mut written = inner.keyword_text.to_ascii_uppercase();
        for f in &inner.flags {
            written.push_str(&format!(" --{}", f.name));
            if let Some(v) = &f.value {
                written.push_str(&format!("={v}"));
            }
        }
        written.push(' ');
        written.push_str(&inner.text);
        let summary = format!(
            "Stores {} as a trigger: it does nothing in this build and runs when another Dockerfile builds FROM this image.",
            text::command(written.trim_end()),
        );
        if matches!(
            inner.keyword,
            Keyword::Onbuild | Keyword::From | Keyword::Maintainer
        ) {
            return (summary, Vec::new());
        }
        let inner_step = self.inner_step(&mut State::onbuild(), i, inner);
        let mut notes = vec![Note::new(
            format!("ONBUILD {}", inner_step.keyword),
            inner_step.summary,
            inner.span,
        )];
        notes.extend(inner_step.notes);
        (summary, notes)
    }

    /// "stage `builder`" or "stage 2" (numbered from 1, as in titles).
    fn stage_ref(&self, index: usize) -> String {
        match self
            .stages
            .stages
            .get(index)
            .and_then(|s| s.name.as_deref())
        {
            Some(n) => format!("stage {}", code(n)),
            None => format!("stage {}", index + 1),
        }
    }

    /// What a stage starts from, for sentences: "`golang:1.22`", "stage `build`", "`scratch`".
    fn base_phrase(&self, stage: &Stage) -> String {
        match &stage.base {
            Base::Scratch => String::from("an empty filesystem (`scratch`)"),
            Base::Stage(p) => self.stage_ref(*p),
            Base::Image { .. } => code(stage.base.effective_reference().unwrap_or_default()),
            Base::Missing => String::from("nothing (its FROM names no image)"),
        }
    }

    fn stage_summary(&self, stage: &Stage) -> String {
        let base = self.base_phrase(stage);
        if stage.is_final {
            let which = if stage.index == 0 {
                "The only stage"
            } else {
                "The final stage"
            };
            return format!(
                "{which}: starts from {base}, and everything here becomes the image you ship."
            );
        }
        if self.ships.get(stage.index).copied().unwrap_or(false) {
            return format!(
                "Starts from {base}; the final stage is built on top of it, so all of its layers ship in the image too."
            );
        }
        if stage.used_by.is_empty() {
            let target = match &stage.name {
                Some(n) => format!(" (build it alone with `docker build --target {n}`)"),
                None => String::new(),
            };
            return format!("Starts from {base}; no other stage uses it, so a plain `docker build` skips it{target}.");
        }
        // Users either build on top of this stage (FROM) or copy or mount files out of it.
        let (children, readers): (Vec<usize>, Vec<usize>) = stage.used_by.iter().partition(|&&u| {
            self.stages
                .stages
                .get(u)
                .is_some_and(|s| s.base == Base::Stage(stage.index))
        });
        let mut out = if readers.is_empty() {
            format!("Starts from {base} and builds;")
        } else {
            let verb = if readers.len() == 1 { "copies" } else { "copy" };
            format!(
                "Starts from {base} and builds; only what {} {verb} out of it reaches the image.",
                self.stage_refs(&readers)
            )
        };
        if !children.is_empty() {
            let verb = if children.len() == 1 {
                "builds"
            } else {
                "build"
            };
            if readers.is_empty() {
                out.push_str(&format!(
                    " {} {verb} on top of it, and only what reaches the final stage ships.",
                    self.stage_refs(&children)
                ));
            } else {
                out.push_str(&format!(
                    " {} {verb} on top of it.",
                    upper_first(&self.stage_refs(&children))
                ));
            }
        }
        out
    }

    /// "stage `a`", "stages `a` and `b`", "stages 1 and `b`".
    fn stage_refs(&self, list: &[usize]) -> String {
        if let [one] = list {
            return self.stage_ref(*one);
        }
        let parts: Vec<String> = list
            .iter()
            .map(
                |&i| match self.stages.stages.get(i).and_then(|s| s.name.as_deref()) {
                    Some(n) => code(n),
                    None => (i + 1).to_string(),
                },
            )
            .collect();
        format!("stages {}", text::list(&parts, 4))
    }

    /// `s` with ARGs in scope (the stage's, or the global defaults before the first FROM)
    /// replaced; `None` when a variable has no known value.
    fn expand(&self, st: &State, s: &str) -> Option<String> {
        let vars = if st.stage.is_some() {
            &st.args
        } else {
            &self.globals
        };
        let e = vars.expand(s);
        e.unresolved.is_empty().then_some(e.text)
    }
}

fn upper_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        // ASCII only, like `lower_first` in command.rs (no Unicode case tables in the first load).
        Some(f) => std::iter::once(f.to_ascii_uppercase()).chain(c).collect(),
        None => String::new(),
    }
}

fn unknown(ins: &Instruction) -> (String, Vec<Note>) {
    let hint = Keyword::suggest(&ins.keyword_text)
        .map(|k| format!(" Did you mean {}?", code(k)))
        .unwrap_or_default();
    (
        format!(
            "{} is not a Dockerfile instruction; `docker build` stops here.{hint}",
            code(&ins.keyword_text)
        ),
        Vec::new(),
    )
}

/// Every step of a source text, preamble first: for the tests of each instruction's module.
#[cfg(test)]
pub(crate) fn test_steps(src: &str) -> Vec<Step> {
    let e = explain(&crate::parse(src));
    e.preamble
        .into_iter()
        .chain(e.stages.into_iter().flat_map(|s| s.steps))
        .collect()
}

/// The note with this label on a step, for tests.
#[cfg(test)]
pub(crate) fn test_note<'a>(step: &'a Step, label: &str) -> &'a Note {
    step.notes
        .iter()
        .find(|n| n.label == label)
        .unwrap_or_else(|| panic!("no note {label:?} in {:#?}", step.notes))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse;

    fn steps(src: &str) -> Vec<Step> {
        test_steps(src)
    }

    #[test]
    fn every_instruction_once_in_order() {
        let src = "ARG A=1\nRUN early\nFROM a AS one\nRUN x\nFROM one\nCOPY --from=one /a /a\nFNTRYPOINT x\n";
        let ids: Vec<usize> = steps(src).iter().map(|s| s.instruction).collect();
        assert_eq!(ids, [0, 1, 2, 3, 4, 5, 6]);
    }

    #[test]
    fn stage_summaries_say_what_ships() {
        let e = explain(&parse(
            "FROM golang:1.22 AS build\nRUN go build\nFROM base AS unused\nFROM scratch\nCOPY --from=build /app /app\n",
        ));
        assert_eq!(e.stages[0].title, "Stage 1 · build");
        assert!(
            e.stages[0].summary.contains("only what stage `build`")
                || e.stages[0].summary.contains("stage 3 copies"),
            "{}",
            e.stages[0].summary
        );
        assert!(
            e.stages[1].summary.contains("--target unused"),
            "{}",
            e.stages[1].summary
        );
        assert!(
            e.stages[2].summary.starts_with("The final stage"),
            "{}",
            e.stages[2].summary
        );
        let e = explain(&parse("FROM node AS base\nFROM base\n"));
        assert!(
            e.stages[0].summary.contains("all of its layers ship"),
            "{}",
            e.stages[0].summary
        );
    }

    #[test]
    fn unknown_instructions_suggest_a_keyword() {
        let s = steps("FROM a\nRUNN x\nXYZZY bar\n");
        assert_eq!(s[1].keyword, "RUNN");
        assert_eq!(s[1].effect, Effect::Invalid);
        assert!(
            s[1].summary.ends_with("Did you mean `RUN`?"),
            "{}",
            s[1].summary
        );
        assert!(!s[2].summary.contains("Did you mean"));
        assert!(s[1].notes.is_empty());
    }

    #[test]
    fn parser_errors_become_notes() {
        let s = steps("FROM a\nCOPY onlyone\nRUN --bogus=1 x\n");
        assert!(s[1].notes.iter().any(|n| n.label == "error"));
        assert!(s[2]
            .notes
            .iter()
            .any(|n| n.label == "error" && n.text.contains("--bogus")));
    }

    #[test]
    fn onbuild_reuses_the_inner_explanation() {
        let s = steps("FROM a\nONBUILD RUN --mount=type=cache,target=/c npm ci\nONBUILD\n");
        assert!(
            s[1].summary
                .contains("`RUN --mount=type=cache,target=/c npm ci`"),
            "{}",
            s[1].summary
        );
        assert_eq!(s[1].notes[0].label, "ONBUILD RUN");
        assert!(
            s[1].notes[0].text.contains("Runs `npm ci`"),
            "{}",
            s[1].notes[0].text
        );
        assert!(s[1].notes.iter().any(|n| n.label == "--mount=type=cache"));
        assert!(s[2].summary.contains("stops here"));
    }
}
