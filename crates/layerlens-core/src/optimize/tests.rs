use super::*;
use steps::expand_onbuild::relabel;

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

#[test]
fn step_ids_are_relabelled_line_by_line() {
    let to = |l: &str| (l == "4").then(|| "1.3".to_string());
    assert_eq!(relabel("npm-omit-dev-L4", to), "npm-omit-dev-L1.3");
    assert_eq!(relabel("merge-runs-L4-2", to), "merge-runs-L1.3-2");
    assert_eq!(relabel("merge-runs-L5", to), "merge-runs-L5");
    assert_eq!(relabel("slim-base", to), "slim-base");
    let back = |l: &str| (l == "1.3").then(|| "4".to_string());
    assert_eq!(relabel("npm-omit-dev-L1.3-2", back), "npm-omit-dev-L4-2");
}

#[test]
fn an_onbuild_image_is_written_out_before_the_rest_of_the_rewrite() {
    // Two lines after a multi-line FROM, a CRLF file and a stage with its own CMD.
    let src = "FROM node:5-onbuild \\\r\n  AS app\r\nEXPOSE 80\r\nCMD [\"node\", \"index.js\"]\r\n";
    let o = optimize(src, &Options::default());
    let step = &o.steps[0];
    assert_eq!(
        (step.id.as_str(), step.enabled, step.safety),
        ("expand-onbuild-L1", true, Safety::Safe)
    );
    assert!(o.dockerfile.contains("COPY package.json /usr/src/app/\r\n"));
    assert!(
        !o.dockerfile.contains("npm start"),
        "the stage's own CMD stays the only one"
    );
    assert_eq!(o.line_steps.len(), o.dockerfile.lines().count());
    // Steps on written-out lines are named by the FROM's line and their place after it, and
    // switching one off by that id works.
    let omit = o
        .steps
        .iter()
        .find(|s| s.kind == "npm-omit-dev")
        .expect("fires");
    assert_eq!(
        (omit.id.as_str(), omit.lines.as_slice()),
        ("npm-omit-dev-L1.3", &[1][..])
    );
    assert!(
        o.dockerfile.contains("npm install --production"),
        "npm 3 reads --production"
    );
    let off = optimize(
        src,
        &Options {
            disabled: vec![omit.id.clone()],
            ..Default::default()
        },
    );
    assert!(!off.dockerfile.contains("--production"));
    assert!(off.steps.iter().any(|s| s.id == omit.id && !s.enabled));
    // Switched off, nothing touches the onbuild FROM (its triggers would be lost with its name).
    let plain = optimize(
        src,
        &Options {
            disabled: vec!["expand-onbuild".into()],
            ..Default::default()
        },
    );
    assert_eq!(plain.dockerfile, src);
    assert!(!plain.steps[0].enabled);
    // A bare `onbuild` tag is the last version built with the variant: a check says so.
    let bare = optimize("FROM golang:onbuild\n", &Options::default());
    assert!(
        bare.dockerfile.starts_with("FROM golang:1.8"),
        "{}",
        bare.dockerfile
    );
    assert_eq!(bare.steps[0].safety, Safety::NeedsCheck);
    assert!(
        bare.dockerfile.contains("CMD [\"app\"]"),
        "{}",
        bare.dockerfile
    );
}
