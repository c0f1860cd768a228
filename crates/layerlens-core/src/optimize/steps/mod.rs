//! The rewrite's step kinds as documented data, one file each — the way `lint/rules/` holds the
//! rules: a [`StepDoc`] says what the step does, why, how safe it is, and shows it on an example
//! (which makes it fire) and on the example rewritten (which makes it not fire). The CLI's
//! `layerlens step`, the app's Optimize view and docs/optimize.md read these; `tests/optimize_steps.rs`
//! runs every example. The planner (`plan.rs`) finds the steps; a step's `default_on` and its
//! safety come from here.

use super::Safety;
use serde::Serialize;

mod alpine_base;
mod apk_no_cache;
mod apt_clean_lists;
mod apt_no_recommends;
mod binary_only;
mod bundle_without_dev;
mod cache_mount;
mod composer_no_dev;
mod conda_clean;
mod copy_chown;
mod dotnet_chiseled;
mod exec_form_cmd;
pub(crate) mod expand_onbuild;
mod manifests_first;
mod merge_runs;
mod non_root_user;
mod npm_cache_clean;
mod npm_omit_dev;
mod official_python;
mod pip_no_cache;
mod release_build;
mod runtime_base;
mod slim_base;
pub(crate) mod split_compiled;
mod split_node_build;
mod split_os_build;
mod split_python_venv;

/// How a step is offered, like ruff's fix applicability.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Applies {
    /// Part of the default rewrite: keeps the app running as before.
    Default,
    /// Offered, off unless asked for (`--enable KIND`, or its switch in the app): it can change
    /// what the program sees at run time, or needs something of the build machine.
    OptIn,
}

#[derive(Debug, Clone, Serialize)]
pub struct StepDoc {
    /// The kind, as in step ids (`pip-no-cache-L9`) and `--disable`/`--enable`.
    pub kind: &'static str,
    /// One line: what the step does.
    pub title: &'static str,
    /// Why it makes the image smaller, the build faster or the image safer.
    pub why: &'static str,
    /// A Dockerfile on which the step fires.
    pub example: &'static str,
    /// The example as the step leaves it (or as an expert writes it): the step does not fire.
    pub use_instead: &'static str,
    pub safety: Safety,
    /// For `needs-check` steps: what to verify before shipping the rewrite.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub check: Option<&'static str>,
    pub applies: Applies,
    /// Build-context files the examples are checked with (path, content).
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    pub example_context: &'static [(&'static str, &'static str)],
}

/// Every step kind, in the order the docs list them.
pub static ALL: &[&StepDoc] = &[
    &expand_onbuild::DOC,
    &merge_runs::DOC,
    &apt_no_recommends::DOC,
    &apt_clean_lists::DOC,
    &apk_no_cache::DOC,
    &pip_no_cache::DOC,
    &npm_cache_clean::DOC,
    &conda_clean::DOC,
    &cache_mount::DOC,
    &manifests_first::DOC,
    &slim_base::DOC,
    &alpine_base::DOC,
    &official_python::DOC,
    &npm_omit_dev::DOC,
    &composer_no_dev::DOC,
    &bundle_without_dev::DOC,
    &copy_chown::DOC,
    &split_compiled::DOC,
    &binary_only::DOC,
    &split_os_build::DOC,
    &split_python_venv::DOC,
    &split_node_build::DOC,
    &runtime_base::DOC,
    &dotnet_chiseled::DOC,
    &release_build::DOC,
    &exec_form_cmd::DOC,
    &non_root_user::DOC,
];

/// The doc of a kind (case-insensitive).
pub fn doc(kind: &str) -> Option<&'static StepDoc> {
    ALL.iter()
        .copied()
        .find(|d| d.kind.eq_ignore_ascii_case(kind))
}

pub(crate) use apk_no_cache::find as apk_no_cache;
pub(crate) use apt_clean_lists::find as apt_clean_lists;
pub(crate) use apt_no_recommends::find as apt_no_recommends;
pub(crate) use bundle_without_dev::find as bundle_without_dev;
pub(crate) use cache_mount::cache_mounts;
pub(crate) use composer_no_dev::find as composer_no_dev;
pub(crate) use conda_clean::find as conda_clean;
pub(crate) use copy_chown::find as copy_chown;
pub(crate) use dotnet_chiseled::find as dotnet_chiseled;
pub(crate) use exec_form_cmd::exec_form_cmd;
pub(crate) use manifests_first::manifests_first;
pub(crate) use merge_runs::merge_runs;
pub(crate) use non_root_user::non_root_user;
pub(crate) use npm_cache_clean::find as npm_cache_clean;
pub(crate) use npm_omit_dev::npm_omit_dev;
pub(crate) use official_python::distro_python;
pub(crate) use pip_no_cache::find as pip_no_cache;
pub(crate) use release_build::find as release_build;
pub(crate) use runtime_base::find as runtime_base;
pub(crate) use slim_base::slim_base;
pub(crate) use split_compiled::split_compiled;
pub(crate) use split_node_build::find as split_node_build;
pub(crate) use split_os_build::find as split_os_build;
pub(crate) use split_python_venv::split_python;
