//! How official images' tags name each other: release numbers and codenames, renamed images,
//! and the Debian releases a language image defaults to. Read by the base-image resolver
//! (`estimate/base.rs`); each table says where it comes from.

/// Debian's release numbers and codenames (debian.org/releases), both used as tags.
pub const DEBIAN_RELEASES: &[(&str, &str)] = &[
    ("7", "wheezy"),
    ("8", "jessie"),
    ("9", "stretch"),
    ("10", "buster"),
    ("11", "bullseye"),
    ("12", "bookworm"),
    ("13", "trixie"),
    ("14", "forky"),
];

/// Debian's `stable` (and `latest`) since 2025-08-09, when 13 was released (debian.org/releases).
pub const DEBIAN_STABLE: &str = "trixie";

/// Ubuntu's release numbers and codenames (wiki.ubuntu.com/Releases), both used as tags.
pub const UBUNTU_RELEASES: &[(&str, &str)] = &[
    ("14.04", "trusty"),
    ("16.04", "xenial"),
    ("18.04", "bionic"),
    ("20.04", "focal"),
    ("22.04", "jammy"),
    ("24.04", "noble"),
    ("26.04", "resolute"),
];

/// The Python 3 each release's `python3` package is (packages.debian.org, packages.ubuntu.com):
/// Debian by codename, Ubuntu by release number; and whether an official `python:<v>-slim-<codename>`
/// image exists for it (Debian only; Ubuntu's nearest is the plain `-slim`).
pub const DISTRO_PYTHON3: &[(&str, &str, &str)] = &[
    ("debian", "bullseye", "3.9"),
    ("debian", "bookworm", "3.11"),
    ("debian", "trixie", "3.13"),
    ("ubuntu", "22.04", "3.10"),
    ("ubuntu", "24.04", "3.12"),
];

/// The Debian codename or Ubuntu release number a `debian`/`ubuntu` tag names: release numbers,
/// codenames, point releases (`12.5`, `bookworm-20240110`), `-slim`, and `latest`/`stable`
/// (Debian's [`DEBIAN_STABLE`]; Ubuntu's newest release in [`UBUNTU_RELEASES`]).
pub fn distro_release(image: &str, tag: &str) -> Option<&'static str> {
    let t = tag.to_ascii_lowercase();
    let t = t.strip_suffix("-slim").unwrap_or(&t);
    let first = t.split(['-', '.']).next().unwrap_or(t);
    match image {
        "debian" => {
            if matches!(t, "latest" | "stable") {
                return Some(DEBIAN_STABLE);
            }
            DEBIAN_RELEASES
                .iter()
                .find(|(n, c)| first == *n || first == *c)
                .map(|(_, c)| *c)
        }
        "ubuntu" => {
            if t == "latest" {
                return UBUNTU_RELEASES.last().map(|(n, _)| *n);
            }
            UBUNTU_RELEASES
                .iter()
                .find(|(n, c)| t == *n || t.starts_with(&format!("{n}.")) || first == *c)
                .map(|(n, _)| *n)
        }
        _ => None,
    }
}

/// Every Debian codename a tag may carry as a variant (`3.11-slim-bookworm`).
pub fn debian_codename_in(tag: &str) -> Option<&'static str> {
    tag.split('-').find_map(|part| {
        DEBIAN_RELEASES
            .iter()
            .find(|(_, n)| *n == part)
            .map(|(_, n)| *n)
    })
}

/// Images renamed by Docker's official library: (old name, new name, what happened, source).
/// The old tags were the same builds under the new name.
pub const RENAMED_IMAGES: &[(&str, &str, &str)] = &[(
    "java",
    "openjdk",
    "the `java` image was deprecated in favour of `openjdk`, no updates after 2016-12-31 (docker-library/docs, java/deprecated.md)",
)];

/// Images whose tags without a distribution (`python:3.12`, `node:22`) name a Debian release
/// the project chose; the release is read from repo-info's rows (a bare tag resolved to
/// `3.12.14-trixie`), so this only lists which images follow the convention.
pub const DEFAULT_DEBIAN_IMAGES: &[&str] = &[
    "python",
    "node",
    "golang",
    "ruby",
    "rust",
    "php",
    "perl",
    "buildpack-deps",
    "openjdk",
    "gcc",
];

/// ENV the official images set that say where tools keep their files: (image, key, value), as
/// each image's Dockerfile in docker-library sets it.
/// An `-onbuild` variant official images had until 2017–2018 (python, node, golang, ruby,
/// maven): the plain image plus ONBUILD triggers that run in the build of every image made FROM
/// it — copy the project, install its dependencies. Deprecated by docker-library/official-images#2076
/// (docs#911, 2017-05); new versions got none after that (golang#175, 2017-09), and the variants
/// were removed in 2018 (python#314, ruby#223) and with Node 8 (docker-node#1171).
pub struct OnbuildImage {
    pub image: &'static str,
    /// The triggers as Dockerfile lines, after the WORKDIR the image set.
    pub triggers: &'static str,
    /// The image's own CMD when it set one: what a stage with neither CMD nor ENTRYPOINT runs.
    pub cmd: Option<&'static str>,
    /// The tag a bare `onbuild` (or `latest-onbuild`) stands for: the last version built with
    /// the variant.
    pub last: &'static str,
    pub source: &'static str,
}

/// `go-wrapper download`/`install` are written as what the wrapper ran (`go get -d`,
/// `go install`), and `go-wrapper run` as the binary it started (`/go/bin/app`, named after the
/// folder).
#[rustfmt::skip]
pub const ONBUILD_IMAGES: &[OnbuildImage] = &[
    OnbuildImage { image: "python", triggers: "WORKDIR /usr/src/app\nCOPY requirements.txt /usr/src/app/\nRUN pip install --no-cache-dir -r requirements.txt\nCOPY . /usr/src/app\n", cmd: None, last: "3.6", source: "docker-library/python's 3.6/onbuild Dockerfile (removed by python#314, 2018-07)" },
    OnbuildImage { image: "node", triggers: "WORKDIR /usr/src/app\nCOPY package.json /usr/src/app/\nRUN npm install && npm cache clean --force\nCOPY . /usr/src/app\n", cmd: Some("CMD [\"npm\", \"start\"]"), last: "8", source: "nodejs/docker-node's 8/onbuild Dockerfile (the last: official-images#6759 tags 8-onbuild in 2019; docker-node#1171)" },
    OnbuildImage { image: "golang", triggers: "WORKDIR /go/src/app\nCOPY . /go/src/app\nRUN go get -d -v ./...\nRUN go install -v ./...\n", cmd: Some("CMD [\"app\"]"), last: "1.8", source: "docker-library/golang's 1.8/onbuild Dockerfile and go-wrapper (no onbuild from 1.9 on: golang#175, 2017-09)" },
    OnbuildImage { image: "ruby", triggers: "WORKDIR /usr/src/app\nCOPY Gemfile /usr/src/app/\nCOPY Gemfile.lock /usr/src/app/\nRUN bundle install\nCOPY . /usr/src/app\n", cmd: None, last: "2.4", source: "docker-library/ruby's 2.4/onbuild Dockerfile (removed by ruby#223, 2018-07)" },
    OnbuildImage { image: "maven", triggers: "WORKDIR /usr/src/app\nADD . /usr/src/app\nRUN mvn install\n", cmd: None, last: "3-jdk-8", source: "carlossg/docker-maven's jdk-8/onbuild Dockerfile (removed 2019)" },
];

/// An onbuild reference read: the plain image it is built on, its triggers, and whether the tag
/// named a version (`node:5-onbuild`) or not (`node:onbuild`, read as the last version built).
pub struct Onbuild {
    pub plain: String,
    pub image: &'static OnbuildImage,
    pub versioned: bool,
}

/// `python:3.6-onbuild` → `python:3.6` and its triggers; `node:onbuild` → `node:8`, the last
/// Node the variant was built for.
pub fn onbuild(reference: &str) -> Option<Onbuild> {
    let (name, tag, digest) = crate::stages::split_reference(reference);
    if digest.is_some() {
        return None;
    }
    let tag = tag?;
    // Official images only: `library/node`, `docker.io/library/node` or `node`.
    let image = name
        .trim_start_matches("docker.io/")
        .trim_start_matches("library/");
    let found = ONBUILD_IMAGES.iter().find(|o| o.image == image)?;
    // maven's were `3-jdk-8-onbuild`: the plain tag is `3-jdk-8`.
    let (plain, versioned) = match tag.as_str() {
        "onbuild" | "latest-onbuild" => (found.last.to_string(), false),
        t => (t.strip_suffix("-onbuild")?.to_string(), true),
    };
    Some(Onbuild {
        plain: format!("{name}:{plain}"),
        image: found,
        versioned,
    })
}

/// A VOLUME an official image declares: what a RUN in an image built on it writes there is
/// discarded when the RUN ends (Docker's reference, "Notes about specifying volumes"), so a
/// build's cache under it costs nothing — and is gone in the next RUN.
pub struct ImageVolume {
    pub image: &'static str,
    pub path: &'static str,
    /// Only tags of at most this `major.minor` (images built before the VOLUME was removed);
    /// None: every tag.
    pub up_to: Option<(u32, u32)>,
    pub source: &'static str,
}

#[rustfmt::skip]
pub const IMAGE_VOLUMES: &[ImageVolume] = &[
    // Every gradle image, 2017 to today (repo-info's history of gradle:latest, 2026-09-28):
    // `VOLUME /home/gradle/.gradle`, with /root/.gradle a symbolic link to it.
    ImageVolume { image: "gradle", path: "/home/gradle/.gradle", up_to: None, source: "repo-info: gradle images, VOLUME [/home/gradle/.gradle] (2017–2026)" },
    ImageVolume { image: "gradle", path: "/root/.gradle", up_to: None, source: "repo-info: gradle images link /root/.gradle to the volume" },
    // maven images declared `VOLUME /root/.m2` until docker-library/official-images#3779
    // (2017-12); tags of Maven 3.3 and older were not rebuilt after it.
    ImageVolume { image: "maven", path: "/root/.m2", up_to: Some((3, 3)), source: "repo-info: maven ≤ 3.3 images, VOLUME [/root/.m2]; removed by official-images#3779 (2017-12)" },
];

/// The VOLUMEs of `image:tag` (tag as written; `latest` and bare names are today's images).
pub fn image_volumes(image: &str, tag: &str) -> Vec<&'static str> {
    let version = {
        let mut nums = tag.split(|c: char| !c.is_ascii_digit()).take(2);
        let major = nums.next().and_then(|n| n.parse::<u32>().ok());
        let minor = nums.next().and_then(|n| n.parse::<u32>().ok());
        major.map(|m| (m, minor.unwrap_or(u32::MAX)))
    };
    IMAGE_VOLUMES
        .iter()
        .filter(|v| v.image == image)
        .filter(|v| match (v.up_to, version) {
            (None, _) => true,
            (Some(max), Some(ver)) => tag.starts_with(|c: char| c.is_ascii_digit()) && ver <= max,
            (Some(_), None) => false,
        })
        .map(|v| v.path)
        .collect()
}

pub const IMAGE_ENV: &[(&str, &str, &str)] = &[
    ("rust", "CARGO_HOME", "/usr/local/cargo"),
    ("rust", "RUSTUP_HOME", "/usr/local/rustup"),
    ("golang", "GOPATH", "/go"),
];

#[cfg(test)]
mod distro_tests {
    use super::*;

    #[test]
    fn debian_and_ubuntu_tags_name_their_release() {
        assert_eq!(distro_release("debian", "latest"), Some(DEBIAN_STABLE));
        assert_eq!(distro_release("debian", "12.5-slim"), Some("bookworm"));
        assert_eq!(
            distro_release("debian", "bookworm-20240110"),
            Some("bookworm")
        );
        assert_eq!(distro_release("debian", "bullseye-slim"), Some("bullseye"));
        assert_eq!(distro_release("ubuntu", "jammy"), Some("22.04"));
        assert_eq!(distro_release("ubuntu", "24.04"), Some("24.04"));
        assert_eq!(distro_release("alpine", "3.20"), None);
        // maven ≤ 3.3 declared VOLUME /root/.m2; later tags did not.
        assert_eq!(image_volumes("maven", "3.3-jdk-8"), vec!["/root/.m2"]);
        assert!(image_volumes("maven", "3-jdk-8").is_empty());
        assert!(image_volumes("maven", "latest").is_empty());
        assert_eq!(image_volumes("gradle", "8-jdk21").len(), 2);
    }
}
