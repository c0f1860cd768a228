use crate::lint::{Cx, Finding, Rule, RuleDoc, Severity};
use crate::stages::Base;
#[allow(unused_imports)]
use crate::syntax::{Args, CommandForm, Keyword};

/// Docker's storage driver stacks at most this many layers (overlay2's `max depth exceeded`):
/// moby's `daemon/graphdriver/overlay2` caps the lower directories at 128, the image's own
/// layer on top included — so 127 layers below a container. Checked 2026-12 in moby's source.
pub const MAX_LAYERS: usize = 127;

pub const RULE: Rule = Rule {
    doc: RuleDoc {
        code: "LL246",
        name: "too-many-layers",
        hadolint: None,
        buildkit: None,
        severity: Severity::Error,
        summary: "The image would have more layers than Docker can stack: the build or the container fails.",
        why: "Every RUN, COPY and ADD of the final image's stages is a layer, and so is every layer of the base image. Docker's overlay storage stacks at most 127 of them; past that, `docker build` or `docker run` fails with `max depth exceeded`. Join RUNs with `&&`, copy folders instead of single files, and build in a stage whose result is copied once.",
        example: concat!("FROM scratch\n", include_str!("too_many_layers.example")),
        use_instead: "FROM scratch\nCOPY files/ /\n",
        fix_safety: "Needs a check: joining instructions changes what the build cache reuses.",
        example_context: &[],
    },
    check,
};

fn check(cx: &Cx, out: &mut Vec<Finding>) {
    let Some(last) = cx.stages.stages.last() else {
        return;
    };
    // The final stage and the stages it is built on: all their layers ship.
    let mut chain = vec![last];
    while let Base::Stage(p) = chain[chain.len() - 1].base {
        match cx.stages.stages.get(p) {
            Some(s) if s.index < chain[chain.len() - 1].index => chain.push(s),
            _ => break,
        }
    }
    let layers: Vec<usize> = chain
        .iter()
        .rev()
        .flat_map(|s| s.instructions.iter().copied())
        .filter(|&i| {
            cx.df.instructions.get(i).is_some_and(|ins| {
                matches!(ins.keyword, Keyword::Run | Keyword::Copy | Keyword::Add)
            })
        })
        .collect();
    if layers.len() <= MAX_LAYERS {
        return;
    }
    // At the instruction that makes the 128th layer.
    if let Some(ins) = layers
        .get(MAX_LAYERS)
        .and_then(|&i| cx.df.instructions.get(i))
    {
        out.push(cx.finding(
            &RULE.doc,
            super::util::span(ins),
            format!(
                "the final image has {} layers of its own (RUN, COPY, ADD), more than the {MAX_LAYERS} Docker can stack (the base image's layers count too): this one is past the limit",
                layers.len()
            ),
        ));
    }
}
