//! The instructions that only change the image's configuration (and ARG, which changes nothing
//! in the image at all): ENV, ARG, WORKDIR, USER, EXPOSE, LABEL, VOLUME, STOPSIGNAL, MAINTAINER.

use super::text::{self, code, join_path, short};
use super::{Cx, Note, State};
use crate::syntax::{Args, Instruction, KeyValue, Keyword, Word};

const STOPS: &str = "`docker build` stops here.";

fn key_values(ins: &Instruction) -> &[KeyValue] {
    match &ins.args {
        Args::KeyValues(kvs) => kvs,
        _ => &[],
    }
}

fn text_arg(ins: &Instruction) -> Option<&Word> {
    match &ins.args {
        Args::Text(w) => w.as_ref(),
        _ => None,
    }
}

fn list_args(ins: &Instruction) -> &[Word] {
    match &ins.args {
        Args::List { items, .. } => items,
        _ => &[],
    }
}

fn value_phrase(v: &str) -> String {
    if v.is_empty() {
        String::from("an empty string")
    } else {
        code(&short(v, 60))
    }
}

pub(super) fn env(ins: &Instruction) -> (String, Vec<Note>) {
    let kvs = key_values(ins);
    if kvs.is_empty() {
        return (format!("ENV without a variable: {STOPS}"), Vec::new());
    }
    const WHERE: &str = "for the rest of the build and in the running container";
    let summary = match kvs {
        [kv] => format!(
            "Sets the environment variable {} to {} {WHERE}.",
            code(&kv.key),
            value_phrase(kv.value.as_deref().unwrap_or_default())
        ),
        _ => format!(
            "Sets the environment variables {} {WHERE}.",
            kv_list(kvs, 5)
        ),
    };
    let mut notes = Vec::new();
    let mut t = String::from(
        "ENV values are saved in the image: every later step and every container sees them, and `docker inspect` \
         shows them. For a value only the build needs, use ARG.",
    );
    if let Some(kv) = kvs.iter().find(|kv| looks_secret(&kv.key)) {
        t.push_str(&format!(
            " {} looks like a secret: anyone with the image can read it, so pass secrets with `RUN --mount=type=secret` instead.",
            code(&kv.key)
        ));
    }
    notes.push(Note::new("ENV vs ARG", t, ins.text_span));
    let legacy = kvs.len() == 1
        && ins
            .text
            .split_whitespace()
            .next()
            .is_some_and(|w| !w.contains('='));
    if legacy {
        notes.push(Note::new(
            "ENV NAME value",
            format!(
                "The old form without `=` sets one variable to everything after its name. `ENV {}={}` says the same and \
                 can set several variables at once.",
                kvs[0].key,
                short(kvs[0].value.as_deref().unwrap_or_default(), 40)
            ),
            ins.text_span,
        ));
    }
    (summary, notes)
}

fn looks_secret(key: &str) -> bool {
    let k = key.to_ascii_uppercase();
    [
        "PASSWORD",
        "PASSWD",
        "SECRET",
        "TOKEN",
        "API_KEY",
        "APIKEY",
        "PRIVATE_KEY",
        "ACCESS_KEY",
    ]
    .iter()
    .any(|s| k.contains(s))
}

/// BuildKit's automatic platform ARGs and what each holds.
fn builtin_arg(name: &str) -> Option<&'static str> {
    Some(match name {
        "TARGETPLATFORM" => "the platform being built, like `linux/amd64`",
        "TARGETOS" => "the OS being built for, like `linux`",
        "TARGETARCH" => "the CPU architecture being built for, like `amd64` or `arm64`",
        "TARGETVARIANT" => "the CPU variant being built for, like `v7`",
        "BUILDPLATFORM" => "the platform of the machine running the build",
        "BUILDOS" => "the OS of the machine running the build",
        "BUILDARCH" => "the CPU architecture of the machine running the build",
        "BUILDVARIANT" => "the CPU variant of the machine running the build",
        _ => return None,
    })
}

pub(super) fn arg(cx: &Cx, st: &State, ins: &Instruction) -> (String, Vec<Note>) {
    let kvs = key_values(ins);
    if kvs.is_empty() {
        return (format!("ARG without a name: {STOPS}"), Vec::new());
    }
    let global = st.stage.is_none() && !st.in_onbuild;
    let describe = |kv: &KeyValue| -> String {
        match (&kv.value, cx.globals.get(&kv.key)) {
            (Some(v), _) if v.is_empty() => format!("{} (empty by default)", code(&kv.key)),
            (Some(v), _) => format!("{} (default {})", code(&kv.key), value_phrase(v)),
            (None, None) if builtin_arg(&kv.key).is_some() => {
                format!("{} (set by BuildKit)", code(&kv.key))
            }
            (None, Some(g)) if !global => {
                format!(
                    "{} (default {} from the global ARG)",
                    code(&kv.key),
                    value_phrase(g)
                )
            }
            (None, _) => format!("{} (no default)", code(&kv.key)),
        }
    };
    let names: Vec<String> = kvs.iter().map(describe).collect();
    let (one, many) = ("the build argument", "the build arguments");
    let which = if kvs.len() == 1 { one } else { many };
    let mut notes = Vec::new();
    let summary = if global {
        notes.push(Note::new(
            "global ARG",
            "An ARG before the first FROM can be used in FROM lines only. To use it inside a stage, declare it again \
             there with `ARG NAME` (no value needed: it keeps this default).",
            ins.text_span,
        ));
        format!(
            "Declares {which} {} for the FROM lines below.",
            text::list(&names, 4)
        )
    } else if kvs
        .iter()
        .all(|kv| kv.value.is_none() && builtin_arg(&kv.key).is_some())
        && kvs.len() > 1
    {
        let names: Vec<String> = kvs.iter().map(|kv| code(&kv.key)).collect();
        let about = if kvs.iter().all(|kv| kv.key.starts_with("TARGET")) {
            "they describe the platform being built"
        } else if kvs.iter().all(|kv| kv.key.starts_with("BUILD")) {
            "they describe the machine running the build"
        } else {
            "they describe the build machine and the platform being built"
        };
        format!(
            "Makes BuildKit's built-in build arguments {} available to this stage; {about}.",
            text::list(&names, 4)
        )
    } else if let [kv] = kvs {
        if let (None, Some(what)) = (&kv.value, builtin_arg(&kv.key)) {
            format!(
                "Makes BuildKit's built-in {} ({what}) available to this stage.",
                code(&kv.key)
            )
        } else if kv.value.is_none() && cx.globals.is_declared(&kv.key) && !st.in_onbuild {
            format!(
                "Brings the global build argument {} into this stage.",
                describe(kv)
            )
        } else {
            format!(
                "Declares {one} {}, usable by the instructions after it in this stage.",
                describe(kv)
            )
        }
    } else {
        format!(
            "Declares {many} {}, usable by the instructions after it in this stage.",
            text::list(&names, 4)
        )
    };
    notes.push(Note::new(
        "ARG vs ENV",
        "A build argument exists only while building: set it with `docker build --build-arg NAME=value`. It is not in \
         the image's environment, but a value a RUN uses can show in `docker history`, so never pass secrets this way.",
        ins.text_span,
    ));
    (summary, notes)
}

pub(super) fn workdir(st: &State, ins: &Instruction) -> (String, Vec<Note>) {
    let Some(w) = text_arg(ins) else {
        return (format!("WORKDIR without a path: {STOPS}"), Vec::new());
    };
    let path = w.value.as_str();
    const REST: &str = "for the instructions after it and for the running container, creating it if it does not exist";
    let summary = if path.starts_with('/')
        || path.starts_with('$')
        || path.get(1..3).is_some_and(|s| s == ":\\" || s == ":/")
    {
        format!("Makes {} the working directory {REST}.", code(path))
    } else {
        let resolved = st
            .workdir
            .as_deref()
            .map(|b| format!(" (so {})", code(&join_path(b, path))))
            .unwrap_or_default();
        format!(
            "Changes the working directory to {}, relative to the current one{resolved}, {REST}.",
            code(path)
        )
    };
    (summary, Vec::new())
}

/// The WORKDIR after this instruction, when it is known.
pub(super) fn next_workdir(current: Option<&str>, ins: &Instruction) -> Option<String> {
    let path = text_arg(ins)?.value.as_str();
    if path.contains('$') {
        return None;
    }
    if path.starts_with('/') {
        Some(join_path("/", path))
    } else {
        current.map(|c| join_path(c, path))
    }
}

pub(super) fn user(cx: &Cx, st: &State, i: usize, ins: &Instruction) -> (String, Vec<Note>) {
    let Some(w) = text_arg(ins) else {
        return (format!("USER without a name: {STOPS}"), Vec::new());
    };
    let u = w.value.as_str();
    let name = u.split(':').next().unwrap_or(u);
    let root = matches!(name, "root" | "0");
    let mut notes = Vec::new();
    let summary = if root {
        format!(
            "Switches back to {} for the instructions after it and for the container.",
            code(u)
        )
    } else {
        format!(
            "Runs the instructions after it, and the container, as the user {}{}.",
            code(name),
            u.split_once(':')
                .map(|(_, g)| format!(" in the group {}", code(g)))
                .unwrap_or_default()
        )
    };
    let last_user_of_final = st
        .stage
        .and_then(|s| cx.stages.stages.get(s))
        .is_some_and(|s| s.is_final)
        && cx.later(st, i, Keyword::User).is_none();
    if root && last_user_of_final {
        notes.push(Note::new(
            "runs as root",
            "The container will run as root. Switching to an unprivileged user at the end limits what a compromised \
             process can do.",
            w.span,
        ));
    } else if !root && !name.chars().all(|c| c.is_ascii_digit()) && !name.contains('$') {
        notes.push(Note::new(
            "user must exist",
            format!(
                "{} must exist in the image, from the base image or a `useradd`/`adduser` step; a numeric ID such as `1000` works without that.",
                code(name)
            ),
            w.span,
        ));
    }
    (summary, notes)
}

pub(super) fn expose(ins: &Instruction) -> (String, Vec<Note>) {
    let items = list_args(ins);
    if items.is_empty() {
        return (format!("EXPOSE without a port: {STOPS}"), Vec::new());
    }
    let ports: Vec<String> = items
        .iter()
        .map(|w| match w.value.split_once('/') {
            Some((p, proto)) => format!("{} ({})", code(p), proto.to_ascii_uppercase()),
            None => code(&w.value),
        })
        .collect();
    let which = if items.len() == 1 { "port" } else { "ports" };
    let first = items[0].value.split('/').next().unwrap_or_default();
    let summary = format!(
        "Records that the container listens on {which} {}.",
        text::list(&ports, 5)
    );
    let note = Note::new(
        "EXPOSE",
        format!(
            "This only documents the port; it opens nothing. Publish it when running the container, for example with \
             `docker run -p {first}:{first}`."
        ),
        ins.text_span,
    );
    (summary, vec![note])
}

/// Up to three pairs as `KEY=value`; more, by their keys only (at most `max_keys` named).
fn kv_list(kvs: &[crate::syntax::KeyValue], max_keys: usize) -> String {
    if kvs.len() <= 3 {
        let pairs: Vec<String> = kvs
            .iter()
            .map(|kv| {
                code(&format!(
                    "{}={}",
                    kv.key,
                    short(kv.value.as_deref().unwrap_or_default(), 40)
                ))
            })
            .collect();
        text::list(&pairs, 4)
    } else {
        let keys: Vec<String> = kvs.iter().map(|kv| code(&kv.key)).collect();
        text::list(&keys, max_keys)
    }
}

pub(super) fn label(ins: &Instruction) -> (String, Vec<Note>) {
    let kvs = key_values(ins);
    let summary = match kvs {
        [] => format!("LABEL without a key: {STOPS}"),
        [kv] => format!(
            "Adds the label {} = {} to the image's metadata.",
            code(&kv.key),
            value_phrase(kv.value.as_deref().unwrap_or_default())
        ),
        _ => format!(
            "Adds the labels {} to the image's metadata.",
            kv_list(kvs, 4)
        ),
    };
    (summary, Vec::new())
}

pub(super) fn volume(ins: &Instruction) -> (String, Vec<Note>) {
    let items = list_args(ins);
    if items.is_empty() {
        return (format!("VOLUME without a path: {STOPS}"), Vec::new());
    }
    let paths: Vec<String> = items.iter().map(|w| code(&w.value)).collect();
    let summary = if items.len() == 1 {
        format!(
            "Declares {} as a volume: data written there at run time lives outside the container's own filesystem.",
            paths[0]
        )
    } else {
        format!(
            "Declares {} as volumes: data written there at run time lives outside the container's own filesystem.",
            text::list(&paths, 4)
        )
    };
    let note = Note::new(
        "VOLUME",
        "Each `docker run` creates a new anonymous volume there unless you mount one, and it outlives the container. \
         The classic builder throws away what later build steps write under that path; BuildKit keeps it.",
        ins.text_span,
    );
    (summary, vec![note])
}

pub(super) fn stopsignal(ins: &Instruction) -> (String, Vec<Note>) {
    match text_arg(ins) {
        Some(w) => (
            format!(
                "Makes `docker stop` send {} to the container's main process instead of SIGTERM.",
                code(&w.value)
            ),
            Vec::new(),
        ),
        None => (format!("STOPSIGNAL without a signal: {STOPS}"), Vec::new()),
    }
}

pub(super) fn maintainer(ins: &Instruction) -> (String, Vec<Note>) {
    let Some(w) = text_arg(ins) else {
        return (format!("MAINTAINER without a name: {STOPS}"), Vec::new());
    };
    let who = short(&w.value, 60);
    (
        format!("Records {} as the image's author.", code(&who)),
        vec![Note::new(
            "deprecated",
            format!(
                "MAINTAINER is deprecated. `LABEL org.opencontainers.image.authors=\"{}\"` records the same in a form tools read.",
                who.replace('"', "\\\"")
            ),
            ins.keyword_span,
        )],
    )
}

#[cfg(test)]
mod tests {
    use crate::explain::{test_note, test_steps, Effect};

    #[test]
    fn env_and_arg() {
        let s = test_steps(
            "ARG VERSION=1.2\nFROM a\nARG VERSION\nARG TARGETARCH\nARG PORT=80 MODE\nENV NODE_ENV=production\nENV API_TOKEN=abc\nENV PATH /x:$PATH\n",
        );
        assert_eq!(s[0].effect, Effect::BuildOnly);
        test_note(&s[0], "global ARG");
        assert_eq!(
            s[2].summary,
            "Brings the global build argument `VERSION` (default `1.2` from the global ARG) into this stage."
        );
        assert!(
            s[3].summary
                .starts_with("Makes BuildKit's built-in `TARGETARCH`"),
            "{}",
            s[3].summary
        );
        assert!(
            s[4].summary.starts_with(
                "Declares the build arguments `PORT` (default `80`) and `MODE` (no default)"
            ),
            "{}",
            s[4].summary
        );
        assert_eq!(
            s[5].summary,
            "Sets the environment variable `NODE_ENV` to `production` for the rest of the build and in the running container."
        );
        assert!(test_note(&s[6], "ENV vs ARG")
            .text
            .contains("`API_TOKEN` looks like a secret"));
        assert!(test_note(&s[7], "ENV NAME value")
            .text
            .contains("`ENV PATH=/x:$PATH`"));
    }

    #[test]
    fn workdir_user_expose_volume() {
        let s = test_steps(
            "FROM a\nWORKDIR /app\nWORKDIR ../srv\nUSER 1000:1000\nUSER root\nEXPOSE 80 53/udp\nVOLUME /data\n",
        );
        assert_eq!(s[1].effect, Effect::SmallLayer);
        assert!(s[2].summary.contains("(so `/srv`)"), "{}", s[2].summary);
        assert_eq!(
            s[3].summary,
            "Runs the instructions after it, and the container, as the user `1000` in the group `1000`."
        );
        assert!(s[3].notes.is_empty());
        test_note(&s[4], "runs as root");
        assert_eq!(
            s[5].summary,
            "Records that the container listens on ports `80` and `53` (UDP)."
        );
        assert!(s[6].summary.starts_with("Declares `/data` as a volume"));
    }

    #[test]
    fn labels_maintainer_stopsignal() {
        let s = test_steps(
            "FROM a\nLABEL a=1 b=\"two words\"\nMAINTAINER Ann <a@b.c>\nSTOPSIGNAL SIGINT\n",
        );
        assert_eq!(
            s[1].summary,
            "Adds the labels `a=1` and `b=two words` to the image's metadata."
        );
        assert!(test_note(&s[2], "deprecated")
            .text
            .contains("org.opencontainers.image.authors=\"Ann <a@b.c>\""));
        assert_eq!(
            s[3].summary,
            "Makes `docker stop` send `SIGINT` to the container's main process instead of SIGTERM."
        );
    }
}
