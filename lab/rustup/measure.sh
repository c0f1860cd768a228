#!/usr/bin/env bash
# what rustup-init leaves, as a layer stores it, per profile
tarbytes() { find "$@" -printf '%y %s\n' 2>/dev/null | awk '{ b += 512; if ($1 == "f") b += int(($2 + 511) / 512) * 512 } END { print b + 0 }'; }
for prof in minimal default; do
  d=/tmp/ru/$prof; rm -rf $d; mkdir -p $d
  RUSTUP_HOME=$d/rustup CARGO_HOME=$d/cargo ./rustup-init -y --no-modify-path --profile $prof >$d.log 2>&1
  echo "$prof $(tarbytes $d/rustup $d/cargo) rustup=$(tarbytes $d/rustup) cargo=$(tarbytes $d/cargo) $(RUSTUP_HOME=$d/rustup CARGO_HOME=$d/cargo $d/cargo/bin/rustc --version)"
done
d=/tmp/ru/default
RUSTUP_HOME=$d/rustup CARGO_HOME=$d/cargo $d/cargo/bin/rustup toolchain install nightly --component rust-src >$d-nightly.log 2>&1
echo "default+nightly-rust-src $(tarbytes $d/rustup $d/cargo)"
