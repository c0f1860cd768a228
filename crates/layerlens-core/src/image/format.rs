//! The archive formats: which JSON says which blobs are the config and the layers, in order.
//!
//! - legacy `docker save`: `manifest.json` → `Config` and `Layers` (paths in the archive);
//! - Docker 25+ `docker save`: the same `manifest.json` next to an OCI layout (`index.json`,
//!   `blobs/sha256/…`); its `index.json` may hold `"manifests": null`;
//! - OCI image layout: `index.json` → (nested indexes →) manifest → config and layer descriptors,
//!   each a blob at `blobs/<alg>/<hex>`; a multi-platform index lists platforms to choose from.
//!
//! [`plan`] is re-run as metadata arrives: it either asks for one more file or returns the plan.

use super::{ErrorKind, ImageError};
use serde::Deserialize;
use serde_json::Value;

#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    /// `docker save` before Docker 25 (also Podman's and kaniko's docker-archive).
    DockerArchive,
    /// `docker save` of Docker 25 and later: an OCI layout plus manifest.json.
    DockerOciArchive,
    /// An OCI image layout (`index.json`, `blobs/`).
    OciLayout,
}

impl Format {
    /// How every surface names it.
    pub fn label(&self) -> &'static str {
        match self {
            Format::DockerArchive => "docker save",
            Format::DockerOciArchive => "docker save (Docker 25+, OCI layout)",
            Format::OciLayout => "OCI image layout",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Platform {
    pub os: String,
    pub architecture: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub variant: Option<String>,
}

impl Platform {
    pub fn parse(s: &str) -> Option<Platform> {
        let mut it = s.split('/');
        let os = it.next()?.trim().to_string();
        let architecture = it.next()?.trim().to_string();
        let variant = it
            .next()
            .map(|v| v.trim().to_string())
            .filter(|v| !v.is_empty());
        (!os.is_empty() && !architecture.is_empty()).then_some(Platform {
            os,
            architecture,
            variant,
        })
    }

    fn matches(&self, want: &Platform) -> bool {
        self.os == want.os
            && self.architecture == want.architecture
            && (want.variant.is_none() || self.variant == want.variant)
    }
}

impl std::fmt::Display for Platform {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.os, self.architecture)?;
        if let Some(v) = &self.variant {
            write!(f, "/{v}")?;
        }
        Ok(())
    }
}

#[derive(Clone, Debug)]
pub struct LayerRef {
    /// Path of the blob in the archive.
    pub path: String,
    pub media_type: Option<String>,
    /// The descriptor's digest (OCI), if known.
    pub digest: Option<String>,
}

#[derive(Clone, Debug)]
pub struct Plan {
    pub format: Format,
    pub config_path: String,
    pub layers: Vec<LayerRef>,
    pub platforms: Vec<Platform>,
    pub platform: Option<Platform>,
    pub repo_tags: Vec<String>,
    pub warnings: Vec<String>,
}

pub enum PlanStep {
    /// Read this archive path, then plan again.
    Need(String),
    Ready(Plan),
}

/// What the planner may look at: captured files and the archive's entry names.
pub trait Archive {
    fn file(&self, path: &str) -> Option<&[u8]>;
    fn has(&self, path: &str) -> bool;
}

#[derive(Deserialize)]
struct DockerManifestItem {
    #[serde(rename = "Config", default)]
    config: String,
    #[serde(rename = "RepoTags", default)]
    repo_tags: Option<Vec<String>>,
    #[serde(rename = "Layers", default)]
    layers: Vec<String>,
}

#[derive(Deserialize, Clone)]
struct Descriptor {
    #[serde(rename = "mediaType", default)]
    media_type: Option<String>,
    #[serde(default)]
    digest: String,
    #[serde(default)]
    platform: Option<DescPlatform>,
    #[serde(default)]
    annotations: Option<std::collections::BTreeMap<String, String>>,
}

#[derive(Deserialize, Clone)]
struct DescPlatform {
    #[serde(default)]
    os: String,
    #[serde(default)]
    architecture: String,
    #[serde(default)]
    variant: Option<String>,
}

#[derive(Deserialize)]
struct OciIndexOrManifest {
    #[serde(rename = "mediaType", default)]
    media_type: Option<String>,
    #[serde(default)]
    manifests: Option<Vec<Descriptor>>,
    #[serde(default)]
    config: Option<Descriptor>,
    #[serde(default)]
    layers: Option<Vec<Descriptor>>,
}

pub fn normalize(path: &str) -> String {
    let mut out: Vec<&str> = Vec::new();
    for p in path.split('/') {
        match p {
            "" | "." => {}
            ".." => {
                out.pop();
            }
            p => out.push(p),
        }
    }
    out.join("/")
}

fn blob_path(digest: &str) -> Result<String, ImageError> {
    let (alg, hex) = digest.split_once(':').ok_or_else(|| {
        ImageError::new(
            ErrorKind::Corrupt,
            format!("descriptor digest {digest:?} has no algorithm"),
        )
    })?;
    if alg.is_empty()
        || hex.is_empty()
        || !hex.chars().all(|c| c.is_ascii_alphanumeric())
        || !alg
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "+._-".contains(c))
    {
        return Err(ImageError::new(
            ErrorKind::Corrupt,
            format!("descriptor digest {digest:?} is malformed"),
        ));
    }
    Ok(format!("blobs/{alg}/{hex}"))
}

fn parse<'a, T: Deserialize<'a>>(bytes: &'a [u8], what: &str) -> Result<T, ImageError> {
    serde_json::from_slice(bytes)
        .map_err(|e| ImageError::new(ErrorKind::Corrupt, format!("{what} is not valid: {e}")))
}

fn is_index(media_type: Option<&str>) -> bool {
    matches!(
        media_type,
        Some("application/vnd.oci.image.index.v1+json")
            | Some("application/vnd.docker.distribution.manifest.list.v2+json")
    )
}

fn is_attestation(d: &Descriptor) -> bool {
    d.annotations.as_ref().is_some_and(|a| {
        a.get("vnd.docker.reference.type")
            .is_some_and(|t| t == "attestation-manifest")
    }) || d
        .platform
        .as_ref()
        .is_some_and(|p| p.os == "unknown" && p.architecture == "unknown")
}

pub fn plan(ar: &dyn Archive, want: Option<&Platform>) -> Result<PlanStep, ImageError> {
    let docker_manifest = ar.has("manifest.json");
    let oci_index = ar.has("index.json");
    if !docker_manifest && !oci_index {
        return Err(ImageError::new(ErrorKind::NotAnImage, "neither manifest.json (docker save) nor index.json (OCI layout) is in the archive: not a saved image"));
    }
    // An OCI index with manifests wins (it has platforms); Docker 25+ may write `"manifests": null`.
    if oci_index {
        let Some(bytes) = ar.file("index.json") else {
            return Ok(PlanStep::Need("index.json".into()));
        };
        let index: OciIndexOrManifest = parse(bytes, "index.json")?;
        let manifests = index.manifests.unwrap_or_default();
        if !manifests.is_empty() || !docker_manifest {
            let format = if docker_manifest {
                Format::DockerOciArchive
            } else {
                Format::OciLayout
            };
            return plan_oci(ar, manifests, format, want);
        }
    }
    let Some(bytes) = ar.file("manifest.json") else {
        return Ok(PlanStep::Need("manifest.json".into()));
    };
    let items: Vec<DockerManifestItem> = parse(bytes, "manifest.json")?;
    let Some(item) = items.into_iter().next() else {
        return Err(ImageError::new(
            ErrorKind::NotAnImage,
            "manifest.json lists no image",
        ));
    };
    if item.config.is_empty() {
        return Err(ImageError::new(
            ErrorKind::Corrupt,
            "manifest.json names no Config",
        ));
    }
    let format = if oci_index || ar.has("oci-layout") {
        Format::DockerOciArchive
    } else {
        Format::DockerArchive
    };
    let layers = item
        .layers
        .iter()
        .map(|l| LayerRef {
            path: normalize(l),
            media_type: None,
            digest: l
                .strip_prefix("blobs/sha256/")
                .map(|h| format!("sha256:{h}")),
        })
        .collect();
    let config_path = normalize(&item.config);
    // The platform is in the config; the reader fills it in.
    Ok(PlanStep::Ready(Plan {
        format,
        config_path,
        layers,
        platforms: Vec::new(),
        platform: None,
        repo_tags: item.repo_tags.unwrap_or_default(),
        warnings: Vec::new(),
    }))
}

fn plan_oci(
    ar: &dyn Archive,
    top: Vec<Descriptor>,
    format: Format,
    want: Option<&Platform>,
) -> Result<PlanStep, ImageError> {
    // Flatten nested indexes (bounded depth), keeping image manifests with their platforms.
    let mut candidates: Vec<Descriptor> = Vec::new();
    let mut queue: Vec<(Descriptor, u32)> = top.into_iter().map(|d| (d, 0)).collect();
    let mut steps = 0;
    while let Some((d, depth)) = queue.pop() {
        steps += 1;
        if steps > 1024 || depth > 8 {
            return Err(ImageError::new(
                ErrorKind::Hostile,
                "the OCI index nests too deep or lists too many manifests",
            ));
        }
        let path = blob_path(&d.digest)?;
        let nested = is_index(d.media_type.as_deref());
        if !nested && d.media_type.is_some() {
            candidates.push(d);
            continue;
        }
        // No media type: look inside to know.
        if !ar.has(&path) {
            if nested {
                return Err(ImageError::new(
                    ErrorKind::Missing,
                    format!("the index {} is not in the archive", d.digest),
                ));
            }
            candidates.push(d);
            continue;
        }
        let Some(bytes) = ar.file(&path) else {
            return Ok(PlanStep::Need(path));
        };
        let inner: OciIndexOrManifest = parse(bytes, &path)?;
        if nested || inner.manifests.is_some() || is_index(inner.media_type.as_deref()) {
            for m in inner.manifests.unwrap_or_default() {
                queue.push((m, depth + 1));
            }
        } else {
            candidates.push(d);
        }
    }
    candidates.retain(|d| !is_attestation(d));
    // The queue is a stack: restore index order.
    candidates.reverse();
    let present: Vec<Descriptor> = candidates
        .iter()
        .filter(|d| blob_path(&d.digest).map(|p| ar.has(&p)).unwrap_or(false))
        .cloned()
        .collect();
    if present.is_empty() {
        return Err(ImageError::new(
            ErrorKind::Missing,
            "the OCI index names no image manifest that is in the archive",
        ));
    }
    let platform_of = |d: &Descriptor| {
        d.platform.as_ref().map(|p| Platform {
            os: p.os.clone(),
            architecture: p.architecture.clone(),
            variant: p.variant.clone().filter(|v| !v.is_empty()),
        })
    };
    let platforms: Vec<Platform> = present.iter().filter_map(platform_of).collect();
    let mut warnings = Vec::new();
    let chosen = match want {
        // No descriptor says its platform (Docker 25's index): the config decides, later.
        Some(_) if platforms.is_empty() => present[0].clone(),
        Some(w) => present
            .iter()
            .find(|d| platform_of(d).is_some_and(|p| p.matches(w)))
            .cloned()
            .ok_or_else(|| {
                let list: Vec<String> = platforms.iter().map(|p| p.to_string()).collect();
                ImageError::new(
                    ErrorKind::Platform,
                    format!(
                        "platform {w} is not in the image; it has: {}",
                        if list.is_empty() {
                            "no platform list".into()
                        } else {
                            list.join(", ")
                        }
                    ),
                )
            })?,
        None => {
            let amd64 = Platform {
                os: "linux".into(),
                architecture: "amd64".into(),
                variant: None,
            };
            match present
                .iter()
                .find(|d| platform_of(d).is_some_and(|p| p.matches(&amd64)))
            {
                Some(d) => d.clone(),
                None => {
                    if present.len() > 1 {
                        warnings.push(format!(
                            "the image has {} platforms and no linux/amd64; showing the first ({})",
                            present.len(),
                            platform_of(&present[0])
                                .map(|p| p.to_string())
                                .unwrap_or_else(|| "unknown".into())
                        ));
                    }
                    present[0].clone()
                }
            }
        }
    };
    let mpath = blob_path(&chosen.digest)?;
    let Some(bytes) = ar.file(&mpath) else {
        return Ok(PlanStep::Need(mpath));
    };
    let m: OciIndexOrManifest = parse(bytes, &mpath)?;
    let config = m.config.ok_or_else(|| {
        ImageError::new(
            ErrorKind::Corrupt,
            format!("the manifest {} has no config", chosen.digest),
        )
    })?;
    let layers = m
        .layers
        .unwrap_or_default()
        .into_iter()
        .map(|l| {
            Ok(LayerRef {
                path: blob_path(&l.digest)?,
                media_type: l.media_type,
                digest: Some(l.digest),
            })
        })
        .collect::<Result<Vec<_>, ImageError>>()?;
    let platform = platform_of(&chosen);
    Ok(PlanStep::Ready(Plan {
        format,
        config_path: blob_path(&config.digest)?,
        layers,
        platforms,
        platform,
        repo_tags: Vec::new(),
        warnings,
    }))
}

/// The parts of the image config (`application/vnd.oci.image.config.v1+json`) we show.
#[derive(Clone, Debug, Default, serde::Serialize)]
pub struct Config {
    pub os: String,
    pub architecture: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub variant: Option<String>,
    pub user: String,
    pub env: Vec<String>,
    pub entrypoint: Option<Vec<String>>,
    pub cmd: Option<Vec<String>>,
    pub working_dir: String,
    pub exposed_ports: Vec<String>,
    pub volumes: Vec<String>,
    pub labels: Vec<(String, String)>,
    pub stop_signal: Option<String>,
    /// `Healthcheck.Test`, when the image has one.
    pub healthcheck: Option<Vec<String>>,
    pub shell: Option<Vec<String>>,
    pub onbuild: Vec<String>,
    pub history: Vec<History>,
    pub diff_ids: Vec<String>,
}

#[derive(Clone, Debug, Default, serde::Serialize)]
pub struct History {
    pub created: Option<String>,
    pub created_by: String,
    pub comment: Option<String>,
    pub empty_layer: bool,
}

fn strings(v: &Value) -> Option<Vec<String>> {
    match v {
        Value::Array(a) => Some(
            a.iter()
                .filter_map(|s| s.as_str().map(str::to_string))
                .collect(),
        ),
        Value::String(s) => Some(vec![s.clone()]),
        _ => None,
    }
}

fn keys(v: &Value) -> Vec<String> {
    v.as_object()
        .map(|o| o.keys().cloned().collect())
        .unwrap_or_default()
}

pub fn parse_config(bytes: &[u8], what: &str) -> Result<Config, ImageError> {
    let v: Value = parse(bytes, what)?;
    let s = |v: &Value, k: &str| v.get(k).and_then(Value::as_str).unwrap_or("").to_string();
    // Docker writes `config`; very old images only `container_config`.
    let c = v
        .get("config")
        .filter(|c| c.is_object())
        .or_else(|| v.get("container_config"))
        .cloned()
        .unwrap_or(Value::Null);
    let history = v
        .get("history")
        .and_then(Value::as_array)
        .map(|h| {
            h.iter()
                .map(|e| History {
                    created: e.get("created").and_then(Value::as_str).map(str::to_string),
                    created_by: s(e, "created_by"),
                    comment: e.get("comment").and_then(Value::as_str).map(str::to_string),
                    empty_layer: e
                        .get("empty_layer")
                        .and_then(Value::as_bool)
                        .unwrap_or(false),
                })
                .collect()
        })
        .unwrap_or_default();
    let labels = c
        .get("Labels")
        .and_then(Value::as_object)
        .map(|o| {
            o.iter()
                .map(|(k, v)| (k.clone(), v.as_str().unwrap_or("").to_string()))
                .collect()
        })
        .unwrap_or_default();
    Ok(Config {
        os: s(&v, "os"),
        architecture: s(&v, "architecture"),
        variant: v.get("variant").and_then(Value::as_str).map(str::to_string),
        user: s(&c, "User"),
        env: c.get("Env").and_then(strings).unwrap_or_default(),
        entrypoint: c.get("Entrypoint").and_then(strings),
        cmd: c.get("Cmd").and_then(strings),
        working_dir: s(&c, "WorkingDir"),
        exposed_ports: c.get("ExposedPorts").map(keys).unwrap_or_default(),
        volumes: c.get("Volumes").map(keys).unwrap_or_default(),
        labels,
        stop_signal: c
            .get("StopSignal")
            .and_then(Value::as_str)
            .map(str::to_string),
        healthcheck: c
            .get("Healthcheck")
            .and_then(|h| h.get("Test"))
            .and_then(strings),
        shell: c.get("Shell").and_then(strings),
        onbuild: c.get("OnBuild").and_then(strings).unwrap_or_default(),
        history,
        diff_ids: v
            .get("rootfs")
            .and_then(|r| r.get("diff_ids"))
            .and_then(strings)
            .unwrap_or_default(),
    })
}
