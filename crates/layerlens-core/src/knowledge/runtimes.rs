//! What a compiled program needs to run, by the toolchain image that built it: the runtime image
//! the rewrite moves it to (`split-compiled`, `runtime-base`), whether that image has a shell, a
//! line the build needs for it, and what to check. Read by `optimize::steps`; the images' sizes
//! are rows of `bases.rs` like any other base.
//!
//! `{v}` in a runtime is the Java feature release read from the tag (an LTS of
//! [`JAVA_RELEASES`], else [`JAVA_DEFAULT`]); `{tag}` the toolchain image's own tag.

pub struct Runtime {
    /// The toolchain image's name (last path part: `golang`, `sdk` of mcr's dotnet).
    pub toolchain: &'static str,
    pub runtime: &'static str,
    /// The runtime has a shell (a shell-form CMD still works).
    pub has_shell: bool,
    /// A line the build stage needs for this runtime (`ENV CGO_ENABLED=0`).
    pub build_env: Option<&'static str>,
    pub check: &'static str,
    pub ecosystem: &'static str,
    pub source: &'static str,
}

const DISTROLESS: &str = "GoogleContainerTools/distroless README (2026): static has CA certificates, tzdata and /etc/passwd, no libc; cc adds glibc, libgcc and libstdc++; base adds glibc only";

const JRE_CHECK: &str = "a JRE has no compiler: the app must not compile code at run time (JSP without precompilation, some scripting engines)";
const TEMURIN_JRE: &str = "eclipse-temurin's -jre tags (repo-info, 2026)";

#[rustfmt::skip]
pub const RUNTIMES: &[Runtime] = &[
    Runtime { toolchain: "golang", runtime: "gcr.io/distroless/static-debian12", has_shell: false, build_env: Some("ENV CGO_ENABLED=0"), check: "with `CGO_ENABLED=0` the program is linked statically; a program that needs cgo (sqlite3, some DNS setups) must use `gcr.io/distroless/base-debian12` instead", ecosystem: "Go", source: DISTROLESS },
    Runtime { toolchain: "rust", runtime: "gcr.io/distroless/cc-debian12", has_shell: false, build_env: None, check: "the binary may link libraries beyond glibc and libgcc (OpenSSL, libpq): those must be installed in the runtime image", ecosystem: "Rust", source: DISTROLESS },
    Runtime { toolchain: "gcc", runtime: "gcr.io/distroless/cc-debian12", has_shell: false, build_env: None, check: "shared libraries the program links besides glibc, libgcc and libstdc++ must be in the runtime image (`ldd` on the binary lists them)", ecosystem: "C/C++", source: DISTROLESS },
    Runtime { toolchain: "maven", runtime: "eclipse-temurin:{v}-jre", has_shell: true, build_env: None, check: JRE_CHECK, ecosystem: "Java", source: TEMURIN_JRE },
    Runtime { toolchain: "gradle", runtime: "eclipse-temurin:{v}-jre", has_shell: true, build_env: None, check: JRE_CHECK, ecosystem: "Java", source: TEMURIN_JRE },
    Runtime { toolchain: "openjdk", runtime: "eclipse-temurin:{v}-jre", has_shell: true, build_env: None, check: JRE_CHECK, ecosystem: "Java", source: "eclipse-temurin's -jre tags (repo-info, 2026); openjdk's images are deprecated" },
    Runtime { toolchain: "eclipse-temurin", runtime: "eclipse-temurin:{v}-jre", has_shell: true, build_env: None, check: JRE_CHECK, ecosystem: "Java", source: TEMURIN_JRE },
    Runtime { toolchain: "amazoncorretto", runtime: "eclipse-temurin:{v}-jre", has_shell: true, build_env: None, check: "a JRE has no compiler: the app must not compile code at run time; Corretto's own patches are not in Temurin", ecosystem: "Java", source: TEMURIN_JRE },
    Runtime { toolchain: "sdk", runtime: "mcr.microsoft.com/dotnet/aspnet:{tag}", has_shell: true, build_env: None, check: "the ASP.NET runtime also runs console apps; a self-contained publish can use `runtime-deps` instead", ecosystem: ".NET", source: "mcr.microsoft.com/dotnet: sdk, aspnet, runtime and runtime-deps share tags" },
];

/// Plain OS images a program is built on with the system's compilers (`split-os-build`): the
/// image the program ships on — the same release, so the libraries it linked are the same
/// versions — and its package manager. `{slim}` is Debian's `-slim` tag of the tag written.
pub struct OsRuntime {
    pub image: &'static str,
    pub runtime: &'static str,
    /// `apk` or `apt`.
    pub packages: &'static str,
    pub source: &'static str,
}

#[rustfmt::skip]
pub const OS_RUNTIMES: &[OsRuntime] = &[
    OsRuntime { image: "debian", runtime: "debian:{slim}", packages: "apt", source: "debian's -slim tags: the same release without documentation, man pages and locales (docker-library/docs, debian)" },
    OsRuntime { image: "ubuntu", runtime: "ubuntu:{tag}", packages: "apt", source: "ubuntu's images are minimized already (no -slim tags; docker-library/docs, ubuntu)" },
    OsRuntime { image: "alpine", runtime: "alpine:{tag}", packages: "apk", source: "alpine has one image per release (docker-library/docs, alpine)" },
];

/// The OS runtime row of an image name (registry path allowed for `docker.io/library/`).
pub fn os_runtime_for(name: &str) -> Option<&'static OsRuntime> {
    OS_RUNTIMES.iter().find(|r| r.image == name)
}

/// A Java runtime image (JRE) against the JDK image of the same release and system: the JRE's
/// share of the JDK's installed size, (low, mid, high). Eclipse Temurin's pairs on repo-info
/// (2026-08/09): 17 294.4/448.0 = 0.66, 21 318.1/474.8 = 0.67, 21-noble 287.5/448.6 = 0.64,
/// 25 336.0/414.0 = 0.81. Used when only a JDK of a JRE tag's image is known.
pub const JRE_OF_JDK: (f64, f64, f64) = (0.6, 0.69, 0.85);
pub const JRE_OF_JDK_SOURCE: &str = "eclipse-temurin's JRE/JDK pairs on repo-info: 0.64–0.81";

/// Java feature releases with a JRE image.
pub const JAVA_RELEASES: &[&str] = &["8", "11", "17", "21", "25"];
/// The JRE for a Java tag that names no release of [`JAVA_RELEASES`].
pub const JAVA_DEFAULT: &str = "21";

/// The runtime row of a toolchain image (`name` with its registry path, `tag` as written).
pub fn runtime_for(name: &str, tag: &str) -> Option<&'static Runtime> {
    let base = name.rsplit('/').next().unwrap_or(name);
    if base == "sdk" && !name.contains("dotnet") {
        return None;
    }
    // A JRE or a Temurin tag that is not a JDK is a runtime already.
    let t = tag.to_ascii_lowercase();
    if t.contains("jre") || (base == "eclipse-temurin" && !t.contains("jdk")) {
        return None;
    }
    RUNTIMES.iter().find(|r| r.toolchain == base)
}

/// Where a Node project's `build` script puts what runs, by the tool the script calls (each
/// tool's documented default output directory). Read by the rewrite's `split-node-build`: the
/// runtime stage copies that directory out of the builder.
#[rustfmt::skip]
pub const NODE_BUILD_OUTPUTS: &[(&str, &str, &str)] = &[
    ("next build", ".next", "Next.js docs: `next build` writes .next"),
    ("react-scripts build", "build", "Create React App docs: `npm run build` writes build/"),
    ("vite build", "dist", "Vite docs: build.outDir defaults to dist"),
    ("nest build", "dist", "NestJS CLI: compiles to dist/"),
    ("ng build", "dist", "Angular CLI: outputPath defaults to dist/<project>"),
    ("vue-cli-service build", "dist", "Vue CLI docs: outputDir defaults to dist"),
    ("webpack", "dist", "webpack docs: output.path defaults to ./dist"),
    ("parcel build", "dist", "Parcel docs: --dist-dir defaults to dist"),
    ("rollup", "dist", "Rollup configs conventionally write dist/ (checked: the script names no other)"),
    ("gatsby build", "public", "Gatsby docs: `gatsby build` writes public/"),
    ("nuxt build", ".output", "Nuxt 3 docs: `nuxt build` writes .output"),
    ("svelte-kit build", "build", "SvelteKit adapter-node writes build/"),
];

/// Words of a start script that need devDependencies (a development server or a runtime
/// compiler): the app then cannot run on production dependencies alone.
pub const NODE_DEV_RUNNERS: &[&str] = &[
    "nodemon",
    "ts-node",
    "ts-node-dev",
    "tsx ",
    "vite",
    "webpack-dev-server",
    "webpack serve",
    "react-scripts start",
    "next dev",
    "nuxt dev",
    "ng serve",
    "vue-cli-service serve",
    "parcel ",
    "babel-node",
    "gatsby develop",
];

/// The directory a `build` script writes, when its tool is one of [`NODE_BUILD_OUTPUTS`] (a `tsc`
/// build: tsconfig.json's `outDir`).
pub fn node_build_output(script: &str, tsconfig: Option<&str>) -> Option<String> {
    if let Some((_, dir, _)) = NODE_BUILD_OUTPUTS
        .iter()
        .find(|(tool, _, _)| script.contains(tool))
    {
        // An explicit output flag overrides the default.
        for flag in [
            "--outDir ",
            "--out-dir ",
            "--output-path ",
            "--dist-dir ",
            "-o ",
        ] {
            if let Some(rest) = script.split(flag).nth(1) {
                return rest
                    .split_whitespace()
                    .next()
                    .map(|d| d.trim_start_matches("./").to_string());
            }
        }
        return Some(dir.to_string());
    }
    if script.split_whitespace().any(|w| w == "tsc") {
        let t = tsconfig?;
        let after = t.split("\"outDir\"").nth(1)?;
        let value = after.split('"').nth(1)?;
        return Some(
            value
                .trim_start_matches("./")
                .trim_end_matches('/')
                .to_string(),
        );
    }
    None
}

/// Node's LTS codenames, as official `node` tags spell them (nodejs/Release's schedule):
/// `node:carbon` is Node 8.
pub const NODE_CODENAMES: &[(&str, u32)] = &[
    ("argon", 4),
    ("boron", 6),
    ("carbon", 8),
    ("dubnium", 10),
    ("erbium", 12),
    ("fermium", 14),
    ("gallium", 16),
    ("hydrogen", 18),
    ("iron", 20),
    ("jod", 22),
    ("krypton", 24),
];

/// `npm install --omit=dev` came with npm 7, which first shipped with Node 15 (nodejs.org's
/// v15.0.0 release notes); the npm of older images reads `--production` instead.
pub const NPM_OMIT_FROM_NODE: u32 = 15;

/// The Node major of an official `node` tag (`22-slim`, `5-onbuild`, `carbon-alpine`); None
/// for `latest`, `slim`, `alpine` and what it cannot read.
pub fn node_major(tag: &str) -> Option<u32> {
    let first = tag.split(['-', '.']).next()?;
    first.parse().ok().or_else(|| {
        NODE_CODENAMES
            .iter()
            .find(|(c, _)| c.eq_ignore_ascii_case(first))
            .map(|(_, m)| *m)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn build_outputs_by_tool_flag_and_tsconfig() {
        assert_eq!(
            node_build_output("next build", None).as_deref(),
            Some(".next")
        );
        assert_eq!(
            node_build_output("vite build --outDir ./public/app", None).as_deref(),
            Some("public/app")
        );
        let ts = "{ \"compilerOptions\": { \"outDir\": \"./build/\", \"strict\": true } }";
        assert_eq!(
            node_build_output("tsc -p .", Some(ts)).as_deref(),
            Some("build")
        );
        assert_eq!(
            node_build_output("tsc", None),
            None,
            "tsc without a tsconfig: unknown"
        );
        assert_eq!(node_build_output("node scripts/build.js", None), None);
        // The project folder's files the rewrite reads are read by the CLI and the app.
        for f in [
            "tsconfig.json",
            "build.gradle",
            "build.gradle.kts",
            "Makefile",
            "package.json",
        ] {
            assert!(crate::estimate::wants_text(f), "{f}");
        }
    }

    #[test]
    fn a_jre_is_not_a_toolchain() {
        assert!(runtime_for("openjdk", "8-jre").is_none());
        assert!(runtime_for("eclipse-temurin", "17").is_none());
        assert_eq!(
            runtime_for("eclipse-temurin", "17-jdk").map(|r| r.ecosystem),
            Some("Java")
        );
        assert_eq!(
            runtime_for("mcr.microsoft.com/dotnet/sdk", "8.0").map(|r| r.ecosystem),
            Some(".NET")
        );
        assert!(runtime_for("example.com/sdk", "1").is_none());
    }
}
