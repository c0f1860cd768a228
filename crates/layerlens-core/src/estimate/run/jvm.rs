//! `mvn`/`./mvnw` and `gradle`/`./gradlew`: what a JVM build leaves in the layer — the local
//! repository (`~/.m2/repository`) or Gradle's user home (`~/.gradle`: caches and the wrapper's
//! distribution), the wrapper's own Maven, and the build directory (`target/`, `build/`) with
//! its classes and the jar (a fat jar when the build makes one: Spring Boot, shade, shadow,
//! assembly, a war). Sized per direct dependency of pom.xml or build.gradle from figures reported
//! by real projects (`knowledge::builds`, each row with its source). What the build writes under a
//! VOLUME (the official `gradle` image's `~/.gradle`, old `maven` images' `/root/.m2`) is
//! discarded when the RUN ends, and costs nothing.

use super::super::manifests::{gradle_dependencies, pom_dependencies};
use super::cargo::Units;
use super::RunScope;
use crate::estimate::{fmt_mb, Amount};
use crate::knowledge::builds::output;
use crate::shell::Command;

/// Which JVM build tool a command is.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Jvm {
    Maven,
    Gradle,
}

impl Jvm {
    /// `mvn`, `./mvnw`, `gradle`, `./gradlew`, `sh gradlew` … → the tool, and whether it is the
    /// project's wrapper (which downloads the tool itself first).
    pub(super) fn of(name: &str) -> Option<(Jvm, bool)> {
        let file = name.rsplit('/').next().unwrap_or(name);
        match file {
            "mvn" => Some((Jvm::Maven, false)),
            "mvnw" => Some((Jvm::Maven, true)),
            "gradle" => Some((Jvm::Gradle, false)),
            "gradlew" => Some((Jvm::Gradle, true)),
            _ => None,
        }
    }

    fn key(self) -> &'static str {
        match self {
            Jvm::Maven => "maven",
            Jvm::Gradle => "gradle",
        }
    }
}

/// Goals and tasks that package a jar (and compile first).
const PACKAGES: &[&str] = &[
    "package",
    "install",
    "verify",
    "deploy",
    "build",
    "assemble",
    "jar",
    "bootJar",
    "shadowJar",
    "installDist",
    "war",
    "bootWar",
    "quarkusBuild",
    "spring-boot:repackage",
];
/// Goals and tasks that compile without packaging.
const COMPILES_ONLY: &[&str] = &["compile", "test", "classes", "spring-boot:build-image"];
/// Goals that only fetch what the build needs (the "dependencies first" layer).
const FETCHES: &[&str] = &[
    "dependency:go-offline",
    "dependency:resolve",
    "dependency:resolve-plugins",
    "de.qaware.maven:go-offline-maven-plugin:resolve-dependencies",
    "dependencies",
    "downloadDependencies",
    "resolveDependencies",
];

impl RunScope<'_> {
    /// The manifest's direct dependencies and whether the build makes a fat jar.
    fn jvm_manifest(&self, tool: Jvm) -> Option<(usize, bool, &'static str)> {
        match tool {
            Jvm::Maven => {
                let pom = self.context_file("pom.xml")?;
                let fat = [
                    "spring-boot-maven-plugin",
                    "maven-shade-plugin",
                    "jar-with-dependencies",
                    "<packaging>war</packaging>",
                    "quarkus-maven-plugin",
                ]
                .iter()
                .any(|m| pom.contains(m));
                Some((pom_dependencies(pom).len(), fat, "pom.xml"))
            }
            Jvm::Gradle => {
                let (text, file) = match self.context_file("build.gradle.kts") {
                    Some(t) => (t, "build.gradle.kts"),
                    None => (self.context_file("build.gradle")?, "build.gradle"),
                };
                let fat = ["org.springframework.boot", "shadow", "war", "io.quarkus"]
                    .iter()
                    .any(|m| text.contains(m));
                Some((gradle_dependencies(text).len(), fat, file))
            }
        }
    }

    /// Direct dependencies (low, mid, high) and how they are known.
    fn jvm_units(&self, tool: Jvm) -> (Units, bool) {
        if let Some((n, fat, file)) = self.jvm_manifest(tool) {
            let basis = format!(
                "{file} names {}",
                crate::estimate::count(n, "dependency", "dependencies")
            );
            let n = n as f64;
            return (
                Units {
                    lo: n,
                    mid: n,
                    hi: n,
                    basis,
                },
                fat,
            );
        }
        let row = output("jvm", "direct dependencies (unknown)");
        let (lo, mid, hi) = row.mb(0.0);
        let file = match tool {
            Jvm::Maven => "pom.xml",
            Jvm::Gradle => "build.gradle",
        };
        (
            Units {
                lo,
                mid,
                hi,
                basis: format!("no {file} in the context: a typical service's {mid:.0} direct dependencies ({lo:.0}–{hi:.0}; {})", row.source),
            },
            // A service built in a container is most often a Spring Boot fat jar.
            true,
        )
    }

    fn jvm_home(&self) -> String {
        self.st
            .env_value("HOME")
            .unwrap_or_else(|| "/root".to_string())
    }

    /// Adds `amount` at `path` unless a cache mount or a VOLUME takes it out of the layer.
    fn jvm_put(&mut self, label: String, path: String, amount: Amount, basis: String) {
        if let Some(v) = self.st.volume_over(&path) {
            self.res.add(
                label,
                Amount::ZERO,
                format!("written under VOLUME {v}: discarded when the RUN ends (would be ≈ {}; {basis})", crate::estimate::human(amount.bytes)),
            );
            return;
        }
        if self.cached(&path) {
            return;
        }
        self.res.add(label, amount, basis);
        self.here_add(path.clone(), amount);
        self.record(&path, amount);
    }

    pub(super) fn jvm(&mut self, cmd: &Command, tool: Jvm, wrapper: bool) {
        let goals: Vec<String> = cmd
            .args()
            .iter()
            .map(|w| w.value.clone())
            .filter(|v| !v.starts_with('-'))
            .collect();
        let flag_values: Vec<&str> = [
            "-f",
            "--file",
            "-s",
            "--settings",
            "-pl",
            "--projects",
            "-P",
            "-T",
            "-p",
            "--project-dir",
            "-x",
            "--exclude-task",
            "-g",
            "--gradle-user-home",
            "-b",
            "--build-file",
        ]
        .iter()
        .filter_map(|f| cmd.flag_value(f))
        .collect();
        let goals: Vec<&str> = goals
            .iter()
            .map(String::as_str)
            .filter(|g| !flag_values.contains(g))
            .collect();
        let offline = cmd.has_any_flag(&["-o", "--offline"]);
        let compiles = goals
            .iter()
            .any(|g| PACKAGES.contains(g) || COMPILES_ONLY.contains(g));
        let fetches = goals.iter().any(|g| FETCHES.contains(g));
        if goals.iter().all(|g| *g == "clean") && !goals.is_empty() {
            return;
        }
        let (units, fat) = self.jvm_units(tool);
        let home = self.jvm_home();
        let key = tool.key();

        // The wrapper's own download of the tool, once a stage.
        if wrapper && self.st.installed.insert(format!("{key}:wrapper")) {
            let row = output(key, "wrapper distribution");
            let (lo, mid, hi) = row.mb(0.0);
            let path = match tool {
                Jvm::Maven => format!("{home}/.m2/wrapper"),
                Jvm::Gradle => format!("{}/wrapper", self.gradle_home(cmd, &home)),
            };
            self.jvm_put(
                format!("{key} wrapper ({path})"),
                path,
                Amount::range_mb(lo, mid, hi),
                format!(
                    "the wrapper downloads {} and keeps it ({})",
                    if tool == Jvm::Maven {
                        "Maven"
                    } else {
                        "Gradle's distribution, zip and unpacked,"
                    },
                    row.source
                ),
            );
        }

        // The dependencies and plugins it downloads, once a stage (a second build fetches little).
        if !offline && (compiles || fetches || goals.is_empty()) {
            let path = match tool {
                Jvm::Maven => cmd
                    .args()
                    .iter()
                    .find_map(|w| {
                        w.value
                            .strip_prefix("-Dmaven.repo.local=")
                            .map(str::to_string)
                    })
                    .map(|p| self.abs_here(&p))
                    .unwrap_or_else(|| format!("{home}/.m2/repository")),
                Jvm::Gradle => format!("{}/caches", self.gradle_home(cmd, &home)),
            };
            let row = output(key, "dependency cache");
            let first = self.st.installed.insert(format!("{key}:cache"));
            let a = if first {
                units.amount(row)
            } else {
                // What go-offline misses (surefire's providers, the packaging plugins).
                let (lo, mid, hi) = row.mb(0.0);
                Amount::range_mb(lo * 0.1, mid * 0.25, hi * 0.5)
            };
            let basis = if first {
                format!("the build's plugins and every dependency's jars, {} MB and {} MB a direct dependency ({}); {}", fmt_mb(row.fixed_mb), fmt_mb(row.per_unit_mb), row.source, units.basis)
            } else {
                "fetched before in this stage: only what the first fetch missed".to_string()
            };
            self.jvm_put(format!("{key} dependencies ({path})"), path, a, basis);
        }
        if !compiles {
            return;
        }
        let dir = match tool {
            Jvm::Maven => {
                let project = cmd
                    .flag_value("-f")
                    .or_else(|| cmd.flag_value("--file"))
                    .map(|f| {
                        f.strip_suffix("pom.xml")
                            .unwrap_or(f)
                            .trim_end_matches('/')
                            .to_string()
                    })
                    .filter(|d| !d.is_empty())
                    .unwrap_or_else(|| ".".to_string());
                format!("{}/target", self.abs_here(&project))
            }
            Jvm::Gradle => {
                let project = cmd
                    .flag_value("-p")
                    .or_else(|| cmd.flag_value("--project-dir"))
                    .unwrap_or(".");
                format!("{}/build", self.abs_here(project))
            }
        };
        if !self.st.installed.insert(format!("{key}:build {dir}")) {
            return;
        }
        let classes = output(key, "classes");
        let (lo, mid, hi) = classes.mb(0.0);
        self.jvm_put(
            format!("{dir} (classes, reports)"),
            format!("{dir}/classes"),
            Amount::range_mb(lo, mid, hi),
            format!(
                "the compiled classes and the build's working files ({})",
                classes.source
            ),
        );
        if !goals.iter().any(|g| PACKAGES.contains(g)) {
            return;
        }
        let libs = match tool {
            Jvm::Maven => format!("{dir}/*"),
            Jvm::Gradle => format!("{dir}/libs/*"),
        };
        let part = if fat { "fat jar" } else { "jar" };
        let row = output("jvm", part);
        let a = if fat {
            units.amount(row)
        } else {
            Amount::range_mb(row.mb(0.0).0, row.mb(0.0).1, row.mb(0.0).2)
        };
        self.jvm_put(
            format!("{part} {libs}"),
            libs,
            a,
            if fat {
                format!("the application with its dependencies' jars inside, {} MB and {} MB a direct dependency ({}); {}", fmt_mb(row.fixed_mb), fmt_mb(row.per_unit_mb), row.source, units.basis)
            } else {
                format!("the application's own jar ({})", row.source)
            },
        );
    }

    /// `-g`/`--gradle-user-home`, `$GRADLE_USER_HOME`, or `~/.gradle`.
    fn gradle_home(&self, cmd: &Command, home: &str) -> String {
        cmd.flag_value("-g")
            .or_else(|| cmd.flag_value("--gradle-user-home"))
            .map(|p| self.abs_here(p))
            .or_else(|| self.st.env_value("GRADLE_USER_HOME"))
            .unwrap_or_else(|| format!("{home}/.gradle"))
    }
}
