use super::{Applies, StepDoc};
use crate::optimize::Safety;

pub const DOC: StepDoc = StepDoc {
    kind: "exec-form-cmd",
    title: "Start the app in exec form",
    why: "A shell-form CMD runs `/bin/sh -c …`: the shell is PID 1, the app never receives SIGTERM, and `docker stop` waits 10 s before killing it. The JSON form starts the program itself; for a command of plain words the two run the same program.",
    example: "FROM python:3.12-slim\nCOPY app.py /app/\nCMD python /app/app.py\n",
    use_instead: "FROM python:3.12-slim\nCOPY app.py /app/\nCMD [\"python\", \"/app/app.py\"]\n",
    safety: Safety::Safe,
    check: None,
    applies: Applies::Default,
    example_context: &[],
};
