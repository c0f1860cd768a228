//! Questions rules ask about a command: which program, which subcommand, which flags.
//!
//! Flags are recognised syntactically, as hadolint does: a word is a flag when it starts with `-`
//! (a lone `-` is an operand); `--` ends the flags. Whether a flag takes a value cannot be known
//! in general, so helpers that care accept the list of flags that do.

use super::parser::assignment_eq;
use super::{Command, Script, Word};
use std::borrow::Cow;

/// Programs that run another program given as their arguments, with their flags that take a
/// value, and whether `NAME=value` words may precede the program.
fn wrapper(name: &str) -> Option<(&'static [&'static str], bool)> {
    Some(match name {
        "sudo" => (
            &[
                "-u",
                "--user",
                "-g",
                "--group",
                "-p",
                "--prompt",
                "-C",
                "--close-from",
                "-D",
                "--chdir",
                "-r",
                "--role",
                "-t",
                "--type",
                "-T",
                "--command-timeout",
                "-U",
                "--other-user",
                "-R",
                "--chroot",
                "--host",
            ],
            true,
        ),
        "doas" => (&["-u", "-C"], false),
        "env" => (
            &[
                "-u",
                "--unset",
                "-C",
                "--chdir",
                "-S",
                "--split-string",
                "-P",
                "-a",
                "--argv0",
            ],
            true,
        ),
        "nice" => (&["-n", "--adjustment"], false),
        "nohup" => (&[], false),
        "time" => (&["-f", "--format", "-o", "--output"], false),
        "exec" => (&["-a"], false),
        "command" => (&[], false),
        _ => return None,
    })
}

/// `pip install`'s options that take a value (the next word is not a package): pip's own
/// `pip install --help`.
pub const PIP_INSTALL_VALUE_OPTIONS: &[&str] = &[
    "-r",
    "--requirement",
    "-c",
    "--constraint",
    "-i",
    "--index-url",
    "--extra-index-url",
    "-t",
    "--target",
    "--prefix",
    "-f",
    "--find-links",
    "--root",
    "-e",
    "--editable",
    "--trusted-host",
    "--platform",
    "--python-version",
    "--implementation",
    "--abi",
    "--src",
    "--upgrade-strategy",
    "--progress-bar",
    "--cache-dir",
    "--log",
    "--proxy",
    "--retries",
    "--timeout",
    "--exists-action",
    "--cert",
    "--client-cert",
    "--no-binary",
    "--only-binary",
    "--config-settings",
    "-C",
    "--global-option",
    "--install-option",
    "--root-user-action",
];

/// Global flags that take a value and may come before the subcommand, for common tools, so that
/// `apt-get -o Acquire::Retries=3 install x` still has subcommand `install`.
pub fn value_flags_before_subcommand(program: &str) -> &'static [&'static str] {
    match program {
        "apt-get" | "apt" | "apt-cache" | "aptitude" => &[
            "-o",
            "--option",
            "-c",
            "--config-file",
            "-t",
            "--target-release",
            "--default-release",
        ],
        "apk" => &[
            "-X",
            "--repository",
            "-p",
            "--root",
            "--repositories-file",
            "--keys-dir",
            "--cache-dir",
            "--arch",
        ],
        "yum" | "dnf" | "microdnf" | "tdnf" => &[
            "-c",
            "--config",
            "--installroot",
            "--releasever",
            "--setopt",
            "-d",
            "--debuglevel",
            "-e",
            "--errorlevel",
            "-x",
            "--exclude",
            "--enablerepo",
            "--disablerepo",
            "--repo",
            "--repoid",
        ],
        "zypper" => &["-c", "--config", "-R", "--root", "-D", "--reposd-dir"],
        "pip" | "pip3" => &[
            "--proxy",
            "--cache-dir",
            "--log",
            "--timeout",
            "--retries",
            "--exists-action",
            "--trusted-host",
            "--cert",
            "--client-cert",
            "--python",
        ],
        "npm" => &[
            "--prefix",
            "-C",
            "--registry",
            "--cache",
            "--userconfig",
            "-w",
            "--workspace",
        ],
        "yarn" => &["--cwd", "--modules-folder", "--cache-folder", "--registry"],
        "pnpm" => &["-C", "--dir", "--filter", "-F"],
        "git" => &["-C", "-c", "--git-dir", "--work-tree", "--namespace"],
        "go" => &["-C"],
        "cargo" => &["--config", "-C", "-Z"],
        "docker" => &[
            "-H",
            "--host",
            "--config",
            "--context",
            "-c",
            "-l",
            "--log-level",
        ],
        "micromamba" | "mamba" | "conda" => &["-r", "--root-prefix"],
        _ => &[],
    }
}

fn basename(path: &str) -> &str {
    match path.bytes().rposition(|b| b == b'/') {
        Some(i) => path.get(i + 1..).unwrap_or(path),
        None => path,
    }
}

fn is_flag(v: &str) -> bool {
    v.len() > 1 && v.starts_with('-')
}

/// `"y"` → `"-y"`, `"no-cache"` → `"--no-cache"`; dashed spellings are kept.
fn normalize(flag: &str) -> Cow<'_, str> {
    if flag.starts_with('-') {
        Cow::Borrowed(flag)
    } else if flag.chars().count() == 1 {
        Cow::Owned(format!("-{flag}"))
    } else {
        Cow::Owned(format!("--{flag}"))
    }
}

/// True for a short (`-x`) flag: one character after a single dash.
fn is_short(flag: &str) -> bool {
    let mut chars = flag.chars();
    chars.next() == Some('-') && chars.next().is_some_and(|c| c != '-') && chars.next().is_none()
}

/// Does `arg` set `flag` (already normalized)?
fn sets_flag(arg: &str, flag: &str) -> bool {
    if arg == flag {
        return true;
    }
    if !is_short(flag) {
        return arg
            .strip_prefix(flag)
            .is_some_and(|rest| rest.starts_with('='));
    }
    let letter = flag.chars().nth(1);
    match arg.strip_prefix('-') {
        Some(cluster) if !cluster.is_empty() && !cluster.starts_with('-') => {
            if cluster.bytes().all(|b| b.is_ascii_alphabetic()) {
                // `-qy`: every letter is a flag.
                letter.is_some_and(|l| cluster.contains(l))
            } else {
                // `-ofile`, `-j4`: only the first letter is a flag.
                cluster.chars().next() == letter
            }
        }
        _ => false,
    }
}

/// For a short `flag` (`-o`), what follows it in `arg` when `arg` sets it getopt-style: `-o` and
/// `-qo` give `""` (the value is the next word), `-ofile` and `-qofile` give `file`.
fn short_value<'a>(arg: &'a str, flag: &str) -> Option<&'a str> {
    let letter = flag.chars().nth(1)?;
    let cluster = arg.strip_prefix('-').filter(|c| !c.starts_with('-'))?;
    let at = cluster.find(letter)?;
    if !cluster[..at].bytes().all(|b| b.is_ascii_alphabetic()) {
        return None;
    }
    cluster.get(at + letter.len_utf8()..)
}

impl Word {
    /// For an assignment word (`NAME=value`, `NAME+=value`): the name and the (unquoted) value.
    pub fn assignment(&self) -> Option<(&str, &str)> {
        assignment_eq(&self.raw)?;
        let eq = assignment_eq(&self.value)?;
        let name = self.value.get(..eq)?.trim_end_matches('+');
        Some((name, self.value.get(eq + 1..)?))
    }
}

/// Index in `words` of the program, after wrappers such as `sudo -u x`, `env A=b`, `nice`
/// (the parser stores it in [`Command::program`]: every rule and estimate asks for it).
pub(crate) fn program_index(words: &[Word]) -> Option<usize> {
    let mut i = 0;
    loop {
        let name = basename(&words.get(i)?.value);
        let Some((value_flags, assignments)) = wrapper(name) else {
            return Some(i);
        };
        let mut j = i + 1;
        while let Some(w) = words.get(j) {
            let v = w.value.as_str();
            if v == "--" {
                j += 1;
                break;
            }
            if is_flag(v) {
                // `command -v x` looks x up, it does not run it.
                if name == "command" && (v.contains('v') || v.contains('V')) {
                    return Some(i);
                }
                j += if value_flags.contains(&v) { 2 } else { 1 };
            } else if assignments && assignment_eq(v).is_some() {
                j += 1;
            } else {
                break;
            }
        }
        if j >= words.len() {
            // A wrapper with nothing to run is itself the program (`env`, `sudo -v`).
            return Some(i);
        }
        i = j;
    }
}

impl Command {
    fn program_index(&self) -> Option<usize> {
        self.program
    }

    /// The word naming the program (see [`Command::name`]).
    pub fn name_word(&self) -> Option<&Word> {
        self.words.get(self.program_index()?)
    }

    /// The program run: the basename of the first word's value (`/usr/bin/apt-get` → `apt-get`),
    /// looking through `sudo`, `doas`, `env`, `nice`, `nohup`, `time`, `exec` and `command` (with
    /// their flags and, for `sudo`/`env`, `NAME=value` arguments). `command -v x` is `command`.
    /// `None` for a command without words (`FOO=bar`, `> file`).
    pub fn name(&self) -> Option<&str> {
        self.name_word().map(|w| basename(&w.value))
    }

    /// The words after the program name (after skipped wrappers).
    pub fn args(&self) -> &[Word] {
        self.program_index()
            .and_then(|i| self.words.get(i + 1..))
            .unwrap_or(&[])
    }

    /// The first argument that is not a flag (`install` in `apt-get -y install x`), skipping the
    /// values of the common global flags of well-known tools (see
    /// [`value_flags_before_subcommand`]). Use [`Command::subcommand_skipping`] to say which
    /// flags take a value.
    pub fn subcommand(&self) -> Option<&str> {
        self.subcommand_skipping(value_flags_before_subcommand(self.name()?))
    }

    /// The first argument that is not a flag, where the flags in `flags_with_values` (written in
    /// full, e.g. `"-o"`, `"--root"`) consume the next word unless written `--flag=value`.
    pub fn subcommand_skipping(&self, flags_with_values: &[&str]) -> Option<&str> {
        self.positionals(flags_with_values, 1)
            .into_iter()
            .next()
            .map(|w| w.value.as_str())
    }

    /// Positional words, treating `flags_with_values` as taking the next word; stops after `max`.
    fn positionals(&self, flags_with_values: &[&str], max: usize) -> Vec<&Word> {
        let mut out = Vec::new();
        let mut args = self.args().iter();
        let mut flags_done = false;
        while out.len() < max {
            let Some(w) = args.next() else { break };
            let v = w.value.as_str();
            if flags_done || !(v == "--" || is_flag(v)) {
                out.push(w);
            } else if v == "--" {
                flags_done = true;
            } else if flags_with_values.contains(&v) {
                args.next();
            }
        }
        out
    }

    /// Whether `flag` is given. `flag` may be written `"--no-cache"`, `"-y"`, or without dashes
    /// (`"no-cache"`, `"y"`). Long flags also match `--flag=value`; a short flag also matches
    /// inside a cluster (`-qy`, `-yq`). Arguments after `--` are not flags.
    pub fn has_flag(&self, flag: &str) -> bool {
        let flag = normalize(flag);
        self.args()
            .iter()
            .map(|w| w.value.as_str())
            .take_while(|v| *v != "--")
            .any(|v| sets_flag(v, &flag))
    }

    /// Whether any of `flags` is given (see [`Command::has_flag`]).
    pub fn has_any_flag(&self, flags: &[&str]) -> bool {
        flags.iter().any(|f| self.has_flag(f))
    }

    /// The value of `flag`: `--target=/x`, `--target /x`, `-t /x` or `-t/x`. The last one wins,
    /// as with most programs.
    pub fn flag_value(&self, flag: &str) -> Option<&str> {
        self.flag_values(flag).pop()
    }

    /// Every value given to `flag`, in order (`pip install -r a.txt -r b.txt`).
    pub fn flag_values(&self, flag: &str) -> Vec<&str> {
        let flag = normalize(flag);
        let flag = flag.as_ref();
        let args = self.args();
        let mut out = Vec::new();
        let mut i = 0;
        while let Some(w) = args.get(i) {
            let v = w.value.as_str();
            i += 1;
            if v == "--" {
                break;
            }
            // Some(None): the value is the next word.
            let value = if v == flag {
                Some(None)
            } else if is_short(flag) {
                short_value(v, flag).map(|rest| match rest {
                    "" => None,
                    _ => Some(rest.strip_prefix('=').unwrap_or(rest)),
                })
            } else {
                v.strip_prefix(flag)
                    .and_then(|rest| rest.strip_prefix('='))
                    .map(Some)
            };
            match value {
                Some(Some(value)) => out.push(value),
                Some(None) => {
                    if let Some(next) = args.get(i) {
                        out.push(next.value.as_str());
                        i += 1;
                    }
                }
                None => {}
            }
        }
        out
    }

    /// Positional arguments (those not starting with `-`; everything after `--`), subcommand
    /// included. Values of flags that take one are counted as positional (`-r file` gives
    /// `file`); use [`Command::args_no_flags_skipping`] to avoid that.
    pub fn args_no_flags(&self) -> Vec<&Word> {
        self.positionals(&[], usize::MAX)
    }

    /// Like [`Command::args_no_flags`], with the flags in `flags_with_values` consuming the next
    /// word.
    pub fn args_no_flags_skipping(&self, flags_with_values: &[&str]) -> Vec<&Word> {
        self.positionals(flags_with_values, usize::MAX)
    }

    /// Positional arguments after the subcommand (the packages of `apt-get install -y a b`), with
    /// the flags in `flags_with_values` consuming the next word.
    pub fn operands(&self, flags_with_values: &[&str]) -> Vec<&Word> {
        let mut all = self.positionals(flags_with_values, usize::MAX);
        if !all.is_empty() {
            all.remove(0);
        }
        all
    }

    /// Whether this runs `name` with subcommand `sub` (`cmd.is("apt-get", "install")`).
    pub fn is(&self, name: &str, sub: &str) -> bool {
        self.name() == Some(name) && self.subcommand() == Some(sub)
    }
}

impl Script {
    /// The commands whose program is `name` (see [`Command::name`]).
    pub fn find<'a>(&'a self, name: &str) -> impl Iterator<Item = &'a Command> {
        let name = name.to_owned();
        self.commands
            .iter()
            .filter(move |c| c.name() == Some(name.as_str()))
    }

    /// Whether any command runs `name`.
    pub fn has_command(&self, name: &str) -> bool {
        self.commands.iter().any(|c| c.name() == Some(name))
    }
}
