use super::{Applies, StepDoc};
use crate::optimize::Safety;

pub const DOC: StepDoc = StepDoc {
    kind: "manifests-first",
    title: "Install dependencies before copying the source",
    why: "A COPY of the whole project before the install makes every source edit invalidate the install's cache, so each build downloads everything again. Copying only the dependency manifest first (requirements.txt, package.json, go.mod, Cargo.toml, pom.xml) lets the install layer be reused until the dependencies change.",
    example: "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nRUN pip install -r requirements.txt\nCMD [\"python\", \"app.py\"]\n",
    use_instead: "FROM python:3.12-slim\nWORKDIR /app\nCOPY requirements.txt ./\nRUN pip install --no-cache-dir -r requirements.txt\nCOPY . .\nCMD [\"python\", \"app.py\"]\n",
    safety: Safety::Safe,
    check: None,
    applies: Applies::Default,
    example_context: &[("requirements.txt", "flask==3.0.0\n"), ("app.py", "print('hi')\n")],
};
