use super::{Applies, StepDoc};
use crate::optimize::Safety;

pub const DOC: StepDoc = StepDoc {
    kind: "split-python-venv",
    title: "Install packages in a builder stage, ship the virtual environment",
    why: "Python packages that compile need gcc and -dev headers at install time only. Installing into a virtual environment in a builder stage and copying the venv into a slim image ships the packages without the compilers.",
    example: "FROM python:3.12-slim\nRUN apt-get update && apt-get install -y --no-install-recommends gcc libpq-dev && rm -rf /var/lib/apt/lists/*\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\nCOPY . .\nCMD [\"python\", \"app.py\"]\n",
    use_instead: "FROM python:3.12-slim AS build\nRUN apt-get update && apt-get install -y --no-install-recommends gcc libpq-dev && rm -rf /var/lib/apt/lists/*\nRUN python -m venv /venv\nENV PATH=/venv/bin:$PATH\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\n\nFROM python:3.12-slim\nRUN apt-get update && apt-get install -y --no-install-recommends libpq5 && rm -rf /var/lib/apt/lists/*\nCOPY --from=build /venv /venv\nENV PATH=/venv/bin:$PATH\nCOPY . .\nCMD [\"python\", \"app.py\"]\n",
    safety: Safety::NeedsCheck,
    check: Some("shared libraries the packages link (libpq5 for libpq-dev) must be installed in the runtime stage"),
    applies: Applies::Default,
    example_context: &[("requirements.txt", "psycopg2==2.9.9\n")],
};
