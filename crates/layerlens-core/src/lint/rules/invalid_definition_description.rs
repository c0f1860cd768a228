use super::util::{comments_above, span};
use crate::lint::{Cx, Finding, Rule, RuleDoc, Severity};
use crate::syntax::{Args, Keyword};

pub const RULE: Rule = Rule {
    doc: RuleDoc {
        code: "LL347",
        name: "definition-description",
        hadolint: None,
        buildkit: Some("InvalidDefinitionDescription"),
        severity: Severity::Style,
        summary: "The comment right above an ARG or a named stage does not start with its name.",
        why: "Tools (and `docker buildx build --call=outline`) read the comment directly above an ARG or `FROM … AS name` as its description when it starts with that name: `# VERSION the release to install`. A comment that does not is not shown; put a blank line between if it is not meant as a description. Experimental in BuildKit: only checked when the file opts in with `# check=experimental=InvalidDefinitionDescription` (or `experimental=all`).",
        example: "# check=experimental=InvalidDefinitionDescription\n\n# the release to install\nARG VERSION=1.0\nFROM alpine:3.20\n",
        use_instead: "# check=experimental=InvalidDefinitionDescription\n\n# VERSION the release to install\nARG VERSION=1.0\nFROM alpine:3.20\n",
        fix_safety: "Safe: comments change nothing in the image.",
        example_context: &[],
    },
    check,
};

fn enabled(cx: &Cx) -> bool {
    cx.df
        .directives
        .iter()
        .filter(|d| d.name == "check")
        .any(|d| {
            d.value
                .split(';')
                .filter_map(|p| p.trim().strip_prefix("experimental="))
                .flat_map(|l| l.split(','))
                .any(|c| {
                    c.trim().eq_ignore_ascii_case("all")
                        || c.trim() == RULE.doc.buildkit.unwrap_or_default()
                })
        })
}

fn check(cx: &Cx, out: &mut Vec<Finding>) {
    if !enabled(cx) {
        return;
    }
    for (_, ins) in cx.instructions() {
        let keys: Vec<String> = match (&ins.keyword, &ins.args) {
            (Keyword::Arg, Args::KeyValues(kvs)) => kvs.iter().map(|kv| kv.key.clone()).collect(),
            (
                Keyword::From,
                Args::From {
                    stage_name: Some(n),
                    ..
                },
            ) => vec![n.value.clone()],
            _ => continue,
        };
        let comments = comments_above(cx, ins.start_line);
        let Some(last) = comments.last() else {
            continue;
        };
        let last = last.as_str();
        let first_word = last.split(' ').next().unwrap_or_default();
        if keys.is_empty() || keys.iter().any(|k| k == first_word) {
            continue;
        }
        let example = if keys.len() > 1 {
            "<arg_key>"
        } else {
            keys[0].as_str()
        };
        out.push(cx.finding(&RULE.doc, span(ins), format!("start the comment with the name (`# {example} <description>`), or separate it with a blank line")));
    }
}
