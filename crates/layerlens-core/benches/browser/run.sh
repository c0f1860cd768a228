#!/usr/bin/env bash
# The image engine compiled to wasm (the app's size profile, and with zlib-rs at opt-level 3),
# timed in headless Chromium: the gzip inflater on 64 MiB of text-like data (≈ 3:1), next to the
# browser's own DecompressionStream; then, with IMAGE=path/to/image.tar, the whole reader and
# analysis on a picked File read in slices (as the web worker will). The benchmark's 1 GB image:
#   LAYERLENS_BENCH_KEEP=/tmp/bench-image.tar cargo bench -p layerlens-core --bench image
#   IMAGE=/tmp/bench-image.tar crates/layerlens-core/benches/browser/run.sh
# Needs what scripts/setup installs (wasm32 target, wasm-opt from npm, chromium, playwright-core).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$here/../../../.."
out="$(mktemp -d)"
trap 'kill "${server:-0}" 2>/dev/null || true; rm -rf "$out"' EXIT
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$out/target}"
cd "$here"
wasm_opt="$root/node_modules/.bin/wasm-opt"
cargo build -q --release --target wasm32-unknown-unknown
"$wasm_opt" -Oz "$CARGO_TARGET_DIR/wasm32-unknown-unknown/release/layerlens_browser_bench.wasm" -o "$out/z.wasm"
cargo build -q --release --target wasm32-unknown-unknown --config 'profile.release.package.zlib-rs.opt-level=3'
"$wasm_opt" -Oz "$CARGO_TARGET_DIR/wasm32-unknown-unknown/release/layerlens_browser_bench.wasm" -o "$out/z3.wasm"
for f in z z3; do echo "$f.wasm: $(stat -c%s "$out/$f.wasm") B, $(gzip -9c "$out/$f.wasm" | wc -c) B gzip"; done
python3 - "$out/text.gz" <<'PY'
import gzip, random, sys
random.seed(1)
words = ["layer", "image", "docker", "size", "apt-get", "install", "python3", "lib", "usr", "share", "doc", "cache", "0.9.1", "{", "}", "=", "\n", "return", "function"]
parts, n = [], 0
while n < 64 * 1024 * 1024:
    w = random.choice(words); parts.append(w)
    if random.random() < 0.33: parts.append(" %x" % random.getrandbits(24))
    n += len(w) + 5
open(sys.argv[1], "wb").write(gzip.compress(" ".join(parts).encode()[: 64 * 1024 * 1024], 6))
PY
cp "$here/page/index.html" "$here/page/file.html" "$out/"
PORT="${PORT:-8765}"
(cd "$out" && exec python3 -m http.server "$PORT" --bind 127.0.0.1 >/dev/null 2>&1) &
server=$!
sleep 1
IMAGE="${IMAGE:-}" PORT="$PORT" PLAYWRIGHT="$root/node_modules/playwright-core" node "$here/page/run.cjs"
