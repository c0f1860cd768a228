//! `official-python`: Build on the official Python image instead of installing Python with apt.

use super::{Applies, StepDoc};
use crate::optimize::Safety;

pub const DOC: StepDoc = StepDoc {
    kind: "official-python",
    title: "Build on the official Python image instead of installing Python with apt",
    why: "A Debian or Ubuntu base plus the distribution's python3 and pip is what the official Python image already is, kept current by Python's maintainers, with pip ready in /usr/local (apt's pip refuses to install into the system Python on recent releases, PEP 668).",
    example: "FROM debian:bookworm\nRUN apt-get update && apt-get install -y python3 python3-pip && rm -rf /var/lib/apt/lists/*\nCMD [\"python3\", \"-m\", \"http.server\"]\n",
    use_instead: "FROM python:3.11-slim-bookworm\nCMD [\"python3\", \"-m\", \"http.server\"]\n",
    safety: Safety::NeedsCheck,
    check: Some("the app must not rely on Python packages installed by apt (python3-*) or on /usr/bin/python3"),
    applies: Applies::OptIn,
    example_context: &[],
};

// The finder: what the planner calls (`plan.rs`).
use crate::optimize::doc::Action;
use crate::optimize::plan::*;
use crate::shell::{self, Command};
use crate::stages::Stage;
use crate::syntax::Keyword;

/// Python packages of the distribution that the official `python` image replaces.
pub(crate) const DISTRO_PYTHON: &[&str] = &[
    "python3",
    "python3-pip",
    "python3-venv",
    "python3-dev",
    "python3-setuptools",
    "python3-wheel",
    "python-is-python3",
    "python3-minimal",
    "python3-full",
    "python3-distutils",
    "python3-pip-whl",
];

/// The Python a Debian or Ubuntu tag ships, and the official image tag built on the same system:
/// ("3.11", "3.11-slim-bookworm", what it was read as) — `knowledge::tags::DISTRO_PYTHON3`, the
/// tag read as the estimator reads it (`debian:latest` is trixie).
pub(crate) fn distro_python_tag(
    name: &str,
    tag: &str,
) -> Option<(&'static str, String, &'static str)> {
    use crate::knowledge::tags::{distro_release, DISTRO_PYTHON3};
    let release = distro_release(name, tag)?;
    let (_, _, v) = DISTRO_PYTHON3
        .iter()
        .find(|(d, r, _)| *d == name && *r == release)?;
    Some(match name {
        "debian" => (*v, format!("{v}-slim-{release}"), release),
        _ => (
            *v,
            format!("{v}-slim"),
            if release == "22.04" {
                "Ubuntu 22.04"
            } else {
                "Ubuntu 24.04"
            },
        ),
    })
}

/// Debian's `adduser` options in BusyBox's spelling (Alpine), or None if one has no equivalent.
pub(crate) fn busybox_adduser(c: &Command) -> Option<String> {
    let mut out = vec!["adduser".to_string()];
    let args = c.args();
    let mut k = 0;
    while k < args.len() {
        let w = &args[k].raw;
        let value = |k: usize| args.get(k + 1).map(|a| a.raw.clone());
        match args[k].value.as_str() {
            "--disabled-password" | "--disabled-login" => out.push("-D".into()),
            "--system" => out.push("-S".into()),
            "--no-create-home" => out.push("-H".into()),
            "--quiet" | "-q" => {}
            o @ ("--gecos" | "--uid" | "--home" | "--shell" | "--ingroup") => {
                let flag = match o {
                    "--gecos" => "-g",
                    "--uid" => "-u",
                    "--home" => "-h",
                    "--shell" => "-s",
                    _ => "-G",
                };
                out.push(flag.into());
                out.push(value(k)?);
                k += 1;
            }
            v if v.starts_with('-') => return None,
            _ => out.push(w.clone()),
        }
        k += 1;
    }
    Some(out.join(" "))
}

/// A Debian or Ubuntu stage that installs the distribution's Python with apt to run a Python app:
/// build on the official `python` image of the same Python instead (its slim variant), and take
/// the Python packages out of the apt install; with no other system packages left, the Alpine
/// variant too (off unless asked for).
pub(crate) fn distro_python(cx: &mut Cx, st: &Stage) {
    let Some((reference, start, end)) = from_image(cx, st) else {
        return;
    };
    let (name, tag) = name_tag(&reference);
    if reference.contains('/') || reference.contains('@') {
        return;
    }
    let Some((version, slim_tag, read_as)) = distro_python_tag(&name, &tag) else {
        return;
    };
    // A floating base (`debian:latest`) gets the floating Python image: `python:3-slim`.
    let floating = matches!(tag.as_str(), "latest" | "stable");
    let (version, slim_tag) = if floating {
        ("3", "3-slim".to_string())
    } else {
        (version, slim_tag)
    };
    // What the apt installs of the stage hold; any other Python package from apt (python3-numpy)
    // would not be seen by the official image's Python.
    let mut deletions: Vec<Action> = Vec::new();
    let mut edits: Vec<Action> = Vec::new();
    let mut other_packages: Vec<String> = Vec::new();
    let mut found = false;
    let mut alpine_ok = true;
    let mut alpine_edits: Vec<Action> = Vec::new();
    let mut runs_python = false;
    for &i in &st.instructions {
        let ins = cx.ins(i);
        let text = ins.text.as_str();
        // Python as a build tool the stage removes again, or a path only the distribution has.
        if [
            "/usr/bin/python",
            "dist-packages",
            "update-alternatives",
            "apt-mark",
            "purge",
            "autoremove",
        ]
        .iter()
        .any(|p| text.contains(p))
        {
            return;
        }
        if matches!(ins.keyword, Keyword::Cmd | Keyword::Entrypoint) && text.contains("python") {
            runs_python = true;
        }
        if matches!(ins.keyword, Keyword::Shell)
            || (matches!(
                ins.keyword,
                Keyword::Cmd | Keyword::Entrypoint | Keyword::Run
            ) && text.contains("bash"))
        {
            alpine_ok = false;
        }
        if ins.keyword != Keyword::Run {
            continue;
        }
        let Some(script) = cx.scripts[i].clone() else {
            if text.contains("apt") {
                return;
            }
            continue;
        };
        let mut python_installs = Vec::new();
        let mut any_install_left = false;
        runs_python |= script
            .commands
            .iter()
            .any(|c| is_pip(c) || c.name().is_some_and(|n| n.starts_with("python")));
        for (k, c) in script.commands.iter().enumerate() {
            if is_apt(c) && c.subcommand() == Some("install") {
                let pkgs: Vec<&shell::Word> = c
                    .args()
                    .iter()
                    .filter(|w| !w.value.starts_with('-') && w.value != "install")
                    .collect();
                let (py, rest): (Vec<&&shell::Word>, Vec<&&shell::Word>) = pkgs
                    .iter()
                    .partition(|w| DISTRO_PYTHON.contains(&w.value.as_str()));
                if rest.iter().any(|w| {
                    w.value.starts_with("python")
                        || w.value.starts_with("libpython")
                        || w.value.contains('$')
                }) {
                    return;
                }
                if py.is_empty() {
                    any_install_left = true;
                    other_packages.extend(rest.iter().map(|w| w.value.clone()));
                    continue;
                }
                found = true;
                if rest.is_empty() {
                    python_installs.push(k);
                } else {
                    any_install_left = true;
                    other_packages.extend(rest.iter().map(|w| w.value.clone()));
                    // Take the Python packages out of the list, each with the space before it.
                    for w in py {
                        let from = ins.text[..w.span.start].trim_end().len();
                        edits.push(Action::Replace {
                            start: cx.at(i, from),
                            end: cx.at(i, w.span.end),
                            text: String::new(),
                        });
                    }
                }
            } else if matches!(
                c.name(),
                Some(
                    "useradd"
                        | "groupadd"
                        | "usermod"
                        | "addgroup"
                        | "dpkg"
                        | "dpkg-reconfigure"
                        | "locale-gen"
                )
            ) {
                alpine_ok = false;
            } else if c.name() == Some("adduser") {
                match busybox_adduser(c) {
                    Some(bb) => alpine_edits.push(Action::Replace {
                        start: cx.at(i, c.span.start),
                        end: cx.at(i, c.span.end),
                        text: bb,
                    }),
                    None => alpine_ok = false,
                }
            }
        }
        for &k in &python_installs {
            deletions.push(
                delete_command(cx, i, &script, k).unwrap_or_else(|| Action::Replace {
                    start: 0,
                    end: 0,
                    text: String::new(),
                }),
            );
        }
        // `apt-get update` with nothing left to install in this RUN goes too.
        if !python_installs.is_empty() && !any_install_left {
            for (k, c) in script.commands.iter().enumerate() {
                if is_apt(c) && matches!(c.subcommand(), Some("update")) {
                    if let Some(a) = delete_command(cx, i, &script, k) {
                        deletions.push(a);
                    }
                }
            }
        }
    }
    // A deletion that could not be made (the install is the RUN's only command): leave it all.
    if !found
        || !runs_python
        || deletions.iter().any(|a| {
            matches!(
                a,
                Action::Replace {
                    start: 0,
                    end: 0,
                    ..
                }
            )
        })
    {
        return;
    }
    // Ubuntu's package names are not Debian's: only when nothing else comes from apt.
    if name == "ubuntu" && !other_packages.is_empty() {
        return;
    }
    let line = cx.ins(st.from).start_line;
    let new = format!("python:{slim_tag}");
    let mut actions = vec![Action::Replace {
        start,
        end,
        text: new.clone(),
    }];
    actions.extend(deletions.iter().cloned());
    actions.extend(edits);
    let same = if floating {
        format!("the newest Python 3, as `{reference}` follows the newest release")
    } else {
        format!("same system, same Python {version}")
    };
    if other_packages.is_empty() && alpine_ok {
        let alpine = format!("python:{version}-alpine");
        let mut a = vec![Action::Replace {
            start,
            end,
            text: alpine.clone(),
        }];
        a.extend(deletions);
        a.extend(alpine_edits);
        cx.add_in_group(
            "alpine-base",
            line,
            vec![line],
            format!("Build on `{alpine}` instead of installing Python with apt"),
            format!("The official Alpine image of Python {version} already has Python and pip, on a system a fraction of `{reference}`'s size; the apt install of Python goes."),
            Safety::NeedsCheck,
            Some("musl is not glibc: packages without musl wheels are compiled at install (needs `apk add build-base`) or fail; BusyBox's adduser takes short options (rewritten here)".into()),
            a,
            Some("base".into()),
        );
    }
    cx.add_in_group(
        "official-python",
        line,
        vec![line],
        format!("Build on `{new}` instead of installing Python with apt"),
        format!("`{reference}` plus the distribution's python3 and pip is what the official Python image already is — {same} — kept up to date by Python's maintainers, with pip ready in /usr/local (apt's pip refuses to install into the system Python on recent releases, PEP 668). By size the two are close; an option, off unless asked for, and the way to the Alpine image."),
        Safety::NeedsCheck,
        Some(format!("the app must not rely on Python packages installed by apt (python3-*) or on /usr/bin/python3; Python is {}", if floating { "the newest 3.x".to_string() } else { format!("{version}, as in {read_as}") })),
        actions,
        Some("base".into()),
    );
}
