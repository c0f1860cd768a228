//! FROM: where a stage starts, and whether that base is pinned.

use super::text::code;
use super::{flag_doc, Cx, Note};
use crate::stages::{Base, Stage};
use crate::syntax::{Args, Instruction, Keyword};

/// Build arguments BuildKit sets itself, usable in FROM without declaring them.
const PLATFORM_ARGS: &[&str] = &[
    "BUILDPLATFORM",
    "BUILDOS",
    "BUILDARCH",
    "BUILDVARIANT",
    "TARGETPLATFORM",
    "TARGETOS",
    "TARGETARCH",
    "TARGETVARIANT",
];

pub(super) fn explain(cx: &Cx, ins: &Instruction, stage: &Stage) -> (String, Vec<Note>) {
    let mut notes = Vec::new();
    let starts = if cx.stages.stages.len() == 1 {
        String::from("Starts the build")
    } else {
        format!("Starts {}", cx.stage_ref(stage.index))
    };
    let (image_word, name_word) = match &ins.args {
        Args::From {
            image, stage_name, ..
        } => (image.as_ref(), stage_name.as_ref()),
        _ => (None, None),
    };
    let image_span = image_word.map_or(ins.keyword_span, |w| w.span);

    let summary = match &stage.base {
        Base::Scratch => {
            notes.push(Note::new(
                "scratch",
                "`scratch` has no files at all: no shell, no C library, no CA certificates. It suits a \
                 statically linked program copied in with COPY; RUN fails here because there is no `/bin/sh`.",
                image_span,
            ));
            format!("{starts} from `scratch`, an empty filesystem.")
        }
        Base::Stage(p) => {
            let parent = cx.stage_ref(*p);
            let ships = cx.ships.get(stage.index).copied().unwrap_or(false);
            let tail = if ships {
                format!(" Since this stage ships, every layer of {parent} is in the image too.")
            } else {
                String::new()
            };
            notes.push(Note::new(
                format!("FROM {}", image_word.map_or("", |w| w.value.as_str())),
                format!("Continues where {parent} ended: its files, ENV, WORKDIR and USER carry over.{tail}"),
                image_span,
            ));
            format!("{starts} on top of {parent}, with everything built there.")
        }
        Base::Image {
            reference,
            expanded,
            tag,
            digest,
            ..
        } => {
            let unresolved = cx.globals.expand(reference).unresolved;
            if let Some(e) = expanded {
                notes.push(Note::new(
                    "ARG in FROM",
                    format!(
                        "{} uses build arguments declared before the first FROM; with their defaults it is {}. \
                         `docker build --build-arg` can change it.",
                        code(reference),
                        code(e)
                    ),
                    image_span,
                ));
            } else if !unresolved.is_empty() {
                notes.push(Note::new(
                    "build argument",
                    unresolved_text(reference, &unresolved),
                    image_span,
                ));
            }
            if unresolved.is_empty() || expanded.is_some() {
                pin_notes(&mut notes, tag.as_deref(), digest.as_deref(), image_span);
            }
            let shown = code(stage.base.effective_reference().unwrap_or(reference));
            if expanded.is_none() && !unresolved.is_empty() {
                format!("{starts} from the image {shown}, whose name comes from build arguments.")
            } else {
                format!("{starts} from the image {shown}.")
            }
        }
        Base::Missing => format!("{starts}, but names no image: `docker build` stops here."),
    };

    if let (Some(w), Some(name)) = (name_word, &stage.name) {
        notes.push(Note::new(
            format!("AS {}", w.value),
            format!(
                "Names this stage {} so later instructions can refer to it, as in `COPY --from={name}` or \
                 `FROM {name}`; stage names ignore case.",
                code(name)
            ),
            w.span,
        ));
    }

    if let Some(f) = ins.flag("platform") {
        let v = f.value.as_deref().unwrap_or_default();
        let specific = if v.contains("BUILDPLATFORM") {
            String::from(
                "`$BUILDPLATFORM` is the machine running the build, so this stage runs natively, without \
                 emulation: the usual way to cross-compile for `$TARGETPLATFORM`.",
            )
        } else if v.contains("TARGETPLATFORM") {
            String::from(
                "`$TARGETPLATFORM` is the platform being built, which is what FROM picks anyway.",
            )
        } else {
            format!(
                "Uses the {} variant of the base image, whatever machine builds it.",
                code(v)
            )
        };
        let general = match flag_doc(Keyword::From, "platform", None) {
            Some(d) if !v.contains("TARGETPLATFORM") => format!(" {}", d.text),
            _ => String::new(),
        };
        notes.push(Note::new(
            format!("--platform={v}"),
            format!("{specific}{general}"),
            f.span,
        ));
    }
    (summary, notes)
}

fn unresolved_text(reference: &str, vars: &[String]) -> String {
    let (builtin, user): (Vec<&String>, Vec<&String>) = vars
        .iter()
        .partition(|v| PLATFORM_ARGS.contains(&v.as_str()));
    let mut parts = Vec::new();
    if !user.is_empty() {
        let names: Vec<String> = user.iter().map(|v| code(v)).collect();
        let example = format!("--build-arg {}=…", user[0]);
        parts.push(format!(
            "{} has no default before the first FROM, so the image depends on what the build passes ({}).",
            super::text::list(&names, 4),
            code(&example)
        ));
    }
    if !builtin.is_empty() {
        let names: Vec<String> = builtin.iter().map(|v| code(v)).collect();
        parts.push(format!(
            "{} is set by BuildKit for the platform being built.",
            super::text::list(&names, 4)
        ));
    }
    if parts.is_empty() {
        parts.push(format!(
            "{} uses a variable form layerlens does not expand.",
            code(reference)
        ));
    }
    parts.join(" ")
}

fn pin_notes(
    notes: &mut Vec<Note>,
    tag: Option<&str>,
    digest: Option<&str>,
    span: crate::span::Span,
) {
    const MOVES: &str =
        "moves whenever a new version is pushed, so a rebuild can silently get a different \
                         base. Pin a version tag, or a digest for exact builds.";
    match (tag, digest) {
        (_, Some(d)) => notes.push(Note::new(
            "@digest",
            format!(
                "Pinned by digest ({}): every build gets exactly this image, even if its tag is moved to a new version later.",
                code(&super::text::short(d, 19))
            ),
            span,
        )),
        (None, None) => notes.push(Note::new("no tag", format!("No tag means `:latest`, which {MOVES}"), span)),
        (Some("latest"), None) => notes.push(Note::new(":latest", format!("`:latest` {MOVES}"), span)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use crate::explain::{test_note, test_steps};

    #[test]
    fn pinning() {
        let s = test_steps(
            "FROM python\nFROM python:latest\nFROM alpine:3.20@sha256:0123456789abcdef0123456789\nFROM node:20\n",
        );
        assert!(test_note(&s[0], "no tag").text.contains("`:latest`"));
        test_note(&s[1], ":latest");
        assert!(
            test_note(&s[2], "@digest")
                .text
                .contains("`sha256:0123456789a…`"),
            "{:?}",
            s[2].notes
        );
        assert!(s[3].notes.is_empty(), "{:?}", s[3].notes);
        assert_eq!(s[3].summary, "Starts stage 4 from the image `node:20`.");
    }

    #[test]
    fn scratch_stages_and_platforms() {
        let s = test_steps(
            "FROM --platform=linux/arm64 golang:1.22 AS build\nFROM build AS test\nFROM scratch\n",
        );
        assert!(test_note(&s[0], "--platform=linux/arm64")
            .text
            .starts_with("Uses the `linux/arm64` variant"));
        assert_eq!(
            s[1].summary,
            "Starts stage `test` on top of stage `build`, with everything built there."
        );
        test_note(&s[1], "FROM build");
        assert!(test_note(&s[2], "scratch").text.contains("no shell"));
        assert_eq!(
            s[2].summary,
            "Starts stage 3 from `scratch`, an empty filesystem."
        );
    }

    #[test]
    fn build_arguments_in_from() {
        let s = test_steps("ARG BASE\nARG V=3\nFROM ${BASE}:$V\nFROM --platform=$BUILDPLATFORM img:${TARGETARCH}\n");
        let n = test_note(&s[2], "build argument");
        assert!(
            n.text.contains("`BASE` has no default") && n.text.contains("`--build-arg BASE=…`"),
            "{}",
            n.text
        );
        assert!(
            s[2].summary
                .ends_with("whose name comes from build arguments."),
            "{}",
            s[2].summary
        );
        assert!(test_note(&s[3], "build argument")
            .text
            .contains("set by BuildKit"));
        assert!(test_note(&s[3], "--platform=$BUILDPLATFORM")
            .text
            .contains("natively"));
    }
}
