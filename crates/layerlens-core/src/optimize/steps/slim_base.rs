//! `slim-base`: Build on the image's `-slim` variant.

use super::{Applies, StepDoc};
use crate::optimize::Safety;

pub const DOC: StepDoc = StepDoc {
    kind: "slim-base",
    title: "Build on the image's `-slim` variant",
    why: "The full official images (`python:3.12`, `node:22`) are built on buildpack-deps: compilers, headers and hundreds of libraries a running app rarely needs — about 900 MB against 130–200 MB for `-slim`.",
    example: "FROM python:3.12\nRUN pip install --no-cache-dir flask\nCMD [\"flask\", \"run\"]\n",
    use_instead: "FROM python:3.12-slim\nRUN pip install --no-cache-dir flask\nCMD [\"flask\", \"run\"]\n",
    safety: Safety::NeedsCheck,
    check: Some("packages that compile C extensions at install need their build tools (`apt-get install build-essential`), and tools the full image had (git, curl) must be installed if the app uses them"),
    applies: Applies::Default,
    example_context: &[],
};

// The finder: what the planner calls (`plan.rs`).
use crate::optimize::doc::Action;
use crate::optimize::plan::*;
use crate::stages::Stage;
use crate::syntax::Keyword;

pub(crate) fn slim_base(cx: &mut Cx, st: &Stage) {
    let Some((reference, start, end)) = from_image(cx, st) else {
        return;
    };
    let (name, tag) = name_tag(&reference);
    let Some(slim) = slim_tag(&name, &tag) else {
        return;
    };
    let prefix =
        &reference[..reference.len() - reference.split('/').next_back().unwrap_or_default().len()];
    let new = format!(
        "{prefix}{name_last}:{slim}",
        name_last = name.rsplit('/').next().unwrap_or(&name)
    );
    let line = cx.ins(st.from).start_line;
    // Alpine, for Python and Node stages that install no system packages (musl is a real
    // difference: off unless asked for).
    let system_packages = st.instructions.iter().any(|&i| {
        cx.ins(i).keyword == Keyword::Run
            && cx.scripts[i].as_ref().is_none_or(|s| {
                s.commands.iter().any(|c| {
                    is_apt(c)
                        || matches!(
                            c.name(),
                            Some("apk" | "dpkg" | "useradd" | "adduser" | "groupadd")
                        )
                })
            })
    });
    if matches!(name.as_str(), "python" | "node") && !system_packages {
        let version = tag
            .split('-')
            .next()
            .filter(|v| v.chars().next().is_some_and(|c| c.is_ascii_digit()))
            .map_or(String::new(), |v| format!("{v}-"));
        let alpine = format!("{prefix}{name}:{version}alpine");
        cx.add_in_group(
            "alpine-base",
            line,
            vec![line],
            format!("Build on `{alpine}`"),
            format!("Alpine images are the smallest maintained {name} bases — a fraction of `{reference}` — because Alpine's C library (musl) and its packages are small."),
            Safety::NeedsCheck,
            Some("musl is not glibc: packages without musl wheels or binaries are compiled at install (needs `apk add build-base`) or fail, and DNS, locale and performance can differ".into()),
            vec![Action::Replace { start, end, text: alpine.clone() }],
            Some("base".into()),
        );
    }
    cx.add_in_group(
        "slim-base",
        line,
        vec![line],
        format!("Build on `{new}`"),
        format!("`{reference}` carries compilers, headers and hundreds of Debian packages for building software; `{new}` is the same system without them. An app that only runs needs the slim one."),
        Safety::NeedsCheck,
        Some("the slim image has no compilers or -dev headers: a `pip install`/`npm install` that builds from source, or a tool the app calls (git, curl), then needs installing".into()),
        vec![Action::Replace { start, end, text: new }],
        Some("base".into()),
    );
}
