//! `non-root-user`: Run the app as an unprivileged user.

use super::{Applies, StepDoc};
use crate::optimize::Safety;

pub const DOC: StepDoc = StepDoc {
    kind: "non-root-user",
    title: "Run the app as an unprivileged user",
    why: "Without USER the app runs as root: a bug or a compromised dependency can then change anything in the container. User 65534 (`nobody`) exists in every Debian, Alpine and distroless image and can read what COPY put there. It is hardening, not size, and it can stop an app that writes its state where only root may — so it is offered, never applied unasked.",
    example: "FROM python:3.12-slim\nCOPY app.py /app/\nCMD [\"python\", \"/app/app.py\"]\n",
    use_instead: "FROM python:3.12-slim\nCOPY app.py /app/\nUSER 65534\nCMD [\"python\", \"/app/app.py\"]\n",
    safety: Safety::NeedsCheck,
    check: Some("the app must not write where only root may (its home under /root, /var/lib/…; use /tmp or a volume) and must not need root-only files or ports below 1024"),
    applies: Applies::OptIn,
    example_context: &[],
};

// The finder: what the planner calls (`plan.rs`).
use crate::optimize::doc::Action;
use crate::optimize::plan::*;
use crate::stages::{Base, Stage};
use crate::syntax::Keyword;

/// `USER 65534` before the command, when the image starts a program as root.
pub(crate) fn non_root_user(cx: &mut Cx, st: &Stage) {
    let ins = cx.stage_ins(st);
    let mut chain = Some(st.clone());
    while let Some(s) = chain {
        if s.instructions
            .iter()
            .any(|&i| cx.ins(i).keyword == Keyword::User)
        {
            return;
        }
        chain = match s.base {
            Base::Stage(p) => cx.stages.stages.get(p).cloned(),
            Base::Scratch => return,
            Base::Image { reference, .. } if reference.contains("nonroot") => return,
            _ => None,
        };
    }
    let Some(&run) = ins
        .iter()
        .rev()
        .find(|&&i| matches!(cx.ins(i).keyword, Keyword::Cmd | Keyword::Entrypoint))
    else {
        return;
    };
    // A port below 1024 needs root (or a capability) to bind.
    let low_port = ins.iter().any(|&i| {
        let e = cx.ins(i);
        e.keyword == Keyword::Expose
            && e.text.split_whitespace().any(|p| {
                p.split('/')
                    .next()
                    .and_then(|n| n.parse::<u32>().ok())
                    .is_some_and(|n| n < 1024)
            })
    });
    if low_port {
        cx.note(cx.ins(run).start_line, "kept root: the image exposes a port below 1024, which an unprivileged user cannot bind");
        return;
    }
    let first = *ins
        .iter()
        .find(|&&i| {
            matches!(
                cx.ins(i).keyword,
                Keyword::Cmd | Keyword::Entrypoint | Keyword::Healthcheck | Keyword::Stopsignal
            )
        })
        .unwrap_or(&run);
    let line = cx.ins(first).start_line;
    cx.add(
        "non-root-user",
        line,
        vec![line],
        "Run the app as an unprivileged user",
        "Without USER the app runs as root: a bug or a compromised dependency can then change anything in the container. User 65534 (`nobody`) exists in every Debian, Alpine and distroless image and can read what COPY put there.",
        Safety::NeedsCheck,
        Some("the app must not write where only root may (use /tmp or a volume) and must not need root-only files".into()),
        vec![Action::InsertBefore { before: first, text: "USER 65534".into() }],
    );
}
