use super::util::span;
use crate::knowledge::wrappers::{ships, wrapper};
use crate::lint::{Cx, Finding, Rule, RuleDoc, Severity};
use crate::stages::Base;
#[allow(unused_imports)]
use crate::syntax::{Args, CommandForm, Keyword};

pub const RULE: Rule = Rule {
    doc: RuleDoc {
        code: "LL103",
        name: "image-helper-removed",
        hadolint: None,
        buildkit: None,
        severity: Severity::Error,
        summary: "A helper script the base image no longer ships (`go-wrapper` after golang 1.9).",
        why: "The golang images up to 1.9 had a `go-wrapper` script (`download`, `install`, `run`) and their README taught it; golang 1.10 removed it. On a newer tag the build stops with `go-wrapper: not found`. Write what it ran: `go get -d -v ./...`, `go install -v ./...`, and start the installed program by name.",
        example: "FROM golang:1.22 AS build\nWORKDIR /go/src/app\nCOPY . .\nRUN go-wrapper install\n\nFROM gcr.io/distroless/static-debian12:nonroot\nCOPY --from=build /go/bin/app /app\nCMD [\"/app\"]\n",
        use_instead: "FROM golang:1.22 AS build\nWORKDIR /go/src/app\nCOPY . .\nRUN go install -v ./...\n\nFROM gcr.io/distroless/static-debian12:nonroot\nCOPY --from=build /go/bin/app /app\nCMD [\"/app\"]\n",
        fix_safety: "Safe: the same commands the script ran (in module mode `go install` needs a go.mod).",
        example_context: &[],
    },
    check,
};

fn check(cx: &Cx, out: &mut Vec<Finding>) {
    for st in &cx.stages.stages {
        // The image the stage starts from, through earlier stages.
        let mut base = &st.base;
        let mut hops = 0;
        while let Base::Stage(k) = base {
            match cx.stages.stages.get(*k) {
                Some(s) if hops < cx.stages.stages.len() => base = &s.base,
                _ => break,
            }
            hops += 1;
        }
        let Base::Image { name, tag, .. } = base else {
            continue;
        };
        for &i in &st.instructions {
            let ins = &cx.df.instructions[i];
            let programs: Vec<String> = match (&ins.keyword, &ins.args) {
                (Keyword::Run, _) => cx
                    .script(i)
                    .map(|s| {
                        s.commands
                            .iter()
                            .filter_map(|c| c.name().map(str::to_string))
                            .collect()
                    })
                    .unwrap_or_default(),
                (Keyword::Cmd | Keyword::Entrypoint, Args::Command(CommandForm::Exec { args })) => {
                    args.first().map(|w| w.value.clone()).into_iter().collect()
                }
                (
                    Keyword::Cmd | Keyword::Entrypoint,
                    Args::Command(CommandForm::Shell { script, .. }),
                ) => crate::shell::parse_shared(script)
                    .commands
                    .iter()
                    .filter_map(|c| c.name().map(str::to_string))
                    .collect(),
                _ => Vec::new(),
            };
            if let Some(w) = programs
                .iter()
                .find_map(|p| wrapper(p))
                .filter(|w| !ships(w, name, tag.as_deref()))
            {
                out.push(cx.finding(
                    &RULE.doc,
                    span(ins),
                    format!(
                        "`{}` is not in `{name}:{}`: its last version with it is {}.{}",
                        w.program,
                        tag.as_deref().unwrap_or("latest"),
                        w.last.0,
                        w.last.1
                    ),
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    fn codes(src: &str) -> Vec<(String, usize)> {
        crate::lint::lint(&crate::parse(src))
            .into_iter()
            .filter(|f| f.code == "LL103")
            .map(|f| (f.code.to_string(), f.line))
            .collect()
    }

    #[test]
    fn old_golang_tags_still_have_it() {
        assert!(codes(
            "FROM golang:1.9.2\nRUN go-wrapper install\nCMD [\"go-wrapper\", \"run\"]\n"
        )
        .is_empty());
        assert!(codes("FROM golang:1.8-alpine AS b\nFROM b\nRUN go-wrapper download\n").is_empty());
    }

    #[test]
    fn newer_tags_and_stages_built_on_them_do_not() {
        let src = "FROM golang:1.10 AS b\nFROM b\nRUN go-wrapper download && go-wrapper install\nCMD go-wrapper run\n";
        assert_eq!(
            codes(src),
            vec![("LL103".to_string(), 3), ("LL103".to_string(), 4)]
        );
        assert_eq!(
            codes("FROM golang\nENTRYPOINT [\"go-wrapper\", \"run\"]\n").len(),
            1
        );
    }
}
