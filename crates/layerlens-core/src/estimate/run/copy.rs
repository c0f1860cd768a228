//! COPY and ADD: the build context's files (with the .dockerignore), URLs, archives ADD unpacks,
//! heredocs, and what another stage wrote.

use super::*;

pub(in crate::estimate) fn estimate_copy(
    ins: &Instruction,
    st: &mut StageState,
    stages: &Stages,
    ends: &[StageState],
    input: &Input,
) -> LayerResult {
    let mut res = LayerResult::new();
    let Args::Copy { paths, .. } = &ins.args else {
        return res.finish("no paths");
    };
    if paths.len() < 2 && ins.heredocs.is_empty() {
        return res.finish("no destination");
    }
    let dest = paths
        .last()
        .map(|w| st.expand_env(&w.value))
        .unwrap_or_default();
    let dest_abs = st.abs(&dest);
    let sources = &paths[..paths.len().saturating_sub(1)];
    if !ins.heredocs.is_empty() {
        for h in &ins.heredocs {
            res.add(
                format!("<<{}", h.name),
                Amount::exact(h.content.len() as u64),
                "the heredoc's text, exactly",
            );
        }
        st.files.push((dest_abs, res.amount, ins.start_line));
        return res.finish("heredoc files");
    }
    if let Some(from) = ins.flag("from").and_then(|f| f.value.clone()) {
        match stages.find(&from) {
            Some(si) => {
                let stage_name = stages
                    .stages
                    .get(si)
                    .and_then(|s| s.name.clone())
                    .unwrap_or_else(|| format!("{}", si + 1));
                for s in sources {
                    let src = norm_path(&st.expand_env(&s.value));
                    match ends.get(si).and_then(|e| e.under(&src)) {
                        Some(a) => res.add(format!("--from={from} {}", s.value), a, format!("what stage `{stage_name}` wrote under {src}")),
                        None => res.add(
                            format!("--from={from} {}", s.value),
                            Amount::range_mb(0.0, 10.0, 500.0),
                            format!("unknown: stage `{stage_name}` did not visibly write {src} (it may come from its base image)"),
                        ),
                    }
                }
            }
            None => {
                for s in sources {
                    res.add(
                        format!("--from={from} {}", s.value),
                        Amount::range_mb(0.0, 10.0, 500.0),
                        format!("unknown: copied out of the image `{from}`"),
                    );
                }
            }
        }
        st.files.push((dest_abs, res.amount, ins.start_line));
        return res.finish("copied from another stage");
    }
    for s in sources {
        let v = s.value.as_str();
        if ins.keyword == Keyword::Add
            && (v.starts_with("http://") || v.starts_with("https://") || v.starts_with("git@"))
        {
            res.add(
                format!("ADD {v}"),
                Amount::range_mb(UNKNOWN_DOWNLOAD.0, UNKNOWN_DOWNLOAD.1, UNKNOWN_DOWNLOAD.2),
                "unknown: a remote file's size is known only when it is fetched",
            );
            continue;
        }
        match input.context {
            Some(ctx) => {
                // A file copied into a folder lands under its own name; a folder's contents
                // land in the destination.
                let src = v.trim_start_matches("./").trim_end_matches('/');
                let into_dir =
                    dest.ends_with('/') || sources.len() > 1 || dest == "." || dest == "./";
                let landed = match ctx.text(src) {
                    Some(_) if into_dir => {
                        let name = src.rsplit('/').next().unwrap_or(src);
                        norm_path(&format!("{dest_abs}/{name}"))
                    }
                    _ => dest_abs.clone(),
                };
                if !src.contains('*') && !src.contains('$') {
                    st.copied.push((
                        landed,
                        if src == "." {
                            String::new()
                        } else {
                            src.to_string()
                        },
                    ));
                }
                let (bytes, n) = ctx.select(v);
                let archive = ins.keyword == Keyword::Add
                    && [".tar", ".tar.gz", ".tgz", ".tar.xz", ".tar.bz2", ".tar.zst"]
                        .iter()
                        .any(|e| v.ends_with(e));
                if archive {
                    res.add(
                        format!("ADD {v} (unpacked)"),
                        Amount::from_f64_pub(bytes as f64, bytes as f64 * 3.0, bytes as f64 * 10.0),
                        "an archive ADD unpacks: 1–10× its compressed size",
                    );
                } else {
                    let note = if ctx.has_dockerignore() {
                        "after .dockerignore"
                    } else {
                        "no .dockerignore: everything matching is sent"
                    };
                    res.add(
                        v.to_string(),
                        Amount::exact(bytes),
                        format!("{n} file(s) in the build context, {}", note),
                    );
                }
            }
            None => {
                let looks_like_file = v
                    .rsplit('/')
                    .next()
                    .is_some_and(|n| n.contains('.') && n != "." && n != "..");
                let a = if looks_like_file {
                    Amount::range_mb(0.0, 0.01, 5.0)
                } else {
                    Amount::range_mb(0.0, 5.0, 500.0)
                };
                res.add(
                    v.to_string(),
                    a,
                    if looks_like_file {
                        "unknown: a single file from the build context (no context given)"
                    } else {
                        "unknown: a folder from the build context (no context given)"
                    },
                );
            }
        }
    }
    if input.context.is_some_and(|c| !c.has_dockerignore())
        && sources.iter().any(|s| s.value == "." || s.value == "./")
    {
        res.lessons.push(Lesson { from_line: None, cache: None, kind: "no-dockerignore", text: "`COPY .` without a .dockerignore sends everything in the folder — .git, node_modules, caches — into the image. Add a .dockerignore.".into(), wasted_bytes: 0 });
    }
    st.files.push((dest_abs, res.amount, ins.start_line));
    res.finish("from the build context")
}
