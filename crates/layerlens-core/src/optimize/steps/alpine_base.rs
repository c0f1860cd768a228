//! `alpine-base`: Build on the image's Alpine variant.
//! Found by `slim-base`'s and `official-python`'s finders, as their alternative (the group
//! `base`): the same FROM, another tag.

use super::{Applies, StepDoc};
use crate::optimize::Safety;

pub const DOC: StepDoc = StepDoc {
    kind: "alpine-base",
    title: "Build on the image's Alpine variant",
    why: "Alpine images are the smallest maintained bases because Alpine's C library (musl) and packages are small: `python:3.12-alpine` is a fraction of `python:3.12-slim`.",
    example: "FROM python:3.12\nRUN pip install --no-cache-dir flask\nCMD [\"flask\", \"run\"]\n",
    use_instead: "FROM python:3.12-alpine\nRUN pip install --no-cache-dir flask\nCMD [\"flask\", \"run\"]\n",
    safety: Safety::NeedsCheck,
    check: Some("musl is not glibc: packages without musl wheels or binaries are compiled at install or fail, and DNS, locale and performance can differ"),
    applies: Applies::OptIn,
    example_context: &[],
};
