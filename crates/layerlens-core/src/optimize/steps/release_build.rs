//! A builder compiles a Rust debug build and the runtime stage ships it.

use super::{Applies, StepDoc};
use crate::optimize::doc::Action;
use crate::optimize::plan::Cx;
use crate::optimize::Safety;
use crate::syntax::{Args, Keyword};

pub const DOC: StepDoc = StepDoc {
    kind: "release-build",
    title: "Ship a release build, not a debug build",
    why: "`cargo build` without `--release` makes a debug build: unoptimised, with debug symbols, often ten times the size and several times slower than the release binary. The runtime stage copies it from target/debug.",
    example: "FROM rust:1.80 AS build\nWORKDIR /src\nCOPY . .\nRUN cargo build\n\nFROM debian:bookworm-slim\nCOPY --from=build /src/target/debug/app /usr/local/bin/app\nCMD [\"app\"]\n",
    use_instead: "FROM rust:1.80 AS build\nWORKDIR /src\nCOPY . .\nRUN cargo build --release\n\nFROM debian:bookworm-slim\nCOPY --from=build /src/target/release/app /usr/local/bin/app\nCMD [\"app\"]\n",
    safety: Safety::NeedsCheck,
    check: Some("a release build drops debug assertions and overflow checks: code that relied on them panicking behaves differently"),
    applies: Applies::Default,
    example_context: &[],
};

pub(crate) fn find(cx: &mut Cx) {
    // The COPY --from lines that take target/debug, by the stage they copy from.
    let copies: Vec<(usize, String, usize)> = cx
        .df
        .instructions
        .iter()
        .enumerate()
        .filter(|(_, i)| i.keyword == Keyword::Copy && i.flag("from").is_some())
        .filter_map(|(k, i)| {
            let Args::Copy { paths, .. } = &i.args else {
                return None;
            };
            let from = i.flag("from")?.value.clone()?;
            let src = paths.first()?;
            // Only a plain word (no quotes or escapes), so its value's offsets are the source's.
            if src.span.end - src.span.start != src.value.len() {
                return None;
            }
            let at = src.value.find("target/debug/")?;
            Some((k, from, src.span.start + at + "target/".len()))
        })
        .collect();
    for (c, from, debug_at) in copies {
        let Some(si) = cx.stages.find(&from) else {
            continue;
        };
        let Some(st) = cx.stages.stages.get(si).cloned() else {
            continue;
        };
        // The builder's `cargo build` without --release (one, so the edit is unambiguous).
        let builds: Vec<(usize, usize)> = st
            .instructions
            .iter()
            .filter(|&&i| cx.ins(i).keyword == Keyword::Run)
            .flat_map(|&i| {
                cx.scripts[i].iter().flat_map(move |s| {
                    s.commands
                        .iter()
                        .filter(|c| {
                            c.name() == Some("cargo")
                                && c.subcommand() == Some("build")
                                && !c.has_any_flag(&["--release", "-r", "--profile"])
                        })
                        .map(move |c| (i, c.span.end))
                })
            })
            .collect();
        let [(r, end)] = builds[..] else {
            continue;
        };
        let line = cx.ins(r).start_line;
        let copy_line = cx.ins(c).start_line;
        let at = cx.at(r, end);
        cx.add(
            DOC.kind,
            line,
            vec![line, copy_line],
            "`cargo build --release`, and copy target/release",
            format!("Line {copy_line} ships the debug build of line {line}: unoptimised and with debug symbols, many times the size of the release binary."),
            DOC.safety,
            DOC.check.map(String::from),
            vec![
                Action::Insert { at, text: " --release".into() },
                Action::Replace { start: debug_at, end: debug_at + "debug".len(), text: "release".into() },
            ],
        );
    }
}
