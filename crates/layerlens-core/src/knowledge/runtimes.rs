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

#[rustfmt::skip]
pub const RUNTIMES: &[Runtime] = &[
    Runtime { toolchain: "golang", runtime: "gcr.io/distroless/static-debian12", has_shell: false, build_env: Some("ENV CGO_ENABLED=0"), check: "with `CGO_ENABLED=0` the program is linked statically; a program that needs cgo (sqlite3, some DNS setups) must use `gcr.io/distroless/base-debian12` instead", ecosystem: "Go", source: DISTROLESS },
    Runtime { toolchain: "rust", runtime: "gcr.io/distroless/cc-debian12", has_shell: false, build_env: None, check: "the binary may link libraries beyond glibc and libgcc (OpenSSL, libpq): those must be installed in the runtime image", ecosystem: "Rust", source: DISTROLESS },
    Runtime { toolchain: "gcc", runtime: "gcr.io/distroless/cc-debian12", has_shell: false, build_env: None, check: "shared libraries the program links besides glibc, libgcc and libstdc++ must be in the runtime image (`ldd` on the binary lists them)", ecosystem: "C/C++", source: DISTROLESS },
    Runtime { toolchain: "maven", runtime: "eclipse-temurin:{v}-jre", has_shell: true, build_env: None, check: "a JRE has no compiler: the app must not compile code at run time (JSP without precompilation, some scripting engines)", ecosystem: "Java", source: "eclipse-temurin's -jre tags (repo-info, 2026)" },
    Runtime { toolchain: "gradle", runtime: "eclipse-temurin:{v}-jre", has_shell: true, build_env: None, check: "a JRE has no compiler: the app must not compile code at run time (JSP without precompilation, some scripting engines)", ecosystem: "Java", source: "eclipse-temurin's -jre tags (repo-info, 2026)" },
    Runtime { toolchain: "openjdk", runtime: "eclipse-temurin:{v}-jre", has_shell: true, build_env: None, check: "a JRE has no compiler: the app must not compile code at run time (JSP without precompilation, some scripting engines)", ecosystem: "Java", source: "eclipse-temurin's -jre tags (repo-info, 2026); openjdk's images are deprecated" },
    Runtime { toolchain: "eclipse-temurin", runtime: "eclipse-temurin:{v}-jre", has_shell: true, build_env: None, check: "a JRE has no compiler: the app must not compile code at run time (JSP without precompilation, some scripting engines)", ecosystem: "Java", source: "eclipse-temurin's -jre tags (repo-info, 2026)" },
    Runtime { toolchain: "amazoncorretto", runtime: "eclipse-temurin:{v}-jre", has_shell: true, build_env: None, check: "a JRE has no compiler: the app must not compile code at run time; Corretto's own patches are not in Temurin", ecosystem: "Java", source: "eclipse-temurin's -jre tags (repo-info, 2026)" },
    Runtime { toolchain: "sdk", runtime: "mcr.microsoft.com/dotnet/aspnet:{tag}", has_shell: true, build_env: None, check: "the ASP.NET runtime also runs console apps; a self-contained publish can use `runtime-deps` instead", ecosystem: ".NET", source: "mcr.microsoft.com/dotnet: sdk, aspnet, runtime and runtime-deps share tags" },
];

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
