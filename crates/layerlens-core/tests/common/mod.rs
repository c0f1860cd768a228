//! Finding ../shared (the read-only corpus and fixtures). Tests that need it skip with a message
//! when it is absent, so a clone without it still passes.

use std::path::PathBuf;

/// The CLI's reading of layers on threads (the engine starts none).
#[allow(dead_code)]
#[path = "../../../layerlens-cli/src/parallel.rs"]
pub mod parallel;

#[allow(dead_code)]
pub fn shared_dir() -> Option<PathBuf> {
    if let Ok(dir) = std::env::var("LAYERLENS_SHARED") {
        let p = PathBuf::from(dir);
        return p.is_dir().then_some(p);
    }
    // crates/layerlens-core -> workspace root -> its sibling `shared`.
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let p = root.join("../shared");
    p.is_dir().then_some(p)
}

#[allow(dead_code)]
pub fn skip(what: &str) {
    eprintln!("SKIPPED {what}: ../shared is not beside this checkout (set LAYERLENS_SHARED to point at it)");
}

/// Reads an in-memory archive three ways — one reader in turn; the layers read apart by
/// `LayerReader`s handed back last-first through their byte encoding (what the browser's worker
/// pool does); `drive_parallel` with threads — and checks that all three agree (the same
/// analysis, or an error of the same kind). Returns the first.
#[allow(dead_code)]
pub fn read_three_ways(
    bytes: &[u8],
    options: layerlens_core::image::Options,
) -> Result<layerlens_core::image::Analysis, layerlens_core::image::ImageError> {
    use layerlens_core::image::{analyze, read_all, ImageReader, LayerReader, LayerScan, Options};
    let at = |off: u64, buf: &mut [u8]| -> Result<usize, std::convert::Infallible> {
        let start = (off as usize).min(bytes.len());
        let n = buf.len().min(bytes.len() - start);
        buf[..n].copy_from_slice(&bytes[start..start + n]);
        Ok(n)
    };
    let one = read_all(bytes, options.clone()).map(analyze);

    let apart = (|| {
        let mut r = ImageReader::new(
            bytes.len() as u64,
            Options {
                layers_elsewhere: true,
                ..options.clone()
            },
        );
        while let Some(w) = r.want() {
            let end = (w.end as usize).min(bytes.len());
            r.feed(w.start, &bytes[(w.start as usize).min(end)..end])?;
        }
        let spans = r.layer_spans().to_vec();
        // Each layer read in small parts (as a web worker hands them over), every part through
        // its byte encoding; layers handed back last-first, parts of a layer in order.
        let mut layers = Vec::new();
        for s in &spans {
            let mut lr = LayerReader::new(s, &options);
            let mut parts = Vec::new();
            let mut failed = None;
            while let Some(w) = lr.want() {
                let end = (w.end as usize).min(bytes.len());
                if let Err(e) = lr.feed(w.start, &bytes[(w.start as usize).min(end)..end]) {
                    failed = Some(e);
                    break;
                }
                if lr.pending() >= 2 {
                    parts.push(lr.take_part());
                }
            }
            let last = match failed {
                Some(e) => Err(e),
                None => lr.finish(),
            };
            layers.push(last.map(|l| {
                parts.push(l);
                parts
            }));
        }
        // Errors come in layer order, as one reader would meet them.
        let mut ok = Vec::new();
        for (i, l) in layers.into_iter().enumerate() {
            ok.push((i, l?));
        }
        for (i, parts) in ok.into_iter().rev() {
            for p in parts {
                r.put_layer(i, LayerScan::decode(&p.encode()).expect("round trip"))?;
            }
        }
        r.finish().map(analyze)
    })();

    let threads = parallel::drive_parallel(
        ImageReader::new(
            bytes.len() as u64,
            Options {
                layers_elsewhere: true,
                ..options.clone()
            },
        ),
        at,
        3,
        |_| {},
    )
    .map(analyze);

    let key =
        |r: &Result<layerlens_core::image::Analysis, layerlens_core::image::ImageError>| match r {
            Ok(a) => format!("ok {}", serde_json::to_string(a).expect("json")),
            Err(e) => format!("error {:?}", e.kind),
        };
    assert_eq!(
        key(&apart),
        key(&one),
        "layers read apart differ from one reader"
    );
    assert_eq!(
        key(&threads),
        key(&one),
        "drive_parallel differs from one reader"
    );
    one
}

/// A row of ../shared/corpus/provenance.tsv: where a corpus Dockerfile came from.
#[allow(dead_code)]
pub struct Provenance {
    /// The file's name in corpus/dockerfiles.
    pub file: String,
    pub repo: String,
    pub path: String,
    /// `file` (a real Dockerfile in a repository) or a kind of test input.
    pub kind: String,
    /// The file's text.
    pub text: String,
}

/// Every corpus Dockerfile with its provenance, or None (with a SKIPPED line) without ../shared.
#[allow(dead_code)]
pub fn corpus_with_provenance(what: &str) -> Option<Vec<Provenance>> {
    let dir = shared_dir()?.join("corpus");
    let Ok(tsv) = std::fs::read_to_string(dir.join("provenance.tsv")) else {
        skip(what);
        return None;
    };
    Some(
        tsv.lines()
            .skip(1)
            .filter_map(|l| {
                let c: Vec<&str> = l.split('\t').collect();
                let text =
                    std::fs::read_to_string(dir.join("dockerfiles").join(c.first()?)).ok()?;
                Some(Provenance {
                    file: c.first()?.to_string(),
                    repo: c.get(1)?.to_string(),
                    path: c.get(2)?.to_string(),
                    kind: c.get(4)?.to_string(),
                    text,
                })
            })
            .collect(),
    )
}

/// One of Debian's package tables the app and the CLI use, parsed once.
#[allow(dead_code)]
pub fn debian_table(
    release: &str,
) -> Option<&'static layerlens_core::knowledge::debian::DebianIndex> {
    type Table = std::sync::OnceLock<Option<layerlens_core::knowledge::debian::DebianIndex>>;
    static BOOKWORM: Table = std::sync::OnceLock::new();
    static TRIXIE: Table = std::sync::OnceLock::new();
    static BULLSEYE: Table = std::sync::OnceLock::new();
    let cell = match release {
        "trixie" => &TRIXIE,
        "bullseye" => &BULLSEYE,
        _ => &BOOKWORM,
    };
    cell.get_or_init(|| {
        let p = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join(format!("../../static/knowledge/debian-{release}-amd64.tsv"));
        std::fs::read_to_string(p)
            .ok()
            .map(|t| layerlens_core::knowledge::debian::DebianIndex::parse(&t))
    })
    .as_ref()
}

/// The table an estimate of `src` uses, as the app and the CLI choose it: truth tests measure
/// what a person sees.
#[allow(dead_code)]
pub fn debian_for(src: &str) -> Option<&'static layerlens_core::knowledge::debian::DebianIndex> {
    layerlens_core::estimate::debian_table_wanted(&layerlens_core::parse(src))
        .and_then(debian_table)
}

/// A real project's build context kept in tests/data: `files.tsv` (every file of the repository
/// at that commit with its size) when the case has one, its manifests and .dockerignore beside it
/// read as text; else the folder's own files, the Dockerfile excepted.
#[allow(dead_code)]
pub fn case_context(dir: &std::path::Path) -> Option<layerlens_core::estimate::BuildContext> {
    use std::collections::HashMap;
    let mut files = Vec::new();
    let mut texts = HashMap::new();
    if let Ok(listing) = std::fs::read_to_string(dir.join("files.tsv")) {
        for l in listing.lines() {
            let Some((path, size)) = l.split_once('\t') else {
                continue;
            };
            files.push((path.to_string(), size.trim().parse().unwrap_or(0)));
            if let Ok(t) = std::fs::read_to_string(dir.join(path)) {
                texts.insert(path.to_string(), t);
            }
        }
        return Some(layerlens_core::estimate::BuildContext::new(files, texts));
    }
    for e in std::fs::read_dir(dir).ok()?.flatten() {
        let name = e.file_name().to_string_lossy().to_string();
        if name == "Dockerfile" {
            continue;
        }
        let text = std::fs::read_to_string(e.path()).ok()?;
        files.push((name.clone(), text.len() as u64));
        texts.insert(name, text);
    }
    (!files.is_empty()).then(|| layerlens_core::estimate::BuildContext::new(files, texts))
}
