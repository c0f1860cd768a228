//! Which Debian an old tag of a language image stands on, to model the tags no table lists.
//!
//! `docker pull node:6` today gives the last image built for Node 6, and a version stops being
//! built when its line reaches end of life. docker-library builds the default and `-slim`
//! variants on the newest Debian a few months after it is released (`buildpack-deps:<release>`
//! for the default variant, `debian:<release>-slim` for `-slim`). So the Debian under
//! `node:6` is the newest one released at least [`ADOPTION_MONTHS`] before Node 6's end of life
//! — stretch — and the image is modelled as that base plus the runtime, weighed in the nearest
//! version a table does list (`estimate/base.rs`).

/// Debian releases with their release dates (debian.org/releases), oldest first.
pub const DEBIAN_RELEASE_DATES: &[(&str, (u32, u32))] = &[
    ("wheezy", (2013, 5)),
    ("jessie", (2015, 4)),
    ("stretch", (2017, 6)),
    ("buster", (2019, 7)),
    ("bullseye", (2021, 8)),
    ("bookworm", (2023, 6)),
    ("trixie", (2025, 8)),
];

/// Months between a Debian release and docker-library's images building on it by default
/// (stretch: golang and python moved in 2017-08/09, two to three months after its release;
/// buster 2019-07 → 2019-08/10; bookworm 2023-06 → 2023-06/08).
pub const ADOPTION_MONTHS: u32 = 3;

/// Which base the default (full) variant of each image is built on: `buildpack-deps:<release>`
/// or its `-scm` layer (golang and openjdk's JDKs install no compilers of their own), or
/// `debian:<release>-slim` (php) — each image's Dockerfile in its docker-library repository.
pub const FULL_BASE: &[(&str, &str)] = &[
    ("node", "buildpack-deps"),
    ("python", "buildpack-deps"),
    ("ruby", "buildpack-deps"),
    ("perl", "buildpack-deps"),
    ("rust", "buildpack-deps"),
    ("gcc", "buildpack-deps"),
    ("golang", "buildpack-deps-scm"),
    ("openjdk", "buildpack-deps-scm"),
    ("php", "debian-slim"),
];

/// When each version line was last built: its end of life. (image, version, (year, month)).
/// Sources: nodejs/Release's schedule, the Python devguide's version table, go.dev's release
/// history (a Go release is supported until the second newer one), ruby-lang.org's branch
/// list, php.net/eol, Rust's six-week releases (forge.rust-lang.org).
#[rustfmt::skip]
pub const LAST_BUILT: &[(&str, &str, (u32, u32))] = &[
    ("node", "0.10", (2016, 10)), ("node", "0.12", (2016, 12)), ("node", "4", (2018, 4)),
    ("node", "5", (2016, 6)), ("node", "6", (2019, 4)), ("node", "7", (2017, 6)),
    ("node", "8", (2019, 12)), ("node", "9", (2018, 6)), ("node", "10", (2021, 4)),
    ("node", "11", (2019, 6)), ("node", "12", (2022, 4)), ("node", "13", (2020, 6)),
    ("node", "14", (2023, 4)), ("node", "15", (2021, 6)), ("node", "16", (2023, 9)),
    ("node", "17", (2022, 6)), ("node", "19", (2023, 6)), ("node", "21", (2024, 6)),
    ("python", "2.7", (2020, 4)), ("python", "3.3", (2017, 9)), ("python", "3.4", (2019, 3)),
    ("python", "3.5", (2020, 9)), ("python", "3.6", (2021, 12)), ("python", "3.7", (2023, 6)),
    ("python", "3.8", (2024, 10)),
    ("golang", "1.4", (2016, 2)), ("golang", "1.5", (2016, 8)), ("golang", "1.6", (2017, 2)),
    ("golang", "1.7", (2017, 8)), ("golang", "1.8", (2018, 2)), ("golang", "1.9", (2018, 8)),
    ("golang", "1.10", (2019, 2)), ("golang", "1.11", (2019, 9)), ("golang", "1.12", (2020, 2)),
    ("golang", "1.13", (2020, 8)), ("golang", "1.14", (2021, 2)), ("golang", "1.15", (2021, 8)),
    ("golang", "1.16", (2022, 3)), ("golang", "1.17", (2022, 8)), ("golang", "1.18", (2023, 2)),
    ("golang", "1.19", (2023, 8)), ("golang", "1.20", (2024, 2)), ("golang", "1.21", (2024, 8)),
    ("golang", "1.22", (2025, 2)),
    ("ruby", "2.2", (2018, 3)), ("ruby", "2.3", (2019, 3)), ("ruby", "2.4", (2020, 3)),
    ("ruby", "2.5", (2021, 3)), ("ruby", "2.6", (2022, 3)), ("ruby", "2.7", (2023, 3)),
    ("ruby", "3.0", (2024, 4)),
    ("php", "5.6", (2018, 12)), ("php", "7.0", (2019, 1)), ("php", "7.1", (2019, 12)),
    ("php", "7.2", (2020, 11)), ("php", "7.3", (2021, 12)), ("php", "7.4", (2022, 11)),
    ("php", "8.0", (2023, 11)),
];

/// Rust 1.0 came out 2015-05 and a release every six weeks since: 1.N was the newest for six
/// weeks from about 2015-05 + 1.4 months × N.
fn rust_last_built(minor: u32) -> (u32, u32) {
    let months = 5 + ((minor + 1) as f64 * 1.4).round() as u32;
    (2015 + (months - 1) / 12, (months - 1) % 12 + 1)
}

/// When `image:version` was last built, for the versions above (`6`, `6.5.0` and `6-slim` are
/// Node 6); None for what it does not list (current versions are in the tables).
pub fn last_built(image: &str, version: &[u32]) -> Option<(u32, u32)> {
    if image == "rust" {
        return match version {
            [1, minor, ..] => Some(rust_last_built(*minor)),
            _ => None,
        };
    }
    LAST_BUILT
        .iter()
        .filter(|(i, _, _)| *i == image)
        .find(|(_, v, _)| {
            let want: Vec<u32> = v.split('.').filter_map(|n| n.parse().ok()).collect();
            version.len() >= want.len() && version[..want.len()] == want[..]
        })
        .map(|(_, _, d)| *d)
}

/// The Debian an image built at `date` stands on by default.
pub fn debian_at(date: (u32, u32)) -> Option<&'static str> {
    let months = |(y, m): (u32, u32)| y * 12 + m;
    DEBIAN_RELEASE_DATES
        .iter()
        .rev()
        .find(|(_, released)| months(*released) + ADOPTION_MONTHS <= months(date))
        .map(|(r, _)| *r)
}

/// The base image reference of `image`'s default (`slim` false) or `-slim` variant on `release`.
pub fn base_on(image: &str, release: &str, slim: bool) -> Option<String> {
    let kind = FULL_BASE.iter().find(|(i, _)| *i == image)?.1;
    Some(match (kind, slim) {
        (_, true) | ("debian-slim", _) => format!("debian:{release}-slim"),
        ("buildpack-deps-scm", false) => format!("buildpack-deps:{release}-scm"),
        _ => format!("buildpack-deps:{release}"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn old_versions_stand_on_the_debian_of_their_last_build() {
        let era = |image: &str, v: &[u32]| last_built(image, v).and_then(debian_at);
        assert_eq!(era("golang", &[1, 8]), Some("stretch"));
        assert_eq!(era("golang", &[1, 7, 3]), Some("jessie"));
        assert_eq!(era("python", &[3, 6]), Some("bullseye"));
        assert_eq!(era("python", &[2, 7, 18]), Some("buster"));
        assert_eq!(era("node", &[6, 5, 0]), Some("stretch"));
        assert_eq!(era("node", &[5]), Some("jessie"));
        assert_eq!(era("rust", &[1, 31]), Some("stretch"));
        assert_eq!(
            era("node", &[22]),
            None,
            "current versions are in the tables"
        );
        assert_eq!(
            base_on("golang", "stretch", false).as_deref(),
            Some("buildpack-deps:stretch-scm")
        );
        assert_eq!(
            base_on("node", "jessie", true).as_deref(),
            Some("debian:jessie-slim")
        );
    }
}
