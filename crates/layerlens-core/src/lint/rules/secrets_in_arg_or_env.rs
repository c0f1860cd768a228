use super::util::span;
use crate::lint::{Cx, Finding, Rule, RuleDoc, Severity};
use crate::syntax::{Args, Keyword};

pub const RULE: Rule = Rule {
    doc: RuleDoc {
        code: "LL341",
        name: "secret-in-arg-or-env",
        hadolint: None,
        buildkit: Some("SecretsUsedInArgOrEnv"),
        severity: Severity::Warning,
        summary: "An ARG or ENV whose name says it holds a secret (password, token, key…).",
        why: "ENV values are stored in the image's config and ARG values in its history: anyone who can pull the image can read them with `docker history` or `docker inspect`, even from a later stage. Pass secrets with `RUN --mount=type=secret` (they never enter a layer) or at run time. Dockle reports the same (CIS-DI-0010).",
        example: "FROM node:20-slim\nARG NPM_TOKEN\nRUN echo \"//registry.npmjs.org/:_authToken=$NPM_TOKEN\" > /root/.npmrc\n",
        use_instead: "FROM node:20-slim\nRUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ping\n",
        fix_safety: "Needs a check: the build or the program must read the secret from the new place.",
        example_context: &[],
    },
    check,
};

const DENIED: &[&str] = &[
    "apikey",
    "auth",
    "credential",
    "credentials",
    "key",
    "password",
    "pword",
    "passwd",
    "secret",
    "token",
];
const ALLOWED: &[&str] = &["public", "file", "version"];

/// BuildKit's test: a word of the name, between `_`s or the ends, is on the deny list (any
/// case), and none is on the allow list (`public`, `file`, `version`). `DB_PASSWORD` and `apiKey`
/// match; `PASSWORDS`, `DB_PASSWORD_FILE` and `AUTH_VERSION` do not.
pub fn looks_secret(name: &str) -> bool {
    let has = |list: &[&str]| {
        name.split('_')
            .any(|w| list.iter().any(|d| d.eq_ignore_ascii_case(w)))
    };
    has(DENIED) && !has(ALLOWED)
}

fn check(cx: &Cx, out: &mut Vec<Finding>) {
    for (_, ins) in cx.instructions() {
        if !matches!(ins.keyword, Keyword::Arg | Keyword::Env) {
            continue;
        }
        let Args::KeyValues(kvs) = &ins.args else {
            continue;
        };
        for kv in kvs {
            if looks_secret(&kv.key) {
                out.push(cx.finding(
                    &RULE.doc,
                    span(ins),
                    format!(
                        "`{}` looks like a secret: {} values stay readable in the image",
                        kv.key,
                        ins.keyword.as_str()
                    ),
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn secret_names() {
        for n in [
            "PASSWORD",
            "DB_PASSWORD",
            "apiKey",
            "GITHUB_TOKEN",
            "aws_secret_access_key",
            "AUTH",
        ] {
            assert!(super::looks_secret(n), "{n}");
        }
        for n in [
            "PUBLIC_KEY",
            "KEYBOARD",
            "TOKENIZER",
            "PATH",
            "MONKEY",
            "AUTHOR",
            "myPassword",
            "PASSWORDS",
            "DB_PASSWORD_FILE",
            "AUTH_MODULE_VERSION",
        ] {
            assert!(!super::looks_secret(n), "{n}");
        }
    }
}
