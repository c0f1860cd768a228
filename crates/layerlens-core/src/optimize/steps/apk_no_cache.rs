use super::{Applies, StepDoc};
use crate::optimize::Safety;

pub const DOC: StepDoc = StepDoc {
    kind: "apk-no-cache",
    title: "Use `apk add --no-cache`",
    why: "Without `--no-cache`, apk keeps its package index (≈ 2–3 MB) in /var/cache/apk. With it, apk fetches the index, installs and keeps nothing.",
    example: "FROM alpine:3.20\nRUN apk update && apk add curl\n",
    use_instead: "FROM alpine:3.20\nRUN apk add --no-cache curl\n",
    safety: Safety::Safe,
    check: None,
    applies: Applies::Default,
    example_context: &[],
};
