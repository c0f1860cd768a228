//! Helper scripts official images once shipped, and the commands they stand for, so the
//! estimator and the rewrite read `go-wrapper install` as the `go install` it runs.
//!
//! The golang images up to 1.9 had `/usr/local/bin/go-wrapper` (docker-library/golang, removed
//! for 1.10 by docker-library/golang#205, 2018-01); their README taught
//! `RUN go-wrapper download`, `RUN go-wrapper install`, `CMD ["go-wrapper", "run"]`, and many
//! Dockerfiles of 2015–2018 still say so.

use crate::shell::{self, Command};

pub struct Wrapper {
    /// The image that shipped it (`golang`), and its last version that did (`(1, 9)`): later
    /// tags have no such program, and a build that runs it fails with "not found".
    pub image: &'static str,
    pub last: (u32, u32),
    pub program: &'static str,
    pub sub: &'static str,
    /// The command it runs; the wrapper's own arguments follow, or `default_args` without any.
    pub runs: &'static str,
    pub default_args: &'static str,
    pub source: &'static str,
}

const GO_WRAPPER: &str = "docker-library/docs golang README (2017): `go-wrapper download` is \"go get -d -v ./...\", `go-wrapper install` is \"go install -v ./...\"; removed by docker-library/golang#205 (2018-01)";

#[rustfmt::skip]
pub const WRAPPERS: &[Wrapper] = &[
    Wrapper { image: "golang", last: (1, 9), program: "go-wrapper", sub: "download", runs: "go get -d -v", default_args: "./...", source: GO_WRAPPER },
    Wrapper { image: "golang", last: (1, 9), program: "go-wrapper", sub: "install", runs: "go install -v", default_args: "./...", source: GO_WRAPPER },
];

/// Dependency tools of Go before modules that run the go command itself: `godep go build`
/// is `go build` with the saved dependencies on GOPATH, `godep restore` fetches them into
/// GOPATH as `go get -d` would. (program, subcommand, what it runs — the wrapper's further
/// arguments follow — source).
#[rustfmt::skip]
pub const PREFIX_WRAPPERS: &[(&str, &str, &str, &str)] = &[
    ("godep", "go", "go", "tools/godep's README: `godep go build`, `godep go install` run the go command with the saved dependencies"),
    ("godep", "restore", "go get -d -v ./...", "tools/godep's README: `godep restore` installs the saved dependency versions into GOPATH"),
];

/// `go-wrapper run [ARGS]` starts the program `go install` put in `$GOPATH/bin`, named after
/// the package's directory (the working directory's last part).
pub const GO_WRAPPER_RUN: (&str, &str) = ("go-wrapper", "run");

/// The command a wrapper runs, as a command of its own (`go-wrapper install` → `go install -v
/// ./...`); `None` for anything else.
pub fn expand(cmd: &Command) -> Option<Command> {
    let name = cmd.name()?;
    if let Some(&(_, sub, runs, _)) = PREFIX_WRAPPERS
        .iter()
        .find(|(p, s, _, _)| *p == name && cmd.subcommand() == Some(*s))
    {
        let rest = args_after(cmd, sub);
        let text = if rest.is_empty() {
            runs.to_string()
        } else {
            format!("{runs} {}", rest.join(" "))
        };
        return shell::parse(&text).commands.into_iter().next();
    }
    if !WRAPPERS.iter().any(|w| w.program == name) {
        return None;
    }
    let sub = cmd.subcommand()?;
    let w = WRAPPERS
        .iter()
        .find(|w| w.program == name && w.sub == sub)?;
    let rest = args_after(cmd, sub);
    let args = if rest.is_empty() {
        w.default_args.to_string()
    } else {
        rest.join(" ")
    };
    shell::parse(&format!("{} {args}", w.runs))
        .commands
        .into_iter()
        .next()
}

/// The words after the subcommand `sub`, as written.
fn args_after<'c>(cmd: &'c Command, sub: &str) -> Vec<&'c str> {
    cmd.args()
        .iter()
        .skip_while(|a| a.value != sub)
        .skip(1)
        .map(|a| a.raw.as_str())
        .collect()
}

/// The wrapper program of that name and the image that shipped it (any subcommand).
pub fn wrapper(program: &str) -> Option<&'static Wrapper> {
    WRAPPERS.iter().find(|w| w.program == program)
}

/// Whether `image:tag` still ships the wrapper: a version tag up to `last` does (`1.9.2`,
/// `1.8-alpine`); a later one, a bare major (`1`, today's 1.x) or no version (`latest`,
/// `alpine`) does not.
pub fn ships(w: &Wrapper, image: &str, tag: Option<&str>) -> bool {
    if image.rsplit('/').next() != Some(w.image) {
        return false;
    }
    let tag = tag.unwrap_or("latest");
    let mut nums = tag
        .split(|c: char| !c.is_ascii_digit())
        .take_while(|p| !p.is_empty())
        .map(|p| p.parse::<u32>().unwrap_or(u32::MAX));
    match (nums.next(), nums.next()) {
        (Some(major), Some(minor)) => (major, minor) <= w.last,
        (Some(major), None) => major < w.last.0,
        _ => false,
    }
}

/// Whether the words start a program through `go-wrapper run`.
pub fn is_go_wrapper_run(argv: &[String]) -> bool {
    argv.first().map(String::as_str) == Some(GO_WRAPPER_RUN.0)
        && argv.get(1).map(String::as_str) == Some(GO_WRAPPER_RUN.1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn first(src: &str) -> Command {
        shell::parse(src).commands.remove(0)
    }

    #[test]
    fn godep_runs_the_go_command() {
        let c = expand(&first("godep go install -v")).unwrap();
        assert!(c.is("go", "install") && c.has_flag("-v"));
        let c = expand(&first("godep restore")).unwrap();
        assert!(c.is("go", "get") && c.has_flag("-d"));
        assert!(expand(&first("godep save")).is_none());
    }

    #[test]
    fn go_wrapper_install_is_go_install() {
        let c = expand(&first("go-wrapper install")).unwrap();
        assert!(c.is("go", "install"));
        assert_eq!(c.args().last().unwrap().value, "./...");
    }

    #[test]
    fn go_wrapper_download_keeps_its_arguments() {
        let c = expand(&first(
            "go-wrapper download -u github.com/labstack/echo/...",
        ))
        .unwrap();
        assert!(c.is("go", "get"));
        assert!(c.has_flag("-d") && c.has_flag("-u"));
        assert_eq!(
            c.args().last().unwrap().value,
            "github.com/labstack/echo/..."
        );
    }

    #[test]
    fn golang_tags_up_to_1_9_ship_go_wrapper() {
        let w = wrapper("go-wrapper").unwrap();
        for t in ["1.9.2", "1.9", "1.8-alpine", "1.5", "1.9.7-stretch"] {
            assert!(ships(w, "golang", Some(t)), "{t}");
        }
        for t in [
            "1.10",
            "1.22-bookworm",
            "1",
            "latest",
            "alpine",
            "1.10.1-alpine3.7",
        ] {
            assert!(!ships(w, "golang", Some(t)), "{t}");
        }
        assert!(!ships(w, "golang", None));
        assert!(!ships(w, "python", Some("1.9")));
    }

    #[test]
    fn other_commands_are_not_wrappers() {
        assert!(expand(&first("go install ./...")).is_none());
        assert!(expand(&first("go-wrapper run")).is_none());
        assert!(is_go_wrapper_run(&["go-wrapper".into(), "run".into()]));
        assert!(!is_go_wrapper_run(&["go".into(), "run".into()]));
    }
}
