use super::util::span;
use crate::lint::{Cx, Finding, Rule, RuleDoc, Severity};
use crate::stages::Base;
use crate::syntax::Keyword;

pub const RULE: Rule = Rule {
    doc: RuleDoc {
        code: "LL351",
        name: "runs-as-root",
        hadolint: None,
        buildkit: None,
        severity: Severity::Info,
        summary: "The image starts a program but sets no USER, so the program runs as root.",
        why: "Without a USER the container's process is root (uid 0). A bug or an exploited dependency then owns the whole container filesystem, and with a mounted socket or a kernel flaw, more. Create an unprivileged user and switch to it in the final stage, after the steps that need root. Dockle's first check (CIS-DI-0001) is the same.",
        example: "FROM python:3.12-slim\nCOPY app.py /app/\nCMD [\"python\", \"/app/app.py\"]\n",
        use_instead: "FROM python:3.12-slim\nCOPY app.py /app/\nUSER 65534\nCMD [\"python\", \"/app/app.py\"]\n",
        fix_safety: "Needs a check: the program must not write where only root can, or bind ports below 1024.",
        example_context: &[],
    },
    check,
};

fn check(cx: &Cx, out: &mut Vec<Finding>) {
    let Some(last) = cx.stages.stages.last() else {
        return;
    };
    // Only images that start a program: a base image for others sets no command.
    let runs = |k: Keyword| {
        last.instructions.iter().any(|&i| {
            cx.df
                .instructions
                .get(i)
                .is_some_and(|ins| ins.keyword == k)
        })
    };
    if !runs(Keyword::Cmd) && !runs(Keyword::Entrypoint) {
        return;
    }
    // Walk the final stage and the stages it is built FROM.
    let mut stage = Some(last);
    while let Some(st) = stage {
        if st.instructions.iter().any(|&i| {
            cx.df
                .instructions
                .get(i)
                .is_some_and(|ins| ins.keyword == Keyword::User)
        }) {
            return;
        }
        stage = match &st.base {
            Base::Stage(p) => cx.stages.stages.get(*p),
            Base::Image { reference, .. } if reference.contains("nonroot") => return,
            Base::Scratch => return,
            _ => None,
        };
    }
    if let Some(ins) = cx.df.instructions.get(last.from) {
        out.push(cx.finding(
            &RULE.doc,
            span(ins),
            "no USER in the final stage: the program runs as root",
        ));
    }
}
