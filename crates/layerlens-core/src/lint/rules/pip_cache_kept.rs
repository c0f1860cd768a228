use super::util::span;
use crate::lint::{Cx, Finding, Rule, RuleDoc, Severity};
use crate::syntax::{Args, Keyword};

pub const RULE: Rule = Rule {
    doc: RuleDoc {
        code: "LL203",
        name: "pip-cache-kept",
        hadolint: Some("DL3042"),
        buildkit: None,
        severity: Severity::Warning,
        summary: "`pip install` keeps its download cache in the layer.",
        why: "pip saves every wheel it downloads (and the index pages) in ~/.cache/pip: in a real build, 3.5 MB extra on an 8.7 MB install. Nothing in the image uses that cache again.",
        example: "FROM python:3.12-slim\nRUN pip install flask\n",
        use_instead: "FROM python:3.12-slim\nRUN pip install --no-cache-dir flask==3.1.3\n",
        fix_safety: "Safe.",
        example_context: &[],
    },
    check,
};

fn check(cx: &Cx, out: &mut Vec<Finding>) {
    // PIP_NO_CACHE_DIR in the environment does the same as the flag.
    let env_off = cx.df.instructions.iter().any(|i| {
        matches!(i.keyword, Keyword::Env | Keyword::Arg)
            && matches!(&i.args, Args::KeyValues(kvs) if kvs.iter().any(|kv| kv.key == "PIP_NO_CACHE_DIR"))
    });
    if env_off {
        return;
    }
    for (i, ins) in cx.instructions() {
        let Some(script) = cx.script(i) else { continue };
        let mounted = ins
            .flags
            .iter()
            .any(|f| f.name == "mount" && f.value.as_deref().is_some_and(|v| v.contains(".cache")));
        let bad = script.commands.iter().any(|c| {
            let (name, args) = match c.name() {
                Some("pip" | "pip3") => ("pip", c.args()),
                Some(n)
                    if n.starts_with("python")
                        && c.args().first().is_some_and(|w| w.value == "-m")
                        && c.args().get(1).is_some_and(|w| w.value.starts_with("pip")) =>
                {
                    ("pip", &c.args()[2..])
                }
                _ => return false,
            };
            let _ = name;
            args.first().is_some_and(|w| w.value == "install")
                && !args
                    .iter()
                    .any(|w| w.value == "--no-cache-dir" || w.value.starts_with("--no-cache-dir="))
                && !c
                    .assignments
                    .iter()
                    .any(|a| a.value.starts_with("PIP_NO_CACHE_DIR"))
        });
        if bad && !mounted {
            out.push(cx.finding(
                &RULE.doc,
                span(ins),
                "add `--no-cache-dir` to `pip install`",
            ));
        }
    }
}
