//! The app's state: the Dockerfile text and everything computed from it. No web-sys here, so
//! the reducer is tested natively (`cargo test -p layerlens-app`).

pub use crate::shared::{ProjectFolder, TableStatus};
use layerlens_core::estimate::{estimate, BuildContext, Estimate, Input};
use layerlens_core::explain::{explain, Explanation};
use layerlens_core::knowledge::debian::DebianIndex;
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
    /// Which of Debian's tables this file uses (`debian_table_wanted`), worked out once.
    pub wants_debian: Option<&'static str>,
    /// Whether it installs pip or npm packages, so the page loads the measured tables.
    pub wants_packages: bool,
    /// How long parsing, explaining, estimating and linting took, in milliseconds (0 natively).
    pub millis: f64,
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
        let started = crate::clock::now();
        let mut df = layerlens_core::parse(src);
        // An empty editor is a start, not a mistake: no "file with no instructions" in red.
        if src.trim().is_empty() {
            df.errors.clear();
        }
        let explanation = explain(&df);
        // The table only for a file that asks for it (and then the page loads it): so a file's
        // figures never depend on whether an earlier file happened to load it.
        let wants_debian = layerlens_core::estimate::debian_table_wanted(&df);
        let debian = debian.filter(|d| Some(d.release()) == wants_debian);
        let estimate = estimate(&df, &Input { context, debian });
        let findings =
            layerlens_core::lint::lint_with_estimate(&df, Input { context, debian }, &estimate);
        let layers = df.instructions.iter().filter(|i| i.makes_layer()).count();
        let wants_packages = layerlens_core::estimate::wants_package_tables(&df);
        Analysis {
            df,
            explanation,
            estimate,
            findings,
            layers,
            wants_debian,
            wants_packages,
            millis: crate::clock::now() - started,
        }
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
    /// The person's own Dockerfile: the last text they typed or pasted. A lesson, an example, an
    /// imported history or a share link replaces the editor's text but not this, so it can be
    /// restored (and the page keeps it in the browser's storage across reloads).
    pub own: Option<Rc<str>>,
    /// What the Learn view's search box holds (kept across views, and in the address).
    pub learn_query: Rc<str>,
    /// The project folder the person picked, read locally: COPY sizes and dependency files.
    pub context: Option<Rc<ProjectFolder>>,
    /// Debian's package table, fetched from this site the first time a Dockerfile needs it.
    pub debian: Option<Rc<DebianIndex>>,
    pub debian_status: TableStatus,
    /// Rewrite steps the person switched off (ids), kept across edits.
    pub disabled: Rc<BTreeSet<String>>,
    /// Steps that are off unless asked for, which the person switched on.
    pub enabled: Rc<BTreeSet<String>>,
    /// The analysis pinned with "Set as baseline": the size panel shows what each edit adds
    /// or saves against it.
    pub baseline: Option<Rc<Analysis>>,
}

pub enum Action {
    /// The person changed the text (typing, paste, drop): it becomes their own Dockerfile.
    Edit(String),
    /// Another text replaces the editor's (a lesson step, an imported history, a share link):
    /// the person's own Dockerfile is kept aside, to restore.
    Load(String),
    /// The person's own Dockerfile from the browser's storage, on start.
    RestoreSaved(String),
    /// Back to the person's own Dockerfile.
    RestoreOwn,
    SetLearnQuery(String),
    LoadExample(usize),
    Caret(usize),
    SetFolder(Option<Rc<ProjectFolder>>),
    DebianLoading,
    DebianLoaded(Rc<DebianIndex>),
    DebianFailed(String),
    /// The measured package tables are here: estimate again.
    TablesLoaded,
    SetView(View),
    /// Switch a rewrite step on (true) or off (false), by id.
    SetStep(String, bool),
    /// Pin the current analysis as the baseline (true) or let it go (false).
    SetBaseline(bool),
}

impl AppState {
    pub fn with_source(
        source: &str,
        example: Option<usize>,
        context: Option<Rc<ProjectFolder>>,
    ) -> Self {
        let analysis = Rc::new(Analysis::of(
            source,
            context.as_ref().map(|c| &c.context),
            None,
        ));
        AppState {
            view: View::Analyze,
            source: source.into(),
            analysis,
            caret_line: 1,
            example,
            own: None,
            learn_query: Rc::from(""),
            context,
            debian: None,
            debian_status: TableStatus::NotLoaded,
            disabled: Rc::default(),
            enabled: Rc::default(),
            baseline: None,
        }
    }

    /// The same state with the text re-analyzed (the table and folder kept).
    fn reanalyzed(
        &self,
        source: &str,
        example: Option<usize>,
        context: Option<Rc<ProjectFolder>>,
    ) -> Self {
        let analysis = Rc::new(Analysis::of(
            source,
            context.as_ref().map(|c| &c.context),
            self.debian.as_deref(),
        ));
        AppState {
            view: self.view,
            source: source.into(),
            analysis,
            caret_line: self.caret_line,
            example,
            own: self.own.clone(),
            learn_query: self.learn_query.clone(),
            context,
            debian: self.debian.clone(),
            debian_status: self.debian_status.clone(),
            disabled: self.disabled.clone(),
            enabled: self.enabled.clone(),
            baseline: self.baseline.clone(),
        }
    }

    /// The person's own Dockerfile when another text is in the editor (so it can be restored).
    pub fn own_set_aside(&self) -> Option<&Rc<str>> {
        self.own
            .as_ref()
            .filter(|own| ***own != *self.source && !own.trim().is_empty())
    }

    /// A copy sharing every computed part (cheap: reference counts).
    fn copied(&self) -> Self {
        AppState {
            view: self.view,
            source: self.source.clone(),
            analysis: self.analysis.clone(),
            caret_line: self.caret_line,
            example: self.example,
            own: self.own.clone(),
            learn_query: self.learn_query.clone(),
            context: self.context.clone(),
            debian: self.debian.clone(),
            debian_status: self.debian_status.clone(),
            disabled: self.disabled.clone(),
            enabled: self.enabled.clone(),
            baseline: self.baseline.clone(),
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
                let own: Rc<str> = Rc::from(text.as_str());
                Rc::new(AppState {
                    own: Some(own),
                    ..self.reanalyzed(&text, None, self.context.clone())
                })
            }
            Action::Load(text) => {
                if *self.source == *text {
                    return self;
                }
                Rc::new(self.reanalyzed(&text, None, self.context.clone()))
            }
            Action::RestoreSaved(text) => Rc::new(AppState {
                own: Some(Rc::from(text.as_str())),
                caret_line: 1,
                ..self.reanalyzed(&text, None, self.context.clone())
            }),
            Action::RestoreOwn => match self.own.clone() {
                Some(own) if *own != *self.source => Rc::new(AppState {
                    caret_line: 1,
                    ..self.reanalyzed(&own, None, self.context.clone())
                }),
                _ => self,
            },
            Action::SetLearnQuery(q) if *self.learn_query == *q => self,
            Action::SetLearnQuery(q) => Rc::new(AppState {
                learn_query: Rc::from(q.as_str()),
                ..self.copied()
            }),
            Action::LoadExample(i) => match crate::examples::EXAMPLES.get(i) {
                // Another file: the steps switched off were this one's.
                Some(ex) => {
                    let fresh = AppState {
                        disabled: Rc::default(),
                        enabled: Rc::default(),
                        ..self.copied()
                    };
                    Rc::new(AppState {
                        caret_line: 1,
                        ..fresh.reanalyzed(ex.text, Some(i), self.context.clone())
                    })
                }
                None => self,
            },
            Action::Caret(line) if line != self.caret_line => Rc::new(AppState {
                caret_line: line,
                ..self.copied()
            }),
            Action::Caret(_) => self,
            Action::SetFolder(folder) => {
                Rc::new(self.reanalyzed(&self.source, self.example, folder))
            }
            // Nothing computed changes until the table is here.
            Action::DebianLoading => Rc::new(AppState {
                debian_status: TableStatus::Loading,
                ..self.copied()
            }),
            Action::DebianFailed(why) => Rc::new(AppState {
                debian_status: TableStatus::Failed(why),
                ..self.copied()
            }),
            Action::DebianLoaded(idx) => {
                let with = AppState {
                    debian: Some(idx),
                    debian_status: TableStatus::Loaded,
                    ..self.copied()
                };
                Rc::new(with.reanalyzed(&self.source, self.example, self.context.clone()))
            }
            Action::TablesLoaded => {
                Rc::new(self.reanalyzed(&self.source, self.example, self.context.clone()))
            }
            Action::SetView(view) if view == self.view => self,
            Action::SetView(view) => Rc::new(AppState {
                view,
                ..self.copied()
            }),
            Action::SetBaseline(on) => Rc::new(AppState {
                baseline: on.then(|| self.analysis.clone()),
                ..self.copied()
            }),
            Action::SetStep(id, on) => {
                let mut disabled = (*self.disabled).clone();
                let mut enabled = (*self.enabled).clone();
                let changed = if on {
                    disabled.remove(&id) | enabled.insert(id)
                } else {
                    enabled.remove(&id) | disabled.insert(id)
                };
                if !changed {
                    return self;
                }
                Rc::new(AppState {
                    disabled: Rc::new(disabled),
                    enabled: Rc::new(enabled),
                    ..self.copied()
                })
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_baseline_stays_pinned_while_the_text_changes() {
        let s = Rc::new(AppState::default()).reduce(Action::SetBaseline(true));
        let pinned = s.baseline.clone().expect("pinned");
        assert!(Rc::ptr_eq(&pinned, &s.analysis));
        let s = s.reduce(Action::Edit(
            "FROM debian:bookworm\nRUN apt-get update && apt-get install -y python3\n".into(),
        ));
        assert!(s.baseline.as_ref().is_some_and(|b| Rc::ptr_eq(b, &pinned)));
        assert!(!Rc::ptr_eq(&s.analysis, &pinned));
        assert!(s.reduce(Action::SetBaseline(false)).baseline.is_none());
    }

    #[test]
    fn editing_reanalyzes_and_forgets_the_example() {
        let s = Rc::new(AppState::default());
        assert_eq!(s.example, Some(0));
        let s = s.reduce(Action::Edit(
            "FROM alpine\nRUN apk add curl\nBOGUS x\n".into(),
        ));
        assert_eq!(s.example, None);
        assert_eq!(s.analysis.df.instructions.len(), 3);
        assert_eq!(s.analysis.layers, 1);
        assert_eq!(s.analysis.df.errors.len(), 1);
        assert_eq!(s.analysis.estimate.layers.len(), 3);
        assert!(s.analysis.estimate.final_image_bytes > 0);
    }

    #[test]
    fn a_project_folder_makes_copy_sizes_exact() {
        let s = Rc::new(AppState::default())
            .reduce(Action::Edit("FROM alpine:3.7\nCOPY . /app\n".into()));
        assert!(!s.analysis.estimate.missing.is_empty());
        let ctx = BuildContext::new(vec![("a.txt".into(), 1000)], Default::default());
        let folder = Rc::new(ProjectFolder {
            name: "p".into(),
            files: 1,
            bytes: 1000,
            context: ctx,
        });
        let s = s.reduce(Action::SetFolder(Some(folder)));
        assert!(s.analysis.estimate.missing.is_empty());
        assert_eq!(s.analysis.estimate.layers[1].bytes, 1000);
    }

    #[test]
    fn switching_a_step_off_is_remembered_until_another_example() {
        // The rewrite itself is the Optimize view's (src/optimize_view/); the state keeps which
        // steps the person switched, for the view and for share links.
        let s = Rc::new(AppState::default()).reduce(Action::SetView(View::Optimize));
        let s = s.reduce(Action::SetStep("some-step-L3".into(), false));
        assert!(s.disabled.contains("some-step-L3"));
        let same = s
            .clone()
            .reduce(Action::SetStep("some-step-L3".into(), false));
        assert!(Rc::ptr_eq(&s, &same), "no change, no new state");
        let s = s.reduce(Action::Edit("FROM alpine:3.20\n".into()));
        assert!(s.disabled.contains("some-step-L3"), "kept across edits");
        let s = s.reduce(Action::SetStep("alpine-base".into(), true));
        assert!(s.enabled.contains("alpine-base"));
        let s = s.reduce(Action::SetStep("some-step-L3".into(), true));
        assert!(!s.disabled.contains("some-step-L3"));
        let s = s.reduce(Action::SetStep("some-step-L3".into(), false));
        // Another example starts with every step on.
        let s = s.reduce(Action::LoadExample(1));
        assert!(s.disabled.is_empty() && s.enabled.is_empty());
    }

    #[test]
    fn the_own_dockerfile_survives_lessons_examples_and_links() {
        let s = Rc::new(AppState::default());
        assert!(s.own.is_none() && s.own_set_aside().is_none());
        let mine = "FROM alpine:3.20\nRUN apk add --no-cache curl\n";
        let s = s.reduce(Action::Edit(mine.into()));
        assert_eq!(s.own.as_deref(), Some(mine));
        // A lesson step, an example, an imported history, a share link: the own file is kept.
        let s = s.reduce(Action::Load("FROM python:3.12\n".into()));
        assert_eq!(s.own_set_aside().map(|o| &**o), Some(mine));
        let s = s.reduce(Action::LoadExample(1));
        assert_eq!(s.own_set_aside().map(|o| &**o), Some(mine));
        // Editing the loaded text makes that the own file (the person is working on it now).
        let s = s.reduce(Action::RestoreOwn);
        assert_eq!(&*s.source, mine);
        assert!(s.own_set_aside().is_none());
        let s = s
            .reduce(Action::Load("FROM x\n".into()))
            .reduce(Action::Edit("FROM y\n".into()));
        assert_eq!(s.own.as_deref(), Some("FROM y\n"));
        // From storage on start.
        let s = Rc::new(AppState::default()).reduce(Action::RestoreSaved(mine.into()));
        assert_eq!((&*s.source, s.own.as_deref()), (mine, Some(mine)));
    }

    #[test]
    fn an_empty_editor_has_no_error() {
        let s = Rc::new(AppState::default()).reduce(Action::Edit("  \n".into()));
        assert!(s.analysis.df.errors.is_empty());
        let s = s.reduce(Action::Edit("BOGUS\n".into()));
        assert!(!s.analysis.df.errors.is_empty());
    }

    #[test]
    fn every_example_loads_without_errors() {
        for (i, ex) in crate::examples::EXAMPLES.iter().enumerate() {
            let s = Rc::new(AppState::default()).reduce(Action::LoadExample(i));
            assert!(
                s.analysis.df.errors.is_empty(),
                "{}: {:?}",
                ex.name,
                s.analysis.df.errors
            );
        }
    }
}
