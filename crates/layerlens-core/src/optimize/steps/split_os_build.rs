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
    compiles, is_build_command, named_user_created, runtime_parts, source_copies, ON_PATH,
};
use super::split_python_venv::packages_of_run;
use crate::knowledge::runtimes::os_runtime_for;
use crate::optimize::doc::{Action, Part};
use crate::optimize::plan::is_cleanup;
use crate::optimize::plan::*;
use crate::shell::{Command, Operator, Script};
use crate::stages::Stage;
use crate::syntax::{Args, Keyword};

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

/// Commands that set files and users up (and change nothing a build made before them): a RUN of
/// only these before the build is done again in the runtime stage.
const SET_UP: &[&str] = &[
    "chmod", "chown", "chgrp", "mkdir", "ln", "touch", "echo", "printf", "useradd", "adduser",
    "groupadd", "addgroup", "usermod", "ldconfig", "true", "set", "sed", "cp", "mv", "rm", "cd",
    "export", "test", "[", ":",
];

enum RunKind {
    /// Installs system packages (and tidies after them), nothing else.
    Install,
    /// Sets files and users up ([`SET_UP`]).
    SetUp,
    /// Builds: compilers, toolchain installers, fetching sources.
    Build,
}

fn run_kind(s: &Script) -> Option<RunKind> {
    if s.commands
        .iter()
        .all(|c| c.name().is_none() || super::split_python_venv::installs_packages_only(c))
    {
        return Some(RunKind::Install);
    }
    if s.commands
        .iter()
        .all(|c| c.name().is_none() || c.name().is_some_and(|n| SET_UP.contains(&n)))
    {
        return Some(RunKind::SetUp);
    }
    builds_only(s).then_some(RunKind::Build)
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
    // Each RUN: package installs (the runtime stage installs again what the program uses), file
    // and user set-up before the build (done again in the runtime stage), or the build (left in
    // the builder). Set-up after the build could touch what the build made: not split.
    let mut replicate: Vec<usize> = Vec::new();
    let mut built = false;
    for &r in &runs {
        let kind = cx.scripts[r].as_ref().map(run_kind);
        match kind {
            Some(Some(RunKind::Install)) => {}
            Some(Some(RunKind::SetUp)) if !built => replicate.push(r),
            Some(Some(RunKind::SetUp))
                if cx.scripts[r].as_ref().is_some_and(|s| {
                    s.commands
                        .iter()
                        .all(|c| c.name().is_none() || is_cleanup(c))
                }) => {}
            Some(Some(RunKind::Build)) => built = true,
            _ => {
                cx.note(
                    cx.ins(r).start_line,
                    if built {
                        "no multi-stage split of the build: this RUN after the build may change what the program needs at run time"
                    } else {
                        "no multi-stage split of the build: this RUN may prepare files the program needs at run time"
                    },
                );
                return false;
            }
        }
    }
    let creates_user = replicate.iter().any(|&r| {
        cx.scripts[r].as_ref().is_some_and(|s| {
            s.commands
                .iter()
                .any(|c| matches!(c.name(), Some("useradd" | "adduser")))
        })
    });
    if named_user_created(cx, &ins) && !creates_user {
        cx.note(from_line, "no multi-stage split: USER names a user created in this image; the runtime image would not have it");
        return false;
    }
    let start = start_command(cx, st);
    let Some(cmd_ins) = start.as_ref().map(|s| s.1).or_else(|| {
        ins.iter()
            .copied()
            .rfind(|&i| matches!(cx.ins(i).keyword, Keyword::Cmd | Keyword::Entrypoint))
    }) else {
        cx.note(
            from_line,
            "no multi-stage split of the build: the stage has no CMD or ENTRYPOINT saying which program it runs",
        );
        return false;
    };
    // `sh -c SCRIPT`: the script's words are what runs.
    let shell_c = start.as_ref().is_some_and(|(argv, _, _)| {
        argv.first()
            .is_some_and(|p| matches!(p.rsplit('/').next(), Some("sh" | "bash" | "dash")))
            && argv.iter().any(|w| w == "-c")
    });
    let program = start
        .as_ref()
        .filter(|_| !shell_c)
        .and_then(|s| s.0.first().cloned())
        .unwrap_or_default();
    let scripts: Vec<(usize, Script)> = runs
        .iter()
        .filter_map(|&r| cx.scripts[r].clone().map(|s| (r, s)))
        .collect();
    let root_home = "/root";
    // Where the build put programs: `-o` outputs, `target/release/`, `cargo install`'s and
    // `go install`'s bin directories.
    let o_outputs: Vec<String> = scripts
        .iter()
        .flat_map(|(r, s)| {
            let wd = cx.workdir_before(*r);
            s.commands
                .iter()
                .filter(|c| compiles(c))
                .filter_map(|c| c.flag_value("-o"))
                .map(|o| resolve(o, &wd))
                .collect::<Vec<_>>()
        })
        .collect();
    let release_dirs: Vec<String> = scripts
        .iter()
        .filter(|(_, s)| {
            s.commands.iter().any(|c| {
                c.is("cargo", "build")
                    && c.has_flag("--release")
                    && !c.has_flag("--target")
                    && !c.has_flag("--manifest-path")
            })
        })
        .map(|(r, _)| {
            format!(
                "{}/target/release",
                cx.workdir_before(*r).trim_end_matches('/')
            )
        })
        .collect();
    let cargo_bin = scripts
        .iter()
        .any(|(_, s)| s.commands.iter().any(|c| c.is("cargo", "install")))
        .then(|| {
            let home = env_value(cx, &ins, cmd_ins, "CARGO_HOME")
                .unwrap_or_else(|| format!("{root_home}/.cargo"));
            format!("{}/bin", home.trim_end_matches('/'))
        });
    let go_bin = scripts
        .iter()
        .any(|(_, s)| {
            s.commands.iter().any(|c| {
                let installs =
                    |c: &Command| c.is("go", "install") || (c.is("go", "get") && !c.has_flag("-d"));
                installs(c) || crate::knowledge::wrappers::expand(c).is_some_and(|e| installs(&e))
            })
        })
        .then(|| {
            let home =
                env_value(cx, &ins, cmd_ins, "GOPATH").unwrap_or_else(|| format!("{root_home}/go"));
            format!("{}/bin", home.trim_end_matches('/'))
        });
    let built = |path: &str| {
        !path.contains('$')
            && (o_outputs.iter().any(|o| o == path)
                || release_dirs
                    .iter()
                    .chain(cargo_bin.iter())
                    .chain(go_bin.iter())
                    .any(|d| {
                        path.strip_prefix(d.as_str())
                            .is_some_and(|r| r.starts_with('/'))
                    }))
    };
    // (what to copy out of the builder, where it goes in the runtime stage)
    let mut artifacts: Vec<(String, String)> = Vec::new();
    if program.contains('/') {
        let p = resolve(&program, &cx.workdir_before(cmd_ins));
        artifacts.push((p.clone(), p));
    } else if !program.is_empty() {
        let candidates = o_outputs
            .iter()
            .filter(|o| o.rsplit('/').next() == Some(program.as_str()))
            .cloned()
            .chain(release_dirs.iter().map(|d| format!("{d}/{program}")))
            .chain(cargo_bin.iter().map(|d| format!("{d}/{program}")))
            .chain(go_bin.iter().map(|d| format!("{d}/{program}")));
        if let Some(src) = candidates.into_iter().find(|p| !p.contains('$')) {
            let dir = src.rsplit_once('/').map_or("", |(d, _)| d);
            let dest = if ON_PATH.contains(&dir) {
                src.clone()
            } else {
                format!("/usr/local/bin/{program}")
            };
            artifacts.push((src, dest));
        }
    } else {
        // A shell-form command (`setup.sh ; service x start ; /root/go/bin/app`): the paths in it
        // the build made.
        for i in ins
            .iter()
            .copied()
            .filter(|&i| matches!(cx.ins(i).keyword, Keyword::Cmd | Keyword::Entrypoint))
        {
            let script_words = |script: &str| -> Vec<String> {
                crate::shell::parse(script)
                    .commands
                    .iter()
                    .flat_map(|c| c.words.iter().map(|w| w.value.clone()))
                    .collect()
            };
            let words: Vec<String> = match &cx.ins(i).args {
                Args::Command(crate::syntax::CommandForm::Shell { script, .. }) => {
                    script_words(script)
                }
                Args::Command(crate::syntax::CommandForm::Exec { args }) => args
                    .iter()
                    .flat_map(|w| {
                        if w.value.contains(' ') {
                            script_words(&w.value)
                        } else {
                            vec![w.value.clone()]
                        }
                    })
                    .collect(),
                _ => Vec::new(),
            };
            for w in words {
                if w.starts_with('/') && built(&w) && !artifacts.iter().any(|(a, _)| *a == w) {
                    artifacts.push((w.clone(), w));
                }
            }
        }
    }
    // `make install`: the whole prefix it wrote (the program, its libraries and data), when
    // nothing else in the stage put files there (a toolchain unpacked into /usr/local).
    let prefix = if artifacts.is_empty() {
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
        if !artifacts.is_empty() {
            Some(
                artifacts
                    .iter()
                    .map(|(src, dest)| format!("COPY --from={stage} {src} {dest}"))
                    .collect::<Vec<_>>()
                    .join("\n"),
            )
        } else {
            prefix
                .as_ref()
                .map(|p| format!("COPY --from={stage} {p} {p}"))
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
                } else if let Some(libs) = debian_index
                    .map(|ix| ix.runtime_of_dev(&p))
                    .filter(|l| !l.is_empty())
                {
                    libs.into_iter().map(str::to_string).collect()
                } else {
                    // No package index for this release, or one that names no library for it:
                    // the headers stay, for the library they depend on.
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
        // The set-up RUNs, in their places among the copied instructions.
        rt.extend(replicate.iter().map(|&r| Part::CopyOf(r)));
        rt.sort_by_key(|p| match p {
            Part::CopyOf(i) | Part::MoveOf(i) => *i,
            Part::Text(_) => usize::MAX,
        });
        let at = rt
            .iter()
            .rposition(|p| matches!(p, Part::CopyOf(_)))
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
    let what = match (artifacts.as_slice(), &prefix) {
        ([], Some(p)) => format!("what `make install` put in `{p}`"),
        (a, _) => a
            .iter()
            .map(|(src, _)| format!("`{src}`"))
            .collect::<Vec<_>>()
            .join(", "),
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
            "; {} stay installed for the libraries they bring (no package index here says which library each stands for): the library packages alone are smaller",
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
