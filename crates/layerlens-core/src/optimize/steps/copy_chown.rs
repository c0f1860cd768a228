//! `RUN chown -R user /app` after `COPY . /app`: the chown rewrites every copied file into a new
//! layer, so the application is stored twice. `COPY --chown=user` sets the owner as it copies.

use super::{Applies, StepDoc};
use crate::optimize::doc::Action;
use crate::optimize::plan::{delete_command, resolve, Cx};
use crate::optimize::Safety;
use crate::stages::Stage;
use crate::syntax::{Args, Keyword};

pub const DOC: StepDoc = StepDoc {
    kind: "copy-chown",
    title: "Set the owner in the COPY instead of a `chown -R` after it",
    why: "`chown -R` on files an earlier layer added copies every one of them into a new layer: the application is stored twice, once per owner. `COPY --chown=user:group` writes them with their owner in the first place.",
    example: "FROM node:22-slim\nCOPY . /app\nRUN chown -R node:node /app\nUSER node\nWORKDIR /app\nCMD [\"node\", \"server.js\"]\n",
    use_instead: "FROM node:22-slim\nCOPY --chown=node:node . /app\nUSER node\nWORKDIR /app\nCMD [\"node\", \"server.js\"]\n",
    safety: Safety::Safe,
    check: None,
    applies: Applies::Default,
    example_context: &[("server.js", "require('http').createServer((q, s) => s.end('ok')).listen(3000);\n")],
};

pub(crate) fn find(cx: &mut Cx, st: &Stage) {
    for &r in &st.instructions {
        let ins = cx.ins(r);
        if ins.keyword != Keyword::Run || !ins.flags.is_empty() {
            continue;
        }
        let Some(script) = cx.scripts[r].as_ref() else {
            continue;
        };
        // One `chown -R OWNER PATH` of the RUN (other commands may stay).
        let Some((k, owner, path)) = script.commands.iter().enumerate().find_map(|(k, c)| {
            if c.name() != Some("chown") || c.nested {
                return None;
            }
            let words: Vec<&str> = c.args().iter().map(|w| w.value.as_str()).collect();
            let recursive = words.iter().any(|w| *w == "-R" || *w == "--recursive");
            let rest: Vec<&str> = words
                .iter()
                .copied()
                .filter(|w| !w.starts_with('-'))
                .collect();
            (recursive
                && rest.len() == 2
                && !rest.iter().any(|w| w.contains('$') || w.contains('*')))
            .then(|| (k, rest[0].to_string(), rest[1].to_string()))
        }) else {
            continue;
        };
        let path = resolve(&path, &cx.workdir_before(r));
        let path = path.trim_end_matches('/').to_string();
        // The COPY that put the files there: the last one into that path before the RUN, with no
        // --chown yet, from the context or a stage; nothing else in between writes there.
        let Some(&c) = st
            .instructions
            .iter()
            .filter(|&&i| i < r)
            .rev()
            .find(|&&i| {
                matches!(cx.ins(i).keyword, Keyword::Copy | Keyword::Add)
                    || cx.ins(i).keyword == Keyword::Run
            })
        else {
            continue;
        };
        let copy = cx.ins(c);
        if !matches!(copy.keyword, Keyword::Copy | Keyword::Add)
            || copy.flag("chown").is_some()
            || !copy.heredocs.is_empty()
        {
            continue;
        }
        let Args::Copy { paths, .. } = &copy.args else {
            continue;
        };
        let Some(dest) = paths.last() else {
            continue;
        };
        let dest_abs = resolve(&dest.value, &cx.workdir_before(c));
        if dest_abs.trim_end_matches('/') != path {
            continue;
        }
        // Earlier writes under the path (another COPY, a RUN): their files would keep root.
        let earlier = st.instructions.iter().filter(|&&i| i < c).any(|&i| {
            let e = cx.ins(i);
            match (&e.keyword, &e.args) {
                (Keyword::Copy | Keyword::Add, Args::Copy { paths, .. }) => {
                    paths.last().is_some_and(|d| {
                        let d = resolve(&d.value, &cx.workdir_before(i));
                        d.trim_end_matches('/') == path || d.starts_with(&format!("{path}/"))
                    })
                }
                (Keyword::Run, _) => e.text.contains(&path),
                _ => false,
            }
        });
        if earlier {
            cx.note(
                ins.start_line,
                format!(
                    "kept `chown -R {owner} {path}`: earlier instructions also wrote under {path}"
                ),
            );
            continue;
        }
        // WORKDIR made the directory itself (root's): a plain chown of it keeps it writable.
        let made_by_workdir = st.instructions.iter().filter(|&&i| i < c).any(|&i| {
            let e = cx.ins(i);
            e.keyword == Keyword::Workdir && cx.workdir_before(i + 1).trim_end_matches('/') == path
        });
        let mut actions = vec![Action::Insert {
            at: cx.ins(c).keyword_span.end,
            text: format!(" --chown={owner}"),
        }];
        let Some(script) = cx.scripts[r].as_ref() else {
            continue;
        };
        let only = script.commands.len() == 1;
        if made_by_workdir {
            // The directory is still root's after a COPY into an existing one: own it too.
            let cmd = &script.commands[k];
            actions.push(Action::Replace {
                start: cx.at(r, cmd.span.start),
                end: cx.at(r, cmd.span.end),
                text: format!("chown {owner} {path}"),
            });
        } else if only {
            actions.push(Action::Delete { ins: r });
        } else if let Some(del) = delete_command(cx, r, script, k) {
            actions.push(del);
        } else {
            continue;
        }
        let line = cx.ins(r).start_line;
        let copy_line = cx.ins(c).start_line;
        cx.add(
            DOC.kind,
            line,
            vec![copy_line, line],
            format!("`COPY --chown={owner}` instead of `chown -R` of {path}"),
            format!("The `chown -R` on line {line} rewrites every file the COPY on line {copy_line} added, so they are stored twice; `--chown` gives them their owner as they are copied{}.", if made_by_workdir { " (the directory itself, made by WORKDIR, is still given to the owner — without -R, a few bytes)" } else { "" }),
            DOC.safety,
            None,
            actions,
        );
    }
}
