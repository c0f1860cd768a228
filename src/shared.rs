//! What the app's state and the Optimize view (its own lazily loaded wasm, `src/optimize_view/`)
//! both use: the project folder, the Debian table's status, and a rewrite. No web-sys here.

use layerlens_core::estimate::{BuildContext, Input};
use layerlens_core::knowledge::debian::DebianIndex;
use layerlens_core::optimize::{align, optimize, Optimized, Options, Row};
use std::collections::BTreeSet;

/// The rewrite of one version of the text with one set of steps switched off, and the two texts
/// aligned for the side-by-side view.
pub struct Optimization {
    pub result: Optimized,
    pub rows: Vec<Row>,
    /// Which of Debian's tables this file uses (`debian_table_wanted`), worked out once.
    pub wants_debian: Option<&'static str>,
    /// Whether it installs pip or npm packages (the view loads the measured tables then).
    pub wants_packages: bool,
}

/// Compared by identity, like [`Analysis`].
impl PartialEq for Optimization {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self, other)
    }
}

impl Optimization {
    pub fn of(
        src: &str,
        context: Option<&BuildContext>,
        debian: Option<&DebianIndex>,
        disabled: &BTreeSet<String>,
        enabled: &BTreeSet<String>,
    ) -> Optimization {
        // As for the analysis: the table only where the file asks for it.
        let parsed = layerlens_core::parse(src);
        let wants_debian = layerlens_core::estimate::debian_table_wanted(&parsed);
        let wants_packages = layerlens_core::estimate::wants_package_tables(&parsed);
        let debian = debian.filter(|d| Some(d.release()) == wants_debian);
        let opts = Options {
            input: Input { context, debian },
            disabled: disabled.iter().cloned().collect(),
            enabled: enabled.iter().cloned().collect(),
        };
        let result = optimize(src, &opts);
        let rows = align(src, &result.dockerfile);
        Optimization {
            result,
            rows,
            wants_debian,
            wants_packages,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Default)]
pub enum TableStatus {
    #[default]
    NotLoaded,
    Loading,
    Loaded,
    Failed(String),
}

pub struct ProjectFolder {
    pub name: String,
    pub files: usize,
    pub bytes: u64,
    pub context: BuildContext,
}

/// Compared by identity, like the app's analyses.
impl PartialEq for ProjectFolder {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self, other)
    }
}
