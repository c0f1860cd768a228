//! COPY and ADD: what is copied, from where, to where, and what the flags change.

use super::run::marker;
use super::text::{self, code, join_path, short};
use super::{flag_doc, Cx, Note, State};
use crate::stages::split_reference;
use crate::syntax::{Args, Heredoc, Instruction, Keyword, Word};

/// Where the sources come from.
enum Origin {
    Context,
    Stage(usize),
    /// `--from` naming the stage it is in.
    ItsOwnStage,
    Image(String),
    /// `--from=${VAR}` with no known value.
    Variable(String),
    /// `--from` inside ONBUILD: resolved in the derived build.
    Derived(String),
}

/// One source argument, read the way ADD and COPY treat it.
enum Source<'a> {
    Heredoc(&'a Heredoc),
    Url(&'a str),
    Git(&'a str),
    Archive(&'a str),
    Local(&'a str),
}

pub(super) fn explain(cx: &Cx, st: &State, ins: &Instruction) -> (String, Vec<Note>) {
    let kw = ins.keyword.as_str();
    let Args::Copy { paths, .. } = &ins.args else {
        return (
            format!("{kw} needs a source and a destination: `docker build` stops here."),
            Vec::new(),
        );
    };
    let Some((dest_word, source_words)) = paths.split_last() else {
        return (
            format!("{kw} with nothing to copy: `docker build` stops here."),
            Vec::new(),
        );
    };
    if source_words.is_empty() {
        return (
            format!(
                "{kw} {} names no destination: `docker build` stops here.",
                code(&dest_word.value)
            ),
            Vec::new(),
        );
    }
    let is_add = ins.keyword == Keyword::Add;
    let mut notes = Vec::new();
    let origin = origin(cx, st, ins, &mut notes);
    let unpack = ins.flag("unpack").map(|f| {
        f.value
            .as_deref()
            .is_none_or(|v| v.eq_ignore_ascii_case("true"))
    });
    let sources: Vec<(&Word, Source)> = source_words
        .iter()
        .map(|w| {
            (
                w,
                classify(w, ins, is_add && matches!(origin, Origin::Context), unpack),
            )
        })
        .collect();
    let dest = dest_phrase(st, &dest_word.value);

    source_notes(ins, &sources, &origin, &dest, &mut notes);
    flag_notes(ins, &mut notes);

    let summary = if sources.iter().all(|(_, s)| matches!(s, Source::Heredoc(_))) {
        heredoc_summary(ins, &sources, &dest_word.value, &dest)
    } else if sources.iter().all(|(_, s)| matches!(s, Source::Url(_))) {
        format!("Downloads {} into {dest}.", items(ins, &sources, false))
    } else if sources.iter().all(|(_, s)| matches!(s, Source::Git(_))) {
        format!(
            "Clones the Git repository {} into {dest}.",
            items(ins, &sources, false)
        )
    } else if sources.iter().all(|(_, s)| matches!(s, Source::Archive(_))) {
        let what = if sources.len() == 1 {
            "the archive"
        } else {
            "the archives"
        };
        format!(
            "Unpacks {what} {} into {dest}.",
            items(ins, &sources, false)
        )
    } else if sources
        .iter()
        .all(|(_, s)| matches!(s, Source::Local(_) | Source::Heredoc(_)))
    {
        let from = match &origin {
            Origin::Context => String::from("the build context"),
            Origin::Stage(i) => cx.stage_ref(*i),
            Origin::ItsOwnStage => String::from("this same stage"),
            Origin::Image(r) => format!("the image {}", code(r)),
            Origin::Variable(v) => format!("{} (set by a build argument)", code(v)),
            Origin::Derived(v) => format!("{} of the derived build", code(v)),
        };
        let whole = matches!(origin, Origin::Context)
            && sources.len() == 1
            && is_whole(&sources[0].0.value);
        if whole {
            format!("Copies the whole build context into {dest}.")
        } else {
            format!(
                "Copies {} from {from} into {dest}.",
                items(ins, &sources, false)
            )
        }
    } else {
        format!("Adds {} into {dest}.", items(ins, &sources, true))
    };
    (summary, notes)
}

fn is_whole(path: &str) -> bool {
    matches!(path, "." | "./" | "./*" | "*")
}

fn classify<'a>(
    w: &'a Word,
    ins: &'a Instruction,
    add_from_context: bool,
    unpack: Option<bool>,
) -> Source<'a> {
    let v = w.value.as_str();
    if let Some(h) = heredoc_for(v, ins) {
        return Source::Heredoc(h);
    }
    if !add_from_context {
        return Source::Local(v);
    }
    let lower = v.to_ascii_lowercase();
    let is_url = lower.starts_with("http://") || lower.starts_with("https://");
    let is_git = lower.starts_with("git@")
        || lower.starts_with("git://")
        || lower.starts_with("ssh://")
        || (is_url
            && (lower.split('#').next().is_some_and(|u| u.ends_with(".git"))
                || lower.contains(".git#")));
    if is_git {
        Source::Git(v)
    } else if is_url {
        Source::Url(v)
    } else if unpack != Some(false) && is_archive(&lower) {
        Source::Archive(v)
    } else {
        Source::Local(v)
    }
}

fn is_archive(lower: &str) -> bool {
    [
        ".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tbz2", ".tbz", ".tar.xz", ".txz", ".tar.zst",
        ".tzst",
    ]
    .iter()
    .any(|ext| lower.ends_with(ext))
}

/// The heredoc a source word like `<<EOF` or `<<-"EOF"` stands for.
fn heredoc_for<'a>(word: &str, ins: &'a Instruction) -> Option<&'a Heredoc> {
    let rest = word
        .trim_start_matches(|c: char| c.is_ascii_digit())
        .strip_prefix("<<")?;
    let rest = rest.strip_prefix('-').unwrap_or(rest);
    let name: String = rest
        .chars()
        .filter(|c| !matches!(c, '"' | '\'' | '\\'))
        .collect();
    ins.heredocs.iter().find(|h| h.name == name)
}

fn items(ins: &Instruction, sources: &[(&Word, Source)], say_how: bool) -> String {
    let parts: Vec<String> = sources
        .iter()
        .map(|(_, s)| match s {
            Source::Heredoc(h) => format!("the inline text {}", code(&marker(ins, h))),
            Source::Url(u) if say_how => format!("{} (downloaded)", code(&short(u, 60))),
            Source::Git(u) if say_how => format!("{} (cloned)", code(&short(u, 60))),
            Source::Archive(a) if say_how => format!("{} (unpacked)", code(a)),
            Source::Url(u) | Source::Git(u) => code(&short(u, 60)),
            Source::Archive(p) | Source::Local(p) => code(p),
        })
        .collect();
    text::list(&parts, 4)
}

fn heredoc_summary(
    ins: &Instruction,
    sources: &[(&Word, Source)],
    dest: &str,
    dest_phrase: &str,
) -> String {
    let docs: Vec<&Heredoc> = sources
        .iter()
        .filter_map(|(_, s)| {
            if let Source::Heredoc(h) = s {
                Some(*h)
            } else {
                None
            }
        })
        .collect();
    match docs.as_slice() {
        [h] => {
            let lines = match h.content.lines().count() {
                1 => String::from("line"),
                n => format!("{n} lines"),
            };
            if dest.ends_with('/') {
                format!(
                    "Creates the file {} in {dest_phrase} from the {lines} below ({}).",
                    code(&h.name),
                    code(&marker(ins, h))
                )
            } else {
                format!(
                    "Creates the file {dest_phrase} from the {lines} below ({}).",
                    code(&marker(ins, h))
                )
            }
        }
        many => {
            let names: Vec<String> = many.iter().map(|h| code(&h.name)).collect();
            format!(
                "Creates the files {} in {dest_phrase} from the heredocs below.",
                text::list(&names, 4)
            )
        }
    }
}

/// "the working directory (`/app`)", "`/app/`", "`app/` (relative to the working directory)".
fn dest_phrase(st: &State, dest: &str) -> String {
    let absolute = dest.starts_with('/')
        || dest.starts_with('$')
        || dest.get(1..3).is_some_and(|s| s == ":\\" || s == ":/");
    if matches!(dest, "." | "./") {
        match &st.workdir {
            Some(w) => format!("the working directory ({})", code(w)),
            None => String::from("the working directory"),
        }
    } else if absolute {
        code(dest)
    } else {
        match &st.workdir {
            Some(w) => format!("{} (that is {})", code(dest), code(&join_path(w, dest))),
            None => format!("{} (relative to the working directory)", code(dest)),
        }
    }
}

fn origin(cx: &Cx, st: &State, ins: &Instruction, notes: &mut Vec<Note>) -> Origin {
    let Some(f) = ins.flag("from").filter(|_| ins.keyword == Keyword::Copy) else {
        return Origin::Context;
    };
    let v = f.value.clone().unwrap_or_default();
    let label = format!("--from={}", short(&v, 40));
    if st.in_onbuild {
        notes.push(Note::new(
            label,
            format!(
                "{} is looked up in the derived build: one of its stages, or an image.",
                code(&v)
            ),
            f.span,
        ));
        return Origin::Derived(v);
    }
    let Some(expanded) = cx.expand(st, &v) else {
        notes.push(Note::new(
            label,
            format!(
                "{} comes from a build argument without a default here; it names a stage of this file or an image.",
                code(&v)
            ),
            f.span,
        ));
        return Origin::Variable(v);
    };
    match cx.stages.find(&expanded) {
        Some(i) if Some(i) == st.stage => {
            notes.push(Note::new(
                label,
                format!(
                    "{} is this stage itself: a stage cannot copy from itself, and BuildKit stops with a circular dependency error.",
                    code(&v)
                ),
                f.span,
            ));
            Origin::ItsOwnStage
        }
        Some(i) => {
            let mut t = format!(
                "Only these files come along; everything else in {} (compilers, caches, sources) stays behind. This is how a \
                 multi-stage build keeps the image small.",
                cx.stage_ref(i)
            );
            if expanded.chars().all(|c| c.is_ascii_digit()) {
                t.push_str(&format!(
                    " `{expanded}` counts stages from 0, so it means stage {}; a stage name (`FROM … AS name`) stays right when stages are added or moved.",
                    i + 1
                ));
            }
            if st.stage.is_some_and(|s| i > s) {
                t.push_str(" That stage comes later in the file; BuildKit builds it first.");
            }
            notes.push(Note::new(label, t, f.span));
            Origin::Stage(i)
        }
        None => {
            let (_, tag, digest) = split_reference(&expanded);
            let mut t = format!(
                "{} is not a stage of this file, so BuildKit pulls that image and copies from it.",
                code(&expanded)
            );
            if tag.is_none() && digest.is_none() {
                t.push_str(" Without a tag it is `:latest`, which can change between builds.");
            }
            notes.push(Note::new(label, t, f.span));
            Origin::Image(expanded)
        }
    }
}

fn source_notes(
    ins: &Instruction,
    sources: &[(&Word, Source)],
    origin: &Origin,
    dest: &str,
    notes: &mut Vec<Note>,
) {
    for (w, s) in sources {
        match s {
            Source::Heredoc(h) => notes.push(Note::new(format!("heredoc {}", marker(ins, h)), heredoc_text(h), h.marker_span)),
            Source::Url(u) => {
                let mut t = format!(
                    "ADD downloads {} while building and saves it as one file in the layer; it is not unpacked. \
                     To keep only part of a download, fetch, unpack and delete it within one RUN.",
                    code(&short(u, 60))
                );
                if ins.flag("checksum").is_none() {
                    t.push_str(" `--checksum=sha256:…` makes sure the file is the one you expect.");
                }
                notes.push(Note::new("ADD <url>", t, w.span));
            }
            Source::Git(u) => {
                let mut t = format!(
                    "ADD clones {} while building; the `.git` directory is left out unless `--keep-git-dir` is given.",
                    code(&short(u, 60))
                );
                if !u.contains('#') {
                    t.push_str(" Add a tag or commit (`#v1.2.3`) so rebuilds get the same code.");
                }
                notes.push(Note::new("ADD <git>", t, w.span));
            }
            Source::Archive(a) => notes.push(Note::new(
                "auto-extract",
                format!(
                    "{} looks like a tar archive, and ADD unpacks local archives: its contents land in {dest}, not the file itself. \
                     Use COPY to copy the archive as it is.",
                    code(a)
                ),
                w.span,
            )),
            Source::Local(p) => {
                if matches!(origin, Origin::Context) && is_whole(p) {
                    notes.push(Note::new(
                        "whole context",
                        format!(
                            "{} copies everything in the build context that `.dockerignore` does not exclude. A change to any of \
                             those files re-runs this step and every step after it, so copy dependency manifests and install \
                             them first, then copy the rest.",
                            code(p)
                        ),
                        w.span,
                    ));
                }
            }
        }
    }
    let plain = sources.iter().all(|(_, s)| matches!(s, Source::Local(_)));
    if ins.keyword == Keyword::Add && plain && matches!(origin, Origin::Context) {
        notes.push(Note::new(
            "ADD vs COPY",
            "For files from the build context ADD does what COPY does, but it also unpacks archives and \
             downloads URLs. COPY says exactly what happens, so prefer it here.",
            ins.keyword_span,
        ));
    }
}

fn heredoc_text(h: &Heredoc) -> String {
    let mut t = format!(
        "The lines up to {} become the file's contents; nothing is read from the build context.",
        code(&h.name)
    );
    if !h.expand {
        t.push_str(" The delimiter is quoted, so the text is written exactly as it is, `$` signs included.");
    } else if h.content.contains('$') {
        t.push_str(&format!(
            " `$VARIABLES` in it are replaced with ARG and ENV values while building; write `<<\"{}\"` to keep them as written.",
            h.name
        ));
    }
    if h.chomp {
        t.push_str(&format!(
            " `<<-` strips leading tabs from each line and from the closing {}, so the body can be indented with tabs.",
            code(&h.name)
        ));
    }
    t
}

fn flag_notes(ins: &Instruction, notes: &mut Vec<Note>) {
    for f in &ins.flags {
        let name = f.name.to_ascii_lowercase();
        if name == "from" {
            continue; // explained with the origin
        }
        let Some(doc) = flag_doc(ins.keyword, &name, None) else {
            continue;
        };
        let value = f.value.as_deref();
        let off = value.is_some_and(|v| v.eq_ignore_ascii_case("false"));
        let specific = match (name.as_str(), value) {
            ("chown", Some(v)) => Some(format!("Makes {} the owner of the copied files.", code(v))),
            ("chmod", Some(v)) => Some(format!(
                "Sets the copied files' permissions to {}.",
                code(v)
            )),
            ("exclude", Some(v)) => Some(format!("Leaves out files matching {}.", code(v))),
            ("checksum", Some(v)) => Some(format!(
                "Checks the download against {}.",
                code(&short(v, 24))
            )),
            ("unpack", _) if off => Some(String::from(
                "Copies the archive as it is, without unpacking it.",
            )),
            ("unpack", _) => Some(String::from("Unpacks the archive, even a downloaded one.")),
            ("link" | "parents" | "keep-git-dir", _) if off => Some(format!(
                "Turned off (`--{name}=false`), as if the flag were not given."
            )),
            _ => None,
        };
        let text = match specific {
            Some(s) if name == "unpack" || off => s,
            Some(s) => format!("{s} {}", doc.text),
            None => doc.text.to_string(),
        };
        let label = match value {
            Some(v) => format!("--{name}={}", short(v, 30)),
            None => format!("--{name}"),
        };
        notes.push(Note::new(label, text, f.span));
    }
}

#[cfg(test)]
mod tests {
    use crate::explain::{test_note, test_steps};

    #[test]
    fn copy_from_context_stage_and_image() {
        let s = test_steps(
            "FROM golang AS build\nFROM alpine\nWORKDIR /app\nCOPY . .\nCOPY --from=build /out/app bin/\nCOPY --from=0 /a /b\n\
             COPY --from=busybox /bin/sh /bin/\n",
        );
        assert_eq!(
            s[3].summary,
            "Copies the whole build context into the working directory (`/app`)."
        );
        assert!(test_note(&s[3], "whole context")
            .text
            .contains("`.dockerignore`"));
        assert_eq!(
            s[4].summary,
            "Copies `/out/app` from stage `build` into `bin/` (that is `/app/bin/`)."
        );
        assert!(test_note(&s[4], "--from=build")
            .text
            .contains("stays behind"));
        assert!(test_note(&s[5], "--from=0")
            .text
            .contains("counts stages from 0, so it means stage 1"));
        assert_eq!(
            s[6].summary,
            "Copies `/bin/sh` from the image `busybox` into `/bin/`."
        );
        assert!(test_note(&s[6], "--from=busybox")
            .text
            .contains("Without a tag"));
    }

    #[test]
    fn add_sources() {
        let s = test_steps(
            "FROM a\nADD https://x.io/f.tgz /tmp/\nADD git@github.com:o/r.git /src\nADD app.tar.gz /app\nADD --unpack=false app.tar.gz /app\n\
             ADD a.txt app.tar.gz /x/\nADD conf.ini /etc/\n",
        );
        assert_eq!(s[1].summary, "Downloads `https://x.io/f.tgz` into `/tmp/`.");
        assert!(test_note(&s[1], "ADD <url>").text.contains("not unpacked"));
        assert_eq!(
            s[2].summary,
            "Clones the Git repository `git@github.com:o/r.git` into `/src`."
        );
        assert!(test_note(&s[2], "ADD <git>").text.contains("`#v1.2.3`"));
        assert_eq!(
            s[3].summary,
            "Unpacks the archive `app.tar.gz` into `/app`."
        );
        test_note(&s[3], "auto-extract");
        assert_eq!(
            s[4].summary,
            "Copies `app.tar.gz` from the build context into `/app`."
        );
        assert_eq!(
            s[5].summary,
            "Adds `a.txt` and `app.tar.gz` (unpacked) into `/x/`."
        );
        // The general lesson is taught once, at the first ADD that needs it, not repeated.
        let taught: Vec<usize> = (0..s.len())
            .filter(|&i| s[i].notes.iter().any(|n| n.label == "ADD vs COPY"))
            .collect();
        assert_eq!(taught.len(), 1, "{taught:?}");
        assert!(test_note(&s[taught[0]], "ADD vs COPY")
            .text
            .contains("prefer it"));
    }

    #[test]
    fn heredoc_files_and_flags() {
        let s = test_steps("FROM a\nCOPY --chown=app:app --link <<EOF /etc/app.conf\nport=$PORT\nEOF\nCOPY <<A <<B /etc/\na\nA\nb\nB\n");
        assert_eq!(
            s[1].summary,
            "Creates the file `/etc/app.conf` from the line below (`<<EOF`)."
        );
        assert!(test_note(&s[1], "heredoc <<EOF")
            .text
            .contains("replaced with ARG and ENV values"));
        assert!(test_note(&s[1], "--chown=app:app")
            .text
            .contains("carry them twice"));
        test_note(&s[1], "--link");
        assert_eq!(
            s[2].summary,
            "Creates the files `A` and `B` in `/etc/` from the heredocs below."
        );
    }
}
