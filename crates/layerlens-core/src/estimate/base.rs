//! Base images: a reference (`python:3.11-slim`) to a size with a range and a basis.
//!
//! Resolution, in order: the exact tag; the tag with its implied Debian release (`3.11` →
//! `3.11-bookworm`, `3.11-slim` → `3.11-slim-bookworm`); then the nearest version of the same
//! image and variant (full / slim / alpine), with the range widened by how far the version is;
//! then a wide range for the variant, saying the image is unknown. Never a silent guess.

use super::Amount;
use crate::knowledge::bases::{base_facts, repo_info, BaseFact};
use crate::knowledge::packages::{Os, Variant};
use crate::knowledge::tags::{
    debian_codename_in, DEBIAN_RELEASES, DEBIAN_STABLE, DEFAULT_DEBIAN_IMAGES, RENAMED_IMAGES,
    UBUNTU_RELEASES,
};

/// A known size for one tag of an image: from repo-info's table or from the other facts
/// (`knowledge/bases.rs`, generated from the TSVs beside it: reports, .NET baselines, older tags).
struct Row {
    tag: &'static str,
    /// The tag repo-info saw it resolve to (`3.12.14-trixie`); empty for other facts.
    resolved: &'static str,
    mb: f64,
    os: Os,
    spread: f64,
    source: String,
    /// When it was measured (year, month).
    date: Option<(u32, u32)>,
}

/// `2019-07` or `2026-08-13` → (year, month).
fn year_month(date: &str) -> Option<(u32, u32)> {
    let mut parts = date.split('-');
    let y = parts.next()?.parse().ok()?;
    let m = parts.next()?.parse().ok()?;
    Some((y, m))
}

/// Every row for `image`, repo-info's first (newer, and read from the source itself).
fn rows_of(image: &str) -> Vec<Row> {
    let repo = repo_info()
        .iter()
        .filter(|r| r.image == image)
        .map(|r| Row {
            tag: r.tag,
            resolved: r.resolved,
            mb: r.mb,
            os: r.os,
            spread: 0.03,
            date: year_month(r.date),
            source: if r.resolved == r.tag {
                format!("repo-info, {}", r.date)
            } else {
                format!("repo-info, {}, then {}:{}", r.date, r.image, r.resolved)
            },
        });
    let facts = base_facts()
        .iter()
        .filter(|f| f.image == image)
        .map(|f: &BaseFact| Row {
            tag: f.tag,
            resolved: "",
            mb: f.mb,
            os: f.os,
            spread: f.spread,
            date: year_month(f.date),
            source: {
                let dated = if f.source.contains(f.date) {
                    f.source.to_string()
                } else {
                    format!("{}, {}", f.source, f.date)
                };
                if f.url.starts_with("http") {
                    format!("{dated} <{}>", f.url)
                } else {
                    dated
                }
            },
        });
    repo.chain(facts).collect()
}

/// `3.23-slim` → ("3.23", "-slim"); `alpine3.24` → ("", "alpine3.24").
fn split_version(tag: &str) -> (&str, &str) {
    let end = tag
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(tag.len());
    let end = tag[..end].trim_end_matches('.').len();
    (&tag[..end], &tag[end..])
}

/// A documented alias: the row, why, and how much wider the range is than the row's own
/// (0 when the alias names the very same image; a few % for another patch release).
type Alias = (usize, String, f64);

/// Documented aliases of `tag` among `rows`: the tag each official image's conventions say it
/// points at, with why. Tried in order after an exact match; then the same for the tag with its
/// patch version or its Alpine release dropped (`3.9.2-alpine3.13` → `3.9-alpine`).
fn alias(image: &str, tag: &str, rows: &[Row]) -> Option<Alias> {
    if let Some(a) = same_image(image, tag, rows) {
        return Some(a);
    }
    let find = |t: &str| rows.iter().position(|r| r.tag == t);
    let (v, suffix) = split_version(tag);
    // `3.14-alpine3.23` is `3.14-alpine` built on another Alpine release: Alpine's base layer
    // differs by under a megabyte between releases (alpine 3.9–3.24 weigh 5.5–8.4 MB).
    if let Some(at) = suffix.find("alpine3.") {
        let plain = format!("{v}{}alpine", &suffix[..at]);
        let plain = plain.trim_start_matches('-');
        if let Some(i) = find(plain) {
            return Some((
                i,
                format!("`{tag}` is `{plain}` on another Alpine release"),
                0.03,
            ));
        }
        if let Some((i, why, extra)) = same_image(image, plain, rows) {
            return Some((
                i,
                format!("`{tag}` is `{plain}` on another Alpine release; {why}"),
                extra + 0.03,
            ));
        }
    }
    // `stretch-20190326-slim`: Debian's (and Ubuntu's) dated tags are a build of that release on
    // that day (docker-library/official-images' debian and ubuntu files list them beside the
    // codename); builds of one release differ by a few MB over its life.
    if matches!(image, "debian" | "ubuntu") {
        let words: Vec<&str> = tag.split('-').collect();
        if let Some(k) = words
            .iter()
            .position(|w| w.len() == 8 && w.bytes().all(|b| b.is_ascii_digit()))
            .filter(|&k| k > 0)
        {
            let undated: Vec<&str> = words
                .iter()
                .enumerate()
                .filter(|&(j, _)| j != k)
                .map(|(_, w)| *w)
                .collect();
            let undated = undated.join("-");
            if let Some((i, why, extra)) = row_or_alias(image, &undated, rows) {
                return Some((
                    i,
                    format!(
                        "`{tag}` is the {}-{}-{} build of `{undated}`, whose builds differ by a few MB{why}",
                        &words[k][..4],
                        &words[k][4..6],
                        &words[k][6..]
                    ),
                    extra + 0.05,
                ));
            }
        }
    }
    // `3.9.2-slim` is a patch release of the `3.9-slim` line: patch releases of one line are
    // built the same way and differ by a few megabytes.
    let parts: Vec<&str> = v.split('.').collect();
    if parts.len() >= 3 {
        let line = parts[..parts.len() - 1].join(".");
        let line_tag = format!("{line}{suffix}");
        if let Some((i, why, extra)) = row_or_alias(image, &line_tag, rows) {
            return Some((
                i,
                format!("`{v}` is a patch release of the `{line}` line, whose releases differ by a few MB{why}"),
                extra + 0.05,
            ));
        }
    }
    None
}

/// `tag` itself, or an alias naming the same image; the why (if any) as `; …` to append.
fn row_or_alias(image: &str, tag: &str, rows: &[Row]) -> Option<Alias> {
    if let Some(i) = rows.iter().position(|r| r.tag == tag) {
        return Some((i, String::new(), 0.0));
    }
    same_image(image, tag, rows).map(|(i, why, extra)| (i, format!("; {why}"), extra))
}

/// The aliases that name the very same image (repo-info resolves one to the other).
fn same_image(image: &str, tag: &str, rows: &[Row]) -> Option<Alias> {
    let newest = |keep: &dyn Fn(&str) -> bool| -> Option<usize> {
        rows.iter()
            .enumerate()
            .filter(|(_, r)| keep(r.tag))
            .max_by(|(_, a), (_, b)| version(a.tag).cmp(&version(b.tag)))
            .map(|(i, _)| i)
    };
    let find = |t: &str| rows.iter().position(|r| r.tag == t);
    // repo-info's file for one tag names the tag it is (`22.23.1-bookworm` is `22`).
    if let Some(r) = repo_info()
        .iter()
        .find(|r| r.image == image && r.resolved == tag && r.tag != tag)
    {
        if let Some(i) = find(r.tag) {
            return Some((i, format!("repo-info lists `{tag}` as `{}`", r.tag), 0.0));
        }
    }
    // A release number is its codename and back (Debian's `12-slim` is `bookworm-slim`);
    // Debian's `stable` and `latest` are the newest (13, trixie).
    let releases = match image {
        "debian" => DEBIAN_RELEASES,
        "ubuntu" => UBUNTU_RELEASES,
        _ => &[],
    };
    let (first, rest) = tag.split_once('-').map_or((tag, ""), |(a, b)| (a, b));
    let first = match (image, first) {
        ("debian", "stable" | "latest") => DEBIAN_STABLE,
        _ => first,
    };
    let with_rest = |t: &str| {
        if rest.is_empty() {
            t.to_string()
        } else {
            format!("{t}-{rest}")
        }
    };
    for (num, name) in releases {
        let other = match first {
            f if f == *num => name,
            f if f == *name => num,
            _ => continue,
        };
        if let Some(i) = find(&with_rest(first)).or_else(|| find(&with_rest(other))) {
            let why = if image == "debian" {
                format!(
                    "Debian {num} is {name}; `stable` and `latest` are 13 (trixie) since 2025-08"
                )
            } else {
                format!("Ubuntu {num} is {name}")
            };
            return Some((i, why, 0.0));
        }
    }
    // A word tag another row resolved to a version (node's `lts` was `24` on repo-info's
    // day): `lts-alpine` is `24-alpine`.
    if let Some((word, rest)) = tag.split_once('-') {
        if !word.starts_with(|c: char| c.is_ascii_digit()) {
            if let Some(v) = repo_info()
                .iter()
                .find(|r| r.image == image && r.tag == word)
                .map(|r| split_version(r.resolved).0)
                .filter(|v| !v.is_empty())
            {
                if let Some(i) = find(&format!("{v}-{rest}")) {
                    return Some((i, format!("`{word}` was `{v}` on repo-info's day"), 0.0));
                }
                if let Some((i, why, extra)) = same_image(image, &format!("{v}-{rest}"), rows) {
                    return Some((
                        i,
                        format!("`{word}` was `{v}` on repo-info's day; {why}"),
                        extra,
                    ));
                }
            }
        }
    }
    let (v, suffix) = split_version(tag);
    // Tags without a distribution name the Debian release the image's maintainers chose; which
    // one is read from repo-info's rows (`python:3.12` resolved to `3.12.14-trixie`).
    if DEFAULT_DEBIAN_IMAGES.contains(&image)
        && debian_codename_in(tag).is_none()
        && !tag.contains("alpine")
        && !tag.contains("windows")
        && !tag.contains("nanoserver")
    {
        if let Some(release) = default_release(image) {
            let with = format!("{tag}-{release}");
            if let Some((i, why, extra)) = row_or_alias(image, &with, rows) {
                return Some((
                    i,
                    format!(
                        "`{image}` tags without a release were {release}'s on repo-info's day{why}"
                    ),
                    extra,
                ));
            }
        }
    }
    if tag == "latest" {
        // An image without a `latest` row: its newest plain version (the official images'
        // convention: `latest` is the newest release of the default variant).
        return newest(&|t| !t.is_empty() && split_version(t).1.is_empty())
            .map(|i| (i, "`latest` is the newest release".to_string(), 0.0));
    }
    if !v.is_empty() {
        // `3` and `3.23` name the newest `3.x.y` and `3.23.y` of the same variant.
        let prefix = format!("{v}.");
        if let Some(i) = newest(&|t| {
            let (tv, ts) = split_version(t);
            ts == suffix && tv.starts_with(&prefix)
        }) {
            return Some((i, format!("`{v}` is the newest `{v}.*` release"), 0.0));
        }
    } else {
        // A variant alone (`alpine`, `slim`, `bookworm-slim`): the newest version of it.
        if let Some(i) = newest(&|t| {
            let (tv, ts) = split_version(t);
            !tv.is_empty() && ts.strip_prefix('-') == Some(suffix)
        }) {
            return Some((i, format!("`{tag}` is the newest `*-{tag}`"), 0.0));
        }
        if let Some(i) = newest(&|t| {
            t.starts_with(tag) && t[tag.len()..].starts_with(|c: char| c.is_ascii_digit())
        }) {
            return Some((i, format!("`{tag}` is the newest `{tag}*`"), 0.0));
        }
    }
    // A tag another tag resolved to on repo-info's day: `3.14-slim` was `3.14.2-slim-trixie`,
    // so `3.14-slim-trixie` is that image.
    if let Some(r) = repo_info().iter().find(|r| {
        let (rv, rs) = split_version(r.resolved);
        r.image == image
            && r.tag != tag
            && rs == suffix
            && !v.is_empty()
            && !suffix.is_empty()
            && (rv == v || rv.starts_with(&format!("{v}.")))
    }) {
        if let Some(i) = find(r.tag) {
            return Some((
                i,
                format!("`{}` was `{}` on repo-info's day", r.tag, r.resolved),
                0.0,
            ));
        }
    }
    None
}

/// The Debian release an image's tags without one resolved to on repo-info's day: the release
/// most of its bare tags (`3.12`, `22-slim`, `latest`) pointed at.
fn default_release(image: &str) -> Option<&'static str> {
    let mut counts: Vec<(&'static str, usize)> = Vec::new();
    for r in repo_info().iter().filter(|r| r.image == image) {
        if debian_codename_in(r.tag).is_some() || r.tag.contains("alpine") {
            continue;
        }
        if let Some(release) = debian_codename_in(r.resolved) {
            match counts.iter_mut().find(|(n, _)| *n == release) {
                Some((_, c)) => *c += 1,
                None => counts.push((release, 1)),
            }
        }
    }
    counts.into_iter().max_by_key(|&(_, c)| c).map(|(n, _)| n)
}

/// The Debian release of `image:tag` resolved to `row`: named by the tag (`3.11-slim-bookworm`,
/// `debian:12`, `debian:stable`), else by the row or what repo-info saw it resolve to.
fn debian_release_of(image: &str, tag: &str, row: &Row) -> Option<&'static str> {
    if image == "debian" {
        let first = tag.split('-').next().unwrap_or("");
        if matches!(first, "stable" | "latest") {
            return Some(DEBIAN_STABLE);
        }
        if let Some((_, name)) = DEBIAN_RELEASES.iter().find(|(n, _)| *n == first) {
            return Some(name);
        }
    }
    debian_codename_in(tag)
        .or_else(|| debian_codename_in(row.tag))
        .or_else(|| debian_codename_in(row.resolved))
        .or_else(|| {
            // debian's own rows name their release by number (`13`) or `stable`.
            (image == "debian")
                .then(|| row.tag.split('-').next())
                .flatten()
                .and_then(|n| {
                    DEBIAN_RELEASES
                        .iter()
                        .find(|(num, _)| *num == n)
                        .map(|(_, c)| *c)
                })
        })
}

/// How a base image's size was known: the tag itself, a documented alias of a known tag, the
/// nearest known version (range widened), or not at all (a wide range for its variant).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Known {
    Exact,
    Alias,
    /// An old version no table lists, modelled on the Debian it was last built on
    /// (`knowledge::eras`) with the runtime of the nearest version a table lists.
    Modelled,
    Nearest,
    Unknown,
}

pub struct ResolvedBase {
    /// The image's name without registry or `library/` (`python`, `gcr.io/distroless/static`).
    pub image: String,
    /// The Debian release under it, when the tag or the row it resolved to says so (`trixie`).
    pub debian_release: Option<&'static str>,
    pub known: Known,
    pub amount: Amount,
    pub os: Os,
    pub variant: Variant,
    pub basis: String,
    /// An official image built on buildpack-deps (python:3.x, node:x, golang:x, ...): compilers,
    /// git, curl and many -dev packages are already there.
    pub buildpack_deps: bool,
    pub has_python: bool,
    /// `python:3.11…` → Some(11): the Python 3 minor version, when the tag says it.
    pub python_minor: Option<u32>,
}

/// `docker.io/library/python` → `python`.
fn normalize_image(name: &str) -> String {
    let n = name.to_ascii_lowercase();
    let n = n.strip_prefix("docker.io/").unwrap_or(&n);
    let n = n.strip_prefix("index.docker.io/").unwrap_or(n);
    n.strip_prefix("library/").unwrap_or(n).to_string()
}

pub fn variant_of(image: &str, tag: &str) -> Variant {
    let t = tag.to_ascii_lowercase();
    if image.contains("distroless") || t.contains("chiseled") {
        Variant::Minimal
    } else if t.contains("alpine") || image == "alpine" {
        Variant::Alpine
    } else if t.contains("slim") {
        Variant::Slim
    } else {
        Variant::Full
    }
}

/// Leading version numbers of a tag: `3.11-slim` → [3, 11]; `latest` → [].
fn version(tag: &str) -> Vec<u32> {
    tag.split(['-', '_'])
        .next()
        .unwrap_or("")
        .split('.')
        .map_while(|p| p.parse::<u32>().ok())
        .collect()
}

fn distance(a: &[u32], b: &[u32]) -> f64 {
    // Major versions apart weigh 10, minor 1.
    let major = a
        .first()
        .zip(b.first())
        .map_or(1.0, |(x, y)| (*x as f64 - *y as f64).abs());
    let minor = a
        .get(1)
        .zip(b.get(1))
        .map_or(0.0, |(x, y)| (*x as f64 - *y as f64).abs());
    major * 10.0 + minor
}

fn fact_amount(f: &Row, extra_spread: f64) -> Amount {
    Amount::mb_spread(f.mb, f.spread + extra_spread)
}

const LANG_IMAGES_ON_BUILDPACK_DEPS: &[&str] = &[
    "python",
    "node",
    "golang",
    "ruby",
    "rust",
    "openjdk",
    "buildpack-deps",
    "php",
    "perl",
];

pub fn resolve(reference: &str) -> ResolvedBase {
    let (name, tag, _digest) = crate::stages::split_reference(reference);
    let image = normalize_image(&name);
    let tag = tag
        .unwrap_or_else(|| "latest".to_string())
        .to_ascii_lowercase();
    if let Some((old, new, why)) = RENAMED_IMAGES.iter().find(|(old, ..)| *old == image) {
        let mut r = resolve(&format!("{new}:{tag}"));
        if r.known == Known::Exact {
            r.known = Known::Alias;
        }
        r.basis = format!("`{old}` is `{new}` ({why}); {}", r.basis);
        return r;
    }
    let variant = variant_of(&image, &tag);
    // buildpack-deps' `-curl` and `-scm` variants are the layers below the compilers.
    let buildpack_deps = variant == Variant::Full
        && LANG_IMAGES_ON_BUILDPACK_DEPS.contains(&image.as_str())
        && !(image == "buildpack-deps" && (tag.contains("scm") || tag.contains("curl")));
    let has_python = image == "python" || image.contains("python");
    let python_minor = if image == "python" {
        version(&tag).get(1).copied()
    } else {
        None
    };
    let done = |known: Known, f: &Row, amount: Amount, basis: String| ResolvedBase {
        image: image.clone(),
        debian_release: debian_release_of(&image, &tag, f),
        known,
        amount,
        os: f.os,
        variant,
        basis,
        buildpack_deps,
        has_python,
        python_minor,
    };
    if image == "scratch" {
        return ResolvedBase {
            image: image.clone(),
            debian_release: None,
            known: Known::Exact,
            amount: Amount::ZERO,
            os: Os::Scratch,
            variant: Variant::Minimal,
            basis: "scratch: an empty filesystem".into(),
            buildpack_deps: false,
            has_python: false,
            python_minor: None,
        };
    }
    let rows = rows_of(&image);
    let describe = |f: &Row| format!("{image}:{}: {} MB, {}", f.tag, fmt_mb(f.mb), f.source);
    if let Some(f) = rows.iter().find(|f| f.tag == tag) {
        return done(Known::Exact, f, fact_amount(f, 0.0), describe(f));
    }
    if let Some((i, why, extra)) = alias(&image, &tag, &rows) {
        let f = &rows[i];
        return done(
            Known::Alias,
            f,
            fact_amount(f, extra),
            format!(
                "alias: `{image}:{tag}` is `{image}:{}` ({why}); {}",
                f.tag,
                describe(f)
            ),
        );
    }
    // Nearest version of the same variant.
    let want = version(&tag);
    let same_variant: Vec<&Row> = rows
        .iter()
        .filter(|f| variant_of(&image, f.tag) == variant)
        .collect();
    // A floating tag (`3`, `latest`) is no version to be near to while a real one is: `3.6` is
    // nearer `3.8` than `3`.
    let precise: Vec<&Row> = same_variant
        .iter()
        .copied()
        .filter(|f| version(f.tag).len() >= want.len().min(2))
        .collect();
    let same_variant = if precise.is_empty() {
        same_variant
    } else {
        precise
    };
    // Between rows as near, the one sharing more of the tag's words (`jre`, `temurin`, `17`
    // in `3.8.5-eclipse-temurin-17`): a JRE is not its JDK, Corretto is not Temurin.
    let words =
        |t: &str| -> Vec<String> { t.split(['-', '_']).skip(1).map(str::to_string).collect() };
    let wanted = words(&tag);
    let missing = |t: &str| {
        let have = words(t);
        wanted.iter().filter(|w| !have.contains(w)).count() as f64
    };
    let nearest = same_variant.iter().min_by(|a, b| {
        let ka = distance(&want, &version(a.tag)) + 3.0 * missing(a.tag);
        let kb = distance(&want, &version(b.tag)) + 3.0 * missing(b.tag);
        ka.total_cmp(&kb)
    });
    if let Some(f) = nearest {
        let d = if want.is_empty() {
            10.0
        } else {
            distance(&want, &version(f.tag))
        };
        // Each step away widens the range; never below ±15 % for a tag we do not know.
        let extra = (0.15 + d * 0.02).min(0.6);
        // The runtime of an old version is best weighed in the nearest major, floating tag or
        // not (`node:10` for `node:6.5.0`).
        let by_major = rows
            .iter()
            .filter(|r| {
                let v = version(r.tag);
                // Not a floating tag over the same line (`1` for `1.8`): that is today's.
                variant_of(&image, r.tag) == variant
                    && !v.is_empty()
                    && !(v.len() < want.len() && want.starts_with(&v))
            })
            .min_by(|a, b| {
                let d = |r: &Row| distance(&want, &version(r.tag)) + 3.0 * missing(r.tag);
                d(a).total_cmp(&d(b))
            });
        if let Some((amount, basis)) =
            by_major.and_then(|m| modelled(&image, &tag, variant, m, extra))
        {
            return done(Known::Modelled, f, amount, basis);
        }
        // On the same Debian, the nearest major is the nearest known.
        let f = match by_major {
            Some(m) if same_debian(&image, &tag, m) => m,
            _ => f,
        };
        let d = if want.is_empty() {
            10.0
        } else {
            distance(&want, &version(f.tag))
        };
        let extra = (0.15 + d * 0.02).min(0.6);
        // A JRE tag whose nearest known row is a JDK: the JRE's usual share of its JDK.
        let jre = |t: &str| t.to_ascii_lowercase().contains("jre");
        if jre(&tag) && !jre(f.tag) {
            use crate::knowledge::runtimes::{JRE_OF_JDK, JRE_OF_JDK_SOURCE};
            let a = fact_amount(f, extra);
            let (lo, mid, hi) = JRE_OF_JDK;
            return done(
                Known::Nearest,
                f,
                Amount::from_f64_pub(
                    a.low as f64 * lo,
                    a.bytes as f64 * mid,
                    a.high as f64 * hi,
                ),
                format!(
                    "no figure for `{image}:{tag}`; modelled: the nearest known {}, a JDK, × {mid} for a JRE ({JRE_OF_JDK_SOURCE}; range widened)",
                    describe(f)
                ),
            );
        }
        return done(
            Known::Nearest,
            f,
            fact_amount(f, extra),
            format!(
                "no figure for `{image}:{tag}`; nearest known {} (range widened)",
                describe(f)
            ),
        );
    }
    // Unknown image: what images of this variant weigh.
    let (lo, mid, hi) = match variant {
        Variant::Alpine => (5.0, 60.0, 400.0),
        Variant::Slim => (70.0, 150.0, 400.0),
        Variant::Minimal => (2.0, 25.0, 250.0),
        Variant::Full => (70.0, 400.0, 1500.0),
    };
    ResolvedBase {
        image: image.clone(),
        debian_release: debian_codename_in(&tag),
        known: Known::Unknown,
        amount: Amount::range_mb(lo, mid, hi),
        os: match variant {
            Variant::Alpine => Os::Alpine,
            Variant::Minimal => Os::Minimal,
            _ => Os::Other,
        },
        variant,
        basis: format!("unknown base image `{image}:{tag}`: not in the knowledge base, so a wide range for a {} image", match variant {
            Variant::Alpine => "alpine",
            Variant::Slim => "slim",
            Variant::Minimal => "minimal",
            Variant::Full => "full",
        }),
        buildpack_deps,
        has_python,
        python_minor,
    }
}

/// The Debian an old version stands on: named in its tag, else the one of its last build
/// (`knowledge::eras`).
fn wanted_debian(image: &str, tag: &str) -> Option<&'static str> {
    use crate::knowledge::eras;
    debian_codename_in(tag)
        .or_else(|| eras::last_built(image, &version(tag)).and_then(eras::debian_at))
}

/// The Debian a row was measured on: named in its tag, else the default when it was measured.
fn row_debian(f: &Row) -> Option<&'static str> {
    debian_codename_in(f.tag)
        .or_else(|| debian_codename_in(f.resolved))
        .or_else(|| f.date.and_then(crate::knowledge::eras::debian_at))
}

/// Whether `image:tag` (an old version) stands on the Debian row `f` was measured on.
fn same_debian(image: &str, tag: &str, f: &Row) -> bool {
    let ours = wanted_debian(image, tag);
    ours.is_some() && ours == row_debian(f)
}

/// An old version of a language image no table lists (`node:6`, `golang:1.8`): the base it was
/// last built on (`knowledge::eras`: the Debian of its end of life) plus the runtime as the
/// nearest listed version `f` weighs it — `f` less its own base. None when the two stand on the
/// same Debian (the nearest row is then the better figure) or a base is not known exactly.
fn modelled(
    image: &str,
    tag: &str,
    variant: Variant,
    f: &Row,
    extra: f64,
) -> Option<(Amount, String)> {
    use crate::knowledge::eras;
    if !matches!(variant, Variant::Full | Variant::Slim) {
        return None;
    }
    let slim = variant == Variant::Slim;
    let built = eras::last_built(image, &version(tag));
    let release = wanted_debian(image, tag)?;
    let theirs = row_debian(f)?;
    if release == theirs {
        return None;
    }
    let base = |r: &str| -> Option<(String, f64)> {
        let reference = eras::base_on(image, r, slim)?;
        let b = resolve(&reference);
        matches!(b.known, Known::Exact | Known::Alias)
            .then(|| (reference, b.amount.bytes as f64 / 1e6))
    };
    let (ours_ref, ours_mb) = base(release)?;
    let (their_ref, their_mb) = base(theirs)?;
    let runtime = f.mb - their_mb;
    if runtime <= 0.0 {
        return None;
    }
    let mb = ours_mb + runtime;
    let when = built.map_or(String::new(), |(y, m)| {
        format!(", last built at its end of life, {y}-{m:02}")
    });
    Some((
        Amount::mb_spread(mb, f.spread + extra + 0.05),
        format!(
            "no figure for `{image}:{tag}`; modelled: it stands on Debian {release}{when}: `{ours_ref}` ({} MB) plus the runtime as the nearest known `{image}:{}` weighs it ({} MB less its `{their_ref}`, {} MB) ≈ {} MB ({}; range widened)",
            fmt_mb(ours_mb),
            f.tag,
            fmt_mb(f.mb),
            fmt_mb(their_mb),
            fmt_mb(mb),
            f.source
        ),
    ))
}

pub fn fmt_mb(mb: f64) -> String {
    if mb >= 100.0 {
        format!("{mb:.0}")
    } else if mb >= 10.0 {
        format!("{mb:.1}")
    } else {
        format!("{mb:.2}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_implied_nearest_unknown() {
        let r = resolve("python:3.13-slim-bookworm");
        assert_eq!(r.amount.bytes, 120_970_000);
        assert!(r.basis.contains("repo-info"));
        // repo-info's own tag: `3.12-slim` was trixie's on the day it was read.
        let r = resolve("python:3.12-slim");
        assert_eq!(
            (r.known, r.amount.bytes),
            (Known::Exact, 119_200_000),
            "{}",
            r.basis
        );
        assert!(
            r.basis.contains("python:3.12.13-slim-trixie"),
            "{}",
            r.basis
        );
        // Documented aliases: major and major.minor name the newest release, `latest` too,
        // a variant alone its newest version, Debian's numbers its codenames.
        for (tag, is) in [
            ("alpine:3", "alpine:3.24.2"),
            ("alpine:3.23", "alpine:3.23.6"),
            ("alpine:latest", "alpine:3.24.2"),
            ("alpine", "alpine:3.24.2"),
            ("debian:12-slim", "debian:bookworm-slim"),
            ("debian:12", "debian:bookworm"),
            ("debian:trixie", "debian:13"),
            ("python:3-alpine", "python:3.14-alpine"),
            ("golang:alpine", "golang:1.27-alpine"),
            ("ubuntu:focal", "ubuntu:20.04"),
            ("ubuntu:xenial", "ubuntu:16.04"),
            ("node:lts-alpine", "node:24-alpine"),
        ] {
            let r = resolve(tag);
            assert_eq!(r.known, Known::Alias, "{tag}: {}", r.basis);
            assert!(
                r.basis.contains(&format!("is `{is}`")),
                "{tag}: {}",
                r.basis
            );
        }
        // Aliases that widen the range a little: another patch release of the same line,
        // the same tag on another Alpine release; a renamed image; the default Debian release.
        for (tag, says) in [
            (
                "python:3.13.2-slim-bookworm",
                "patch release of the `3.13` line",
            ),
            ("python:3.14-alpine3.23", "on another Alpine release"),
            ("java:8-jre-alpine", "`java` is `openjdk`"),
            ("node:26", "repo-info lists `26` as `26-trixie`"),
            ("node:22", "repo-info lists `22` as `22.23.1-bookworm`"),
            ("python:3.14-slim-trixie", "was `3.14"),
        ] {
            let r = resolve(tag);
            assert_eq!(r.known, Known::Alias, "{tag}: {}", r.basis);
            assert!(r.basis.contains(says), "{tag}: {}", r.basis);
        }
        let (patch, line) = (
            resolve("python:3.13.2-slim-bookworm").amount,
            resolve("python:3.13-slim-bookworm").amount,
        );
        assert_eq!(patch.bytes, line.bytes);
        assert!(patch.high > line.high, "a patch alias widens the range");
        // An old tag known from a public report, with its source.
        let r = resolve("debian:jessie");
        assert_eq!((r.known, r.amount.bytes), (Known::Exact, 123_000_000));
        assert!(r.basis.contains("official-images/pull/2318"), "{}", r.basis);
        assert_eq!(resolve("debian:latest").known, Known::Exact);
        assert!(resolve("debian:latest").basis.contains("debian:trixie"));
        // An old version is modelled on the Debian it was last built on: python:3.6 ended in
        // 2021-12 on bullseye; the runtime weighs as in python:3.8 (buster).
        let r = resolve("python:3.6");
        assert_eq!(r.known, Known::Modelled, "{}", r.basis);
        assert!(
            r.basis.contains("Debian bullseye")
                && r.basis.contains("`buildpack-deps:bullseye`")
                && r.basis.contains("`python:3.8-buster`"),
            "{}",
            r.basis
        );
        assert!(r.amount.low < r.amount.bytes && r.amount.high > r.amount.bytes);
        assert!(r.buildpack_deps && r.has_python);
        // Same Debian as the nearest major: that row, as the nearest known.
        let r = resolve("node:6.5.0");
        assert_eq!(r.known, Known::Nearest, "{}", r.basis);
        assert!(r.basis.contains("nearest known node:10"), "{}", r.basis);
        // A floating tag over the same line is today's image, not a near version.
        assert!(!resolve("golang:1.8").basis.contains("`golang:1-"));
        let r = resolve("docker.io/library/alpine:3.7");
        assert_eq!(r.amount.bytes, 4_150_000);
        let r = resolve("example.com/acme/thing:1.0");
        assert!(r.basis.starts_with("unknown base image"));
        assert!(r.amount.high > 10 * r.amount.low);
        assert_eq!(resolve("scratch").amount.bytes, 0);
    }
}
