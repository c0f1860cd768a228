//! A small image made up here, for the worker's warm-up read.

/// A small `docker save` made up here, in pieces of at most one layer: `layers` layers of
/// `files` empty files each (headers only), for the worker's warm-up read.
pub fn warm_up_image(layers: usize, files: usize) -> Vec<Vec<u8>> {
    use layerlens_core::image::tar::header;
    fn file(out: &mut Vec<u8>, name: &str, body: &[u8]) {
        out.extend_from_slice(&header(name, body.len() as u64, b'0'));
        out.extend_from_slice(body);
        out.resize(out.len().next_multiple_of(512), 0);
    }
    let mut pieces = Vec::new();
    let mut names = Vec::new();
    for l in 0..layers {
        let mut layer = Vec::with_capacity((files + 3) * 512);
        layer.extend_from_slice(&header(&format!("l{l}/"), 0, b'5'));
        for f in 0..files {
            layer.extend_from_slice(&header(&format!("l{l}/d{}/f{f}", f % 16), 0, b'0'));
        }
        layer.extend_from_slice(&[0u8; 1024]);
        let name = format!("{l}/layer.tar");
        let mut piece = header(&name, layer.len() as u64, b'0').to_vec();
        piece.extend_from_slice(&layer);
        pieces.push(piece);
        names.push(format!("\"{name}\""));
    }
    let mut meta = Vec::new();
    let config = r#"{"architecture":"amd64","os":"linux","config":{},"rootfs":{"type":"layers","diff_ids":[]},"history":[]}"#;
    file(&mut meta, "config.json", config.as_bytes());
    let manifest = format!(
        r#"[{{"Config":"config.json","RepoTags":["layerlens/warm-up:1"],"Layers":[{}]}}]"#,
        names.join(",")
    );
    file(&mut meta, "manifest.json", manifest.as_bytes());
    meta.extend_from_slice(&[0u8; 1024]);
    pieces.push(meta);
    pieces
}
