//! Config and filesystem checks in dockle's spirit (its CIS-DI codes beside ours).

use super::analysis::Analysis;
use super::model::Kind;
use serde::Serialize;

#[derive(Clone, Debug, Serialize)]
pub struct Check {
    /// Stable id: `runs-as-root`, `secret-env`, `no-healthcheck`, `setuid-files`, `credential-files`.
    pub id: &'static str,
    /// dockle's code for the same check.
    pub dockle: &'static str,
    /// `warning` or `info`.
    pub severity: &'static str,
    pub title: &'static str,
    pub detail: String,
    pub fix: &'static str,
}

/// File names that hold credentials (dockle's list, trimmed to the ones that are never benign).
const CREDENTIAL_FILES: &[&str] = &[
    ".npmrc",
    ".pypirc",
    ".netrc",
    ".git-credentials",
    "id_rsa",
    "id_dsa",
    "id_ecdsa",
    "id_ed25519",
    "credentials.json",
    ".htpasswd",
    ".pgpass",
    ".boto",
    ".s3cfg",
];
const CREDENTIAL_PATHS: &[&str] = &[
    "/.aws/credentials",
    "/.docker/config.json",
    "/.config/gcloud/credentials.db",
    "/.kube/config",
];

pub fn checks(a: &Analysis) -> Vec<Check> {
    let c = &a.image.config;
    let mut out = Vec::new();
    let user = c.user.trim();
    if user.is_empty() || matches!(user, "root" | "0" | "0:0" | "root:root") {
        out.push(Check {
            id: "runs-as-root",
            dockle: "CIS-DI-0001",
            severity: "warning",
            title: "The container runs as root",
            detail: if user.is_empty() { "The config sets no USER, so processes run as root.".into() } else { format!("USER is {user:?}.") },
            fix: "Create a user and switch to it: `RUN useradd --system --uid 10001 app` then `USER 10001`.",
        });
    }
    let secrets: Vec<String> = c
        .env
        .iter()
        .filter_map(|e| e.split_once('=').map(|(k, _)| k).or(Some(e.as_str())))
        .filter(|k| crate::lint::rules::looks_secret(k))
        .map(str::to_string)
        .collect();
    if !secrets.is_empty() {
        out.push(Check {
            id: "secret-env",
            dockle: "CIS-DI-0010",
            severity: "warning",
            title: "Secret-looking environment variables",
            detail: format!("{} — ENV values are readable by anyone who can pull the image (`docker inspect`).", secrets.join(", ")),
            fix: "Pass secrets at run time, or at build time with `RUN --mount=type=secret`; never with ENV or ARG.",
        });
    }
    let hc_none = c
        .healthcheck
        .as_ref()
        .is_some_and(|t| t.first().is_some_and(|f| f == "NONE"));
    if c.healthcheck.is_none() || hc_none {
        out.push(Check {
            id: "no-healthcheck",
            dockle: "CIS-DI-0006",
            severity: "info",
            title: "No HEALTHCHECK",
            detail: "Without one, an orchestrator only knows the process is alive, not that it answers.".into(),
            fix: "Add `HEALTHCHECK CMD …` that probes the service (or rely on your orchestrator's probes).",
        });
    }
    let mut setid = Vec::new();
    let mut creds = Vec::new();
    for (node, _, e, _) in a.final_files_iter() {
        if e.kind != Kind::File {
            continue;
        }
        if e.mode & 0o6000 != 0 {
            setid.push(format!(
                "{} ({})",
                a.paths().path(node),
                if e.mode & 0o4000 != 0 {
                    "setuid"
                } else {
                    "setgid"
                }
            ));
        }
        let name = a.paths().name(node);
        if CREDENTIAL_FILES.contains(&name) {
            creds.push(a.paths().path(node));
        } else {
            let p = a.paths().path(node);
            if CREDENTIAL_PATHS.iter().any(|s| p.ends_with(s)) {
                creds.push(p);
            }
        }
    }
    if !setid.is_empty() {
        let n = setid.len();
        setid.truncate(10);
        out.push(Check {
            id: "setuid-files",
            dockle: "CIS-DI-0008",
            severity: "info",
            title: "setuid/setgid files",
            detail: format!("{n} file(s): {}{}", setid.join(", "), if n > 10 { ", …" } else { "" }),
            fix: "Remove the bits where not needed: `RUN find / -xdev -perm /6000 -type f -exec chmod a-s {} +`.",
        });
    }
    if !creds.is_empty() {
        out.push(Check {
            id: "credential-files",
            dockle: "CIS-DI-0010",
            severity: "warning",
            title: "Credential files in the image",
            detail: creds.join(", "),
            fix: "Mount credentials at build time (`RUN --mount=type=secret,id=npmrc,target=/root/.npmrc`) and keep them out of COPY with .dockerignore. Deleting them in a later layer does not help: the layer that added them still ships them.",
        });
    }
    out
}
