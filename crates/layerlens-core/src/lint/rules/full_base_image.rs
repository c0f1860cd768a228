use super::util::span;
use crate::lint::{Cx, Finding, Rule, RuleDoc, Severity};
#[allow(unused_imports)]
use crate::syntax::{Args, CommandForm, Keyword};

pub const RULE: Rule = Rule {
    doc: RuleDoc {
        code: "LL242",
        name: "full-base-image",
        hadolint: None,
        buildkit: None,
        severity: Severity::Info,
        summary: "The final image starts from a full language image; a `-slim` variant is much smaller.",
        why: "The full `python`, `node` and `ruby` images carry compilers, headers and hundreds of Debian packages so that anything can be built on them: python:3.12 is about 1 GB, python:3.12-slim about 125 MB. Run on `-slim` (and build in a builder stage if you need the tools).",
        example: "FROM python:3.12\nCMD [\"python\"]\n",
        use_instead: "FROM python:3.12-slim\nUSER 65534\nCMD [\"python\"]\n",
        fix_safety: "Needs a check: packages your app links against must be installed on the slim image.",
        example_context: &[],
    },
    check,
};

fn check(cx: &Cx, out: &mut Vec<Finding>) {
    let Some(fin) = cx.stages.final_stage() else {
        return;
    };
    let crate::stages::Base::Image {
        reference,
        expanded,
        ..
    } = &fin.base
    else {
        return;
    };
    let reference = expanded.as_deref().unwrap_or(reference);
    let (name, tag, digest) = crate::stages::split_reference(reference);
    let image = name
        .trim_start_matches("docker.io/")
        .trim_start_matches("library/");
    if digest.is_some() || !matches!(image, "python" | "node" | "ruby") {
        return;
    }
    let tag = tag.unwrap_or_else(|| "latest".into());
    if tag.contains("slim") || tag.contains("alpine") || tag.contains('$') {
        return;
    }
    let full = crate::estimate::resolve_base(reference);
    let version = tag.split('-').next().unwrap_or(&tag);
    let slim_ref = format!(
        "{image}:{}-slim",
        if version == "latest" { "3" } else { version }
    );
    let slim = crate::estimate::resolve_base(&slim_ref);
    let saving = if slim.basis.starts_with("unknown") {
        String::new()
    } else {
        format!(
            ": ≈ {} instead of ≈ {}",
            crate::estimate::human(slim.amount.bytes),
            crate::estimate::human(full.amount.bytes)
        )
    };
    if let Some(ins) = cx.df.instructions.get(fin.from) {
        out.push(cx.finding(
            &RULE.doc,
            span(ins),
            format!("the final image could start from `{slim_ref}`{saving}"),
        ));
    }
}
