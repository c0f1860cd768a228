//! Share links and Dockerfiles given by URL or by an embedding page all reach the app as one
//! *payload*: a first line `layerlens 1`, then `key=value` lines (`view`, `off`, `on`: step ids
//! separated by commas), an empty line, then the Dockerfile byte for byte. Unknown keys are
//! ignored, so later versions can add some. A plain text is `layerlens 1\n\n` + the text.
//!
//! The page's start script (static/start.js) does the browser's part: it deflates a payload
//! into a link (`#s=` + base64url of `CompressionStream("deflate-raw")`, in the fragment, which
//! browsers never send to a server), inflates one when a link is opened, and hands payloads to
//! the app (`crate::bridge`). This module is the app's part: the format and what opening does.

use crate::state::{Action, View};

const MAGIC: &str = "layerlens 1";

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Shared {
    /// "analyze", "optimize", "learn", … (unknown names open Analyze).
    pub view: String,
    /// Rewrite steps switched off / switched on (ids).
    pub off: Vec<String>,
    pub on: Vec<String>,
    pub text: String,
}

impl Shared {
    pub fn to_payload(&self) -> String {
        format!(
            "{MAGIC}\nview={}\noff={}\non={}\n\n{}",
            self.view,
            self.off.join(","),
            self.on.join(","),
            self.text
        )
    }

    /// What opening the link does to the app: the text, the steps, then the view.
    pub fn actions(self) -> Vec<Action> {
        // Not the person's own text: theirs stays aside, to restore.
        let mut out = vec![Action::Load(self.text)];
        out.extend(self.off.into_iter().map(|id| Action::SetStep(id, false)));
        out.extend(self.on.into_iter().map(|id| Action::SetStep(id, true)));
        out.push(Action::SetView(view_named(&self.view)));
        out
    }

    pub fn from_payload(p: &str) -> Option<Shared> {
        let (head, text) = p.split_once("\n\n")?;
        let mut lines = head.lines();
        if lines.next()? != MAGIC {
            return None;
        }
        let mut s = Shared {
            text: text.to_string(),
            ..Shared::default()
        };
        let ids = |v: &str| {
            v.split(',')
                .filter(|x| !x.is_empty())
                .map(String::from)
                .collect()
        };
        for l in lines {
            match l.split_once('=') {
                Some(("view", v)) => s.view = v.to_string(),
                Some(("off", v)) => s.off = ids(v),
                Some(("on", v)) => s.on = ids(v),
                _ => {}
            }
        }
        Some(s)
    }
}

/// The view a name in a link or the address means (unknown names: Analyze).
pub fn view_named(name: &str) -> View {
    match name {
        "optimize" => View::Optimize,
        "learn" => View::Learn,
        "image" => View::Image,
        _ => View::Analyze,
    }
}

/// A view's name in links (views added later share as "analyze" until named here).
pub fn view_name(v: View) -> &'static str {
    #[allow(unreachable_patterns)]
    match v {
        View::Optimize => "optimize",
        View::Learn => "learn",
        View::Image => "image",
        _ => "analyze",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use yew::Reducible;

    #[test]
    fn payload_round_trips_byte_for_byte() {
        let s = Shared {
            view: "optimize".into(),
            off: vec!["slim-base-L1".into(), "merge-L3".into()],
            on: vec![],
            text: "FROM alpine\n\n\nRUN echo a=b\r\n# é ✓\n".into(),
        };
        assert_eq!(Shared::from_payload(&s.to_payload()), Some(s));
        let empty = Shared::default();
        assert_eq!(Shared::from_payload(&empty.to_payload()), Some(empty));
        assert_eq!(Shared::from_payload("something else\n\nFROM x"), None);
        // A plain text, as the start script wraps `#dockerfile=` and an embedding page's text.
        let plain = Shared::from_payload("layerlens 1\n\nFROM x\n\nRUN y").expect("plain");
        assert_eq!(
            (plain.view.as_str(), plain.text.as_str()),
            ("", "FROM x\n\nRUN y")
        );
        // Unknown keys are skipped.
        let later = "layerlens 1\nview=learn\ntheme=dark\n\nFROM x\n";
        assert_eq!(
            Shared::from_payload(later).map(|s| (s.view, s.text)),
            Some(("learn".into(), "FROM x\n".into()))
        );
    }

    #[test]
    fn opening_a_link_restores_text_steps_and_view() {
        use std::rc::Rc;
        let steps: Vec<String> = vec!["pip-no-cache-L2".into(), "slim-base-L1".into()];
        let shared = Shared {
            view: view_name(View::Optimize).into(),
            off: steps.clone(),
            on: vec![],
            text: "FROM python:3.11\nRUN pip install flask\n".into(),
        };
        let mut s = Rc::new(crate::state::AppState::default());
        for a in Shared::from_payload(&shared.to_payload())
            .expect("payload")
            .actions()
        {
            s = s.reduce(a);
        }
        assert_eq!(&*s.source, "FROM python:3.11\nRUN pip install flask\n");
        assert_eq!(s.view, View::Optimize);
        assert_eq!(s.disabled.iter().cloned().collect::<Vec<_>>(), {
            let mut v = steps;
            v.sort();
            v
        });
        assert_eq!(view_name(View::Learn), "learn");
    }
}
