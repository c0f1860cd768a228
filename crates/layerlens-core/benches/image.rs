// placeholder until the image bench lands
fn main() {}
