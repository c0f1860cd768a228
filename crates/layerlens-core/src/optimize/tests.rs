use super::*;

#[test]
fn a_file_with_nothing_to_do_comes_back_unchanged() {
    let src = "FROM scratch\nCOPY app /app\n";
    let o = optimize(src, &Options::default());
    assert_eq!(o.dockerfile, src);
    assert!(o.after_bytes <= o.before_bytes);
}
