use super::util::{raw_key_values, referenced_vars, span};
use crate::lint::{Cx, Finding, Rule, RuleDoc, Severity};
use crate::stages::Base;
use crate::syntax::{Args, Instruction, Keyword};

pub const RULE: Rule = Rule {
    doc: RuleDoc {
        code: "LL342",
        name: "undefined-variable",
        hadolint: None,
        buildkit: Some("UndefinedVar"),
        severity: Severity::Warning,
        summary: "A `$VARIABLE` that no ARG or ENV before it defines: it expands to nothing.",
        why: "Outside RUN, the builder replaces `$NAME` itself, with the ARGs declared in the stage and the ENV set so far; an unknown name quietly becomes an empty string, so `COPY $SRC .` copies the whole context and `ENV PATH=$HOME/bin` sets `/bin`. Usually a typo or an ARG declared before `FROM` and not again inside the stage. (Variables the base image sets are not known here; layerlens, like BuildKit's checks without a registry, assumes only `PATH`.)",
        example: "FROM alpine:3.20\nARG VERSION=1.0\nLABEL version=$VERSOIN\n",
        use_instead: "FROM alpine:3.20\nARG VERSION=1.0\nLABEL version=$VERSION\n",
        fix_safety: "Needs a check: declare the variable (`ARG NAME`) or fix its spelling.",
        example_context: &[],
    },
    check,
};

/// The words of an instruction the builder expands, raw (quotes kept).
fn expanded_words(ins: &Instruction, escape: char) -> Vec<String> {
    let mut out: Vec<String> = ins
        .flags
        .iter()
        .filter(|f| matches!(f.name.as_str(), "chown" | "chmod"))
        .filter_map(|f| f.value.clone())
        .collect();
    match (&ins.keyword, &ins.args) {
        (Keyword::Env | Keyword::Label, _) => out.extend(
            raw_key_values(ins, escape)
                .into_iter()
                .flat_map(|(k, v)| std::iter::once(k).chain(v)),
        ),
        (Keyword::Add | Keyword::Copy, Args::Copy { paths, .. }) => out.extend(
            paths
                .iter()
                .filter(|w| !w.raw.starts_with("<<"))
                .map(|w| w.raw.clone()),
        ),
        (Keyword::Expose | Keyword::Volume, Args::List { items, .. }) => {
            out.extend(items.iter().map(|w| w.raw.clone()))
        }
        (Keyword::Workdir | Keyword::User | Keyword::Stopsignal, Args::Text(Some(w))) => {
            out.push(w.raw.clone())
        }
        _ => {}
    }
    out
}

fn check(cx: &Cx, out: &mut Vec<Finding>) {
    let escape = cx.df.escape;
    let mut envs: Vec<Vec<String>> = Vec::new();
    for st in &cx.stages.stages {
        let mut env = match st.base {
            Base::Stage(p) => envs.get(p).cloned().unwrap_or_default(),
            _ => vec!["PATH".to_string()],
        };
        let mut args: Vec<String> = Vec::new();
        let report = |ins: &Instruction,
                      word: &str,
                      env: &[String],
                      args: &[String],
                      out: &mut Vec<Finding>| {
            for v in referenced_vars(word, escape) {
                if env.contains(&v) || args.contains(&v) || NOT_IN_ENV.contains(&v.as_str()) {
                    continue;
                }
                let near = env
                    .iter()
                    .chain(args.iter())
                    .filter(|k| crate::syntax::edit_distance(k, &v) <= 2 && k.len() > 2)
                    .min_by_key(|k| crate::syntax::edit_distance(k, &v));
                let hint = near
                    .map(|k| format!(" (did you mean `${k}`?)"))
                    .unwrap_or_default();
                out.push(cx.finding(
                    &RULE.doc,
                    span(ins),
                    format!("`${v}` is not defined here: it expands to nothing{hint}"),
                ));
            }
        };
        for &i in &st.instructions {
            let Some(ins) = cx.df.instructions.get(i) else {
                continue;
            };
            if ins.keyword == Keyword::Arg {
                // Each NAME=default is read in turn: a default may use the names before it.
                // ARG has no legacy `NAME value` form: every word is NAME or NAME=default.
                for r in crate::syntax::words::quoted_words(&ins.text, escape) {
                    let word = &ins.text[r];
                    let (k, v) = word
                        .split_once('=')
                        .map_or((word, None), |(k, v)| (k, Some(v)));
                    if let Some(v) = v {
                        report(ins, v, &env, &args, out);
                    }
                    args.push(k.to_string());
                }
                continue;
            }
            for w in expanded_words(ins, escape) {
                report(ins, &w, &env, &args, out);
            }
            if ins.keyword == Keyword::Env {
                if let Args::KeyValues(kvs) = &ins.args {
                    env.extend(kvs.iter().map(|kv| kv.key.clone()));
                }
            }
        }
        envs.push(env);
    }
}

/// Build arguments BuildKit sets without putting them in the environment.
const NOT_IN_ENV: &[&str] = &["BUILDKIT_SBOM_SCAN_CONTEXT", "BUILDKIT_SBOM_SCAN_STAGE"];
