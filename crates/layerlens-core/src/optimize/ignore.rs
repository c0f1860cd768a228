//! A `.dockerignore` for the rewrite: what never belongs in an image for the ecosystems the
//! Dockerfile uses, plus the project's own lines, minus anything a COPY names on purpose.

use crate::estimate::BuildContext;
use crate::syntax::{Args, Dockerfile, Keyword};

const ALWAYS: &[(&str, &str)] = &[
    (".git", "version control history"),
    (".gitignore", ""),
    (".env", "local secrets"),
    ("*.log", ""),
    (".DS_Store", ""),
    (".idea", "editor settings"),
    (".vscode", ""),
    ("Dockerfile*", "the build reads these itself"),
    (".dockerignore", ""),
];

const PYTHON: &[&str] = &[
    "**/__pycache__",
    "**/*.pyc",
    ".venv",
    "venv",
    ".pytest_cache",
    ".mypy_cache",
    ".tox",
    "*.egg-info",
];
const NODE: &[&str] = &["node_modules", "npm-debug.log*", ".npm"];
const RUST: &[&str] = &["target"];
const JAVA: &[&str] = &["target", "build", ".gradle"];
const DOTNET: &[&str] = &["**/bin", "**/obj"];

/// The `.dockerignore` text.
pub fn generate(df: &Dockerfile, context: Option<&BuildContext>) -> String {
    let text = df
        .instructions
        .iter()
        .map(|i| i.text.as_str())
        .collect::<Vec<_>>()
        .join("\n")
        .to_ascii_lowercase();
    let has = |words: &[&str]| words.iter().any(|w| text.contains(w));
    let mut groups: Vec<(&str, Vec<&str>)> = vec![(
        "Never needed in an image",
        ALWAYS.iter().map(|(p, _)| *p).collect(),
    )];
    if has(&["python", "pip", "requirements", "poetry", "uv "]) {
        groups.push(("Python", PYTHON.to_vec()));
    }
    if has(&["node", "npm", "yarn", "pnpm"]) {
        groups.push(("Node", NODE.to_vec()));
    }
    if has(&["cargo", "rust"]) {
        groups.push(("Rust", RUST.to_vec()));
    }
    if has(&["mvn", "maven", "gradle", "java", "jdk"]) {
        groups.push(("Java", JAVA.to_vec()));
    }
    if has(&["dotnet"]) {
        groups.push((".NET", DOTNET.to_vec()));
    }
    // Paths the Dockerfile copies by name stay in.
    let named: Vec<String> = df
        .instructions
        .iter()
        .filter(|i| matches!(i.keyword, Keyword::Copy | Keyword::Add) && i.flag("from").is_none())
        .filter_map(|i| match &i.args {
            Args::Copy { paths, .. } => paths.split_last().map(|(_, s)| {
                s.iter()
                    .map(|w| {
                        w.value
                            .trim_start_matches("./")
                            .trim_end_matches('/')
                            .to_string()
                    })
                    .collect::<Vec<_>>()
            }),
            _ => None,
        })
        .flatten()
        .collect();
    let wanted = |pattern: &str| {
        let p = pattern.trim_start_matches("**/");
        !named.iter().any(|n| {
            let first = n.split('/').next().unwrap_or_default();
            first == p || n == p || (p.ends_with('*') && first.starts_with(p.trim_end_matches('*')))
        })
    };
    let own = context
        .and_then(|c| c.text(".dockerignore"))
        .unwrap_or_default();
    let own_lines: Vec<&str> = own
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect();
    let mut out = String::new();
    if !own.trim().is_empty() {
        out.push_str("# From the project's .dockerignore\n");
        out.push_str(own.trim_end());
        out.push_str("\n\n");
    }
    for (title, patterns) in groups {
        let fresh: Vec<&&str> = patterns
            .iter()
            .filter(|p| wanted(p) && !own_lines.contains(p))
            .collect();
        if fresh.is_empty() {
            continue;
        }
        out.push_str(&format!("# {title}\n"));
        for p in fresh {
            out.push_str(p);
            out.push('\n');
        }
        out.push('\n');
    }
    out.trim_end().to_string() + "\n"
}
