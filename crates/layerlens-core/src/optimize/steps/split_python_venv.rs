//! `split-python-venv`: Install packages in a builder stage, ship the virtual environment.

use super::{Applies, StepDoc};
use crate::optimize::Safety;

pub const DOC: StepDoc = StepDoc {
    kind: "split-python-venv",
    title: "Install packages in a builder stage, ship the virtual environment",
    why: "Python packages that compile need gcc and -dev headers at install time only. Installing into a virtual environment in a builder stage and copying the venv into a slim image ships the packages without the compilers.",
    example: "FROM python:3.12-slim\nRUN apt-get update && apt-get install -y --no-install-recommends gcc libpq-dev && rm -rf /var/lib/apt/lists/*\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\nCOPY . .\nCMD [\"python\", \"app.py\"]\n",
    use_instead: "FROM python:3.12-slim AS build\nRUN apt-get update && apt-get install -y --no-install-recommends gcc libpq-dev && rm -rf /var/lib/apt/lists/*\nRUN python -m venv /venv\nENV PATH=/venv/bin:$PATH\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\n\nFROM python:3.12-slim\nRUN apt-get update && apt-get install -y --no-install-recommends libpq5 && rm -rf /var/lib/apt/lists/*\nCOPY --from=build /venv /venv\nENV PATH=/venv/bin:$PATH\nCOPY . .\nCMD [\"python\", \"app.py\"]\n",
    safety: Safety::NeedsCheck,
    check: Some("shared libraries the packages link (libpq5 for libpq-dev) must be installed in the runtime stage"),
    applies: Applies::Default,
    example_context: &[("requirements.txt", "psycopg2==2.9.9\n")],
};

// The finder: what the planner calls (`plan.rs`).
use crate::optimize::doc::{Action, Part};
use crate::optimize::plan::*;
use crate::stages::Stage;
use crate::syntax::Keyword;

/// `apk add …`.
fn is_apk_add(c: &crate::shell::Command) -> bool {
    c.name() == Some("apk")
        && c.subcommand_skipping(&["--repository", "-X", "-t", "--virtual", "--root", "-p"])
            == Some("add")
}

/// A command that installs system packages or tidies after them (and nothing else).
pub(crate) fn installs_packages_only(c: &crate::shell::Command) -> bool {
    is_cleanup(c)
        || is_index_update(c)
        || c.name() == Some("true")
        || (is_apt(c) && c.subcommand() == Some("install"))
        || is_apk_add(c)
}

/// What a RUN installs with apk or apt-get (besides pip): (apk?, the packages the app may need
/// at run time — not the compilers and tools of [`crate::knowledge::packages::BUILD_TOOLS`], not
/// what the RUN removes again — and the build tools and headers it installs that are still there
/// after it:
/// official images' idiom removes them in the same RUN, by name, by `apk del` of a `--virtual`
/// group, or by `apt-mark auto` and `apt-get purge --auto-remove`).
pub(crate) fn packages_of_run(s: &crate::shell::Script) -> (bool, Vec<String>, Vec<String>) {
    use crate::knowledge::packages::BUILD_TOOLS;
    let (mut apk, mut kept) = (false, Vec::<String>::new());
    let mut build_tools: Vec<String> = Vec::new();
    // `apt-mark auto …` then `apt-get purge --auto-remove`: all that was installed goes.
    let mut marked_auto = false;
    let mut purged_auto = false;
    let mut removed: Vec<String> = Vec::new();
    let mut groups: Vec<(String, Vec<String>)> = Vec::new();
    for c in &s.commands {
        let install = is_apk_add(c) || (is_apt(c) && c.subcommand() == Some("install"));
        if install {
            apk |= is_apk_add(c);
            let virt = c.flag_value("--virtual").or_else(|| c.flag_value("-t"));
            let names: Vec<String> = c
                .operands(&[
                    "--repository",
                    "-X",
                    "-t",
                    "--virtual",
                    "--root",
                    "-p",
                    "--target-release",
                ])
                .iter()
                .map(|w| {
                    w.value
                        .split(['=', '>', '<', '~'])
                        .next()
                        .unwrap_or("")
                        .to_string()
                })
                .filter(|p| !p.is_empty() && !p.starts_with('-') && Some(p.as_str()) != virt)
                .collect();
            build_tools.extend(names.iter().filter(|p| build_only_package(p)).cloned());
            if let Some(v) = virt {
                groups.push((v.to_string(), names.clone()));
            }
            kept.extend(
                names
                    .into_iter()
                    .filter(|p| !BUILD_TOOLS.contains(&p.as_str())),
            );
        } else if c.name() == Some("apt-mark") && c.subcommand() == Some("auto") {
            marked_auto = true;
        } else if is_cleanup(c) && matches!(c.name(), Some("apk" | "apt-get" | "apt")) {
            purged_auto |= marked_auto
                && (c.has_flag("--auto-remove") || c.subcommand() == Some("autoremove"));
            for w in c.operands(&[]) {
                match groups.iter().find(|(g, _)| *g == w.value) {
                    Some((_, names)) => removed.extend(names.iter().cloned()),
                    None => removed.push(w.value.clone()),
                }
            }
        }
    }
    if purged_auto {
        removed.extend(kept.iter().cloned());
        removed.extend(build_tools.iter().cloned());
    }
    kept.retain(|p| !removed.contains(p));
    kept.dedup();
    build_tools.retain(|p| !removed.contains(p));
    (apk, kept, build_tools)
}

/// The final stage's install of what the pip RUNs brought besides pip (compilers left out).
fn reinstall_text(reinstall: &[(bool, Vec<String>)]) -> String {
    let mut out = String::new();
    for (apk, names) in reinstall {
        let names = names.join(" ");
        if *apk {
            out.push_str(&format!("RUN apk add --no-cache {names}\n"));
        } else {
            let mut names: Vec<String> = names.split(' ').map(str::to_string).collect();
            crate::knowledge::packages::with_relied_recommends(&mut names);
            let names = names.join(" ");
            out.push_str(&format!("RUN apt-get update && apt-get install -y --no-install-recommends {names} && rm -rf /var/lib/apt/lists/*\n"));
        }
    }
    out
}

/// Debian packages only needed to build (compilers, headers).
pub(crate) fn build_only_package(p: &str) -> bool {
    // git fetches sources for a build (a pip install from a repository); it does not run the app.
    crate::knowledge::packages::is_build_tool(p) || p == "git" || p == "git-core"
}

/// Python: dependencies into a virtual environment in a builder stage, copied to a slim (or
/// Alpine) runtime.
pub(crate) fn split_python(cx: &mut Cx, st: &Stage) -> bool {
    let Some((reference, img_start, img_end)) = from_image(cx, st) else {
        return false;
    };
    let (name, tag) = name_tag(&reference);
    if name != "python" {
        return false;
    }
    let from_line = cx.ins(st.from).start_line;
    let ins = cx.stage_ins(st);
    if has_onbuild_or_shell(cx, &ins) {
        return false;
    }
    let pip_runs: Vec<usize> = ins
        .iter()
        .copied()
        .filter(|&i| {
            cx.scripts[i]
                .as_ref()
                .is_some_and(|s| s.commands.iter().any(|c| pip_install_word(c).is_some()))
        })
        .collect();
    let Some(&last_pip) = pip_runs.last() else {
        return false;
    };
    // Packages a pip RUN installs for the build that the app may use at run time (a `-dev`
    // library, a runtime tool): the final stage installs them again, compilers left out —
    // (apk?, names) per RUN.
    let mut reinstall: Vec<(bool, Vec<String>)> = Vec::new();
    let mut pip_run_builds = false;
    // Every pip RUN must be only about installing packages.
    for &r in &pip_runs {
        let Some(s) = cx.scripts[r].as_ref() else {
            return false;
        };
        let ok = s.commands.iter().all(|c| {
            if is_pip(c) {
                return !c.has_any_flag(&[
                    "-e",
                    "--editable",
                    "--user",
                    "--target",
                    "-t",
                    "--prefix",
                ]) && !c
                    .operands(&[
                        "-r",
                        "-c",
                        "--requirement",
                        "--constraint",
                        "-i",
                        "--index-url",
                        "--extra-index-url",
                        "-f",
                        "--find-links",
                    ])
                    .iter()
                    .any(|w| {
                        w.value == "." || w.value.starts_with("./") || w.value.starts_with('/')
                    });
            }
            installs_packages_only(c)
        });
        if ok {
            let (apk, kept, tools) = packages_of_run(s);
            let builds = !tools.is_empty();
            pip_run_builds |= builds;
            if !kept.is_empty() {
                reinstall.push((apk, kept));
            }
        }
        if !ok {
            cx.note(cx.ins(r).start_line, "no Python multi-stage split: this RUN does more than install Python packages (or installs the project itself in place)");
            return false;
        }
    }
    if ins
        .iter()
        .any(|&i| cx.ins(i).keyword == Keyword::Env && cx.ins(i).text.contains("VIRTUAL_ENV"))
    {
        return false;
    }
    // apt/apk RUNs before the last pip RUN: build-only ones move to the builder, others are
    // copied (the build may need them) and stay.
    // (RUN, installs only build tools, installs any build tool)
    let mut pkg_runs: Vec<(usize, bool, bool)> = Vec::new();

    for &i in ins
        .iter()
        .filter(|&&i| cx.ins(i).keyword == Keyword::Run && !pip_runs.contains(&i))
    {
        let Some(s) = cx.scripts[i].as_ref() else {
            continue;
        };
        let installs = s.commands.iter().any(|c| {
            (is_apt(c) || c.name() == Some("apk"))
                && matches!(c.subcommand(), Some("install" | "add"))
        });
        if i < last_pip && installs {
            let build_only = s.commands.iter().all(|c| {
                is_cleanup(c)
                    || is_index_update(c)
                    || ((is_apt(c) || c.name() == Some("apk"))
                        && matches!(c.subcommand(), Some("install" | "add"))
                        && c.operands(&["-t", "--target-release"])
                            .iter()
                            .all(|w| w.value.starts_with('-') || build_only_package(&w.value)))
            });
            let any_build = s.commands.iter().any(|c| {
                (is_apt(c) || c.name() == Some("apk"))
                    && c.operands(&[]).iter().any(|w| build_only_package(&w.value))
            });
            // A RUN that installs build tools beside what the app uses, and does nothing else:
            // it moves to the builder whole, and the final stage installs it again without the
            // compilers and tools (`-dev` packages stay: they bring the run-time libraries a
            // compiled extension links against).
            let only_installs = s.commands.iter().all(installs_packages_only);
            if any_build && !build_only && only_installs {
                let (apk, kept, _) = packages_of_run(s);
                if !kept.is_empty() {
                    reinstall.push((apk, kept));
                }
                pkg_runs.push((i, true, true));
                continue;
            }
            pkg_runs.push((i, build_only, any_build));
        }
    }
    // Without compilers or headers to leave behind, a split only adds a virtual environment
    // (pip and setuptools, ~18 MB) to the image: a slim base does better (real builds, lab/rewrite).
    if !pip_run_builds && !pkg_runs.iter().any(|(_, _, any_build)| *any_build) {
        return false;
    }
    let builder = builder_name(cx);
    let alpine = tag.contains("alpine");
    let slim = if alpine {
        tag.clone()
    } else {
        slim_tag("python", &tag).unwrap_or(tag.clone())
    };
    let prefix =
        &reference[..reference.len() - reference.split('/').next_back().unwrap_or_default().len()];
    let runtime_ref = format!("{prefix}python:{slim}");
    let venv = "/opt/venv";

    let build = |cx: &Cx, builder_from: &str, extra: Option<&str>, runtime: &str| -> Vec<Action> {
        let mut parts = vec![Part::Text(format!("FROM {builder_from} AS {builder}"))];
        if let Some(e) = extra {
            parts.push(Part::Text(e.to_string()));
        }
        parts.push(Part::Text(format!(
            "RUN python -m venv {venv}\nENV PATH=\"{venv}/bin:$PATH\""
        )));
        for &i in ins.iter().filter(|&&i| i < last_pip) {
            let k = cx.ins(i).keyword;
            if k == Keyword::Copy && pip_runs.iter().any(|&r| r > i) {
                // The builder only needs what pip reads: the requirements, not the source.
                match pip_runs
                    .iter()
                    .find(|&&r| r > i)
                    .and_then(|&r| manifest_copy(cx, i, r))
                {
                    Some((lines, _)) => parts.push(Part::Text(lines)),
                    None => parts.push(Part::CopyOf(i)),
                }
            } else if matches!(
                k,
                Keyword::Env | Keyword::Arg | Keyword::Workdir | Keyword::Copy | Keyword::Add
            ) {
                parts.push(Part::CopyOf(i));
            } else if let Some(&(_, build_only, any_build)) =
                pkg_runs.iter().find(|(r, _, _)| *r == i)
            {
                // Build tools go to the builder; a RUN that only installs what the app uses
                // stays in the final stage alone.
                if build_only {
                    parts.push(Part::MoveOf(i));
                } else if any_build {
                    parts.push(Part::CopyOf(i));
                }
            } else if pip_runs.contains(&i) {
                parts.push(Part::MoveOf(i));
            }
        }
        parts.push(Part::MoveOf(last_pip));
        vec![
            Action::InsertStage {
                before: Some(st.from),
                parts,
            },
            Action::Replace {
                start: img_start,
                end: img_end,
                text: runtime.to_string(),
            },
            Action::InsertAfter {
                after: st.from,
                text: format!(
                    "{}COPY --from={builder} {venv} {venv}\nENV PATH=\"{venv}/bin:$PATH\"",
                    reinstall_text(&reinstall)
                ),
            },
        ]
    };
    cx.moved.extend(pip_runs.iter().copied());
    cx.moved
        .extend(pkg_runs.iter().filter(|(_, b, _)| *b).map(|(r, _, _)| *r));
    let moved_dev: Vec<String> = pkg_runs
        .iter()
        .filter(|(_, b, _)| *b)
        .filter_map(|(r, _, _)| cx.scripts[*r].as_ref())
        .flat_map(|s| {
            s.commands
                .iter()
                .filter(|c| is_apt(c) || is_apk_add(c))
                .flat_map(|c| {
                    c.operands(&[])
                        .into_iter()
                        .map(|w| w.value.clone())
                        .collect::<Vec<_>>()
                })
        })
        .filter(|p| p.ends_with("-dev"))
        .collect();
    let dev_check = if moved_dev.is_empty() {
        String::new()
    } else {
        format!("; the run-time libraries of {} (e.g. `libpq5` for `libpq-dev` on Debian, `libffi` for `libffi-dev` on Alpine) must be installed in the final stage", moved_dev.join(", "))
    };
    let builder_from = reference.clone();
    let actions = build(cx, &builder_from, None, &runtime_ref);
    cx.add_in_group(
        "split-python-venv",
        from_line,
        vec![from_line],
        format!("Install packages in a builder stage, ship on `{runtime_ref}`"),
        format!("pip's packages go into a virtual environment ({venv}) built in a first stage from `{reference}`, which has the compilers and headers; the image you ship starts from `{runtime_ref}` and copies in only that environment — no compilers, no -dev packages, no caches."),
        Safety::NeedsCheck,
        Some(format!("a package that calls a system tool or library at run time needs it installed in the final stage{dev_check}")),
        actions,
        Some("split-python".into()),
    );
    true
}
