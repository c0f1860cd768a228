use super::*;

/// Parses and checks the invariants every result must hold.
fn p(src: &str) -> Script {
    let s = parse(src);
    check_invariants(src, &s);
    s
}

fn check_span(src: &str, r: &Range<usize>, what: &str) {
    assert!(
        r.start <= r.end && r.end <= src.len(),
        "{what} span {r:?} out of bounds for {src:?}"
    );
    assert!(
        src.is_char_boundary(r.start) && src.is_char_boundary(r.end),
        "{what} span {r:?} not on char boundaries in {src:?}"
    );
}

fn check_word(src: &str, w: &Word) {
    check_span(src, &w.span, "word");
    assert_eq!(&src[w.span.clone()], w.raw, "word raw != src[span]");
}

fn check_invariants(src: &str, s: &Script) {
    for e in &s.errors {
        check_span(src, &e.span, "error");
    }
    for c in &s.commands {
        check_span(src, &c.span, "command");
        assert!(
            !(c.words.is_empty() && c.assignments.is_empty() && c.redirects.is_empty()),
            "empty command in {src:?}"
        );
        for w in c.assignments.iter().chain(&c.words) {
            check_word(src, w);
            assert!(
                c.span.start <= w.span.start && w.span.end <= c.span.end,
                "word {w:?} outside its command {:?} in {src:?}",
                c.span
            );
        }
        for r in &c.redirects {
            check_span(src, &r.span, "redirect");
            if let Some(t) = &r.target {
                check_word(src, t);
            }
            if let Some(h) = &r.heredoc {
                check_span(src, h, "heredoc");
            }
        }
    }
    for pair in s.commands.windows(2) {
        assert!(
            pair[0].span.start < pair[1].span.start,
            "not in source order"
        );
    }
}

fn text<'a>(src: &'a str, c: &Command) -> &'a str {
    &src[c.span.clone()]
}

fn texts<'a>(src: &'a str, s: &Script) -> Vec<&'a str> {
    s.commands.iter().map(|c| text(src, c)).collect()
}

fn values(ws: &[Word]) -> Vec<&str> {
    ws.iter().map(|w| w.value.as_str()).collect()
}

fn refs(ws: Vec<&Word>) -> Vec<&str> {
    ws.into_iter().map(|w| w.value.as_str()).collect()
}

fn names(s: &Script) -> Vec<&str> {
    s.commands.iter().map(|c| c.name().unwrap_or("")).collect()
}

fn nexts(s: &Script) -> Vec<Option<Operator>> {
    s.commands.iter().map(|c| c.next).collect()
}

fn one(src: &str) -> Command {
    let s = p(src);
    assert_eq!(s.commands.len(), 1, "{src:?} gave {:#?}", s.commands);
    s.commands.into_iter().next().unwrap()
}

use Operator::*;

// ------------------------------------------------------------------ real Dockerfile scripts

#[test]
fn apt_get_chain() {
    let src = "apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*";
    let s = p(src);
    assert!(s.errors.is_empty());
    assert_eq!(names(&s), ["apt-get", "apt-get", "rm"]);
    assert_eq!(nexts(&s), [Some(AndIf), Some(AndIf), None]);
    assert_eq!(
        texts(src, &s),
        [
            "apt-get update",
            "apt-get install -y --no-install-recommends curl",
            "rm -rf /var/lib/apt/lists/*"
        ]
    );
    let [update, install, rm] = &s.commands[..] else {
        unreachable!()
    };
    assert!(update.is("apt-get", "update"));
    assert!(install.is("apt-get", "install"));
    assert!(!install.is("apt-get", "update"));
    assert!(install.has_flag("-y"));
    assert!(install.has_flag("--no-install-recommends"));
    assert!(install.has_flag("no-install-recommends"));
    assert!(!install.has_flag("--no-install-suggests"));
    assert_eq!(refs(install.args_no_flags()), ["install", "curl"]);
    assert_eq!(refs(install.operands(&[])), ["curl"]);
    assert!(rm.has_flag("-r") && rm.has_flag("-f"));
    let target = rm.args_no_flags()[0];
    assert_eq!(target.value, "/var/lib/apt/lists/*");
    assert!(target.dynamic && !target.quoted);
    assert!(!s.commands.iter().any(|c| c.nested));
}

#[test]
fn docker_library_apk_style() {
    let src = "set -eux; \\\n\tapk add --no-cache --virtual .build-deps \\\n\t\tgcc \\\n\t\tmusl-dev \\\n\t; \\\n\tmake -j \"$(nproc)\"; \\\n\tapk del .build-deps";
    let s = p(src);
    assert!(s.errors.is_empty(), "{:?}", s.errors);
    assert_eq!(names(&s), ["set", "apk", "make", "nproc", "apk"]);
    assert_eq!(nexts(&s), [Some(Semi), Some(Semi), Some(Semi), None, None]);
    let add = &s.commands[1];
    assert_eq!(
        text(src, add),
        "apk add --no-cache --virtual .build-deps \\\n\t\tgcc \\\n\t\tmusl-dev"
    );
    assert!(add.is("apk", "add"));
    assert!(add.has_flag("--no-cache"));
    assert_eq!(add.flag_value("--virtual"), Some(".build-deps"));
    assert_eq!(
        refs(add.args_no_flags()),
        ["add", ".build-deps", "gcc", "musl-dev"]
    );
    assert_eq!(
        refs(add.args_no_flags_skipping(&["--virtual", "-t"])),
        ["add", "gcc", "musl-dev"]
    );
    assert_eq!(refs(add.operands(&["--virtual"])), ["gcc", "musl-dev"]);
    let nproc = &s.commands[3];
    assert!(nproc.nested);
    assert_eq!(text(src, nproc), "nproc");
    assert_eq!(s.commands[2].words[2].value, "$(nproc)");
    assert!(s.commands[4].is("apk", "del"));
    assert_eq!(text(src, &s.commands[4]), "apk del .build-deps");
}

#[test]
fn set_eux_with_tabs() {
    let src = "set -eux;\t\tapk add --no-cache curl;\t\tapk info";
    let s = p(src);
    assert_eq!(
        texts(src, &s),
        ["set -eux", "apk add --no-cache curl", "apk info"]
    );
    assert!(s.commands[0].has_flag("-e") && s.commands[0].has_flag("-x"));
}

#[test]
fn pip_install() {
    let c = one("pip install --no-cache-dir -r requirements.txt");
    assert_eq!(c.name(), Some("pip"));
    assert_eq!(c.subcommand(), Some("install"));
    assert!(c.has_flag("--no-cache-dir"));
    assert_eq!(c.flag_value("-r"), Some("requirements.txt"));
    assert_eq!(refs(c.operands(&["-r"])), Vec::<&str>::new());
    let c =
        one("pip3 install -r a.txt -r b.txt --index-url=https://x/simple flask==2.0 'requests>=2'");
    assert_eq!(c.flag_values("-r"), ["a.txt", "b.txt"]);
    assert_eq!(c.flag_value("-r"), Some("b.txt"));
    assert_eq!(c.flag_value("--index-url"), Some("https://x/simple"));
    assert_eq!(
        refs(c.operands(&["-r", "--index-url"])),
        ["flask==2.0", "requests>=2"]
    );
}

#[test]
fn assignment_prefix_and_cluster() {
    let src = "DEBIAN_FRONTEND=noninteractive apt-get -qy install x";
    let c = one(src);
    assert_eq!(values(&c.assignments), ["DEBIAN_FRONTEND=noninteractive"]);
    assert_eq!(
        c.assignments[0].assignment(),
        Some(("DEBIAN_FRONTEND", "noninteractive"))
    );
    assert_eq!(c.name(), Some("apt-get"));
    assert_eq!(values(c.args()), ["-qy", "install", "x"]);
    assert!(c.has_flag("-y") && c.has_flag("-q") && c.has_flag("y"));
    assert!(!c.has_flag("-x"));
    assert!(c.is("apt-get", "install"));
    assert_eq!(&src[c.span.clone()], src);
    let c = one("A=1 B+=2 C[0]=3 D=\"x y\" cmd E=4");
    assert_eq!(values(&c.assignments), ["A=1", "B+=2", "C[0]=3", "D=x y"]);
    assert_eq!(c.assignments[1].assignment(), Some(("B", "2")));
    assert_eq!(c.assignments[3].assignment(), Some(("D", "x y")));
    assert_eq!(values(&c.words), ["cmd", "E=4"]);
    // Not assignments.
    let c = one("1A=x =y \"A\"=z");
    assert!(c.assignments.is_empty());
    assert_eq!(c.words.len(), 3);
}

#[test]
fn assignment_only_command() {
    let src = "VERSION=$(curl -fsSL https://x | jq -r .tag) && echo $VERSION";
    let s = p(src);
    assert_eq!(s.commands.len(), 4);
    let assign = &s.commands[0];
    assert!(assign.words.is_empty());
    assert_eq!(assign.name(), None);
    assert_eq!(assign.args().len(), 0);
    assert_eq!(assign.next, Some(AndIf));
    assert_eq!(
        assign.assignments[0].value,
        "VERSION=$(curl -fsSL https://x | jq -r .tag)"
    );
    assert!(assign.assignments[0].dynamic);
    assert_eq!(names(&s), ["", "curl", "jq", "echo"]);
    assert_eq!(nexts(&s), [Some(AndIf), Some(Pipe), None, None]);
    assert!(s.commands[1].nested && s.commands[2].nested && !s.commands[3].nested);
    assert_eq!(text(src, &s.commands[1]), "curl -fsSL https://x");
    assert_eq!(text(src, &s.commands[2]), "jq -r .tag");
}

#[test]
fn wrappers() {
    let c = one("sudo -u root apt-get install x");
    assert_eq!(c.name(), Some("apt-get"));
    assert_eq!(values(c.args()), ["install", "x"]);
    assert!(c.is("apt-get", "install"));
    assert_eq!(c.name_word().map(|w| w.span.clone()), Some(13..20));

    let c = one(
        "sudo -E env DEBIAN_FRONTEND=noninteractive nice -n 10 nohup /usr/bin/apt-get -y install x",
    );
    assert_eq!(c.name(), Some("apt-get"));
    assert!(c.has_flag("-y"));
    assert!(!c.has_flag("-E"));

    assert_eq!(one("/usr/bin/apt-get install x").name(), Some("apt-get"));
    assert_eq!(one("./configure --prefix=/usr").name(), Some("configure"));
    assert_eq!(one("doas -u me apk add x").name(), Some("apk"));
    assert_eq!(one("time -p make -j4").name(), Some("make"));
    assert_eq!(one("exec -a name gosu app").name(), Some("gosu"));
    assert_eq!(one("command -p ls").name(), Some("ls"));
    assert_eq!(one("env -i PATH=/bin -- sh -c x").name(), Some("sh"));
    assert_eq!(one("sudo FOO=1 make").name(), Some("make"));
    // Not wrappers, or wrappers with nothing to run.
    assert_eq!(one("command -v apt-get").name(), Some("command"));
    assert_eq!(one("sudo").name(), Some("sudo"));
    assert_eq!(one("sudo -v").name(), Some("sudo"));
    assert_eq!(one("env").name(), Some("env"));
    assert_eq!(one("env FOO=1").name(), Some("env"));
    assert_eq!(one("xargs rm -f").name(), Some("xargs"));
    assert_eq!(one("find . -name x").name(), Some("find"));
}

#[test]
fn pipes() {
    let src = "curl -fsSL https://get.example.com | sh -s -- --yes";
    let s = p(src);
    assert_eq!(names(&s), ["curl", "sh"]);
    assert_eq!(nexts(&s), [Some(Pipe), None]);
    let curl = &s.commands[0];
    assert!(
        curl.has_flag("-f") && curl.has_flag("-s") && curl.has_flag("-S") && curl.has_flag("-L")
    );
    assert!(!curl.has_flag("-o"));
    let sh = &s.commands[1];
    assert!(sh.has_flag("-s"));
    assert!(!sh.has_flag("--yes"), "after --");
    assert_eq!(refs(sh.args_no_flags()), ["--yes"]);

    let s = p("wget -qO- x |& tee log | bash");
    assert_eq!(names(&s), ["wget", "tee", "bash"]);
    assert_eq!(nexts(&s), [Some(Pipe), Some(Pipe), None]);
    assert_eq!(s.commands[0].flag_value("-O"), Some("-"));
}

#[test]
fn operators() {
    let src = "a; b & c || d && e\nf ;\n\ng";
    let s = p(src);
    assert_eq!(names(&s), ["a", "b", "c", "d", "e", "f", "g"]);
    assert_eq!(
        nexts(&s),
        [
            Some(Semi),
            Some(Background),
            Some(OrIf),
            Some(AndIf),
            Some(Newline),
            Some(Semi),
            None
        ]
    );
    let s = p("a &&\n  b ||\n c");
    assert_eq!(nexts(&s), [Some(AndIf), Some(OrIf), None]);
    let s = p("a&&b||c;d|e&f");
    assert_eq!(names(&s), ["a", "b", "c", "d", "e", "f"]);
    assert!(s.errors.is_empty());
}

// ------------------------------------------------------------------ compound commands

#[test]
fn if_then_else() {
    let src = "if [ -f /x ]; then rm /x; elif test -d /y; then :; else echo no; fi";
    let s = p(src);
    assert!(s.errors.is_empty());
    assert_eq!(
        texts(src, &s),
        ["[ -f /x ]", "rm /x", "test -d /y", ":", "echo no"]
    );
    assert_eq!(names(&s), ["[", "rm", "test", ":", "echo"]);
    assert!(!s.commands[0].words[0].dynamic, "a lone [ is not a glob");

    let src = "if ! command -v curl >/dev/null 2>&1\nthen\n  apk add curl\nfi && echo ok";
    let s = p(src);
    assert_eq!(names(&s), ["command", "apk", "echo"]);
    assert_eq!(s.commands[0].redirects.len(), 2);
    assert_eq!(nexts(&s), [Some(Newline), Some(Newline), None]);
    // Keywords elsewhere are plain words.
    let c = one("echo if then fi done { } !");
    assert_eq!(c.words.len(), 8);
    let c = one("'if' x");
    assert_eq!(c.name(), Some("if"));
}

#[test]
fn for_loops() {
    let src = "for f in a b; do rm $f; done";
    let s = p(src);
    assert_eq!(texts(src, &s), ["rm $f"]);
    assert!(s.commands[0].words[1].dynamic);

    let src = "for f in $(ls /etc/*.conf)\ndo\n  echo \"$f\"\ndone > out";
    let s = p(src);
    assert_eq!(names(&s), ["ls", "echo"]);
    assert!(s.commands[0].nested);
    assert!(
        s.commands[1].redirects.is_empty(),
        "done's redirect is not echo's"
    );

    let s = p("for x; do echo $x; done");
    assert_eq!(names(&s), ["echo"]);
    let s = p("for x\nin 1 2\ndo echo $x; done");
    assert_eq!(names(&s), ["echo"]);
    let s = p("for ((i=0; i<3; i++)); do echo $i; done; after");
    assert_eq!(names(&s), ["echo", "after"]);
    let s = p("select x in a b; do break; done");
    assert_eq!(names(&s), ["break"]);
    let s = p("for i in 1 2 3; do for j in a b; do echo $i$j; done; done");
    assert_eq!(names(&s), ["echo"]);
}

#[test]
fn while_until() {
    let src =
        "while read -r line; do echo \"$line\"; done < file.txt; until false; do sleep 1; done";
    let s = p(src);
    assert_eq!(
        texts(src, &s),
        ["read -r line", "echo \"$line\"", "false", "sleep 1"]
    );
    assert!(s.commands.iter().all(|c| c.redirects.is_empty()));
    assert!(s.errors.is_empty());
}

#[test]
fn case_statements() {
    let src = "case \"$ARCH\" in\n  amd64|x86_64) arch=x64 ;;\n  (arm64) foo; bar ;;\n  *) echo \"unsupported\"; exit 1 ;;\nesac; after";
    let s = p(src);
    assert!(s.errors.is_empty(), "{:?}", s.errors);
    assert_eq!(
        texts(src, &s),
        [
            "arch=x64",
            "foo",
            "bar",
            "echo \"unsupported\"",
            "exit 1",
            "after"
        ]
    );
    assert_eq!(s.commands[0].assignments.len(), 1);
    let s = p("case $x in a) foo;; esac");
    assert_eq!(names(&s), ["foo"]);
    let s = p("case $x in\na) foo\n;;\nb) bar;& c) baz;;& esac");
    assert_eq!(names(&s), ["foo", "bar", "baz"]);
    // The last arm may omit `;;`.
    let s = p("case $x in a) foo; esac; echo");
    assert_eq!(names(&s), ["foo", "echo"]);
    let s = p("x=$(case $y in a) echo A;; *) echo B;; esac)");
    assert_eq!(names(&s), ["", "echo", "echo"]);
    assert!(s.errors.is_empty(), "{:?}", s.errors);
    let s = p("case $x in esac; echo");
    assert_eq!(names(&s), ["echo"]);
}

#[test]
fn bang_and_functions() {
    let s = p("! grep -q x file && echo missing");
    assert_eq!(names(&s), ["grep", "echo"]);
    let src = "f() { echo hi; }; f; function g { ls; }; function h() ( pwd ); g";
    let s = p(src);
    assert_eq!(names(&s), ["echo", "f", "ls", "pwd", "g"]);
    assert!(s.errors.is_empty(), "{:?}", s.errors);
    let s = p("retry () {\n  for i in 1 2 3; do \"$@\" && return 0; sleep 1; done\n}\nretry apt-get update");
    assert_eq!(names(&s), ["$@", "return", "sleep", "retry"]);
    assert_eq!(values(s.commands[3].args()), ["apt-get", "update"]);
}

#[test]
fn subshells_and_groups() {
    let src = "(cd /src && make) && { echo a; echo b; } || ( ( nested ) )";
    let s = p(src);
    assert!(s.errors.is_empty(), "{:?}", s.errors);
    assert_eq!(
        texts(src, &s),
        ["cd /src", "make", "echo a", "echo b", "nested"]
    );
    assert_eq!(
        nexts(&s),
        [Some(AndIf), Some(AndIf), Some(Semi), Some(Semi), None]
    );
    assert!(s.commands.iter().all(|c| !c.nested));
    let s = p("{ a; } > log 2>&1");
    assert_eq!(names(&s), ["a"]);
    assert!(s.commands[0].redirects.is_empty());
    let s = p("((i++)); (( j = i * 2 )) && echo $j");
    assert_eq!(names(&s), ["echo"]);
    let s = p("((a) ; b)");
    assert_eq!(names(&s), ["a", "b"]);
}

#[test]
fn cond_brackets() {
    let src = "[[ -f x && ( -d y || $z =~ ^(a|b)$ ) ]] && echo ok";
    let s = p(src);
    assert_eq!(names(&s), ["[[", "echo"]);
    assert_eq!(
        values(&s.commands[0].words),
        ["[[", "-f", "x", "&&", "(", "-d", "y", "||", "$z", "=~", "^(a|b)$", ")", "]]"]
    );
    assert_eq!(s.commands[0].next, Some(AndIf));
    let s = p("[[ $a < $b ]] || exit 1");
    assert_eq!(names(&s), ["[[", "exit"]);
    assert!(s.commands[0].redirects.is_empty());
}

// ------------------------------------------------------------------ substitutions

#[test]
fn command_substitution_nesting_with_quotes() {
    let src = r#"echo "$(dirname "$(readlink -f "$0")")" done"#;
    let s = p(src);
    assert!(s.errors.is_empty(), "{:?}", s.errors);
    assert_eq!(names(&s), ["echo", "dirname", "readlink"]);
    let echo = &s.commands[0];
    assert!(!echo.nested);
    assert_eq!(text(src, echo), src);
    assert_eq!(echo.words[1].value, r#"$(dirname "$(readlink -f "$0")")"#);
    assert!(echo.words[1].quoted && echo.words[1].dynamic);
    assert_eq!(echo.words[2].value, "done");
    assert_eq!(
        text(src, &s.commands[1]),
        r#"dirname "$(readlink -f "$0")""#
    );
    assert_eq!(text(src, &s.commands[2]), r#"readlink -f "$0""#);
    assert!(s.commands[1].nested && s.commands[2].nested);
    assert_eq!(s.commands[2].flag_value("-f"), Some("$0"));

    // Parentheses and quotes inside do not end the substitution early.
    let src = "x=$(echo ')' \"(\" \\) ; (cd a; pwd)) y";
    let s = p(src);
    assert!(s.errors.is_empty(), "{:?}", s.errors);
    assert_eq!(names(&s), ["y", "echo", "cd", "pwd"]);
    assert_eq!(s.commands[0].assignments.len(), 1);
    assert_eq!(values(&s.commands[1].words), ["echo", ")", "(", ")"]);
}

#[test]
fn backticks() {
    let src = "echo `uname -m` \"arch: `dpkg --print-architecture`\"";
    let s = p(src);
    assert!(s.errors.is_empty());
    assert_eq!(names(&s), ["echo", "uname", "dpkg"]);
    assert_eq!(text(src, &s.commands[1]), "uname -m");
    assert_eq!(text(src, &s.commands[2]), "dpkg --print-architecture");
    assert!(s.commands[1].nested && s.commands[2].nested);
    assert_eq!(s.commands[0].words[1].value, "`uname -m`");
    assert_eq!(
        s.commands[0].words[2].value,
        "arch: `dpkg --print-architecture`"
    );
    let s = p("a=`b \\`c\\``");
    assert_eq!(names(&s), ["", "b"]);
    assert!(s.errors.is_empty());
}

#[test]
fn arithmetic_and_parameters() {
    let c = one("echo $((1 + (2 * 3))) ${x:-default} ${#arr[@]} $? $1 $$ $@");
    assert_eq!(
        values(&c.words),
        [
            "echo",
            "$((1 + (2 * 3)))",
            "${x:-default}",
            "${#arr[@]}",
            "$?",
            "$1",
            "$$",
            "$@"
        ]
    );
    assert!(c.words[1..].iter().all(|w| w.dynamic && !w.quoted));
    let s = p("echo ${x:-$(id -u)} \"${y:-\"a b\"}\" ${z/'}'/b}");
    assert!(s.errors.is_empty(), "{:?}", s.errors);
    assert_eq!(names(&s), ["echo", "id"]);
    assert_eq!(s.commands[0].words.len(), 4);
    let s = p("echo $( (cd x; ls) )");
    assert_eq!(names(&s), ["echo", "cd", "ls"]);
    let c = one("echo $ a$ $% \"$\"");
    assert_eq!(values(&c.words), ["echo", "$", "a$", "$%", "$"]);
    assert!(c.words.iter().all(|w| !w.dynamic));
}

#[test]
fn process_substitution() {
    let s = p("diff <(sort a) >(tee b) < in");
    assert_eq!(names(&s), ["diff", "sort", "tee"]);
    assert_eq!(
        values(&s.commands[0].words),
        ["diff", "<(sort a)", ">(tee b)"]
    );
    assert_eq!(s.commands[0].redirects.len(), 1);
    assert!(s.commands[1].nested);
}

#[test]
fn arrays() {
    let c = one("pkgs=(curl \"git lfs\" 'a)b') cmd");
    assert_eq!(c.assignments[0].value, "pkgs=(curl \"git lfs\" 'a)b')");
    assert_eq!(c.name(), Some("cmd"));
}

// ------------------------------------------------------------------ quoting

#[test]
fn quoting_values() {
    let src = r#"echo 'a b' "c $d" e\ f $'g\n\x41\101\u00e9' "\$x\q" \" a"b"'c' "#;
    let c = one(src);
    assert_eq!(
        values(&c.words),
        ["echo", "a b", "c $d", "e f", "g\nAAé", "$x\\q", "\"", "abc"]
    );
    let q: Vec<bool> = c.words.iter().map(|w| w.quoted).collect();
    assert_eq!(q, [false, true, true, true, true, true, true, true]);
    let d: Vec<bool> = c.words.iter().map(|w| w.dynamic).collect();
    assert_eq!(d, [false, false, true, false, false, false, false, false]);
    assert_eq!(c.words[1].raw, "'a b'");

    let c = one("ls *.txt file? [ab] '*' \\* \"*\" x]");
    let d: Vec<bool> = c.words.iter().map(|w| w.dynamic).collect();
    assert_eq!(d, [false, true, true, true, false, false, false, false]);

    let c = one("echo $\"hi $USER\" 'it''s' \"multi\nline\"");
    assert_eq!(values(&c.words), ["echo", "hi $USER", "its", "multi\nline"]);
    assert!(c.words[1].dynamic);
}

#[test]
fn unicode() {
    let src = "echo héllo 日本 \"ü $x\" '✓' && apk add ça";
    let s = p(src);
    assert_eq!(
        values(&s.commands[0].words),
        ["echo", "héllo", "日本", "ü $x", "✓"]
    );
    assert_eq!(text(src, &s.commands[1]), "apk add ça");
}

// ------------------------------------------------------------------ layout

#[test]
fn comments() {
    let src =
        "# leading comment\napt-get update # trailing && rm x\n  # indented\necho a#b \\#c\n#last";
    let s = p(src);
    assert_eq!(texts(src, &s), ["apt-get update", "echo a#b \\#c"]);
    assert_eq!(values(s.commands[0].args()), ["update"]);
    assert_eq!(values(&s.commands[1].words), ["echo", "a#b", "#c"]);
    assert_eq!(nexts(&s), [Some(Newline), Some(Newline)]);
}

#[test]
fn line_continuations() {
    let src = "apt-get install -y \\\n    curl \\\n    git && cu\\\nrl x";
    let s = p(src);
    assert_eq!(
        values(&s.commands[0].words),
        ["apt-get", "install", "-y", "curl", "git"]
    );
    assert_eq!(s.commands[0].next, Some(AndIf));
    assert_eq!(values(&s.commands[1].words), ["curl", "x"]);
    assert_eq!(s.commands[1].words[0].raw, "cu\\\nrl");
    // Inside double quotes too, but not inside single quotes.
    let c = one("echo \"a\\\nb\" 'c\\\nd'");
    assert_eq!(values(&c.words), ["echo", "ab", "c\\\nd"]);
    // CRLF line endings.
    let src = "apt-get update \\\r\n  && apt-get install -y x\r\necho done\r\n";
    let s = p(src);
    assert_eq!(names(&s), ["apt-get", "apt-get", "echo"]);
    assert_eq!(
        values(&s.commands[1].words),
        ["apt-get", "install", "-y", "x"]
    );
    assert_eq!(text(src, &s.commands[2]), "echo done");
}

#[test]
fn heredocs_inside_script() {
    let src = "cat <<EOF > /etc/apt/sources.list\ndeb http://x $(not a command)\napt-get install nothing\nEOF\necho done";
    let s = p(src);
    assert!(s.errors.is_empty(), "{:?}", s.errors);
    assert_eq!(names(&s), ["cat", "echo"]);
    let cat = &s.commands[0];
    assert_eq!(text(src, cat), "cat <<EOF > /etc/apt/sources.list");
    let ops: Vec<&str> = cat.redirects.iter().map(|r| r.op.as_str()).collect();
    assert_eq!(ops, ["<<", ">"]);
    let body = cat.redirects[0].heredoc.clone().unwrap();
    assert_eq!(
        &src[body],
        "deb http://x $(not a command)\napt-get install nothing\n"
    );
    assert_eq!(cat.redirects[1].heredoc, None);
    assert_eq!(cat.next, Some(Newline));

    // `<<-` strips tabs, quoted delimiters, two heredocs on a line, a command after on the line.
    let src = "cat <<-'END' && cat << \"X\"; echo same-line\n\tbody1\n\tEND\nbody2\nX\necho after";
    let s = p(src);
    assert!(s.errors.is_empty(), "{:?}", s.errors);
    assert_eq!(names(&s), ["cat", "cat", "echo", "echo"]);
    let b1 = s.commands[0].redirects[0].heredoc.clone().unwrap();
    let b2 = s.commands[1].redirects[0].heredoc.clone().unwrap();
    assert_eq!(&src[b1], "\tbody1\n");
    assert_eq!(&src[b2], "body2\n");
    assert_eq!(
        s.commands[0].redirects[0].target.as_ref().unwrap().value,
        "END"
    );

    // Unterminated: body runs to the end, error reported.
    let src = "cat <<EOF\nno end";
    let s = p(src);
    assert_eq!(names(&s), ["cat"]);
    assert_eq!(s.errors.len(), 1);
    assert_eq!(
        &src[s.commands[0].redirects[0].heredoc.clone().unwrap()],
        "no end"
    );
    // No body at all (the line alone).
    let s = p("cat <<EOF > /x");
    assert_eq!(s.errors.len(), 1);
    // Inside a substitution.
    let src = "x=$(cat <<EOF\n)\nEOF\n) && echo ok";
    let s = p(src);
    assert!(s.errors.is_empty(), "{:?}", s.errors);
    assert_eq!(names(&s), ["", "cat", "echo"]);
    // CRLF delimiter line.
    let s = p("cat <<EOF\r\nx\r\nEOF\r\necho y");
    assert!(s.errors.is_empty());
    assert_eq!(names(&s), ["cat", "echo"]);
}

#[test]
fn redirect_forms() {
    let src = "cmd > out 2>&1 >> log < in 2>/dev/null &> all &>> all2 >| clob <> rw 3<&0 >&2 2>&- <<< \"str $x\" 10>f >&file";
    let c = one(src);
    assert_eq!(values(&c.words), ["cmd"]);
    let ops: Vec<&str> = c.redirects.iter().map(|r| r.op.as_str()).collect();
    assert_eq!(
        ops,
        [
            ">", "2>&1", ">>", "<", "2>", "&>", "&>>", ">|", "<>", "3<&0", ">&2", "2>&-", "<<<",
            "10>", ">&"
        ]
    );
    let targets: Vec<Option<&str>> = c
        .redirects
        .iter()
        .map(|r| r.target.as_ref().map(|t| t.value.as_str()))
        .collect();
    assert_eq!(
        targets,
        [
            Some("out"),
            None,
            Some("log"),
            Some("in"),
            Some("/dev/null"),
            Some("all"),
            Some("all2"),
            Some("clob"),
            Some("rw"),
            None,
            None,
            None,
            Some("str $x"),
            Some("f"),
            Some("file")
        ]
    );
    for r in &c.redirects {
        assert!(src[r.span.clone()].starts_with(&r.op));
    }
    assert_eq!(&src[c.span.clone()], src);
    // Redirections anywhere, digits that are arguments, no blank before target.
    let c = one(">/dev/null 2>&1 echo 2 a2>x>y");
    assert_eq!(values(&c.words), ["echo", "2", "a2"]);
    assert_eq!(c.redirects.len(), 4);
    assert_eq!(c.name(), Some("echo"));
    // Redirection-only command.
    let c = one("> /tmp/empty");
    assert!(c.words.is_empty());
    assert_eq!(c.redirects[0].target.as_ref().unwrap().value, "/tmp/empty");
    // Missing target.
    let s = p("echo >");
    assert_eq!(s.errors.len(), 1);
    assert_eq!(s.commands[0].redirects[0].target, None);
    let s = p("echo > && x");
    assert_eq!(s.errors.len(), 1);
    assert_eq!(names(&s), ["echo", "x"]);
}

// ------------------------------------------------------------------ flag helpers

#[test]
fn flag_helpers() {
    let c = one("tool -qy --out=/x --level 3 -t /tgt -o/attached -j4 --no-cache -- -z pos");
    assert!(c.has_flag("-q") && c.has_flag("-y") && c.has_flag("q"));
    assert!(c.has_flag("--out") && c.has_flag("out"));
    assert!(c.has_flag("--level") && c.has_flag("-t") && c.has_flag("-o") && c.has_flag("-j"));
    assert!(!c.has_flag("-4"), "-j4 is not a cluster");
    assert!(!c.has_flag("-a"), "-o/attached is not a cluster");
    assert!(!c.has_flag("-z"), "after --");
    assert!(!c.has_flag("--no"), "prefix of a long flag");
    assert!(!c.has_flag("-n"), "letters of a long flag");
    assert!(c.has_any_flag(&["--missing", "--no-cache"]));
    assert!(!c.has_any_flag(&["--missing", "-z"]));
    assert_eq!(c.flag_value("--out"), Some("/x"));
    assert_eq!(c.flag_value("--level"), Some("3"));
    assert_eq!(c.flag_value("-t"), Some("/tgt"));
    assert_eq!(c.flag_value("-o"), Some("/attached"));
    assert_eq!(c.flag_value("-j"), Some("4"));
    assert_eq!(c.flag_value("--missing"), None);
    assert_eq!(c.flag_value("-z"), None);
    assert_eq!(refs(c.args_no_flags()), ["3", "/tgt", "-z", "pos"]);
    assert_eq!(
        refs(c.args_no_flags_skipping(&["--level", "-t"])),
        ["-z", "pos"]
    );
    assert_eq!(c.subcommand(), Some("3"));
    assert_eq!(c.subcommand_skipping(&["--level", "-t"]), Some("-z"));

    let c = one("apt-get -o Acquire::Retries=3 -o=x install -y pkg");
    assert_eq!(c.subcommand(), Some("install"));
    assert!(c.is("apt-get", "install"));
    assert_eq!(c.subcommand_skipping(&[]), Some("Acquire::Retries=3"));
    assert_eq!(c.flag_values("-o"), ["Acquire::Retries=3", "x"]);
    assert_eq!(
        refs(c.operands(value_flags_before_subcommand("apt-get"))),
        ["pkg"]
    );

    let c = one("find . -name '*.pyc' -delete");
    assert!(c.has_flag("-name") && c.has_flag("-delete"));
    assert_eq!(c.flag_value("-name"), Some("*.pyc"));
    assert!(!c.args_no_flags()[1].dynamic, "quoted glob");

    let c = one("cat - file");
    assert_eq!(refs(c.args_no_flags()), ["-", "file"]);
    let c = one("npm --prefix /app ci --omit=dev");
    assert_eq!(c.subcommand(), Some("ci"));
    assert_eq!(c.flag_value("--omit"), Some("dev"));
    let empty = one("FOO=1");
    assert!(!empty.has_flag("-y") && empty.subcommand().is_none() && !empty.is("", ""));
}

#[test]
fn script_helpers() {
    let s = p("apt-get update && sudo apt-get install -y x; echo $(apt-get -v)");
    assert_eq!(s.find("apt-get").count(), 3);
    assert_eq!(s.find("apt-get").filter(|c| c.nested).count(), 1);
    assert!(s.has_command("echo"));
    assert!(!s.has_command("yum"));
    assert!(s
        .find("apt-get")
        .any(|c| c.is("apt-get", "install") && c.has_flag("-y")));
}

#[test]
fn spans_exact() {
    let src = "  FOO=1   apt-get   install  x  >log ;  ( cd  /a ) |  { b ; }";
    let s = p(src);
    assert_eq!(
        texts(src, &s),
        ["FOO=1   apt-get   install  x  >log", "cd  /a", "b"]
    );
    assert_eq!(nexts(&s), [Some(Semi), Some(Pipe), Some(Semi)]);
    let w = &s.commands[0].words[1];
    assert_eq!(&src[w.span.clone()], "install");
}

#[test]
fn serializes() {
    let s = p("a=1 b \"c\" > d && e");
    let json = serde_json::to_value(&s).unwrap();
    assert_eq!(json["commands"][0]["next"], "AndIf");
    assert_eq!(json["commands"][0]["span"]["start"], 0);
    assert_eq!(json["commands"][0]["words"][1]["value"], "c");
    assert_eq!(json["commands"][0]["redirects"][0]["op"], ">");
    assert!(json["errors"].as_array().unwrap().is_empty());
}

#[test]
fn dockerfile_heredoc_body_and_trivia() {
    // The body of `RUN <<EOF ... EOF`, as the Dockerfile parser hands it over.
    let src = "set -e\napt-get update\napt-get install -y curl\n\n";
    let s = p(src);
    assert_eq!(names(&s), ["set", "apt-get", "apt-get"]);
    assert_eq!(nexts(&s), [Some(Newline), Some(Newline), Some(Newline)]);
    for src in ["", "   ", "\n\n", "# only a comment", " \\\n ", ";"] {
        let s = p(src);
        assert!(s.commands.is_empty(), "{src:?}");
    }
    let c = one("find / -xdev -name '*.pyc' -exec rm -f {} \\; ");
    assert_eq!(values(&c.words)[8..], ["{}", ";"]);
    assert!(c.words[9].quoted && !c.words[8].dynamic);
    let c = one("exec 3>&1");
    assert_eq!(c.name(), Some("exec"));
    assert_eq!(c.redirects[0].op, "3>&1");
    let s = p("x=$(if [ -n \"$y\" ]; then echo a; else echo b; fi) && use $x");
    assert!(s.errors.is_empty(), "{:?}", s.errors);
    assert_eq!(names(&s), ["", "[", "echo", "echo", "use"]);
    assert_eq!(s.commands[0].next, Some(AndIf));
}

// ------------------------------------------------------------------ errors and robustness

#[test]
fn unterminated_constructs() {
    let s = p("echo \"abc");
    assert_eq!(s.errors.len(), 1);
    assert_eq!(s.errors[0].span, 5..9);
    assert_eq!(values(&s.commands[0].words), ["echo", "abc"]);
    let s = p("echo 'abc && rm x");
    assert_eq!(s.errors.len(), 1);
    assert_eq!(names(&s), ["echo"]);
    let s = p("echo $(foo bar");
    assert_eq!(s.errors.len(), 1);
    assert_eq!(names(&s), ["echo", "foo"]);
    let s = p("echo `foo");
    assert_eq!(s.errors.len(), 1);
    assert_eq!(names(&s), ["echo", "foo"]);
    let s = p("echo ${x");
    assert_eq!(s.errors.len(), 1);
    let s = p("echo $'abc");
    assert_eq!(s.errors.len(), 1);
    let s = p("( a && b");
    assert_eq!(s.errors.len(), 1);
    assert_eq!(names(&s), ["a", "b"]);
    let s = p("a ) b");
    assert_eq!(s.errors.len(), 1);
    assert_eq!(names(&s), ["a", "b"]);
    let s = p("echo ( x");
    assert!(!s.errors.is_empty());
    let s = p(";; x");
    assert_eq!(s.errors.len(), 1);
    assert_eq!(names(&s), ["x"]);
    let s = p("echo \\");
    assert_eq!(values(&s.commands[0].words), ["echo", "\\"]);
}

#[test]
fn deep_nesting_does_not_overflow() {
    let run = || {
        let n = 10_000;
        let inputs = [
            "(".repeat(n),
            ")".repeat(n),
            "$(".repeat(n),
            format!("{}x{}", "$(".repeat(n), ")".repeat(n)),
            "${".repeat(n),
            "\"$(".repeat(n),
            "\"${".repeat(n),
            "$(`".repeat(n),
            "<(".repeat(n),
            "$((".repeat(n),
            "((".repeat(n),
            "{ ".repeat(n),
            "if ".repeat(n),
            "case x in ".repeat(n),
            format!("{}x{}", "\"$(echo ".repeat(n), ")\"".repeat(n)),
        ];
        for src in &inputs {
            let s = parse(src);
            check_invariants(src, &s);
            assert!(s.errors.len() <= 101);
        }
        // Within the limit, everything is found: one command per level.
        let depth = parser::MAX_DEPTH;
        let src = format!("{}x{}", "$(".repeat(depth), ")".repeat(depth));
        let s = parse(&src);
        assert!(s.errors.is_empty(), "{:?}", s.errors);
        assert_eq!(s.commands.len(), depth + 1);
        assert_eq!(text(&src, &s.commands[0]), src);
        assert_eq!(s.commands.last().map(|c| text(&src, c)), Some("x"));
        // Past it, one error and the inner levels are skipped, but the outer ones still end right.
        let src = format!("{}x{} y", "$(".repeat(400), ")".repeat(400));
        let s = parse(&src);
        assert_eq!(s.errors.len(), 1, "{:?}", s.errors);
        assert_eq!(s.commands.len(), parser::MAX_DEPTH + 1);
        assert_eq!(s.commands[0].words.len(), 2);
    };
    // wasm32 runs with a 1 MiB stack.
    std::thread::Builder::new()
        .stack_size(1 << 20)
        .spawn(run)
        .unwrap()
        .join()
        .unwrap();
}

#[test]
fn long_inputs_are_linear() {
    let n = 100_000;
    let started = std::time::Instant::now();
    let inputs = [
        "$((".repeat(n / 3),
        "((".repeat(n / 2),
        "a && ".repeat(n / 5),
        "'".repeat(n),
        "\"".repeat(n),
        "`".repeat(n),
        "\\".repeat(n),
        "cat <<EOF\n".repeat(n / 10),
        "$( (".repeat(n / 4),
        "x=(".repeat(n / 3),
        "a\n".repeat(n / 2),
        "é".repeat(n / 2),
        "for x in ".repeat(n / 9),
        "$((1)".repeat(n / 5),
        format!("$(( {}", "(".repeat(n)),
    ];
    for src in &inputs {
        let s = parse(src);
        check_invariants(src, &s);
    }
    // Generous: debug builds on a slow machine. Quadratic behaviour would take minutes.
    assert!(started.elapsed().as_secs() < 20, "{:?}", started.elapsed());
}

/// xorshift64*: deterministic, no dependencies.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

const PIECES: &[&str] = &[
    " ",
    "\t",
    "\n",
    "\r\n",
    "\\\n",
    "\\",
    "'",
    "\"",
    "`",
    "$",
    "$(",
    "$((",
    "))",
    "${",
    "}",
    "{",
    "(",
    ")",
    "[",
    "]",
    "[[",
    "]]",
    "*",
    "?",
    "#",
    "&",
    "&&",
    "|",
    "||",
    "|&",
    ";",
    ";;",
    ";&",
    "<",
    ">",
    "<<",
    "<<-",
    "<<<",
    ">&",
    "2>&1",
    "&>",
    "<(",
    "=",
    "a=",
    "x",
    "EOF",
    "apt-get",
    "install",
    "-y",
    "--no-cache",
    "if",
    "then",
    "fi",
    "for",
    "in",
    "do",
    "done",
    "case",
    "esac",
    "while",
    "function",
    "!",
    "é",
    "日本",
    "🦀",
    "0",
    "12",
    "$'",
    "\\'",
    "f()",
    "\u{0}",
];

const SEEDS: &[&str] = &[
    "apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*",
    "set -eux; \\\n\tapk add --no-cache --virtual .build-deps gcc; \\\n\tapk del .build-deps",
    "if [ -f x ]; then rm x; fi; for f in a b; do echo \"$f\"; done",
    "case $x in a|b) foo;; *) bar;; esac",
    "echo \"$(dirname \"$(readlink -f \"$0\")\")\" `uname` ${x:-$(id)} $((1+2))",
    "cat <<EOF > /x\nbody $(x)\nEOF\necho ok",
    "f() { (a && b) | c; } 2>&1 >/dev/null",
];

#[test]
fn random_inputs_never_panic() {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    for _ in 0..4000 {
        let len = rng.below(40);
        let mut src = String::new();
        for _ in 0..len {
            src.push_str(PIECES[rng.below(PIECES.len())]);
        }
        let s = parse(&src);
        check_invariants(&src, &s);
    }
    // Random bytes, made valid UTF-8 lossily.
    for _ in 0..2000 {
        let len = rng.below(64);
        let bytes: Vec<u8> = (0..len)
            .map(|_| {
                if rng.below(4) == 0 {
                    rng.next() as u8
                } else {
                    let alphabet = b" \t\n\\'\"`$(){}[]*?#&|;<>=-x0\xC3\xA9";
                    alphabet[rng.below(alphabet.len())]
                }
            })
            .collect();
        let src = String::from_utf8_lossy(&bytes).into_owned();
        let s = parse(&src);
        check_invariants(&src, &s);
    }
}

#[test]
fn mutated_inputs_never_panic() {
    let mut rng = Rng(42);
    for _ in 0..3000 {
        let mut src = SEEDS[rng.below(SEEDS.len())].to_string();
        for _ in 0..1 + rng.below(4) {
            let mut at = rng.below(src.len() + 1);
            while !src.is_char_boundary(at) {
                at -= 1;
            }
            match rng.below(3) {
                0 => src.insert_str(at, PIECES[rng.below(PIECES.len())]),
                1 => {
                    let mut end = (at + 1 + rng.below(4)).min(src.len());
                    while !src.is_char_boundary(end) {
                        end += 1;
                    }
                    src.replace_range(at..end, "");
                }
                _ => src.truncate(at),
            }
        }
        let s = parse(&src);
        check_invariants(&src, &s);
    }
}

#[test]
fn parse_shared_gives_the_same_script_for_the_same_text_and_stays_bounded() {
    let a = super::parse_shared("apt-get update && apt-get install -y curl");
    let b = super::parse_shared("apt-get update && apt-get install -y curl");
    assert!(
        std::rc::Rc::ptr_eq(&a, &b),
        "the second parse is remembered"
    );
    assert_eq!(
        *a,
        super::parse("apt-get update && apt-get install -y curl")
    );
    // A big script is parsed but not kept.
    let big = "echo x && ".repeat(4000);
    let (n0, _) = super::memo::held();
    let c = super::parse_shared(&big);
    assert_eq!(c.commands.len(), 4000);
    assert_eq!(super::memo::held().0, n0);
    // 4 MiB of distinct scripts: at most 1 MiB is held.
    for i in 0..40_000 {
        let s = format!("pip install package-number-{i:06} && rm -rf /root/.cache/pip/{i:06}");
        let _ = super::parse_shared(&s);
        let (n, bytes) = super::memo::held();
        assert!(bytes <= 1 << 20, "{bytes} bytes in the current generation");
        assert!(n <= (1 << 20) / s.len() + 1, "{n} scripts held");
    }
}
