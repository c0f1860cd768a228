#!/usr/bin/env bash
# Installs each app's dependencies as its Dockerfile would (`npm install --omit=dev`, no lock, the
# versions its package.json allows, install scripts not run: several download binaries from
# GitHub, which builds here cannot reach) and records node_modules and the npm cache as a layer
# stores them (files rounded up to 512-byte blocks plus a header) in APP/measured.tsv.
#   lab/npm-apps/measure.sh [APP...]
set -uo pipefail
cd "$(dirname "$0")"
tarbytes() { find "$@" -printf '%y %s\n' 2>/dev/null | awk '{ b += 512; if ($1 == "f") b += int(($2 + 511) / 512) * 512 } END { print b + 0 }'; }
apps=("$@")
[ ${#apps[@]} -eq 0 ] && mapfile -t apps < <(ls -d */ | tr -d /)
for app in "${apps[@]}"; do
  d=$(mktemp -d); cp "$app/package.json" "$d/"
  if (cd "$d" && HOME="$d/home" timeout 900 npm install --omit=dev --no-audit --no-fund --no-package-lock \
        --ignore-scripts --cache "$d/cache" >"$d/log" 2>&1); then
    printf 'node_modules_mb\tcache_mb\tpackages\tmeasured\n%.2f\t%.2f\t%s\tnpm %s, node %s, %s, --ignore-scripts\n' \
      "$(echo "$(tarbytes "$d/node_modules")/1000000" | bc -l)" "$(echo "$(tarbytes "$d/cache")/1000000" | bc -l)" \
      "$(find "$d/node_modules" -name package.json -path '*/node_modules/*' | grep -Ec '/node_modules/(@[^/]+/)?[^/@]+/package.json$')" \
      "$(npm --version)" "$(node --version)" "$(date -u +%Y-%m-%d)" > "$app/measured.tsv"
    echo "$app: $(tail -1 "$app/measured.tsv")"
  else
    echo "$app: install failed: $(grep -m1 'npm error' "$d/log")"
  fi
  rm -rf "$d"
done
