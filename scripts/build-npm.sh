#!/usr/bin/env bash
# Builds the npm package `gradlab` in target/npm/ and packs it (npm pack, not published):
# the static site bundle (scripts/build-site.sh) at the package root, so the element's
# pages sit where www/embed.js expects them; the headless API (npm/headless.js for browsers,
# npm/node.js for Node), their TypeScript declarations and README; the version is Cargo.toml's.
# Prints the tarball's path (target/gradlab-VERSION.tgz). No dependencies.
set -euo pipefail
cd "$(dirname "$0")/.."
version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)
out=target/npm
OUT=$out bash scripts/build-site.sh >&2
cp npm/headless.js npm/node.js npm/headless.d.ts npm/element.d.ts npm/README.md "$out/"
sed "s/\"VERSION\"/\"$version\"/" npm/package.json > "$out/package.json"
tgz=$(cd "$out" && npm pack --silent --pack-destination .. 2>/dev/null | tail -1)
echo "build-npm: target/$tgz ($(du -k "target/$tgz" | cut -f1) KiB)" >&2
echo "$(pwd)/target/$tgz"
