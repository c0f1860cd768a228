//! Base images: a reference (`python:3.11-slim`) to a size with a range and a basis.
//!
//! Resolution, in order: the exact tag; the tag with its implied Debian release (`3.11` →
//! `3.11-bookworm`, `3.11-slim` → `3.11-slim-bookworm`); then the nearest version of the same
//! image and variant (full / slim / alpine), with the range widened by how far the version is;
//! then a wide range for the variant, saying the image is unknown. Never a silent guess.

use super::facts::{BaseFact, Os, Variant, BASES};
use super::Amount;

pub struct ResolvedBase {
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

fn fact_amount(f: &BaseFact, extra_spread: f64) -> Amount {
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
    let variant = variant_of(&image, &tag);
    let buildpack_deps =
        variant == Variant::Full && LANG_IMAGES_ON_BUILDPACK_DEPS.contains(&image.as_str());
    let has_python = image == "python" || image.contains("python");
    let python_minor = if image == "python" {
        version(&tag).get(1).copied()
    } else {
        None
    };
    let done = |f: &BaseFact, amount: Amount, basis: String| ResolvedBase {
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
            amount: Amount::ZERO,
            os: Os::Scratch,
            variant: Variant::Minimal,
            basis: "scratch: an empty filesystem".into(),
            buildpack_deps: false,
            has_python: false,
            python_minor: None,
        };
    }
    let rows: Vec<&BaseFact> = BASES.iter().filter(|f| f.image == image).collect();
    let describe =
        |f: &BaseFact| format!("{}:{}: {} MB, {}", f.image, f.tag, fmt_mb(f.mb), f.source);
    // Exact, then with the implied Debian release, then the implied `latest`.
    let mut candidates = vec![tag.clone()];
    if !tag.contains("alpine")
        && !tag.contains("bookworm")
        && !tag.contains("buster")
        && !tag.contains("bullseye")
        && (image == "python" || image == "node")
    {
        candidates.push(format!("{tag}-bookworm"));
    }
    if tag == "latest" && image == "debian" {
        candidates.push("bookworm".into());
    }
    for c in &candidates {
        if let Some(f) = rows.iter().find(|f| f.tag == c) {
            let note = if c != &tag {
                format!(" (`{tag}` read as `{c}`)")
            } else {
                String::new()
            };
            return done(f, fact_amount(f, 0.0), format!("{}{note}", describe(f)));
        }
    }
    // Nearest version of the same variant.
    let want = version(&tag);
    let same_variant: Vec<&&BaseFact> = rows
        .iter()
        .filter(|f| variant_of(&image, f.tag) == variant)
        .collect();
    let nearest = same_variant.iter().min_by(|a, b| {
        distance(&want, &version(a.tag)).total_cmp(&distance(&want, &version(b.tag)))
    });
    if let Some(f) = nearest {
        let d = if want.is_empty() {
            10.0
        } else {
            distance(&want, &version(f.tag))
        };
        // Each step away widens the range; never below ±15 % for a tag we do not know.
        let extra = (0.15 + d * 0.02).min(0.6);
        return done(
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
        let r = resolve("python:3.12-slim");
        assert_eq!(r.amount.bytes, 124_300_000, "{}", r.basis);
        assert!(r.basis.contains("read as"));
        let r = resolve("python:3.6");
        assert!(
            r.basis.contains("nearest known python:3.8-buster"),
            "{}",
            r.basis
        );
        assert!(r.amount.low < r.amount.bytes && r.amount.high > r.amount.bytes);
        assert!(r.buildpack_deps && r.has_python);
        let r = resolve("docker.io/library/alpine:3.7");
        assert_eq!(r.amount.bytes, 4_150_000);
        let r = resolve("example.com/acme/thing:1.0");
        assert!(r.basis.starts_with("unknown base image"));
        assert!(r.amount.high > 10 * r.amount.low);
        assert_eq!(resolve("scratch").amount.bytes, 0);
    }
}
