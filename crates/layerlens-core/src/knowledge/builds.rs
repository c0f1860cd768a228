//! What builds leave behind: each build tool's outputs as a size per unit of its dependency graph
//! (cargo: crates in Cargo.lock; go: packages compiled), measured on real builds in the lab
//! (`lab/cases/<case>/measured.json`, buildah, 2026-12-06; sizes are `du` of the paths in the
//! built image, decimal MB), or — for JVM builds, whose registries the lab cannot reach — reported
//! by real projects (each row cites its source). Read by the estimator's `run/{cargo,go,npm,pip,
//! jvm}.rs`.
//!
//! A figure is `fixed + per_unit × units`, its range `× (low, high)`. Where the lab could not
//! measure (Go modules: the module proxy is not reachable from the lab), the row says so and its
//! range is wider.

pub struct BuildOutput {
    pub tool: &'static str,
    /// What it is: `target/release`, `registry`, `binary (release)`, …
    pub part: &'static str,
    pub fixed_mb: f64,
    pub per_unit_mb: f64,
    /// The range as multiples of the figure.
    pub low: f64,
    pub high: f64,
    pub source: &'static str,
}

impl BuildOutput {
    /// The figure for `units` (low, mid, high) in MB.
    pub fn mb(&self, units: f64) -> (f64, f64, f64) {
        let mid = self.fixed_mb + self.per_unit_mb * units;
        (mid * self.low, mid, mid * self.high)
    }
}

/// Looks up one row; every row the estimator asks for is here (a test checks).
pub fn output(tool: &str, part: &str) -> &'static BuildOutput {
    BUILD_OUTPUTS
        .iter()
        .find(|o| o.tool == tool && o.part == part)
        .unwrap_or(&BUILD_OUTPUTS[0])
}

#[rustfmt::skip]
pub const BUILD_OUTPUTS: &[BuildOutput] = &[
    // cargo build --release: target/release but the binary (deps/, build/, .fingerprint/):
    // `du` 85.7 MB for 34 crates (cargo-release-cli), 163.5 MB for 72 (cargo-release-axum), × 0.95
    // for file bytes against disk blocks (the layers' content) → 2.3 MB a crate.
    BuildOutput { tool: "cargo", part: "target/release", fixed_mb: 0.0, per_unit_mb: 2.3, low: 0.55, high: 1.8, source: "lab: cargo-release-cli, cargo-release-axum" },
    // cargo build (debug): target/debug but the binary, 228 MB (du) for 34 crates (cargo-debug-cli).
    BuildOutput { tool: "cargo", part: "target/debug", fixed_mb: 0.0, per_unit_mb: 6.4, low: 0.55, high: 1.8, source: "lab: cargo-debug-cli" },
    // The crates.io registry ($CARGO_HOME/registry: index cache, .crate files, unpacked sources):
    // du 25.5 MB / 34, 63.3 MB / 72, 36.4 MB / 33 (ripgrep), × 0.95 → 0.8 MB a crate.
    BuildOutput { tool: "cargo", part: "registry", fixed_mb: 0.0, per_unit_mb: 0.8, low: 0.6, high: 1.6, source: "lab: cargo-release-cli, cargo-release-axum, cargo-install-ripgrep" },
    // The binary: 3.3 MB (clap/regex CLI), 1.9 MB (axum hello), 32.8 MB (ripgrep 14.1.1, its
    // release profile keeps line tables); debug builds ≈ 10× (35.5 MB for the CLI).
    BuildOutput { tool: "cargo", part: "binary (release)", fixed_mb: 3.0, per_unit_mb: 0.0, low: 0.25, high: 12.0, source: "lab: 1.9–32.8 MB in 3 builds" },
    BuildOutput { tool: "cargo", part: "binary (debug)", fixed_mb: 35.0, per_unit_mb: 0.0, low: 0.3, high: 5.0, source: "lab: cargo-debug-cli" },
    // rustup-init (`curl … sh.rustup.rs | sh -s -- -y`) into a fresh RUSTUP_HOME/CARGO_HOME,
    // as a layer stores it: 642 MB with `--profile minimal` (rustc, cargo, rust-std — the
    // official rust image's 640 MB over its base agrees), 1452 MB with the default profile
    // (rust-docs, clippy, rustfmt too), 20.9 MB of it the rustup proxies; nightly installed
    // beside it with `--component rust-src` added 1541 MB (rustc 1.99.1, 2026-12; lab/rustup).
    BuildOutput { tool: "rustup", part: "toolchain (minimal profile)", fixed_mb: 642.0, per_unit_mb: 0.0, low: 0.85, high: 1.2, source: "measured: rustup-init --profile minimal, rustc 1.99.1, 2026-12" },
    BuildOutput { tool: "rustup", part: "toolchain (default profile)", fixed_mb: 1452.0, per_unit_mb: 0.0, low: 0.85, high: 1.2, source: "measured: rustup-init (default profile), rustc 1.99.1, 2026-12" },
    BuildOutput { tool: "rustup", part: "rustup alone", fixed_mb: 20.9, per_unit_mb: 0.0, low: 0.8, high: 1.3, source: "measured: rustup-init's proxies in CARGO_HOME/bin, 2026-12" },
    BuildOutput { tool: "rustup", part: "component rust-src", fixed_mb: 89.0, per_unit_mb: 0.0, low: 0.5, high: 1.5, source: "derived: nightly with rust-src (1541 MB) less a default-profile toolchain (1452 MB), 2026-12" },
    // Crates in the graph when only Cargo.toml's direct dependencies are known: 5 → 34
    // (cargo-release-cli), 6 → 72 (cargo-release-axum): ≈ 9 a direct dependency.
    BuildOutput { tool: "cargo", part: "crates per direct dependency", fixed_mb: 1.0, per_unit_mb: 9.0, low: 0.6, high: 1.6, source: "lab: 5 → 34 and 6 → 72 crates" },
    // With no manifest at all: a typical service's graph, 60 crates (15–250).
    BuildOutput { tool: "cargo", part: "crates (unknown)", fixed_mb: 60.0, per_unit_mb: 0.0, low: 0.25, high: 4.0, source: "assumed, wide on purpose" },
    // go build: the build cache (GOCACHE, /root/.cache/go-build) holds the compiled standard
    // library since Go 1.20 (no precompiled packages in GOROOT): 70.7 MB for a net/http server
    // (go-build-stdlib), 80.3 MB for one importing tls/sql/json/xml/templates too.
    BuildOutput { tool: "go", part: "build cache", fixed_mb: 72.0, per_unit_mb: 1.0, low: 0.5, high: 2.5, source: "lab: go-build-stdlib, go-build-stdlib-big; modules not measured" },
    // The binary: 7.07 MB (net/http), 5.44 MB with -ldflags="-s -w" (a bigger program).
    BuildOutput { tool: "go", part: "binary", fixed_mb: 7.0, per_unit_mb: 0.3, low: 0.35, high: 6.0, source: "lab: go-build-stdlib, go-build-stdlib-big; modules not measured" },
    // The module cache (GOMODCACHE, /go/pkg/mod): sources of every required module. Not
    // measurable in the lab (no module proxy); 3 MB a module is a guess, hence the wide range.
    BuildOutput { tool: "go", part: "module cache", fixed_mb: 0.0, per_unit_mb: 3.0, low: 0.2, high: 5.0, source: "a guess: no module proxy in the lab" },
    // npm install of a package the knowledge base has no row for, its dependencies included:
    // 8 everyday libraries (express, axios, lodash, moment, …) left 13 MB of node_modules and
    // 6.7 MB of npm cache (npm-install-nolock, content bytes split as `du` splits them).
    BuildOutput { tool: "npm", part: "dependency (unknown)", fixed_mb: 0.0, per_unit_mb: 1.6, low: 0.03, high: 20.0, source: "lab: npm-install-nolock" },
    BuildOutput { tool: "npm", part: "dependency cache (unknown)", fixed_mb: 0.0, per_unit_mb: 0.8, low: 0.03, high: 20.0, source: "lab: npm-install-nolock" },
    // A devDependency is build tooling (bundlers, compilers, test runners) with large trees:
    // webpack, webpack-cli, @babel/core, two presets and babel-loader left 51 MB of node_modules
    // and 51 MB of cache (npm-install-nolock-build, beside react and react-dom).
    // A package named on the command line (`npm install -g yo`) without a measured row: its whole
    // tree, nothing shared. The mean of the 234 packages of npm-measured.tsv installed alone (a
    // sum of unknowns is then right on average; their median, 3.9 MB, would be low for every
    // sum); the range spans their 10th (0.14 MB) to 95th (77 MB) percentile. A test recomputes
    // these from the table.
    BuildOutput { tool: "npm", part: "package named alone (unknown)", fixed_mb: 0.0, per_unit_mb: 19.0, low: 0.14 / 19.0, high: 77.0 / 19.0, source: "npm measured: the mean of 234 packages installed alone" },
    // Its npm cache: half of it, the same range (the cache of a lone install is its tarballs).
    BuildOutput { tool: "npm", part: "package named alone cache (unknown)", fixed_mb: 0.0, per_unit_mb: 9.5, low: 0.14 / 19.0, high: 77.0 / 19.0, source: "npm measured: the mean of 234 packages installed alone" },
    BuildOutput { tool: "npm", part: "devDependency (unknown)", fixed_mb: 0.0, per_unit_mb: 8.5, low: 0.05, high: 6.0, source: "lab: npm-install-nolock-build" },
    BuildOutput { tool: "npm", part: "devDependency cache (unknown)", fixed_mb: 0.0, per_unit_mb: 8.5, low: 0.05, high: 6.0, source: "lab: npm-install-nolock-build" },
    // pip install of a package named in the Dockerfile or a requirements file that the
    // knowledge base has no row for, its unlisted dependencies included: five such packages
    // (rich, httpx, typer, loguru, tenacity) added 17.6 MB (pip-install-unknown, 2026-12-06);
    // checked on five others (aiohttp, arrow, marshmallow, structlog, python-json-logger):
    // 14.4 MB real, 17.5 estimated (pip-install-unknown-2). A list that names dependencies itself
    // (a `pip freeze`) counts each unknown package alone (the median small package).
    BuildOutput { tool: "pip", part: "package with its dependencies (unknown)", fixed_mb: 0.0, per_unit_mb: 3.5, low: 0.05, high: 10.0, source: "lab: pip-install-unknown" },
    // JVM builds. Maven Central and Gradle's servers are not reachable from the lab, so these rows
    // are figures real projects reported (each source below), with wide ranges; they are checked
    // against real images in tests/data/real_world, not fitted to them.
    // ~/.m2/repository after a build: the build's plugins (compiler, surefire, jar, …) and every
    // dependency's jars and poms. Reported: 121 MB for a JHipster app (jhipster/jhipster-docker#11,
    // 2015-10), ≈ 162 MB for the CAS overlay (apereo/cas-webapp-docker#27, 2019-01, 985 → 823 MB
    // when removed). Spring Boot's starters bring ≈ 5–15 MB of jars each.
    BuildOutput { tool: "maven", part: "dependency cache", fixed_mb: 20.0, per_unit_mb: 7.0, low: 0.35, high: 3.0, source: "reported: jhipster-docker#11 121 MB, cas-webapp-docker#27 ≈ 162 MB" },
    // ./mvnw: Maven itself, downloaded to ~/.m2/wrapper (openzipkin/zipkin#3223, 2020-10: "21MB
    // of downloading and copying").
    BuildOutput { tool: "maven", part: "wrapper distribution", fixed_mb: 21.0, per_unit_mb: 0.0, low: 0.5, high: 1.5, source: "reported: openzipkin/zipkin#3223, 21 MB" },
    // target/ without the jar: classes, generated sources, reports (the application's own size).
    BuildOutput { tool: "maven", part: "classes", fixed_mb: 1.0, per_unit_mb: 0.0, low: 0.05, high: 30.0, source: "assumed: an application's own classes, wide on purpose" },
    // ~/.gradle/caches: dependencies as in Maven's repository, plus Gradle's own generated jars,
    // transforms and (Kotlin DSL) accessors. Reported: ≈ 600 MB of Gradle cache in a Kotlin
    // service's image (EpiLink/EpiLink#158, 2020-05, 800 → 200 MB without it).
    BuildOutput { tool: "gradle", part: "dependency cache", fixed_mb: 60.0, per_unit_mb: 8.0, low: 0.35, high: 3.5, source: "reported: EpiLink#158 ≈ 600 MB with the wrapper; Maven's per-dependency figure" },
    // ./gradlew: the distribution zip (109 MB for 4.9, opendevstack/ods-project-quickstarters#11,
    // 2018-08; 138 MB for 8.x, jellyfin/jellyfin-android#1472, 2024-09) kept beside its unpacked
    // copy (jars, ≈ the zip again) in ~/.gradle/wrapper/dists.
    BuildOutput { tool: "gradle", part: "wrapper distribution", fixed_mb: 260.0, per_unit_mb: 0.0, low: 0.75, high: 1.2, source: "reported: 109–138 MB zips (ods-project-quickstarters#11, jellyfin-android#1472), kept zipped and unpacked" },
    BuildOutput { tool: "gradle", part: "classes", fixed_mb: 1.0, per_unit_mb: 0.0, low: 0.05, high: 30.0, source: "assumed: an application's own classes, wide on purpose" },
    // The jar a build packages: the application alone, or a fat jar with its dependencies'
    // jars inside — a Spring Boot hello world ≈ 16–17 MB (one starter), "about 20 MB" and "over
    // 30 MB" for services (Consdata/consdata.github.io#246, nashtech-garage/yas#642).
    BuildOutput { tool: "jvm", part: "fat jar", fixed_mb: 12.0, per_unit_mb: 2.5, low: 0.4, high: 2.5, source: "reported: Spring Boot jars 16–30+ MB (consdata.github.io#246, yas#642)" },
    BuildOutput { tool: "jvm", part: "jar", fixed_mb: 0.5, per_unit_mb: 0.0, low: 0.02, high: 40.0, source: "assumed: the application's own jar, wide on purpose" },
    // No manifest given: a typical service's direct dependencies.
    BuildOutput { tool: "jvm", part: "direct dependencies (unknown)", fixed_mb: 8.0, per_unit_mb: 0.0, low: 0.4, high: 3.0, source: "assumed, wide on purpose" },
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_part_the_estimator_asks_for_is_a_row() {
        for (tool, part) in [
            ("cargo", "target/release"),
            ("cargo", "target/debug"),
            ("cargo", "registry"),
            ("cargo", "binary (release)"),
            ("cargo", "binary (debug)"),
            ("cargo", "crates per direct dependency"),
            ("cargo", "crates (unknown)"),
            ("go", "build cache"),
            ("maven", "dependency cache"),
            ("maven", "wrapper distribution"),
            ("maven", "classes"),
            ("gradle", "dependency cache"),
            ("gradle", "wrapper distribution"),
            ("gradle", "classes"),
            ("jvm", "fat jar"),
            ("jvm", "jar"),
            ("jvm", "direct dependencies (unknown)"),
            ("go", "binary"),
            ("go", "module cache"),
            ("rustup", "toolchain (minimal profile)"),
            ("rustup", "toolchain (default profile)"),
            ("rustup", "rustup alone"),
            ("rustup", "component rust-src"),
            ("npm", "dependency (unknown)"),
            ("npm", "dependency cache (unknown)"),
            ("npm", "devDependency (unknown)"),
            ("npm", "devDependency cache (unknown)"),
            ("pip", "package with its dependencies (unknown)"),
            ("npm", "package named alone (unknown)"),
            ("npm", "package named alone cache (unknown)"),
        ] {
            let o = output(tool, part);
            assert_eq!((o.tool, o.part), (tool, part));
            let (lo, mid, hi) = o.mb(10.0);
            assert!(lo <= mid && mid <= hi && mid > 0.0);
        }
    }

    #[test]
    fn an_npm_package_named_alone_is_the_measured_tables_mean() {
        let mut mb: Vec<f64> = crate::knowledge::packages::npm_measured()
            .iter()
            .map(|r| r.mb + r.elsewhere_mb)
            .collect();
        mb.sort_by(|a, b| a.total_cmp(b));
        let at = |q: f64| mb[((mb.len() - 1) as f64 * q) as usize];
        let mean = mb.iter().sum::<f64>() / mb.len() as f64;
        let row = output("npm", "package named alone (unknown)");
        assert!((row.per_unit_mb - mean).abs() < 0.1, "mean {mean}");
        let (lo, mid, hi) = row.mb(1.0);
        assert!(
            (lo - at(0.10)).abs() < 0.02 && (mid - mean).abs() < 0.1 && (hi - at(0.95)).abs() < 0.5,
            "{lo} {hi}"
        );
        assert!(row.source.contains(&mb.len().to_string()));
    }
}
