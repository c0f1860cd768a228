use super::util::span;
use crate::lint::{Cx, Finding, Rule, RuleDoc, Severity};
#[allow(unused_imports)]
use crate::syntax::{Args, CommandForm, Keyword};

pub const RULE: Rule = Rule {
    doc: RuleDoc {
        code: "LL322",
        name: "user-not-numeric",
        hadolint: Some("DL3066"),
        buildkit: None,
        severity: Severity::Info,
        summary: "USER by name: the host may not know that user.",
        why: "Kubernetes and other runtimes check `runAsNonRoot` by user id; a name they cannot resolve without the image’s /etc/passwd is refused or treated as root. A numeric id is unambiguous.",
        example: "FROM alpine:3.20\nUSER app\n",
        use_instead: "FROM alpine:3.20\nUSER 1000\n",
        fix_safety: "Needs a check: use the id the user was created with.",
        example_context: &[],
    },
    check,
};

fn check(cx: &Cx, out: &mut Vec<Finding>) {
    for (_, ins) in cx.instructions() {
        if ins.keyword != Keyword::User {
            continue;
        }
        if let Args::Text(Some(w)) = &ins.args {
            let user = w.value.split(':').next().unwrap_or("");
            if !user.is_empty()
                && !user.starts_with('$')
                && !user.chars().all(|c| c.is_ascii_digit())
            {
                out.push(cx.finding(
                    &RULE.doc,
                    span(ins),
                    format!("use a numeric user id instead of `{user}`"),
                ));
            }
        }
    }
}
