//! What the CLI's tests share: running the built binary as a user does.

use std::io::Write;
use std::process::{Command, Output, Stdio};

/// `layerlens ARGS`, with `stdin` written to it when given (else an empty stdin).
pub fn layerlens(args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_layerlens"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn layerlens");
    if let Some(text) = stdin {
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(text.as_bytes())
            .expect("write stdin");
    }
    drop(child.stdin.take());
    child.wait_with_output().expect("wait")
}
