//! The catalogue: what each instruction and flag does, written once. The web app's teaching panel,
//! the CLI's `explain` and the generated docs all read these texts, and [`super::explain`] appends
//! a flag's text to most notes it writes about a flag in a real file, after a sentence with the
//! file's own values. So a flag text must read well on its own and after such a sentence.

use super::Effect;
use crate::syntax::Keyword;
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct InstructionDoc {
    pub keyword: Keyword,
    /// One line.
    pub summary: &'static str,
    /// A short paragraph that teaches: what it does, whether it makes a layer, a size or cache tip.
    pub detail: &'static str,
    pub effect: Effect,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct FlagDoc {
    pub keyword: Keyword,
    /// Without dashes: `mount`, `from`, `start-period`.
    pub flag: &'static str,
    /// For `--mount` the mount type; for `--network` and `--security` the value.
    pub variant: Option<&'static str>,
    pub text: &'static str,
}

pub fn instruction_docs() -> &'static [InstructionDoc] {
    INSTRUCTIONS
}

/// The entry for `k`; `None` for [`Keyword::Unknown`].
pub fn instruction_doc(k: Keyword) -> Option<&'static InstructionDoc> {
    INSTRUCTIONS.iter().find(|d| d.keyword == k)
}

pub fn flag_docs() -> &'static [FlagDoc] {
    FLAGS
}

/// The entry for `--flag` of `k` (name without dashes, case-insensitive) and, for flags with
/// variants, the variant; `variant: None` gives the flag's general entry.
pub fn flag_doc(k: Keyword, flag: &str, variant: Option<&str>) -> Option<&'static FlagDoc> {
    let flag = flag.trim_start_matches('-');
    FLAGS.iter().find(|d| {
        d.keyword == k
            && d.flag.eq_ignore_ascii_case(flag)
            && match (d.variant, variant) {
                (None, None) => true,
                (Some(a), Some(b)) => a.eq_ignore_ascii_case(b),
                _ => false,
            }
    })
}

const fn ins(
    keyword: Keyword,
    effect: Effect,
    summary: &'static str,
    detail: &'static str,
) -> InstructionDoc {
    InstructionDoc {
        keyword,
        summary,
        detail,
        effect,
    }
}

static INSTRUCTIONS: &[InstructionDoc] = &[
    ins(
        Keyword::From,
        Effect::NewStage,
        "Starts a build stage from a base image, from an earlier stage, or from nothing (`scratch`).",
        "Every stage begins with FROM, and the base image's layers are the bottom of the stage: its \
         size is the floor of yours. `python:3.12` weighs about 1 GB, `python:3.12-slim` about 125 MB, \
         `python:3.12-alpine` about 50 MB. A file can hold several FROMs; each starts a fresh stage, \
         and only the last one (or the one chosen with `docker build --target`) becomes the image, so \
         compilers and build tools can live in an earlier stage and never ship. Pin a tag or a digest \
         so that a rebuild gets the same base.",
    ),
    ins(
        Keyword::Run,
        Effect::Layer,
        "Runs a command while building and saves the files it changes as a new layer.",
        "Each RUN adds a layer holding every file the command created or changed. A layer never \
         shrinks: deleting files in a later RUN hides them but the bytes stay in the image. So clean \
         up in the same RUN that made the mess (`apt-get install … && rm -rf /var/lib/apt/lists/*`), \
         or keep caches out of the layer with `--mount=type=cache`. BuildKit reuses a RUN's layer \
         from cache while the command text and everything before it are unchanged.",
    ),
    ins(
        Keyword::Cmd,
        Effect::Metadata,
        "Sets the default command a container of the image runs.",
        "CMD writes no files; it is stored in the image's configuration. `docker run image other \
         args` replaces it, and with an ENTRYPOINT it becomes the default arguments to it. Only the \
         last CMD of the final stage counts. Prefer the JSON form (`CMD [\"node\", \"server.js\"]`): \
         the plain-text form runs under `/bin/sh -c`, so the shell, not your program, receives the \
         stop signal.",
    ),
    ins(
        Keyword::Label,
        Effect::Metadata,
        "Attaches key-value metadata to the image.",
        "Labels are stored in the image's configuration and add no layer and no size. Tools read \
         the standard `org.opencontainers.image.*` keys (source, version, authors, licenses). \
         `docker inspect` shows them; base images' labels are inherited.",
    ),
    ins(
        Keyword::Maintainer,
        Effect::Metadata,
        "Records the image's author. Deprecated: use `LABEL org.opencontainers.image.authors=...`.",
        "MAINTAINER sets the image's author field and adds no layer. It has been deprecated for \
         years; a LABEL carries the same information in a form that tools and registries read.",
    ),
    ins(
        Keyword::Expose,
        Effect::Metadata,
        "Documents the ports the container listens on.",
        "EXPOSE is documentation stored in the image's configuration: it opens no port and adds no \
         layer. To reach the port from the host, publish it when running the container (`docker run \
         -p 8080:8080`); `docker run -P` publishes every exposed port to a random host port.",
    ),
    ins(
        Keyword::Env,
        Effect::Metadata,
        "Sets environment variables for the rest of the build and for the running container.",
        "ENV values are stored in the image's configuration: every later instruction and every \
         container sees them, and anyone with the image can read them with `docker inspect`, so \
         never put secrets in ENV. For a value only the build needs, use ARG. Changing an ENV \
         invalidates the build cache for every instruction after it.",
    ),
    ins(
        Keyword::Add,
        Effect::Layer,
        "Copies files into the image like COPY, and also fetches URLs, clones Git repositories and unpacks local archives.",
        "ADD adds a layer with the files it brings in. A local tar archive (`.tar`, `.tar.gz`, \
         `.tgz`, `.tar.xz`, ...) is unpacked into the destination; a URL is downloaded as a file and \
         not unpacked, so the archive itself lands in the layer. For plain local files prefer COPY, \
         which says exactly what happens. To keep only part of a download, fetch, unpack and delete \
         in one RUN.",
    ),
    ins(
        Keyword::Copy,
        Effect::Layer,
        "Copies files from the build context, another stage or an image into this stage, as a new layer.",
        "COPY adds a layer with the copied files. From the build context, only what `.dockerignore` \
         does not exclude is available; a changed file re-runs this COPY and every step after it, so \
         copy dependency manifests first, install, then copy the rest of the sources. `COPY \
         --from=stage` copies build results out of an earlier stage — the heart of a multi-stage \
         build, where only the copied files reach the final image.",
    ),
    ins(
        Keyword::Entrypoint,
        Effect::Metadata,
        "Sets the program every container of the image starts; CMD supplies its default arguments.",
        "ENTRYPOINT is stored in the image's configuration and adds no layer. In the JSON form \
         (`ENTRYPOINT [\"/app/server\"]`) the program runs as process 1, receives signals, and gets \
         CMD or `docker run` arguments appended. In the plain-text form it runs under `/bin/sh -c`, \
         ignores CMD and run arguments, and never sees the stop signal. `docker run --entrypoint` \
         overrides it.",
    ),
    ins(
        Keyword::Volume,
        Effect::Metadata,
        "Marks a path as a volume: data there lives outside the container's own filesystem.",
        "VOLUME is stored in the image's configuration. Every `docker run` creates an anonymous \
         volume at that path unless you mount one there, and its data outlives the container. With \
         the classic builder, changes later build steps make under the path are thrown away; \
         BuildKit keeps them. It cannot be undone in a derived image.",
    ),
    ins(
        Keyword::User,
        Effect::Metadata,
        "Sets the user (and optionally group) for later RUN, CMD and ENTRYPOINT instructions and for the container.",
        "USER changes no files; it is stored in the image's configuration. The user must exist in \
         the image (created with `useradd` or `adduser`) unless given as a numeric ID. Running the \
         container as a non-root user limits what a compromised process can do; switch back to \
         `root` only for the build steps that need it.",
    ),
    ins(
        Keyword::Workdir,
        Effect::SmallLayer,
        "Sets the working directory for later instructions and for the container, creating it if needed.",
        "WORKDIR changes the directory relative paths in RUN, COPY, ADD, CMD and ENTRYPOINT start \
         from. If the directory does not exist it is created, which records a tiny layer; otherwise \
         it only changes the configuration. A relative WORKDIR is joined to the previous one. Prefer \
         it to `RUN cd …`, which lasts only for that one RUN.",
    ),
    ins(
        Keyword::Arg,
        Effect::BuildOnly,
        "Declares a build argument: a variable set with `docker build --build-arg`, for the build only.",
        "ARG values exist only while building and are not stored in the image's environment. An ARG \
         before the first FROM can be used in FROM lines; to use it inside a stage, declare it again \
         there (`ARG NAME` without a value). A value used by RUN can still show in `docker history`, \
         so pass secrets with `RUN --mount=type=secret` instead. Changing an ARG's value re-runs the \
         steps that use it.",
    ),
    ins(
        Keyword::Onbuild,
        Effect::Metadata,
        "Stores an instruction to run later, when another Dockerfile builds FROM this image.",
        "ONBUILD does nothing in this build. The wrapped instruction is saved in the image's \
         configuration as a trigger and runs right after the FROM of any build that uses this image \
         as its base — a way for base images to say \"copy your sources and install\". Triggers run \
         only one level down and surprise readers of the derived Dockerfile, so use them sparingly.",
    ),
    ins(
        Keyword::Stopsignal,
        Effect::Metadata,
        "Sets the signal `docker stop` sends to the container's main process (SIGTERM by default).",
        "STOPSIGNAL is stored in the image's configuration. Use it when your program shuts down \
         cleanly on a different signal, such as `SIGQUIT` for nginx's graceful stop. If the process \
         has not exited after the stop timeout (10 seconds by default), Docker kills it.",
    ),
    ins(
        Keyword::Healthcheck,
        Effect::Metadata,
        "Tells Docker how to check that the container still works, or turns an inherited check off.",
        "HEALTHCHECK is stored in the image's configuration. Docker runs the command inside the \
         container on a timer; exit code 0 means healthy, 1 unhealthy, and after `--retries` failures \
         in a row the container is marked unhealthy, which orchestrators use to restart or reroute. \
         The command's tools (`curl`, `wget`) must be in the image. `HEALTHCHECK NONE` disables a \
         check inherited from the base image.",
    ),
    ins(
        Keyword::Shell,
        Effect::Metadata,
        "Changes the shell that runs shell-form RUN, CMD and ENTRYPOINT (default `/bin/sh -c`).",
        "SHELL takes a JSON array such as `[\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]` and applies \
         to the rest of the stage. With `-o pipefail`, a failing command on the left of a pipe fails \
         the RUN instead of being hidden. On Windows images it switches to PowerShell.",
    ),
];

const fn flag(
    keyword: Keyword,
    flag: &'static str,
    variant: Option<&'static str>,
    text: &'static str,
) -> FlagDoc {
    FlagDoc {
        keyword,
        flag,
        variant,
        text,
    }
}

const CHOWN: &str =
    "Setting the owner here is free. A later `RUN chown -R` would write every file again into \
     a new layer, so the image would carry them twice.";
const CHMOD: &str =
    "Setting permissions here is free; a separate `RUN chmod` would copy the files into \
     another layer.";
const LINK: &str =
    "The files go into a layer that does not depend on the layers below it, so when the \
     base image changes BuildKit can reuse this layer instead of copying again.";
const PARENTS: &str =
    "Keeps each source's parent directories under the destination (`src/a/x.go` lands in \
     `dest/src/a/x.go`) instead of putting every file directly into the destination.";
const EXCLUDE: &str = "Patterns work like lines of `.dockerignore`, for this instruction only.";

static FLAGS: &[FlagDoc] = &[
    flag(
        Keyword::From,
        "platform",
        None,
        "Without it, the base matches the platform being built (`docker build --platform`, or the \
         builder's own).",
    ),
    flag(
        Keyword::Run,
        "mount",
        None,
        "A mount exists only while this command runs; nothing in it is saved in the layer.",
    ),
    flag(
        Keyword::Run,
        "mount",
        Some("cache"),
        "Files written there are kept on the builder for the next build but never saved in the \
         layer, so package-manager downloads speed up rebuilds without making the image bigger.",
    ),
    flag(
        Keyword::Run,
        "mount",
        Some("bind"),
        "The command can read those files without them being copied into the layer: handy for \
         source trees or build tools needed only by this step.",
    ),
    flag(
        Keyword::Run,
        "mount",
        Some("secret"),
        "The secret is never written into a layer or the image's history. Pass it at build time \
         with `docker build --secret id=...,src=...`.",
    ),
    flag(
        Keyword::Run,
        "mount",
        Some("ssh"),
        "The command can use SSH keys from the agent given with `docker build --ssh default` (to \
         clone private repositories, for example); no key is stored in the image.",
    ),
    flag(
        Keyword::Run,
        "mount",
        Some("tmpfs"),
        "Whatever the command writes there is gone when it ends and never reaches the layer: a place \
         for scratch files.",
    ),
    flag(Keyword::Run, "network", None, "Chooses the network this command runs with: `default`, `none` or `host`."),
    flag(Keyword::Run, "network", Some("default"), "The normal build network; the same as leaving the flag out."),
    flag(
        Keyword::Run,
        "network",
        Some("none"),
        "The command gets no network access, so it can only use what is already in the image or \
         mounted: a good way to prove a step downloads nothing.",
    ),
    flag(
        Keyword::Run,
        "network",
        Some("host"),
        "The command uses the build host's network directly; the builder must allow it with \
         `--allow network.host`.",
    ),
    flag(Keyword::Run, "security", None, "Chooses the command's sandbox: `sandbox` (the default) or `insecure`."),
    flag(
        Keyword::Run,
        "security",
        Some("insecure"),
        "The command runs with full privileges, like `docker run --privileged`; the builder must \
         allow it with `--allow security.insecure`.",
    ),
    flag(
        Keyword::Run,
        "security",
        Some("sandbox"),
        "The normal, unprivileged sandbox; the same as leaving the flag out.",
    ),
    flag(
        Keyword::Copy,
        "from",
        None,
        "Copies from another stage (by name, or by its number counting from 0) or from an image \
         instead of the build context. Only the copied files come along; everything else in that \
         stage stays behind, which is how multi-stage builds keep images small.",
    ),
    flag(Keyword::Copy, "chown", None, CHOWN),
    flag(Keyword::Copy, "chmod", None, CHMOD),
    flag(Keyword::Copy, "link", None, LINK),
    flag(Keyword::Copy, "parents", None, PARENTS),
    flag(Keyword::Copy, "exclude", None, EXCLUDE),
    flag(Keyword::Add, "chown", None, CHOWN),
    flag(Keyword::Add, "chmod", None, CHMOD),
    flag(Keyword::Add, "link", None, LINK),
    flag(Keyword::Add, "parents", None, PARENTS),
    flag(Keyword::Add, "exclude", None, EXCLUDE),
    flag(
        Keyword::Add,
        "keep-git-dir",
        None,
        "When ADD clones a Git repository, the `.git` directory is normally left out; this keeps it \
         (and its size) in the layer.",
    ),
    flag(
        Keyword::Add,
        "checksum",
        None,
        "The build fails if the downloaded file's digest differs, so a changed file at the URL \
         cannot slip into the image unnoticed.",
    ),
    flag(
        Keyword::Add,
        "unpack",
        None,
        "Overrides whether ADD unpacks an archive: `true` unpacks even a downloaded one, `false` \
         copies a local archive as it is.",
    ),
    flag(Keyword::Healthcheck, "interval", None, "How long to wait between checks; the default is 30s."),
    flag(
        Keyword::Healthcheck,
        "timeout",
        None,
        "How long one check may take before it counts as failed; the default is 30s.",
    ),
    flag(
        Keyword::Healthcheck,
        "start-period",
        None,
        "How long after the start failures do not count yet, giving a slow app time to boot; the \
         default is 0s.",
    ),
    flag(
        Keyword::Healthcheck,
        "start-interval",
        None,
        "How often to check during the start period; the default is 5s (Docker Engine 25 or later).",
    ),
    flag(
        Keyword::Healthcheck,
        "retries",
        None,
        "How many failures in a row mark the container unhealthy; the default is 3.",
    ),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookups_ignore_case_and_dashes() {
        assert!(flag_doc(Keyword::Run, "--Mount", Some("CACHE")).is_some());
        assert!(flag_doc(Keyword::Run, "mount", Some("nfs")).is_none());
        assert!(flag_doc(Keyword::Copy, "mount", None).is_none());
        assert!(instruction_doc(Keyword::Unknown).is_none());
    }

    #[test]
    fn texts_are_sentences() {
        for d in instruction_docs() {
            for t in [d.summary, d.detail] {
                assert!(
                    t.ends_with('.') && !t.contains("  "),
                    "{:?}: {t}",
                    d.keyword
                );
            }
        }
        for d in flag_docs() {
            assert!(
                d.text.ends_with('.') && !d.text.contains("  "),
                "{:?} {}: {}",
                d.keyword,
                d.flag,
                d.text
            );
        }
    }
}
