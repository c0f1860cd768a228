//! Helper scripts official images once shipped, and the commands they stand for, so the
//! estimator and the rewrite read `go-wrapper install` as the `go install` it runs.
//!
//! The golang images up to 1.9 had `/usr/local/bin/go-wrapper` (docker-library/golang, removed
//! for 1.10 by docker-library/golang#205, 2018-01); their README taught
//! `RUN go-wrapper download`, `RUN go-wrapper install`, `CMD ["go-wrapper", "run"]`, and many
//! Dockerfiles of 2015–2018 still say so.

use crate::shell::{self, Command};

pub struct Wrapper {
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
    Wrapper { program: "go-wrapper", sub: "download", runs: "go get -d -v", default_args: "./...", source: GO_WRAPPER },
    Wrapper { program: "go-wrapper", sub: "install", runs: "go install -v", default_args: "./...", source: GO_WRAPPER },
];

/// `go-wrapper run [ARGS]` starts the program `go install` put in `$GOPATH/bin`, named after
/// the package's directory (the working directory's last part).
pub const GO_WRAPPER_RUN: (&str, &str) = ("go-wrapper", "run");

/// The command a wrapper runs, as a command of its own (`go-wrapper install` → `go install -v
/// ./...`); `None` for anything else.
pub fn expand(cmd: &Command) -> Option<Command> {
    let name = cmd.name()?;
    let sub = cmd.subcommand()?;
    let w = WRAPPERS
        .iter()
        .find(|w| w.program == name && w.sub == sub)?;
    let rest: Vec<&str> = cmd
        .args()
        .iter()
        .skip_while(|a| a.value != sub)
        .skip(1)
        .map(|a| a.raw.as_str())
        .collect();
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
    fn other_commands_are_not_wrappers() {
        assert!(expand(&first("go install ./...")).is_none());
        assert!(expand(&first("go-wrapper run")).is_none());
        assert!(is_go_wrapper_run(&["go-wrapper".into(), "run".into()]));
        assert!(!is_go_wrapper_run(&["go".into(), "run".into()]));
    }
}
