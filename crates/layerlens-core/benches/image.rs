//! `cargo bench -p layerlens-core --bench image`: how fast a saved image is read and analyzed.
//!
//! 1. Writes a 1 GB uncompressed `docker save` tar with 100,000 files in 8 layers to a temp
//!    directory (each layer tar is also kept on its own), then times the native analysis (the
//!    reader driven by seek + read, as the CLI does) against GNU `tar -tvf` listing each layer tar.
//! 2. Writes a gzip layer of text-like files and times the reader on it: MB/s of compressed input.
//!
//! Each figure is the best of three runs (warm page cache). Sizes can be changed with
//! LAYERLENS_BENCH_FILES and LAYERLENS_BENCH_FILE_BYTES; LAYERLENS_BENCH_KEEP=PATH keeps the
//! image for the browser bench (benches/browser/run.sh). Needs ≈ 2.3 GB of free disk.

use layerlens_core::image::{analyze, ImageReader, Options};
use std::fs::File;
use std::io::{BufWriter, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use layerlens_core::image::tar::header;

fn pad(w: &mut impl Write, len: u64) {
    let p = (512 - len % 512) % 512;
    w.write_all(&vec![0u8; p as usize]).expect("write");
}

/// A layer tar: `files` files of `size` bytes under 100-file directories.
fn write_layer(path: &Path, layer: usize, files: usize, size: u64, body: &[u8]) -> u64 {
    let span = body.len().saturating_sub(size as usize).max(1);
    let mut w = BufWriter::with_capacity(1 << 20, File::create(path).expect("create layer"));
    for i in 0..files {
        if i % 100 == 0 {
            w.write_all(&header(&format!("srv/l{layer}/d{}/", i / 100), 0, b'5'))
                .expect("write");
        }
        w.write_all(&header(
            &format!("srv/l{layer}/d{}/file{i}.dat", i / 100),
            size,
            b'0',
        ))
        .expect("write");
        // Each file a different slice, so compression sees no copies.
        let from = (i * 7919) % span;
        let mut left = size as usize;
        while left > 0 {
            let n = left.min(body.len() - from);
            w.write_all(&body[from..from + n]).expect("write");
            left -= n;
        }
        pad(&mut w, size);
    }
    w.write_all(&[0u8; 1024]).expect("write");
    w.flush().expect("flush");
    std::fs::metadata(path).expect("meta").len()
}

/// A docker save tar around the layer files.
fn write_image(path: &Path, layers: &[PathBuf]) {
    let mut w = BufWriter::with_capacity(1 << 20, File::create(path).expect("create image"));
    let mut names = Vec::new();
    let mut diff_ids = Vec::new();
    let mut history = Vec::new();
    for (i, l) in layers.iter().enumerate() {
        let len = std::fs::metadata(l).expect("meta").len();
        let name = format!("{i:064x}/layer.tar");
        w.write_all(&header(&name, len, b'0')).expect("write");
        std::io::copy(&mut File::open(l).expect("open layer"), &mut w).expect("copy");
        pad(&mut w, len);
        names.push(format!("\"{name}\""));
        diff_ids.push(format!("\"sha256:{i:064x}\""));
        history.push(format!("{{\"created_by\":\"/bin/sh -c make layer {i}\"}}"));
    }
    let config = format!(
        r#"{{"os":"linux","architecture":"amd64","config":{{"User":"app"}},"history":[{}],"rootfs":{{"type":"layers","diff_ids":[{}]}}}}"#,
        history.join(","),
        diff_ids.join(",")
    );
    let manifest = format!(
        r#"[{{"Config":"config.json","RepoTags":["bench:1"],"Layers":[{}]}}]"#,
        names.join(",")
    );
    for (name, body) in [("config.json", config), ("manifest.json", manifest)] {
        w.write_all(&header(name, body.len() as u64, b'0'))
            .expect("write");
        w.write_all(body.as_bytes()).expect("write");
        pad(&mut w, body.len() as u64);
    }
    w.write_all(&[0u8; 1024]).expect("write");
    w.flush().expect("flush");
}

/// Reads and analyzes like the CLI: the reader's ranges served by seek + read.
fn analyze_file(path: &Path, window: usize) -> (f64, layerlens_core::image::Analysis, u64, u64) {
    let start = Instant::now();
    let mut f = File::open(path).expect("open");
    let len = f.metadata().expect("meta").len();
    let mut requests = 0u64;
    let image = ImageReader::new(
        len,
        Options {
            window,
            ..Options::default()
        },
    )
    .drive(
        |off, buf: &mut [u8]| -> std::io::Result<usize> {
            requests += 1;
            f.seek(SeekFrom::Start(off))?;
            f.read(buf)
        },
        |_| {},
    )
    .expect("reads");
    let read = image.bytes_read;
    let a = analyze(image);
    (start.elapsed().as_secs_f64(), a, requests, read)
}

/// The CLI's reading of layers on threads (the engine starts none).
#[path = "../../layerlens-cli/src/parallel.rs"]
mod parallel;

/// As the CLI reads: the layers by `threads` threads at once (positional reads).
#[cfg(unix)]
fn analyze_file_parallel(path: &Path, threads: usize) -> (f64, layerlens_core::image::Analysis) {
    use std::os::unix::fs::FileExt;
    let start = Instant::now();
    let f = File::open(path).expect("open");
    let len = f.metadata().expect("meta").len();
    let reader = ImageReader::new(
        len,
        Options {
            layers_elsewhere: true,
            ..Options::default()
        },
    );
    let image = parallel::drive_parallel(
        reader,
        |off, buf: &mut [u8]| f.read_at(buf, off),
        threads,
        |_| {},
    )
    .expect("reads");
    (start.elapsed().as_secs_f64(), analyze(image))
}

fn threads() -> usize {
    std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .min(8)
}

fn best<T>(n: usize, mut f: impl FnMut() -> (f64, T)) -> (f64, T) {
    let mut out = f();
    for _ in 1..n {
        let r = f();
        if r.0 < out.0 {
            out = r;
        }
    }
    out
}

fn peak_rss_kib() -> Option<u64> {
    let s = std::fs::read_to_string("/proc/self/status").ok()?;
    s.lines()
        .find(|l| l.starts_with("VmHWM:"))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()
}

/// Best of three: GNU tar listing each of `tars` with `flags` (`-tvf`, `-tzvf`); NaN if it fails.
fn tar_list(flags: &str, tars: &[PathBuf]) -> f64 {
    best(3, || {
        let t = Instant::now();
        for l in tars {
            let out = std::process::Command::new("tar")
                .arg(flags)
                .arg(l)
                .stdout(std::process::Stdio::null())
                .status();
            if !matches!(out, Ok(s) if s.success()) {
                return (f64::NAN, ());
            }
        }
        (t.elapsed().as_secs_f64(), ())
    })
    .0
}

fn main() {
    let files: usize = std::env::var("LAYERLENS_BENCH_FILES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    let file_bytes: u64 = std::env::var("LAYERLENS_BENCH_FILE_BYTES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000);
    let dir = std::env::temp_dir().join(format!("layerlens-bench-image-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let t = Instant::now();
    let body: Vec<u8> = (0..65536u32)
        .map(|i| (i.wrapping_mul(2654435761) >> 13) as u8)
        .collect();
    let per = files / 8;
    let layers: Vec<PathBuf> = (0..8).map(|i| dir.join(format!("layer{i}.tar"))).collect();
    let mut total = 0;
    for (i, p) in layers.iter().enumerate() {
        total += write_layer(p, i, per, file_bytes, &body);
    }
    let image = dir.join("image.tar");
    write_image(&image, &layers);
    let image_len = std::fs::metadata(&image).expect("meta").len();
    println!(
        "image bench: wrote {} ({:.2} GB, {} files in 8 layers, layer tars {:.2} GB) in {:.1} s",
        image.display(),
        image_len as f64 / 1e9,
        per * 8,
        total as f64 / 1e9,
        t.elapsed().as_secs_f64()
    );

    let rss0 = peak_rss_kib();
    let mut secs = f64::NAN;
    let mut files_seen = 0;
    for window in [512usize, 64 * 1024] {
        let (s, (a, requests, read)) = best(3, || {
            let (s, a, r, b) = analyze_file(&image, window);
            (s, (a, r, b))
        });
        println!(
            "  layerlens (native, seek+read, {} B window{}): {:.3} s ({:.0} files/s, {:.0} MB/s of file) — {} files, {} layers, {} read requests, {:.1} MB read of {:.0} MB, efficiency {:.4}",
            window,
            if window == Options::default().window { ", the default" } else { "" },
            s,
            a.final_files as f64 / s,
            image_len as f64 / 1e6 / s,
            a.final_files,
            a.layers.len(),
            requests,
            read as f64 / 1e6,
            image_len as f64 / 1e6,
            a.efficiency
        );
        if window == Options::default().window {
            secs = s;
        }
        files_seen = a.final_files;
    }
    #[cfg(unix)]
    {
        let (ps, pa) = best(3, || analyze_file_parallel(&image, threads()));
        assert_eq!(pa.final_files, files_seen);
        println!(
            "  layerlens (native, layers on {} threads, as the CLI reads): {:.3} s ({:.0} files/s)",
            threads(),
            ps,
            pa.final_files as f64 / ps
        );
        secs = secs.min(ps);
    }
    let rss1 = peak_rss_kib();
    if let (Some(r0), Some(r1)) = (rss0, rss1) {
        println!(
            "  peak RSS of the bench process: {:.1} MB before the analyses, {:.1} MB after",
            r0 as f64 / 1024.0,
            r1 as f64 / 1024.0
        );
    }
    assert_eq!(files_seen as usize, per * 8);

    // `layerlens diff`: the image against itself, read twice, then compared path by path.
    #[cfg(unix)]
    {
        let (read2, (a, b)) = best(3, || {
            let (s1, a) = analyze_file_parallel(&image, threads());
            let (s2, b) = analyze_file_parallel(&image, threads());
            (s1 + s2, (a, b))
        });
        let (cmp, d) = best(3, || {
            let t = std::time::Instant::now();
            let d = layerlens_core::compare::images(&a, &b);
            (t.elapsed().as_secs_f64(), d)
        });
        assert_eq!(d.shared_layers, 8);
        assert!(d.paths.added.is_empty() && d.paths.changed.is_empty());
        println!(
            "  compare two {} GB / {}-file images (layerlens diff): reading both {:.3} s + comparing {:.3} s ({:.0} % more than reading)",
            (std::fs::metadata(&image).map(|m| m.len()).unwrap_or(0) as f64 / 1e9 * 100.0).round() / 100.0,
            a.final_files,
            read2,
            cmp,
            cmp / read2 * 100.0
        );
        // The worse case: the last layer replaced by one of other paths, so an eighth of the
        // files are removed and as many added, each in its own directories.
        let other = dir.join("layer-other.tar");
        write_layer(&other, 8, per, file_bytes, &body);
        let mut layers2 = layers[..7].to_vec();
        layers2.push(other.clone());
        let image2 = dir.join("image2.tar");
        write_image(&image2, &layers2);
        let (_, c) = analyze_file_parallel(&image2, threads());
        let (cmp2, d2) = best(3, || {
            let t = std::time::Instant::now();
            let d = layerlens_core::compare::images(&a, &c);
            (t.elapsed().as_secs_f64(), d)
        });
        assert_eq!(d2.paths.added_count, per);
        assert_eq!(d2.paths.removed_count, per);
        println!(
            "  compare against the same with its last layer replaced ({} paths added, {} removed, {} directories kept): comparing {:.3} s ({:.0} % more than reading both)",
            d2.paths.added_count,
            d2.paths.removed_count,
            d2.dirs.len(),
            cmp2,
            cmp2 / read2 * 100.0
        );
        for p in [other, image2] {
            let _ = std::fs::remove_file(p);
        }
    }

    let tar_secs = tar_list("-tvf", &layers);
    println!(
        "  GNU tar -tvf over the 8 layer tars: {tar_secs:.3} s ({:.0} files/s)  → layerlens is {:.1}× {}",
        (per * 8) as f64 / tar_secs,
        (tar_secs / secs).max(secs / tar_secs),
        if secs <= tar_secs { "faster" } else { "slower" }
    );
    for p in &layers {
        let _ = std::fs::remove_file(p);
    }
    // LAYERLENS_BENCH_KEEP=PATH keeps the image (for benches/browser/run.sh).
    match std::env::var("LAYERLENS_BENCH_KEEP") {
        Ok(keep) if !keep.is_empty() => {
            if std::fs::rename(&image, &keep).is_err() {
                let _ = std::fs::copy(&image, &keep);
                let _ = std::fs::remove_file(&image);
            }
            println!("  kept the image at {keep}");
        }
        _ => {
            let _ = std::fs::remove_file(&image);
        }
    }

    // gzip: a layer of text-like files (compresses ≈ 3–4:1, like real layers).
    let words = [
        "layer", "image", "docker", "size", "apt-get", "install", "python3", "lib", "usr", "share",
        "doc", "cache", "0.9.1", "{", "}", "=", "\n", "return", "function",
    ];
    let mut seed = 0x9E37_79B9_7F4A_7C15u64;
    let mut text = Vec::with_capacity(1 << 22);
    while text.len() < 1 << 22 {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        text.extend_from_slice(words[(seed % words.len() as u64) as usize].as_bytes());
        // Numbers, hashes and offsets make real files less repetitive than prose.
        if matches!(seed % 3, 0) {
            text.extend_from_slice(format!(" {:x}", seed >> 40).as_bytes());
        }
        text.push(b' ');
    }
    let gz_tar = dir.join("text-layer.tar");
    let tar_len = write_layer(&gz_tar, 0, 20_000, 12_000, &text);
    let gz = dir.join("text-layer.tar.gz");
    {
        let mut e = flate2::write::GzEncoder::new(
            BufWriter::new(File::create(&gz).expect("gz")),
            flate2::Compression::default(),
        );
        std::io::copy(&mut File::open(&gz_tar).expect("open"), &mut e).expect("gzip");
        e.finish().expect("gzip").flush().expect("flush");
    }
    let gz_len = std::fs::metadata(&gz).expect("meta").len();
    let gz_image = dir.join("gz-image.tar");
    std::fs::rename(&gz, dir.join("layer.tar.gz")).expect("rename");
    write_image(&gz_image, &[dir.join("layer.tar.gz")]);
    let (gsecs, ga) = best(3, || {
        let (s, a, _, _) = analyze_file(&gz_image, Options::default().window);
        (s, a)
    });
    println!(
        "  gzip layer: {:.0} MB compressed ({:.0} MB tar, {:.1}:1), {} files in {:.3} s → {:.0} MB/s of compressed input ({:.0} MB/s inflated, {:.0} files/s)",
        gz_len as f64 / 1e6,
        tar_len as f64 / 1e6,
        tar_len as f64 / gz_len as f64,
        ga.final_files,
        gsecs,
        gz_len as f64 / 1e6 / gsecs,
        tar_len as f64 / 1e6 / gsecs,
        ga.final_files as f64 / gsecs
    );
    // GNU tar listing the same gzip layer (it inflates through gzip(1), on a second core).
    let tar_gz_secs = tar_list("-tzvf", &[dir.join("layer.tar.gz")]);
    println!(
        "  GNU tar -tzvf over the same gzip layer: {tar_gz_secs:.3} s ({:.0} MB/s of compressed input, {:.0} files/s)  → layerlens is {:.1}× {}",
        gz_len as f64 / 1e6 / tar_gz_secs,
        ga.final_files as f64 / tar_gz_secs,
        (tar_gz_secs / gsecs).max(gsecs / tar_gz_secs),
        if gsecs <= tar_gz_secs { "faster" } else { "slower" }
    );
    // Four gzip layers (the same bytes under four names): one after another, then at once.
    #[cfg(unix)]
    {
        let names: Vec<PathBuf> = (0..4).map(|i| dir.join(format!("gz{i}.tar.gz"))).collect();
        for n in &names {
            std::fs::copy(dir.join("layer.tar.gz"), n).expect("copy");
        }
        let four = dir.join("gz4-image.tar");
        write_image(&four, &names);
        let (s1, _) = best(3, || {
            let (s, a, _, _) = analyze_file(&four, Options::default().window);
            (s, a)
        });
        let (sp, _) = best(3, || analyze_file_parallel(&four, threads()));
        println!(
            "  four gzip layers ({:.0} MB compressed): one after another {:.3} s ({:.0} MB/s), on {} threads {:.3} s ({:.0} MB/s of compressed input)",
            4.0 * gz_len as f64 / 1e6,
            s1,
            4.0 * gz_len as f64 / 1e6 / s1,
            threads(),
            sp,
            4.0 * gz_len as f64 / 1e6 / sp
        );
    }
    // The inflater alone, on the same bytes in memory (what the reader cannot beat).
    let data = std::fs::read(dir.join("layer.tar.gz")).expect("read gz");
    let (rsecs, out) = best(3, || {
        let t = Instant::now();
        let mut z = flate2::Decompress::new(false);
        let mut buf = vec![0u8; 256 * 1024];
        let mut input = &data[10..];
        loop {
            let (i0, o0) = (z.total_in(), z.total_out());
            let st = z
                .decompress(input, &mut buf, flate2::FlushDecompress::None)
                .expect("inflate");
            input = &input[(z.total_in() - i0) as usize..];
            if st == flate2::Status::StreamEnd || (z.total_out() == o0 && z.total_in() == i0) {
                break;
            }
        }
        (t.elapsed().as_secs_f64(), z.total_out())
    });
    println!("  zlib-rs inflate alone, in memory: {:.0} MB/s of compressed input ({:.0} MB/s inflated, {} B out)", data.len() as f64 / 1e6 / rsecs, out as f64 / 1e6 / rsecs, out);
    let _ = std::fs::remove_dir_all(&dir);
}
