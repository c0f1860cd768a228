//! The app's state: the Dockerfile text and everything computed from it. No web-sys here, so
//! the reducer is tested natively (`cargo test -p layerlens-app`).

use layerlens_core::estimate::{estimate, BuildContext, Estimate, Input};
use layerlens_core::knowledge::debian::DebianIndex;
use layerlens_core::explain::{explain, Explanation};
use layerlens_core::optimize::{align, optimize, Optimized, Options, Row};
use layerlens_core::syntax::Dockerfile;
use std::collections::BTreeSet;
use std::rc::Rc;
use yew::Reducible;

/// What the page shows for one version of the text.
pub struct Analysis {
    pub df: Dockerfile,
    pub explanation: Explanation,
    pub estimate: Estimate,
    pub findings: Vec<layerlens_core::lint::Finding>,
    pub layers: usize,
}

/// Analyses are immutable once made: two are the same when they are the same allocation, which
/// is what lets components skip re-rendering when the text did not change.
impl PartialEq for Analysis {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self, other)
    }
}

impl Analysis {
    pub fn of(src: &str, context: Option<&BuildContext>, debian: Option<&DebianIndex>) -> Analysis {
        let df = layerlens_core::parse(src);
        let explanation = explain(&df);
        let estimate = estimate(&df, &Input { context, debian });
        let findings = layerlens_core::lint::lint_with(&df, Input { context, debian });
        let layers = df.instructions.iter().filter(|i| i.makes_layer()).count();
        Analysis { df, explanation, estimate, findings, layers }
    }
}

/// The rewrite of one version of the text with one set of steps switched off, and the two texts
/// aligned for the side-by-side view.
pub struct Optimization {
    pub result: Optimized,
    pub rows: Vec<Row>,
}

/// Compared by identity, like [`Analysis`].
impl PartialEq for Optimization {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self, other)
    }
}

impl Optimization {
    pub fn of(src: &str, context: Option<&BuildContext>, debian: Option<&DebianIndex>, disabled: &BTreeSet<String>, enabled: &BTreeSet<String>) -> Optimization {
        let opts = Options { input: Input { context, debian }, disabled: disabled.iter().cloned().collect(), enabled: enabled.iter().cloned().collect() };
        let result = optimize(src, &opts);
        let rows = align(src, &result.dockerfile);
        Optimization { result, rows }
    }
}

/// Which page is shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum View {
    Analyze,
    Optimize,
    Learn,
    /// The image tar explorer (its own lazily loaded wasm: `src/image/`).
    Image,
}

pub struct AppState {
    pub view: View,
    pub source: Rc<str>,
    pub analysis: Rc<Analysis>,
    /// 1-based line the editor's caret is on: the matching step is highlighted.
    pub caret_line: usize,
    /// Which example is loaded (None once the person has edited or pasted their own).
    pub example: Option<usize>,
    /// The project folder the person picked, read locally: COPY sizes and dependency files.
    pub context: Option<Rc<ProjectFolder>>,
    /// Debian's package table, fetched from this site the first time a Dockerfile needs it.
    pub debian: Option<Rc<DebianIndex>>,
    pub debian_status: TableStatus,
    /// Rewrite steps the person switched off (ids), kept across edits.
    pub disabled: Rc<BTreeSet<String>>,
    /// Steps that are off unless asked for, which the person switched on.
    pub enabled: Rc<BTreeSet<String>>,
    /// The rewrite, computed only while the Optimize view is open (None otherwise).
    pub optimization: Option<Rc<Optimization>>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum TableStatus {
    NotLoaded,
    Loading,
    Loaded,
    Failed(String),
}

/// Compared by identity, like [`Analysis`].
impl PartialEq for ProjectFolder {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self, other)
    }
}

pub struct ProjectFolder {
    pub name: String,
    pub files: usize,
    pub bytes: u64,
    pub context: BuildContext,
}

pub enum Action {
    /// The text changed (typing, paste, drop).
    Edit(String),
    LoadExample(usize),
    Caret(usize),
    SetFolder(Option<Rc<ProjectFolder>>),
    DebianLoading,
    DebianLoaded(Rc<DebianIndex>),
    DebianFailed(String),
    SetView(View),
    /// Switch a rewrite step on (true) or off (false), by id.
    SetStep(String, bool),
}

impl AppState {
    pub fn with_source(source: &str, example: Option<usize>, context: Option<Rc<ProjectFolder>>) -> Self {
        let analysis = Rc::new(Analysis::of(source, context.as_ref().map(|c| &c.context), None));
        AppState {
            view: View::Analyze,
            source: source.into(),
            analysis,
            caret_line: 1,
            example,
            context,
            debian: None,
            debian_status: TableStatus::NotLoaded,
            disabled: Rc::default(),
            enabled: Rc::default(),
            optimization: None,
        }
    }

    /// The same state with the text re-analyzed (the table and folder kept).
    fn reanalyzed(&self, source: &str, example: Option<usize>, context: Option<Rc<ProjectFolder>>) -> Self {
        let analysis = Rc::new(Analysis::of(source, context.as_ref().map(|c| &c.context), self.debian.as_deref()));
        AppState {
            view: self.view,
            source: source.into(),
            analysis,
            caret_line: self.caret_line,
            example,
            context,
            debian: self.debian.clone(),
            debian_status: self.debian_status.clone(),
            disabled: self.disabled.clone(),
            enabled: self.enabled.clone(),
            optimization: None,
        }
        .optimized()
    }

    /// The same state with the rewrite computed when the Optimize view shows it, dropped when not.
    fn optimized(self) -> Self {
        let optimization = (self.view == View::Optimize).then(|| {
            Rc::new(Optimization::of(&self.source, self.context.as_ref().map(|c| &c.context), self.debian.as_deref(), &self.disabled, &self.enabled))
        });
        AppState { optimization, ..self }
    }

    /// A copy sharing every computed part (cheap: reference counts).
    fn copied(&self) -> Self {
        AppState {
            view: self.view,
            source: self.source.clone(),
            analysis: self.analysis.clone(),
            caret_line: self.caret_line,
            example: self.example,
            context: self.context.clone(),
            debian: self.debian.clone(),
            debian_status: self.debian_status.clone(),
            disabled: self.disabled.clone(),
            enabled: self.enabled.clone(),
            optimization: self.optimization.clone(),
        }
    }
}

impl Default for AppState {
    fn default() -> Self {
        let ex = &crate::examples::EXAMPLES[0];
        AppState::with_source(ex.text, Some(0), None)
    }
}

impl Reducible for AppState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        match action {
            Action::Edit(text) => {
                if *self.source == *text {
                    return self;
                }
                Rc::new(self.reanalyzed(&text, None, self.context.clone()))
            }
            Action::LoadExample(i) => match crate::examples::EXAMPLES.get(i) {
                // Another file: the steps switched off were this one's.
                Some(ex) => {
                    let fresh = AppState { disabled: Rc::default(), enabled: Rc::default(), ..self.copied() };
                    Rc::new(AppState { caret_line: 1, ..fresh.reanalyzed(ex.text, Some(i), self.context.clone()) })
                }
                None => self,
            },
            Action::Caret(line) if line != self.caret_line => Rc::new(AppState { caret_line: line, ..self.copied() }),
            Action::Caret(_) => self,
            Action::SetFolder(folder) => Rc::new(self.reanalyzed(&self.source, self.example, folder)),
            // Nothing computed changes until the table is here.
            Action::DebianLoading => Rc::new(AppState { debian_status: TableStatus::Loading, ..self.copied() }),
            Action::DebianFailed(why) => Rc::new(AppState { debian_status: TableStatus::Failed(why), ..self.copied() }),
            Action::DebianLoaded(idx) => {
                let with = AppState { debian: Some(idx), debian_status: TableStatus::Loaded, ..self.copied() };
                Rc::new(with.reanalyzed(&self.source, self.example, self.context.clone()))
            }
            Action::SetView(view) if view == self.view => self,
            Action::SetView(view) => {
                // Keep a rewrite already made for this text; make one only when it is missing.
                let keep = if view == View::Optimize { self.optimization.clone() } else { None };
                let next = AppState { view, optimization: keep, ..self.copied() };
                Rc::new(if view == View::Optimize && next.optimization.is_none() { next.optimized() } else { next })
            }
            Action::SetStep(id, on) => {
                let mut disabled = (*self.disabled).clone();
                let mut enabled = (*self.enabled).clone();
                let changed = if on { disabled.remove(&id) | enabled.insert(id) } else { enabled.remove(&id) | disabled.insert(id) };
                if !changed {
                    return self;
                }
                Rc::new(AppState { disabled: Rc::new(disabled), enabled: Rc::new(enabled), ..self.copied() }.optimized())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editing_reanalyzes_and_forgets_the_example() {
        let s = Rc::new(AppState::default());
        assert_eq!(s.example, Some(0));
        let s = s.reduce(Action::Edit("FROM alpine\nRUN apk add curl\nBOGUS x\n".into()));
        assert_eq!(s.example, None);
        assert_eq!(s.analysis.df.instructions.len(), 3);
        assert_eq!(s.analysis.layers, 1);
        assert_eq!(s.analysis.df.errors.len(), 1);
        assert_eq!(s.analysis.estimate.layers.len(), 3);
        assert!(s.analysis.estimate.final_image_bytes > 0);
    }

    #[test]
    fn a_project_folder_makes_copy_sizes_exact() {
        let s = Rc::new(AppState::default()).reduce(Action::Edit("FROM alpine:3.7\nCOPY . /app\n".into()));
        assert!(!s.analysis.estimate.missing.is_empty());
        let ctx = BuildContext::new(vec![("a.txt".into(), 1000)], Default::default());
        let folder = Rc::new(ProjectFolder { name: "p".into(), files: 1, bytes: 1000, context: ctx });
        let s = s.reduce(Action::SetFolder(Some(folder)));
        assert!(s.analysis.estimate.missing.is_empty());
        assert_eq!(s.analysis.estimate.layers[1].bytes, 1000);
    }

    #[test]
    fn the_rewrite_is_made_only_while_the_optimize_view_is_open() {
        let s = Rc::new(AppState::default()).reduce(Action::Edit("FROM python:3.11\nRUN pip install flask\n".into()));
        assert!(s.optimization.is_none(), "not computed for the Analyze view");
        let s = s.reduce(Action::SetView(View::Optimize));
        let o = s.optimization.clone().expect("computed on opening");
        assert!(!o.rows.is_empty());
        assert!(o.result.after_bytes <= o.result.before_bytes);
        // Switching away and back with the same text reuses it.
        let s = s.reduce(Action::SetView(View::Learn));
        assert!(s.optimization.is_none());
        let s = s.reduce(Action::SetView(View::Optimize));
        assert!(s.optimization.is_some());
        // An edit while it is open makes a new one for the new text.
        let s = s.reduce(Action::Edit("FROM alpine:3.20\n".into()));
        let o = s.optimization.clone().expect("recomputed");
        assert_eq!(o.result.dockerfile, "FROM alpine:3.20\n");
    }

    #[test]
    fn switching_a_step_off_is_remembered_and_rewrites() {
        let s = Rc::new(AppState::default()).reduce(Action::SetView(View::Optimize));
        let before = s.optimization.clone().expect("computed");
        let s = s.reduce(Action::SetStep("some-step-L3".into(), false));
        assert!(s.disabled.contains("some-step-L3"));
        assert!(!Rc::ptr_eq(&before, s.optimization.as_ref().expect("recomputed")));
        // Every step found is off: the output is the input.
        let mut s = s;
        for st in before.result.steps.clone() {
            s = s.reduce(Action::SetStep(st.id.clone(), false));
        }
        assert_eq!(s.optimization.as_ref().map(|o| o.result.dockerfile.as_str()), Some(&*s.source));
        let s = s.reduce(Action::SetStep("some-step-L3".into(), true));
        assert!(!s.disabled.contains("some-step-L3"));
        // Another example starts with every step on.
        let s = s.reduce(Action::LoadExample(1));
        assert!(s.disabled.is_empty());
    }

    #[test]
    fn every_example_loads_without_errors() {
        for (i, ex) in crate::examples::EXAMPLES.iter().enumerate() {
            let s = Rc::new(AppState::default()).reduce(Action::LoadExample(i));
            assert!(s.analysis.df.errors.is_empty(), "{}: {:?}", ex.name, s.analysis.df.errors);
        }
    }
}
