#!/usr/bin/env bash
# Builds the Python package `gradlab` (python/): first its widget's one ES module,
# python/src/gradlab/widget.js (scripts/build-widget.mjs: the playground page and its worker
# bundled with esbuild, the core's .wasm and the digits gzipped inside: anywidget ships no
# asset files), then the wheel, with hatchling, into target/python/. Prints the wheel's
# path. Needs pkg/ (scripts/build-web.sh), node_modules (esbuild) and the .venv-py of
# scripts/setup.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
py=${PYTHON:-.venv-py/bin/python}
node scripts/build-widget.mjs >&2
rm -rf target/python
mkdir -p target/python
(cd python && "../$py" -m hatchling build -t wheel -d ../target/python >&2)
ls "$(pwd)"/target/python/gradlab-*.whl
