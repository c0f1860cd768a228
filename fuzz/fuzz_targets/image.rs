//! Any bytes as an image archive: reading and analysis never panic; they give an image or an
//! error. The layers are also read apart (as the browser's helper workers and the CLI's threads
//! do: `LayerReader`s, their entries handed back in parts through the byte encoding, last layer
//! first): that must agree with one reader — the same image, or an error.
#![no_main]
use layerlens_core::image::{
    analyze, read_all, ImageReader, LayerReader, LayerScan, Options,
};
use libfuzzer_sys::fuzz_target;

fn apart(data: &[u8]) -> Result<layerlens_core::image::Image, layerlens_core::image::ImageError> {
    let mut r = ImageReader::new(
        data.len() as u64,
        Options {
            layers_elsewhere: true,
            ..Options::default()
        },
    );
    while let Some(w) = r.want() {
        let end = (w.end as usize).min(data.len());
        r.feed(w.start, &data[(w.start as usize).min(end)..end])?;
    }
    let spans = r.layer_spans().to_vec();
    let mut layers = Vec::new();
    for s in &spans {
        let mut lr = LayerReader::new(s, &r.layer_options());
        let mut parts = Vec::new();
        while let Some(w) = lr.want() {
            let end = (w.end as usize).min(data.len());
            lr.feed(w.start, &data[(w.start as usize).min(end)..end])?;
            if lr.pending() >= 3 {
                parts.push(lr.take_part());
            }
        }
        parts.push(lr.finish()?);
        layers.push(parts);
    }
    for (i, parts) in layers.into_iter().enumerate().rev() {
        for p in parts {
            let p = LayerScan::decode(&p.encode()).expect("a part's encoding round-trips");
            r.put_layer(i, p)?;
        }
    }
    r.finish()
}

fuzz_target!(|data: &[u8]| {
    let one = read_all(data, Default::default()).map(analyze);
    let two = apart(data).map(analyze);
    match (&one, &two) {
        (Ok(a), Ok(b)) => assert_eq!(
            serde_json::to_string(a).ok(),
            serde_json::to_string(b).ok(),
            "layers read apart differ from one reader"
        ),
        (Ok(_), Err(e)) => panic!("one reader reads it, apart: {e}"),
        (Err(e), Ok(_)) => panic!("read apart, one reader fails: {e}"),
        (Err(_), Err(_)) => {}
    }
});
