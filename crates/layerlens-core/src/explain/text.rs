//! Small helpers for writing explanation sentences: inline code, shortening, lists.

/// How many characters of a command a summary shows before cutting it with an ellipsis.
pub const COMMAND_CHARS: usize = 80;

/// `value` as inline code. A value holding backticks gets a longer fence, as Markdown allows.
pub fn code(value: &str) -> String {
    if value.contains('`') {
        format!("`` {value} ``")
    } else {
        format!("`{value}`")
    }
}

/// Whitespace runs (line continuations, indentation) collapsed to one space, then cut to at most
/// `max` characters with an ellipsis. Cuts on a char boundary, never inside a character.
pub fn short(value: &str, max: usize) -> String {
    let collapsed = value.split_whitespace().collect::<Vec<_>>().join(" ");
    if collapsed.chars().count() <= max {
        return collapsed;
    }
    let cut: String = collapsed.chars().take(max.saturating_sub(1)).collect();
    format!("{}…", cut.trim_end())
}

/// A command for a summary: shortened and quoted as code.
pub fn command(value: &str) -> String {
    code(&short(value, COMMAND_CHARS))
}

/// "a", "a and b", "a, b and c"; past `max` items, "a, b, c and 4 more".
pub fn list(items: &[String], max: usize) -> String {
    let max = max.max(1);
    let (shown, rest) = if items.len() > max {
        (&items[..max - 1], items.len() - (max - 1))
    } else {
        (items, 0)
    };
    let mut parts: Vec<String> = shown.to_vec();
    if rest > 0 {
        parts.push(format!("{rest} more"));
    }
    match parts.len() {
        0 => String::new(),
        1 => parts.remove(0),
        n => format!("{} and {}", parts[..n - 1].join(", "), parts[n - 1]),
    }
}

/// Joins `base` and a relative path the way WORKDIR and COPY do (`.` and `..` resolved).
pub fn join_path(base: &str, rel: &str) -> String {
    let trailing = rel.ends_with('/') && rel.len() > 1;
    let mut parts: Vec<&str> = if rel.starts_with('/') {
        Vec::new()
    } else {
        base.split('/').filter(|p| !p.is_empty()).collect()
    };
    for p in rel.split('/') {
        match p {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    let mut out = format!("/{}", parts.join("/"));
    if trailing && out.len() > 1 {
        out.push('/');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shortens_on_char_boundaries() {
        assert_eq!(short("a  b\n\t c", 80), "a b c");
        let long = "é".repeat(100);
        let s = short(&long, 10);
        assert_eq!(s.chars().count(), 10);
        assert!(s.ends_with('…'));
    }

    #[test]
    fn lists_read_like_english() {
        let v = |n: usize| (1..=n).map(|i| i.to_string()).collect::<Vec<_>>();
        assert_eq!(list(&v(1), 4), "1");
        assert_eq!(list(&v(2), 4), "1 and 2");
        assert_eq!(list(&v(4), 4), "1, 2, 3 and 4");
        assert_eq!(list(&v(6), 4), "1, 2, 3 and 3 more");
    }

    #[test]
    fn code_survives_backticks() {
        assert_eq!(code("a"), "`a`");
        assert_eq!(code("echo `date`"), "`` echo `date` ``");
    }

    #[test]
    fn joins_paths() {
        assert_eq!(join_path("/app", "src"), "/app/src");
        assert_eq!(join_path("/app", "./"), "/app/");
        assert_eq!(join_path("/app", "../x/"), "/x/");
        assert_eq!(join_path("/app", "/abs"), "/abs");
        assert_eq!(join_path("/", "."), "/");
    }
}
