//! Dependency manifests read from the build context: what a build will fetch, by name. Small
//! readers for the layouts these files have in practice, not full TOML/XML parsers.

/// `require` lines of a go.mod (both the one-line and the block form), indirect ones included.
pub fn go_mod_requires(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut block = false;
    for line in text
        .lines()
        .map(|l| l.split("//").next().unwrap_or("").trim())
    {
        if block {
            if line == ")" {
                block = false;
            } else if let Some(m) = line.split_whitespace().next() {
                out.push(m.to_string());
            }
        } else if line == "require (" {
            block = true;
        } else if let Some(rest) = line.strip_prefix("require ") {
            if let Some(m) = rest.split_whitespace().next() {
                out.push(m.to_string());
            }
        }
    }
    out
}

/// Keys of `[dependencies]` (and `[build-dependencies]`) in a Cargo.toml.
pub fn cargo_dependencies(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut on = false;
    for line in text
        .lines()
        .map(|l| l.split('#').next().unwrap_or("").trim())
    {
        if line.starts_with('[') {
            on = matches!(
                line,
                "[dependencies]" | "[build-dependencies]" | "[workspace.dependencies]"
            );
            continue;
        }
        if on {
            if let Some((k, v)) = line.split_once('=') {
                let k = k.trim().trim_matches('"');
                // A path dependency is the project's own code, not a crate it downloads.
                let local = v.contains("path =") || v.contains("path=");
                if !k.is_empty() && !local {
                    out.push(k.to_string());
                }
            }
        }
    }
    out
}

/// The `members` of a Cargo workspace (`[workspace]`, one line or several), as written
/// (`"crates/*"` globs included).
pub fn cargo_workspace_members(text: &str) -> Vec<String> {
    let mut section = "";
    let mut out = Vec::new();
    let mut open = false;
    for line in text
        .lines()
        .map(|l| l.split('#').next().unwrap_or("").trim())
    {
        if !open && line.starts_with('[') {
            section = line;
            continue;
        }
        if section != "[workspace]" {
            continue;
        }
        let rest = if open {
            line
        } else if let Some(r) = line.strip_prefix("members") {
            let Some(r) = r.trim_start().strip_prefix('=') else {
                continue;
            };
            open = true;
            r
        } else {
            continue;
        };
        for part in rest.split(',') {
            let v = part
                .trim()
                .trim_matches(['[', ']'])
                .trim()
                .trim_matches('"');
            if !v.is_empty() {
                out.push(v.to_string());
            }
        }
        if rest.contains(']') {
            open = false;
        }
    }
    out
}

/// `<artifactId>` of each `<dependency>` in a pom.xml (test scope included).
pub fn pom_dependencies(text: &str) -> Vec<String> {
    text.split("<dependency>")
        .skip(1)
        .filter_map(|d| {
            let d = d.split("</dependency>").next()?;
            let a = d
                .split("<artifactId>")
                .nth(1)?
                .split("</artifactId>")
                .next()?;
            Some(a.trim().to_string())
        })
        .collect()
}

/// Dependencies a build.gradle or build.gradle.kts declares: `implementation "g:a:v"`,
/// `api(libs.x)`, `runtimeOnly(…)` and the other configurations, test ones included (they are
/// downloaded too), one per line; `platform(…)` BOMs are not jars and are skipped.
pub fn gradle_dependencies(text: &str) -> Vec<String> {
    const CONFIGURATIONS: &[&str] = &[
        "implementation",
        "api",
        "compile",
        "runtime",
        "runtimeOnly",
        "compileOnly",
        "annotationProcessor",
        "kapt",
        "ksp",
        "testImplementation",
        "testRuntimeOnly",
        "testCompile",
        "developmentOnly",
        "providedCompile",
        "providedRuntime",
    ];
    text.lines()
        .map(str::trim)
        .filter_map(|l| {
            let word: String = l
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric())
                .collect();
            if !CONFIGURATIONS.contains(&word.as_str()) {
                return None;
            }
            let rest = l[word.len()..].trim_start();
            if !(rest.starts_with('(')
                || rest.starts_with('"')
                || rest.starts_with('\'')
                || rest.starts_with("libs."))
            {
                return None;
            }
            let inner = rest.trim_start_matches('(').trim();
            if inner.starts_with("platform")
                || inner.starts_with("enforcedPlatform")
                || inner.starts_with("project")
            {
                return None;
            }
            let name = inner
                .trim_matches(|c| c == '"' || c == '\'' || c == ')')
                .split(['"', '\'', ')'])
                .next()
                .unwrap_or("")
                .to_string();
            (!name.is_empty()).then_some(name)
        })
        .collect()
}

/// `gem "name"` lines of a Gemfile.
pub fn gemfile_gems(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter_map(|l| l.strip_prefix("gem "))
        .filter_map(|rest| rest.trim().split([',', ' ']).next())
        .map(|n| n.trim_matches(['"', '\'']).to_string())
        .filter(|n| !n.is_empty())
        .collect()
}

/// Packages a package-lock.json (v2/v3) installs: `"node_modules/…"` entries, without the ones
/// marked `"dev": true` when installing for production.
pub fn package_lock_count(text: &str, production: bool) -> usize {
    let mut n = 0;
    for part in text.split("\"node_modules/").skip(1) {
        // The entry's body runs to its closing brace; dev flags sit inside it.
        let body = part.split('}').next().unwrap_or("");
        if production && body.contains("\"dev\": true") {
            continue;
        }
        n += 1;
    }
    n
}

/// Packages in a Cargo.lock (`[[package]]` entries, the workspace's own included).
pub fn cargo_lock_packages(text: &str) -> usize {
    text.lines().filter(|l| l.trim() == "[[package]]").count()
}

/// `name = "…"` of a Cargo.toml's `[package]` (the default binary's name).
pub fn cargo_package_name(text: &str) -> Option<String> {
    let mut on = false;
    for line in text
        .lines()
        .map(|l| l.split('#').next().unwrap_or("").trim())
    {
        if line.starts_with('[') {
            on = line == "[package]";
            continue;
        }
        if on {
            if let Some((k, v)) = line.split_once('=') {
                if k.trim() == "name" {
                    return Some(v.trim().trim_matches('"').to_string());
                }
            }
        }
    }
    None
}

/// `module …` of a go.mod: its last path element is what `go build` names the binary.
pub fn go_module_name(text: &str) -> Option<String> {
    text.lines()
        .map(|l| l.split("//").next().unwrap_or("").trim())
        .find_map(|l| l.strip_prefix("module "))
        .map(|m| m.trim().trim_matches('"').to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn readers() {
        assert_eq!(go_mod_requires("module x\n\nrequire github.com/a/b v1.0.0\nrequire (\n\tgolang.org/x/sys v0.1.0 // indirect\n\tgithub.com/c/d v2\n)\n"), ["github.com/a/b", "golang.org/x/sys", "github.com/c/d"]);
        assert_eq!(cargo_dependencies("[package]\nname = \"x\"\n[dependencies]\nserde = \"1\"\ntokio = { version = \"1\" }\n[dev-dependencies]\ninsta = \"1\"\n"), ["serde", "tokio"]);
        assert_eq!(pom_dependencies("<dependencies><dependency><groupId>g</groupId><artifactId>spring-web</artifactId></dependency><dependency><artifactId>junit</artifactId></dependency></dependencies>"), ["spring-web", "junit"]);
        assert_eq!(
            gemfile_gems("source 'https://rubygems.org'\ngem 'rails', '~> 7'\ngem \"pg\"\n"),
            ["rails", "pg"]
        );
        let lock = r#"{"packages": {"": {}, "node_modules/express": {"version": "4"}, "node_modules/jest": {"dev": true}}}"#;
        assert_eq!(package_lock_count(lock, false), 2);
        assert_eq!(package_lock_count(lock, true), 1);
    }
}
