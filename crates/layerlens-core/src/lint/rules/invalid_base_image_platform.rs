use super::util::span;
use crate::lint::{Cx, Finding, Rule, RuleDoc, Severity};
use crate::stages::Base;
use crate::syntax::Keyword;

pub const RULE: Rule = Rule {
    doc: RuleDoc {
        code: "LL346",
        name: "base-image-platform-mismatch",
        hadolint: None,
        buildkit: Some("InvalidBaseImagePlatform"),
        severity: Severity::Warning,
        summary: "`FROM --platform` asks for an operating system the base image is not built for.",
        why: "Windows images (`mcr.microsoft.com/windows/…`, `…nanoserver…`, `…servercore…`) run only on Windows, and the builder cannot turn them into Linux images (or the other way round): the pull fails or gives an image that cannot start. BuildKit checks this against the registry; offline, layerlens knows the operating system of Windows image names only.",
        example: "FROM --platform=linux/amd64 mcr.microsoft.com/windows/servercore:ltsc2022\n",
        use_instead: "FROM mcr.microsoft.com/windows/servercore:ltsc2022\n",
        fix_safety: "Needs a check: pick a base image built for the platform you target.",
        example_context: &[],
    },
    check,
};

/// The operating system an image name says it is for, when it says so.
pub fn known_os(reference: &str) -> Option<&'static str> {
    let r = reference.to_ascii_lowercase();
    if r.contains("mcr.microsoft.com/windows")
        || r.contains("nanoserver")
        || r.contains("servercore")
        || r.contains("windowsservercore")
    {
        Some("windows")
    } else {
        None
    }
}

fn check(cx: &Cx, out: &mut Vec<Finding>) {
    for st in &cx.stages.stages {
        let Some(ins) = cx.df.instructions.get(st.from) else {
            continue;
        };
        debug_assert_eq!(ins.keyword, Keyword::From);
        let Some(p) = st.platform.as_deref().filter(|p| !p.contains('$')) else {
            continue;
        };
        let Base::Image { reference, .. } = &st.base else {
            continue;
        };
        let wanted = p.split('/').next().unwrap_or_default().to_ascii_lowercase();
        let is = known_os(reference).unwrap_or("linux");
        if known_os(reference).is_some() != (wanted == "windows") {
            out.push(cx.finding(
                &RULE.doc,
                span(ins),
                format!("`{reference}` is a {is} image; `--platform={p}` asks for {wanted}"),
            ));
        }
    }
}
