//! Any bytes as a Dockerfile: the rewrite never panics, reparses without new errors, is
//! idempotent and is never estimated larger than its input.
#![no_main]
use layerlens_core::optimize::{optimize, Options};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let src = String::from_utf8_lossy(data);
    let o = optimize(&src, &Options::default());
    if o.dockerfile == src {
        return;
    }
    let before = layerlens_core::parse(&src);
    let after = layerlens_core::parse(&o.dockerfile);
    assert!(before.errors.is_empty() && after.errors.is_empty(), "a rewrite of a file with errors, or one that adds errors:\n{}", o.dockerfile);
    assert!(o.after_bytes <= o.before_bytes);
    let again = optimize(&o.dockerfile, &Options::default());
    assert_eq!(again.dockerfile, o.dockerfile, "not idempotent");
});
