//! Guided lessons: the seeds' stories stepped through in the editor, each step a Dockerfile with
//! what the article measured beside our estimate. The texts are data (static/lessons/lessons.txt,
//! fetched from this site when the Learn view first opens, so they cost the first load nothing).
//!
//! The file's format, line by line: lines before the first lesson are comments; `== id` starts
//! a lesson, followed by `title:`, `source:` and `summary:` lines; `-- title` starts a step,
//! optionally followed by `measured: …` (the article's figure, as written there); then the
//! step's text (paragraphs separated by blank lines, `code` in backticks); then the step's
//! Dockerfile between two `~~~` lines.

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Lesson {
    pub id: String,
    pub title: String,
    /// The article the story comes from (title and year).
    pub source: String,
    pub summary: String,
    pub steps: Vec<LessonStep>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct LessonStep {
    pub title: String,
    /// What the article measured for this step's image ("" when it gives no figure).
    pub measured: String,
    pub paragraphs: Vec<String>,
    pub dockerfile: String,
}

pub fn parse(text: &str) -> Vec<Lesson> {
    let mut lessons: Vec<Lesson> = Vec::new();
    let mut in_file = false;
    for line in text.lines() {
        let (Some(lesson), false) = (lessons.last_mut(), line.starts_with("== ")) else {
            if let Some(id) = line.strip_prefix("== ") {
                lessons.push(Lesson {
                    id: id.trim().to_string(),
                    ..Lesson::default()
                });
            }
            continue;
        };
        if in_file {
            match (line == "~~~", lesson.steps.last_mut()) {
                (true, _) => in_file = false,
                (false, Some(step)) => {
                    step.dockerfile.push_str(line);
                    step.dockerfile.push('\n');
                }
                (false, None) => {}
            }
            continue;
        }
        if let Some(title) = line.strip_prefix("-- ") {
            lesson.steps.push(LessonStep {
                title: title.trim().to_string(),
                ..LessonStep::default()
            });
            continue;
        }
        let Some(step) = lesson.steps.last_mut() else {
            match line.split_once(": ") {
                Some(("title", v)) => lesson.title = v.to_string(),
                Some(("source", v)) => lesson.source = v.to_string(),
                Some(("summary", v)) => lesson.summary = v.to_string(),
                _ => {}
            }
            continue;
        };
        if line == "~~~" {
            in_file = true;
        } else if let (Some(m), true) =
            (line.strip_prefix("measured: "), step.paragraphs.is_empty())
        {
            step.measured = m.to_string();
        } else if line.trim().is_empty() {
            if step.paragraphs.last().is_some_and(|p| !p.is_empty()) {
                step.paragraphs.push(String::new());
            }
        } else {
            match step.paragraphs.last_mut() {
                Some(p) if !p.is_empty() => {
                    p.push(' ');
                    p.push_str(line.trim());
                }
                Some(p) => p.push_str(line.trim()),
                None => step.paragraphs.push(line.trim().to_string()),
            }
        }
    }
    for step in lessons.iter_mut().flat_map(|l| l.steps.iter_mut()) {
        step.paragraphs.retain(|p| !p.is_empty());
    }
    lessons
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::Analysis;

    const FILE: &str = include_str!("../static/lessons/lessons.txt");

    #[test]
    fn the_format() {
        let l = parse("comment\n== a\ntitle: A\nsource: S (2020)\nsummary: Sum.\n-- One\nmeasured: 5 MB\nFirst\nparagraph.\n\nSecond.\n~~~\nFROM x\n\nRUN y\n~~~\n-- Two\nNo figure.\n~~~\nFROM z\n~~~\n");
        assert_eq!(l.len(), 1);
        assert_eq!(
            (
                l[0].id.as_str(),
                l[0].title.as_str(),
                l[0].source.as_str(),
                l[0].summary.as_str()
            ),
            ("a", "A", "S (2020)", "Sum.")
        );
        let s = &l[0].steps;
        assert_eq!(
            s[0],
            LessonStep {
                title: "One".into(),
                measured: "5 MB".into(),
                paragraphs: vec!["First paragraph.".into(), "Second.".into()],
                dockerfile: "FROM x\n\nRUN y\n".into()
            }
        );
        assert_eq!(
            (s[1].measured.as_str(), s[1].dockerfile.as_str()),
            ("", "FROM z\n")
        );
    }

    /// The shipped lessons: five stories, every step a Dockerfile BuildKit would read, and
    /// every "after" estimated smaller than its "before", as the articles measured.
    #[test]
    fn the_shipped_lessons() {
        let lessons = parse(FILE);
        let ids: Vec<_> = lessons.iter().map(|l| l.id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "what-is-a-dockerfile",
                "fat-base",
                "cleanup-same-run",
                "multi-stage-venv",
                "docker-history"
            ]
        );
        for l in &lessons {
            assert!(
                !l.title.is_empty() && !l.source.is_empty() && !l.summary.is_empty(),
                "{}",
                l.id
            );
            assert!(l.steps.len() >= 2, "{}", l.id);
            for s in &l.steps {
                assert!(
                    !s.paragraphs.is_empty() && !s.title.is_empty(),
                    "{}: {}",
                    l.id,
                    s.title
                );
                let a = Analysis::of(&s.dockerfile, None, None);
                assert!(
                    a.df.errors.is_empty(),
                    "{}: {}: {:?}",
                    l.id,
                    s.title,
                    a.df.errors
                );
                assert!(!a.df.instructions.is_empty());
            }
        }
        for id in ["fat-base", "cleanup-same-run", "multi-stage-venv"] {
            let l = lessons.iter().find(|l| l.id == id).expect("lesson");
            let sizes: Vec<u64> = l
                .steps
                .iter()
                .map(|s| {
                    Analysis::of(&s.dockerfile, None, None)
                        .estimate
                        .final_image_bytes
                })
                .collect();
            assert!(sizes.windows(2).all(|w| w[1] < w[0]), "{id}: {sizes:?}");
            assert!(
                l.steps.iter().all(|s| !s.measured.is_empty()),
                "{id}: every step has the article's figure"
            );
        }
    }
}
