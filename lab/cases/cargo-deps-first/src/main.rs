use clap::Parser;
use serde::Serialize;

#[derive(Parser)]
struct Args {
    #[arg(default_value = "hello layerlens")]
    text: String,
}

#[derive(Serialize)]
struct Out {
    words: usize,
}

fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let re = regex::Regex::new(r"\w+")?;
    let out = Out { words: re.find_iter(&args.text).count() };
    println!("{}", serde_json::to_string(&out)?);
    Ok(())
}
