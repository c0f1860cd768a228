//! One file per rule, named after what it finds. Each holds its `RuleDoc` and its check.

mod add_for_files;
mod add_remote_url;
mod apk_cache_kept;
mod apk_version_unpinned;
mod apt_install_recommends;
mod apt_lists_not_removed;
mod apt_not_apt_get;
mod apt_version_unpinned;
mod apt_without_yes;
mod base_image_latest;
mod base_image_untagged;
mod build_tools_in_final_image;
mod cd_in_run;
mod copy_all_without_dockerignore;
mod copy_from_self;
mod copy_ignored_file;
mod copy_many_needs_dir;
mod copy_relative_without_workdir;
mod copy_whole_stage;
mod deleted_in_later_layer;
mod duplicate_stage_name;
mod empty_continuation;
mod expose_invalid_format;
mod expose_proto_casing;
mod from_as_casing;
mod from_platform_flag;
mod full_base_image;
mod gem_version_unpinned;
mod image_helper_removed;
mod inconsistent_casing;
mod invalid_base_image_platform;
mod invalid_default_arg_in_from;
mod invalid_definition_description;
mod last_user_root;
mod legacy_key_value;
mod maintainer_deprecated;
mod multiple_cmds;
mod multiple_entrypoints;
mod multiple_healthchecks;
mod multiple_instructions_disallowed;
mod multiple_stage_alias_unknown;
mod npm_cache_kept;
mod npm_version_unpinned;
mod pip_cache_kept;
mod pip_version_unpinned;
mod pipe_without_pipefail;
mod pycache_copied;
mod redundant_target_platform;
mod reserved_stage_name;
mod runs_as_root;
mod secrets_in_arg_or_env;
mod shell_form_entrypoint;
mod single_stage_compiled;
mod stage_name_casing;
mod sudo_in_run;
mod too_many_layers;
mod undefined_arg_in_from;
mod undefined_var;
mod user_not_numeric;
mod wget_and_curl;
mod wget_progress;
mod workdir_relative;
mod workdir_relative_first;

use super::Rule;

pub(crate) use invalid_base_image_platform::known_os;
pub(crate) use secrets_in_arg_or_env::looks_secret;

pub static ALL: &[Rule] = &[
    base_image_untagged::RULE,
    base_image_latest::RULE,
    image_helper_removed::RULE,
    apt_lists_not_removed::RULE,
    apt_install_recommends::RULE,
    pip_cache_kept::RULE,
    npm_cache_kept::RULE,
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
    too_many_layers::RULE,
    single_stage_compiled::RULE,
    multiple_instructions_disallowed::RULE,
    secrets_in_arg_or_env::RULE,
    undefined_var::RULE,
    undefined_arg_in_from::RULE,
    invalid_default_arg_in_from::RULE,
    copy_ignored_file::RULE,
    invalid_base_image_platform::RULE,
    invalid_definition_description::RULE,
    add_remote_url::RULE,
    runs_as_root::RULE,
    pycache_copied::RULE,
    copy_all_without_dockerignore::RULE,
];

/// Helpers the rules share.
pub(super) mod util {
    use crate::stages::Base;
    use crate::syntax::Instruction;

    /// The image a FROM names *as written* (variables not expanded: the rule judges the text),
    /// when it is an image (not scratch, not an earlier stage): (name, tag, digest).
    pub fn from_image(
        cx: &super::super::Cx,
        i: usize,
    ) -> Option<(String, Option<String>, Option<String>)> {
        let stage = cx.stages.stages.iter().find(|s| s.from == i)?;
        match &stage.base {
            Base::Image { reference, .. } => Some(crate::stages::split_reference(reference)),
            _ => None,
        }
    }

    pub fn span(ins: &Instruction) -> crate::span::Span {
        ins.keyword_span
    }

    /// A finding with `message` on every RUN (or other shell instruction) one of whose commands
    /// is `which` and `bad` — the shape of most package-manager rules.
    pub fn commands_where(
        cx: &super::super::Cx,
        out: &mut Vec<super::super::Finding>,
        doc: &super::super::RuleDoc,
        message: &str,
        which: impl Fn(&crate::shell::Command) -> bool,
        bad: impl Fn(&Instruction, &crate::shell::Command) -> bool,
    ) {
        for (i, ins) in cx.instructions() {
            let Some(script) = cx.script(i) else { continue };
            if script
                .commands
                .iter()
                .filter(|c| which(c))
                .any(|c| bad(ins, c))
            {
                out.push(cx.finding(doc, span(ins), message));
            }
        }
    }

    /// Whether the instruction mounts a cache whose flag value contains `target`.
    pub fn cache_mounted(ins: &Instruction, target: &str) -> bool {
        ins.flags
            .iter()
            .any(|f| f.name == "mount" && f.value.as_deref().is_some_and(|v| v.contains(target)))
    }

    /// COPY and ADD from the build context (not `--from`), each with its source words.
    pub fn context_copies<'a>(
        cx: &super::super::Cx<'a>,
    ) -> impl Iterator<Item = (&'a Instruction, &'a [crate::syntax::Word])> {
        use crate::syntax::{Args, Keyword};
        cx.instructions().filter_map(|(_, ins)| {
            if !matches!(ins.keyword, Keyword::Copy | Keyword::Add) || ins.flag("from").is_some() {
                return None;
            }
            let Args::Copy { paths, .. } = &ins.args else {
                return None;
            };
            paths.split_last().map(|(_, sources)| (ins, sources))
        })
    }

    /// FROM instructions with their stage name, if any.
    pub fn froms<'a>(
        cx: &super::super::Cx<'a>,
    ) -> impl Iterator<Item = (&'a Instruction, Option<&'a crate::syntax::Word>)> {
        use crate::syntax::{Args, Keyword};
        cx.instructions()
            .filter(|(_, ins)| ins.keyword == Keyword::From)
            .map(|(_, ins)| match &ins.args {
                Args::From { stage_name, .. } => (ins, stage_name.as_ref()),
                _ => (ins, None),
            })
    }

    /// Variables a word refers to, read the way BuildKit's word expansion reads it: `$NAME`,
    /// `${NAME}`, `${NAME:-word}` (and the variables inside `word`); nothing inside single quotes
    /// or after the escape character. In order, repeats kept once.
    pub fn referenced_vars(word: &str, escape: char) -> Vec<String> {
        let mut out = Vec::new();
        scan_vars(&word.chars().collect::<Vec<_>>(), escape, &mut out);
        out
    }

    fn scan_vars(chars: &[char], escape: char, out: &mut Vec<String>) {
        let name_len = |s: &[char]| {
            s.iter()
                .enumerate()
                .take_while(|&(i, c)| {
                    *c == '_' || c.is_ascii_alphabetic() || (i > 0 && c.is_ascii_digit())
                })
                .count()
        };
        let push = |n: String, out: &mut Vec<String>| {
            if !out.contains(&n) {
                out.push(n);
            }
        };
        let (mut i, mut in_double) = (0, false);
        while i < chars.len() {
            let c = chars[i];
            if c == escape {
                i += 2;
                continue;
            }
            if c == '\'' && !in_double {
                i += 1;
                while i < chars.len() && chars[i] != '\'' {
                    i += 1;
                }
                i += 1;
                continue;
            }
            if c == '"' {
                in_double = !in_double;
                i += 1;
                continue;
            }
            if c != '$' {
                i += 1;
                continue;
            }
            let rest = &chars[i + 1..];
            if rest.first() == Some(&'{') {
                // Find the matching brace.
                let (mut depth, mut j) = (0usize, 1);
                while j < rest.len() {
                    match rest[j] {
                        '{' => depth += 1,
                        '}' if depth == 0 => break,
                        '}' => depth -= 1,
                        _ => {}
                    }
                    j += 1;
                }
                let body = &rest[1..j.min(rest.len())];
                let n = name_len(body);
                if n > 0 {
                    push(body[..n].iter().collect(), out);
                    let op = &body[n..];
                    let word = op
                        .iter()
                        .position(|c| !matches!(c, ':' | '-' | '+' | '?' | '#' | '%'))
                        .map_or(&op[op.len()..], |k| &op[k..]);
                    scan_vars(word, escape, out);
                }
                i += 1 + j + 1;
            } else {
                let n = name_len(rest);
                if n > 0 {
                    push(rest[..n].iter().collect(), out);
                }
                i += 1 + n;
            }
        }
    }

    /// The raw (quotes kept) value of each `NAME=value` of an ENV, ARG or LABEL, by key, as
    /// BuildKit splits the words; the legacy `NAME value` form gives one pair.
    pub fn raw_key_values(ins: &Instruction, escape: char) -> Vec<(String, Option<String>)> {
        let text = ins.text.as_str();
        let words = crate::syntax::words::quoted_words(text, escape);
        let Some(first) = words.first() else {
            return Vec::new();
        };
        if !text[first.clone()].contains('=') {
            let key = &text[first.clone()];
            return vec![(key.to_string(), Some(text[first.end..].trim().to_string()))];
        }
        words
            .into_iter()
            .map(|r| {
                let raw = &text[r];
                match raw.split_once('=') {
                    Some((k, v)) => (k.to_string(), Some(v.to_string())),
                    None => (raw.to_string(), None),
                }
            })
            .collect()
    }

    /// Comment lines directly above line `line`, nearest last, as BuildKit collects a
    /// description: a blank line or an empty `#` ends them; parser directives count as comments.
    pub fn comments_above(cx: &super::super::Cx, line: usize) -> Vec<String> {
        let mut out = Vec::new();
        let mut want = line;
        while want > 1 {
            want -= 1;
            let text = match cx.df.comments.iter().find(|c| c.span.line == want) {
                Some(c) => c.text.clone(),
                None => match cx.df.directives.iter().find(|d| d.span.line == want) {
                    Some(d) => format!("{}={}", d.name, d.value),
                    None => break,
                },
            };
            if text.is_empty() {
                break;
            }
            out.push(text);
        }
        out.reverse();
        out
    }

    /// Flags every `kw` in a stage after the first: only the last one takes effect.
    pub fn repeated_in_stage(
        cx: &super::super::Cx,
        out: &mut Vec<super::super::Finding>,
        doc: &super::super::RuleDoc,
        kw: crate::syntax::Keyword,
        message: &str,
    ) {
        for st in &cx.stages.stages {
            let mut seen = false;
            for ins in st
                .instructions
                .iter()
                .filter_map(|&i| cx.df.instructions.get(i))
                .filter(|i| i.keyword == kw)
            {
                if seen {
                    out.push(cx.finding(doc, span(ins), message));
                }
                seen = true;
            }
        }
    }
}
