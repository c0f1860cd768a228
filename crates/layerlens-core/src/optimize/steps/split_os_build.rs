//! `split-os-build`: Build on the OS image in a builder stage, ship the program on the same
//! release without its compilers.

use super::{Applies, StepDoc};
use crate::optimize::Safety;

pub const DOC: StepDoc = StepDoc {
    kind: "split-os-build",
    title: "Build on the OS image in a builder stage, ship the program on the same release without compilers",
    why: "A program compiled on a plain Debian, Ubuntu or Alpine image — the compilers and headers from apt-get or apk, or a toolchain from rustup — carries them all into the image that runs it: build-essential alone is ≈ 250 MB, a Rust toolchain 1.4 GB. A second stage from the same release (Debian's -slim tag) installs what the program uses at run time — the Dockerfile's packages without compilers, each `-dev` package's library instead of its headers — and copies in only the program.",
    example: "FROM debian:bookworm\nRUN apt-get update && apt-get install -y build-essential libsqlite3-dev\nWORKDIR /src\nCOPY . .\nRUN make\nCMD [\"/src/notes\"]\n",
    use_instead: "FROM debian:bookworm AS build\nRUN apt-get update && apt-get install -y build-essential libsqlite3-dev\nWORKDIR /src\nCOPY . .\nRUN make\n\nFROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends libsqlite3-0 && rm -rf /var/lib/apt/lists/*\nWORKDIR /src\nCOPY . .\nCOPY --from=build /src/notes /src/notes\nCMD [\"/src/notes\"]\n",
    safety: Safety::NeedsCheck,
    check: Some("the program must find at run time the shared libraries it linked (`ldd` on it lists them; the runtime stage installs each `-dev` package's library and the Dockerfile's other packages) and nothing else the build stage installed: compilers, git, a rustup toolchain"),
    applies: Applies::Default,
    example_context: &[],
};

// The finder: what the planner calls (`plan.rs`).
use super::split_compiled::{
    compiles, is_build_command, named_user_created, runtime_parts, source_copies,
};
use super::split_python_venv::packages_of_run;
use crate::knowledge::runtimes::os_runtime_for;
use crate::optimize::doc::{Action, Part};
use crate::optimize::plan::*;
use crate::shell::{Command, Operator, Script};
use crate::stages::Stage;
use crate::syntax::{Args, Keyword};

/// Directories on the PATH of every OS image: a program copied there runs by bare name.
const ON_PATH: &[&str] = &[
    "/usr/local/sbin",
    "/usr/local/bin",
    "/usr/sbin",
    "/usr/bin",
    "/sbin",
    "/bin",
];

/// Whether a RUN's commands are all part of building: build tools and helpers, an installer
/// piped into a shell (`curl … | sh -s -- -y`, rustup's), sourcing its environment.
fn builds_only(s: &Script) -> bool {
    s.commands.iter().enumerate().all(|(k, c)| {
        let piped = k > 0 && s.commands[k - 1].next == Some(Operator::Pipe);
        c.name().is_none()
            || is_build_command(c)
            || matches!(c.name(), Some("." | "source" | "export" | "ldconfig"))
            || (piped && matches!(c.name(), Some("sh" | "bash")))
    })
}

/// The last value the stage's ENV instructions before `before` give `key`.
fn env_value(cx: &Cx, ins: &[usize], before: usize, key: &str) -> Option<String> {
    ins.iter()
        .copied()
        .filter(|&i| i < before && cx.ins(i).keyword == Keyword::Env)
        .filter_map(|i| match &cx.ins(i).args {
            Args::KeyValues(kv) => kv
                .iter()
                .rev()
                .find(|p| p.key == key)
                .and_then(|p| p.value.clone()),
            _ => None,
        })
        .next_back()
}

/// The directory `make install` (or `cmake --install`, `ninja install`) writes to: a
/// `--prefix`, `-DCMAKE_INSTALL_PREFIX=` or `PREFIX=` given anywhere in the stage, else
/// `/usr/local` — `None` when nothing installs.
fn install_prefix(scripts: &[&Script]) -> Option<String> {
    let installs = |c: &Command| {
        (matches!(c.name(), Some("make" | "ninja" | "gmake"))
            && c.args().iter().any(|w| w.value == "install"))
            || (c.name() == Some("cmake") && c.has_flag("--install"))
    };
    if !scripts.iter().any(|s| s.commands.iter().any(installs)) {
        return None;
    }
    let mut prefix = None;
    for c in scripts.iter().flat_map(|s| s.commands.iter()) {
        for w in c.args() {
            let v = w.value.as_str();
            for key in ["--prefix=", "-DCMAKE_INSTALL_PREFIX=", "PREFIX=", "prefix="] {
                if let Some(p) = v.strip_prefix(key) {
                    prefix = Some(p.trim_end_matches('/').to_string());
                }
            }
        }
        if let Some(p) = c.flag_value("--prefix") {
            prefix = Some(p.trim_end_matches('/').to_string());
        }
    }
    Some(prefix.unwrap_or_else(|| "/usr/local".into()))
}

/// Programs built with the system's compilers on a plain OS image: build there, ship on the same
/// release with the run-time packages only.
pub(crate) fn find(cx: &mut Cx, st: &Stage) -> bool {
    let Some((reference, _, _)) = from_image(cx, st) else {
        return false;
    };
    let (name, tag) = name_tag(&reference);
    let Some(os) = os_runtime_for(&name) else {
        return false;
    };
    let ins = cx.stage_ins(st);
    let runs: Vec<usize> = ins
        .iter()
        .copied()
        .filter(|&i| cx.ins(i).keyword == Keyword::Run)
        .collect();
    let compiled = runs.iter().any(|&r| {
        cx.scripts[r].as_ref().is_some_and(|s| {
            s.commands.iter().any(|c| {
                compiles(c) || crate::knowledge::wrappers::expand(c).is_some_and(|e| compiles(&e))
            })
        })
    });
    if !compiled {
        return false;
    }
    // A stage that removes its compilers in the RUN that used them (official images' idiom) has
    // nothing left to leave behind; a toolchain from rustup or a Go archive stays.
    let toolchain_stays = runs.iter().any(|&r| {
        cx.scripts[r].as_ref().is_some_and(|s| {
            packages_of_run(s).2.iter().any(|p| !p.ends_with("-dev"))
                || s.commands.iter().any(|c| {
                    c.name() == Some("rustup")
                        || c.words.iter().any(|w| {
                            w.value.contains("sh.rustup.rs")
                                || w.value.contains("rustup-init")
                                || (w.value.contains("/go")
                                    && w.value.ends_with(".linux-amd64.tar.gz"))
                        })
                })
        })
    });
    if !toolchain_stays {
        return false;
    }
    let from_line = cx.ins(st.from).start_line;
    if has_onbuild_or_shell(cx, &ins) {
        cx.note(
            from_line,
            "no multi-stage split: the stage uses ONBUILD or SHELL",
        );
        return false;
    }
    for &r in &runs {
        if !cx.scripts[r].as_ref().is_some_and(builds_only) {
            cx.note(
                cx.ins(r).start_line,
                "no multi-stage split of the build: this RUN may prepare files the program needs at run time",
            );
            return false;
        }
    }
    if named_user_created(cx, &ins) {
        cx.note(from_line, "no multi-stage split: USER names a user created in this image; the runtime image would not have it");
        return false;
    }
    let Some((argv, cmd_ins, _)) = start_command(cx, st) else {
        cx.note(
            from_line,
            "no multi-stage split of the build: the stage's CMD/ENTRYPOINT is missing or a shell command with variables or operators, so which program it runs is not certain",
        );
        return false;
    };
    let scripts: Vec<(usize, Script)> = runs
        .iter()
        .filter_map(|&r| cx.scripts[r].clone().map(|s| (r, s)))
        .collect();
    let program = argv[0].clone();
    let root_home = "/root";
    // (what to copy out of the builder, where it goes in the runtime stage)
    let artifact: Option<(String, String)> = if program.contains('/') {
        let p = resolve(&program, &cx.workdir_before(cmd_ins));
        Some((p.clone(), p))
    } else if program.is_empty() {
        None
    } else {
        let on_path = |src: String| {
            let dir = src.rsplit_once('/').map_or("", |(d, _)| d);
            let dest = if ON_PATH.contains(&dir) {
                src.clone()
            } else {
                format!("/usr/local/bin/{program}")
            };
            (src, dest)
        };
        let by_flag = scripts
            .iter()
            .flat_map(|(r, s)| {
                let r = *r;
                s.commands
                    .iter()
                    .filter_map(move |c| c.flag_value("-o").map(|o| (r, o.to_string())))
            })
            .find(|(_, o)| o.rsplit('/').next() == Some(program.as_str()))
            .map(|(r, o)| resolve(&o, &cx.workdir_before(r)));
        let cargo_release = scripts.iter().find_map(|(r, s)| {
            let r = *r;
            s.commands
                .iter()
                .any(|c| {
                    c.is("cargo", "build")
                        && c.has_flag("--release")
                        && !c.has_flag("--target")
                        && !c.has_flag("--manifest-path")
                })
                .then(|| {
                    format!(
                        "{}/target/release/{program}",
                        cx.workdir_before(r).trim_end_matches('/')
                    )
                })
        });
        let cargo_install = scripts
            .iter()
            .any(|(_, s)| s.commands.iter().any(|c| c.is("cargo", "install")))
            .then(|| {
                let home = env_value(cx, &ins, cmd_ins, "CARGO_HOME")
                    .unwrap_or_else(|| format!("{root_home}/.cargo"));
                format!("{}/bin/{program}", home.trim_end_matches('/'))
            });
        let go_install = scripts
            .iter()
            .any(|(_, s)| {
                s.commands
                    .iter()
                    .any(|c| c.is("go", "install") || (c.is("go", "get") && !c.has_flag("-d")))
            })
            .then(|| {
                let home = env_value(cx, &ins, cmd_ins, "GOPATH")
                    .unwrap_or_else(|| format!("{root_home}/go"));
                format!("{}/bin/{program}", home.trim_end_matches('/'))
            });
        by_flag
            .or(cargo_release)
            .or(cargo_install)
            .or(go_install)
            .filter(|p| !p.contains('$'))
            .map(on_path)
    };
    // `make install`: the whole prefix it wrote (the program, its libraries and data), when
    // nothing else in the stage put files there (a toolchain unpacked into /usr/local).
    let prefix = if artifact.is_none() {
        let all: Vec<&Script> = scripts.iter().map(|(_, s)| s).collect();
        install_prefix(&all).filter(|p| {
            let elsewhere = scripts.iter().any(|(_, s)| {
                s.commands.iter().any(|c| {
                    c.words.iter().any(|w| {
                        w.value.contains(p.as_str())
                            && !["--prefix=", "-DCMAKE_INSTALL_PREFIX=", "PREFIX=", "prefix="]
                                .iter()
                                .any(|k| w.value.starts_with(k))
                            && c.flag_value("--prefix") != Some(w.value.as_str())
                    })
                })
            }) || ins
                .iter()
                .any(|&i| cx.ins(i).keyword == Keyword::Env && cx.ins(i).text.contains(p.as_str()));
            p.len() > 1 && p != "/usr" && p.starts_with('/') && !p.contains('$') && !elsewhere
        })
    } else {
        None
    };
    let copy_line = |stage: &str| -> Option<String> {
        match (&artifact, &prefix) {
            (Some((src, dest)), _) => Some(format!("COPY --from={stage} {src} {dest}")),
            (None, Some(p)) => Some(format!("COPY --from={stage} {p} {p}")),
            _ => None,
        }
    };
    if copy_line("x").is_none() {
        cx.note(
            from_line,
            "no multi-stage split of the build: cannot tell which file the CMD runs",
        );
        return false;
    }
    // What the program may use at run time: the packages the stage installed and kept, without
    // compilers and tools, each `-dev` package replaced by its library.
    let apk = os.packages == "apk";
    let debian_index = cx.input.debian.filter(|ix| {
        let r = crate::estimate::resolve_base(&reference);
        // The index of this very release: library names change between releases (libssl1.1,
        // libssl3), and a name the release lacks fails the build.
        r.os == crate::knowledge::packages::Os::Debian && r.debian_release == Some(ix.release())
    });
    let mut packages: Vec<String> = Vec::new();
    let mut kept_dev: Vec<String> = Vec::new();
    for (_, s) in &scripts {
        let (_, kept, _) = packages_of_run(s);
        for p in kept {
            let libs: Vec<String> = if p.ends_with("-dev") {
                if apk {
                    crate::knowledge::packages::apk_runtime_of_dev(&p)
                        .map(str::to_string)
                        .into_iter()
                        .collect()
                } else if let Some(ix) = debian_index {
                    ix.runtime_of_dev(&p)
                        .into_iter()
                        .map(str::to_string)
                        .collect()
                } else {
                    // No package index for this release: the headers stay, for the library they
                    // depend on.
                    kept_dev.push(p.clone());
                    vec![p.clone()]
                }
            } else if super::split_python_venv::build_only_package(&p)
                || matches!(p.as_str(), "build-essential" | "build-base")
            {
                Vec::new()
            } else {
                vec![p.clone()]
            };
            for l in libs {
                if !packages.contains(&l) {
                    packages.push(l);
                }
            }
        }
    }
    if !apk {
        crate::knowledge::packages::with_relied_recommends(&mut packages);
    }
    let runtime = os.runtime.replace("{tag}", &tag).replace(
        "{slim}",
        &slim_tag(&name, &tag).unwrap_or_else(|| tag.clone()),
    );
    let prefix_path =
        &reference[..reference.len() - reference.rsplit('/').next().unwrap_or("").len()];
    let runtime = if prefix_path.is_empty() || prefix_path == "docker.io/library/" {
        runtime
    } else {
        format!("{prefix_path}{runtime}")
    };
    let install = if packages.is_empty() {
        // A prefix with shared libraries needs the linker's cache on glibc systems.
        (prefix.is_some() && !apk).then(|| "RUN ldconfig".to_string())
    } else if apk {
        Some(format!("RUN apk add --no-cache {}", packages.join(" ")))
    } else {
        Some(format!("RUN apt-get update && apt-get install -y --no-install-recommends {} && rm -rf /var/lib/apt/lists/*", packages.join(" ")))
    };
    let context_copies = source_copies(cx, &ins);
    let make = |binary_only: bool| -> Vec<Action> {
        let mut actions = Vec::new();
        let stage_name = builder_stage(cx, st, &mut actions);
        let mut parts = vec![Part::Text(format!("FROM {runtime}"))];
        if let Some(i) = &install {
            parts.push(Part::Text(i.clone()));
        }
        let skip = if binary_only {
            context_copies.clone()
        } else {
            Vec::new()
        };
        let mut rt = runtime_parts(cx, st, &skip);
        let at = rt
            .iter()
            .rposition(|p| {
                matches!(p, Part::CopyOf(i) if matches!(cx.ins(*i).keyword, Keyword::Copy | Keyword::Add | Keyword::Workdir | Keyword::Env | Keyword::Arg))
            })
            .map_or(0, |k| k + 1);
        if let Some(line) = copy_line(&stage_name) {
            rt.insert(at, Part::Text(line));
        }
        parts.extend(rt);
        actions.push(Action::InsertStage {
            before: None,
            parts,
        });
        actions
    };
    let what = match (&artifact, &prefix) {
        (Some((src, _)), _) => format!("`{src}`"),
        (None, Some(p)) => format!("what `make install` put in `{p}`"),
        _ => String::new(),
    };
    let libs = if packages.is_empty() {
        "nothing else".to_string()
    } else {
        packages
            .iter()
            .map(|p| format!("`{p}`"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let dev_check = if kept_dev.is_empty() {
        String::new()
    } else {
        format!(
            "; {} stay installed for their libraries (no package index for this release says which those are): the library packages alone are smaller",
            kept_dev.join(", ")
        )
    };
    let check = format!(
        "the program must find at run time the shared libraries it linked (`ldd` on it lists them) among the base's and {libs}, and must not run the tools only the build stage has (compilers, git, a rustup toolchain){dev_check}"
    );
    let lean = (!context_copies.is_empty()).then(|| make(true));
    let actions = make(false);
    if let Some(lean) = lean {
        cx.add_in_group(
            "binary-only",
            from_line,
            vec![from_line],
            format!("Build on `{reference}`, ship only {what} on `{runtime}`"),
            "As the split of the build, but the runtime stage leaves out the files the Dockerfile copied from the project folder: the program was built from them and does not read them — unless it does (templates, static files, configuration next to it), which is why this is not the default.".to_string(),
            Safety::NeedsCheck,
            Some(format!("the program must not read files from the project folder at run time: copy those it does read with their own COPY; {check}")),
            lean,
            Some("split-compiled".into()),
        );
    }
    cx.add_in_group(
        "split-os-build",
        from_line,
        vec![from_line],
        format!("Build on `{reference}`, ship on `{runtime}` without the compilers"),
        format!("The program is compiled on `{reference}` with compilers and headers that stay in the image it runs in. Built there as a first stage, it ships on `{runtime}` — the same release, so the libraries it linked are the same versions — with {libs} installed and {what} copied in, with the same ENV, WORKDIR and command."),
        Safety::NeedsCheck,
        Some(check),
        actions,
        Some("split-compiled".into()),
    );
    true
}
