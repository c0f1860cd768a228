use super::*;

#[test]
fn a_file_with_nothing_to_do_comes_back_unchanged() {
    let src = "FROM scratch\nCOPY app /app\n";
    let o = optimize(src, &Options::default());
    assert_eq!(o.dockerfile, src);
    assert!(o.after_bytes <= o.before_bytes);
}

#[test]
#[ignore]
fn show() {
    let path = std::env::var("SHOW").unwrap();
    let src = std::fs::read_to_string(&path).unwrap();
    let o = optimize(&src, &Options::default());
    println!("{}\n---- dockerignore\n{}", o.dockerfile, o.dockerignore);
    for s in &o.steps {
        println!(
            "{} {} [{:?}] saved {} enabled {}",
            s.id, s.title, s.safety, s.saved_bytes, s.enabled
        );
    }
    for n in &o.notes {
        println!("note L{}: {}", n.line, n.message);
    }
    println!("before {} after {}", o.before_bytes, o.after_bytes);
}

#[test]
#[ignore]
fn show_layers() {
    let path = std::env::var("SHOW").unwrap();
    let src = std::fs::read_to_string(&path).unwrap();
    let o = optimize(&src, &Options::default());
    for l in o.after.layers.iter() {
        println!(
            "L{} {} {} {}",
            l.line,
            l.keyword,
            crate::estimate::human(l.bytes),
            l.basis
        );
    }
}
