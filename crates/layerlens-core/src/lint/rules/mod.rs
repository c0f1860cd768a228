//! One file per rule, named after what it finds. Each holds its `RuleDoc` and its check.

mod add_for_files;
mod apk_version_unpinned;
mod apt_not_apt_get;
mod apt_version_unpinned;
mod apt_without_yes;
mod cd_in_run;
mod pipe_without_pipefail;
mod sudo_in_run;
mod workdir_relative;
mod multiple_healthchecks;
mod multiple_cmds;
mod multiple_entrypoints;
mod duplicate_stage_name;
mod copy_from_self;
mod copy_many_needs_dir;
mod from_platform_flag;
mod wget_progress;
mod wget_and_curl;
mod last_user_root;
mod multiple_stage_alias_unknown;
mod copy_relative_without_workdir;
mod user_not_numeric;
mod pip_version_unpinned;
mod npm_version_unpinned;
mod gem_version_unpinned;
mod copy_whole_stage;
mod legacy_key_value;
mod from_as_casing;
mod workdir_relative_first;
mod inconsistent_casing;
mod empty_continuation;
mod stage_name_casing;
mod reserved_stage_name;
mod expose_proto_casing;
mod expose_invalid_format;
mod redundant_target_platform;
mod deleted_in_later_layer;
mod build_tools_in_final_image;
mod full_base_image;
mod single_stage_compiled;
mod apk_cache_kept;
mod apt_install_recommends;
mod apt_lists_not_removed;
mod base_image_latest;
mod base_image_untagged;
mod maintainer_deprecated;
mod pip_cache_kept;
mod shell_form_entrypoint;

use super::Rule;

pub static ALL: &[Rule] = &[
    base_image_untagged::RULE,
    base_image_latest::RULE,
    apt_lists_not_removed::RULE,
    apt_install_recommends::RULE,
    pip_cache_kept::RULE,
    apk_cache_kept::RULE,
    shell_form_entrypoint::RULE,
    maintainer_deprecated::RULE,
    apt_version_unpinned::RULE,
    apk_version_unpinned::RULE,
    apt_without_yes::RULE,
    apt_not_apt_get::RULE,
    cd_in_run::RULE,
    add_for_files::RULE,
    sudo_in_run::RULE,
    workdir_relative::RULE,
    pipe_without_pipefail::RULE,
    multiple_healthchecks::RULE,
    multiple_cmds::RULE,
    multiple_entrypoints::RULE,
    duplicate_stage_name::RULE,
    copy_from_self::RULE,
    copy_many_needs_dir::RULE,
    from_platform_flag::RULE,
    wget_progress::RULE,
    wget_and_curl::RULE,
    last_user_root::RULE,
    multiple_stage_alias_unknown::RULE,
    copy_relative_without_workdir::RULE,
    user_not_numeric::RULE,
    pip_version_unpinned::RULE,
    npm_version_unpinned::RULE,
    gem_version_unpinned::RULE,
    copy_whole_stage::RULE,
    legacy_key_value::RULE,
    from_as_casing::RULE,
    workdir_relative_first::RULE,
    inconsistent_casing::RULE,
    empty_continuation::RULE,
    stage_name_casing::RULE,
    reserved_stage_name::RULE,
    expose_proto_casing::RULE,
    expose_invalid_format::RULE,
    redundant_target_platform::RULE,
    deleted_in_later_layer::RULE,
    build_tools_in_final_image::RULE,
    full_base_image::RULE,
    single_stage_compiled::RULE,
];

/// Helpers the rules share.
pub(super) mod util {
    use crate::stages::Base;
    use crate::syntax::Instruction;

    /// The image a FROM names *as written* (variables not expanded: the rule judges the text),
    /// when it is an image (not scratch, not an earlier stage): (name, tag, digest).
    pub fn from_image(cx: &super::super::Cx, i: usize) -> Option<(String, Option<String>, Option<String>)> {
        let stage = cx.stages.stages.iter().find(|s| s.from == i)?;
        match &stage.base {
            Base::Image { reference, .. } => Some(crate::stages::split_reference(reference)),
            _ => None,
        }
    }

    pub fn span(ins: &Instruction) -> crate::span::Span {
        ins.keyword_span
    }

    /// Flags every `kw` in a stage after the first: only the last one takes effect.
    pub fn repeated_in_stage(cx: &super::super::Cx, out: &mut Vec<super::super::Finding>, doc: &super::super::RuleDoc, kw: crate::syntax::Keyword, message: &str) {
        for st in &cx.stages.stages {
            let mut seen = false;
            for ins in st.instructions.iter().filter_map(|&i| cx.df.instructions.get(i)).filter(|i| i.keyword == kw) {
                if seen {
                    out.push(cx.finding(doc, span(ins), message));
                }
                seen = true;
            }
        }
    }
}
