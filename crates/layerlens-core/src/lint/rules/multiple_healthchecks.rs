use crate::lint::{Cx, Finding, Rule, RuleDoc, Severity};
#[allow(unused_imports)]
use crate::syntax::{Args, CommandForm, Keyword};

pub const RULE: Rule = Rule {
    doc: RuleDoc {
        code: "LL310",
        name: "multiple-healthchecks",
        hadolint: Some("DL3012"),
        buildkit: None,
        severity: Severity::Error,
        summary: "More than one HEALTHCHECK in a stage: only the last counts.",
        why: "Docker keeps only the last HEALTHCHECK of the image; earlier ones are dead text that misleads readers.",
        example: "FROM nginx:1.27\nHEALTHCHECK CMD [\"curl\", \"-f\", \"http://localhost/\"]\nHEALTHCHECK CMD [\"curl\", \"-f\", \"http://localhost/health\"]\n",
        use_instead: "FROM nginx:1.27\nHEALTHCHECK CMD [\"curl\", \"-f\", \"http://localhost/health\"]\n",
        fix_safety: "Safe: remove the ones that never take effect.",
        example_context: &[],
    },
    check,
};

/// The fix the finding names.
const FIX: &str = "only the last HEALTHCHECK takes effect";

fn check(cx: &Cx, out: &mut Vec<Finding>) {
    super::util::repeated_in_stage(cx, out, &RULE.doc, Keyword::Healthcheck, FIX);
}
