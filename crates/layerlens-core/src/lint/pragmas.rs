//! Ignore comments: `# hadolint ignore=DL3008,DL3015` silences those rules on the next
//! instruction; `# hadolint global ignore=...` for the whole file; `# layerlens ignore=LL201` and
//! `# layerlens global ignore=...` the same with either kind of code.

use super::Finding;
use crate::syntax::Dockerfile;

pub struct Ignores {
    global: Vec<String>,
    /// `# check=skip=A,B` (BuildKit's parser directive): BuildKit check names, or `ALL`.
    skip_checks: Vec<String>,
    /// (first and last line of the instruction, codes).
    local: Vec<(usize, usize, Vec<String>)>,
    /// `# check=skip=` comments below the directives: (first and last line of the next
    /// instruction, check names).
    local_checks: Vec<(usize, usize, Vec<String>)>,
}

fn codes(text: &str, tool: &str) -> Option<(bool, Vec<String>)> {
    let rest = text.strip_prefix(tool)?.trim_start();
    let (global, rest) = match rest.strip_prefix("global") {
        Some(r) => (true, r.trim_start()),
        None => (false, rest),
    };
    let list = rest
        .strip_prefix("ignore")?
        .trim_start()
        .strip_prefix('=')?;
    // `ignore=DL3008,DL3015` and `ignore = DL3008 , DL3015` both occur.
    let codes = list
        .split(',')
        .filter_map(|c| c.split_whitespace().next())
        .map(str::to_ascii_uppercase)
        .collect();
    Some((global, codes))
}

impl Ignores {
    pub fn read(df: &Dockerfile) -> Ignores {
        let mut global = Vec::new();
        let mut local = Vec::new();
        for c in &df.comments {
            let Some((is_global, list)) =
                codes(&c.text, "hadolint").or_else(|| codes(&c.text, "layerlens"))
            else {
                continue;
            };
            if is_global {
                global.extend(list);
            } else if let Some(ins) = df.instructions.iter().find(|i| i.start_line > c.span.line) {
                // Only comment lines may stand between the pragma and its instruction.
                local.push((ins.start_line, ins.end_line, list));
            }
        }
        // `# check=skip=A,B`: as a parser directive it covers the file; as a comment further
        // down, BuildKit reads it for the next instruction only. Text after a name is a remark.
        let skip_list = |v: &str| -> Vec<String> {
            v.split(';')
                .filter_map(|part| part.trim().strip_prefix("skip="))
                .flat_map(|l| l.split(','))
                .filter_map(|c| c.split_whitespace().next())
                .map(str::to_ascii_uppercase)
                .collect()
        };
        let skip_checks = df
            .directives
            .iter()
            .filter(|d| d.name == "check")
            .flat_map(|d| skip_list(&d.value))
            .collect();
        let mut local_checks = Vec::new();
        for c in &df.comments {
            let Some(v) = c
                .text
                .strip_prefix("check")
                .map(str::trim_start)
                .and_then(|r| r.strip_prefix('='))
            else {
                continue;
            };
            if let Some(ins) = df.instructions.iter().find(|i| i.start_line > c.span.line) {
                local_checks.push((ins.start_line, ins.end_line, skip_list(v)));
            }
        }
        Ignores {
            global,
            skip_checks,
            local,
            local_checks,
        }
    }

    pub fn silences(&self, f: &Finding) -> bool {
        let hit = |list: &[String]| {
            list.iter().any(|c| {
                c == f.code || f.hadolint.is_some_and(|h| h == c) || c.eq_ignore_ascii_case(f.name)
            })
        };
        let skips = |list: &[String]| {
            f.buildkit
                .is_some_and(|b| list.iter().any(|c| c == "ALL" || c.eq_ignore_ascii_case(b)))
        };
        let check_skipped = skips(&self.skip_checks)
            || self
                .local_checks
                .iter()
                .any(|(a, b, list)| (*a..=*b).contains(&f.line) && skips(list));
        check_skipped
            || hit(&self.global)
            || self
                .local
                .iter()
                .any(|(a, b, list)| (*a..=*b).contains(&f.line) && hit(list))
    }
}
