//! The app's state: the Dockerfile text and everything computed from it. No web-sys here, so
//! the reducer is tested natively (`cargo test -p layerlens-app`).

use layerlens_core::estimate::{estimate, BuildContext, Estimate, Input};
use layerlens_core::knowledge::debian::DebianIndex;
use layerlens_core::explain::{explain, Explanation};
use layerlens_core::syntax::Dockerfile;
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

pub struct AppState {
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
}

impl AppState {
    pub fn with_source(source: &str, example: Option<usize>, context: Option<Rc<ProjectFolder>>) -> Self {
        let analysis = Rc::new(Analysis::of(source, context.as_ref().map(|c| &c.context), None));
        AppState { source: source.into(), analysis, caret_line: 1, example, context, debian: None, debian_status: TableStatus::NotLoaded }
    }

    /// The same state with the text re-analyzed (the table and folder kept).
    fn reanalyzed(&self, source: &str, example: Option<usize>, context: Option<Rc<ProjectFolder>>) -> Self {
        let analysis = Rc::new(Analysis::of(source, context.as_ref().map(|c| &c.context), self.debian.as_deref()));
        AppState {
            source: source.into(),
            analysis,
            caret_line: self.caret_line,
            example,
            context,
            debian: self.debian.clone(),
            debian_status: self.debian_status.clone(),
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
                Some(ex) => Rc::new(AppState { caret_line: 1, ..self.reanalyzed(ex.text, Some(i), self.context.clone()) }),
                None => self,
            },
            Action::Caret(line) if line != self.caret_line => Rc::new(AppState {
                source: self.source.clone(),
                analysis: self.analysis.clone(),
                caret_line: line,
                example: self.example,
                context: self.context.clone(),
                debian: self.debian.clone(),
                debian_status: self.debian_status.clone(),
            }),
            Action::Caret(_) => self,
            Action::SetFolder(folder) => Rc::new(self.reanalyzed(&self.source, self.example, folder)),
            Action::DebianLoading => Rc::new(AppState { debian_status: TableStatus::Loading, ..self.reanalyzed(&self.source, self.example, self.context.clone()) }),
            Action::DebianFailed(why) => Rc::new(AppState { debian_status: TableStatus::Failed(why), ..self.reanalyzed(&self.source, self.example, self.context.clone()) }),
            Action::DebianLoaded(idx) => {
                let with = AppState { debian: Some(idx), debian_status: TableStatus::Loaded, ..self.reanalyzed(&self.source, self.example, self.context.clone()) };
                Rc::new(with.reanalyzed(&self.source, self.example, self.context.clone()))
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
    fn every_example_loads_without_errors() {
        for (i, ex) in crate::examples::EXAMPLES.iter().enumerate() {
            let s = Rc::new(AppState::default()).reduce(Action::LoadExample(i));
            assert!(s.analysis.df.errors.is_empty(), "{}: {:?}", ex.name, s.analysis.df.errors);
        }
    }
}
