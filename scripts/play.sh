#!/usr/bin/env bash
# Builds the wasm and the CLI, then serves the playground on http://localhost:${PORT:-8080}/
# with the default experiment loaded. Installs prerequisites on first use.
set -euo pipefail
cd "$(dirname "$0")/.."
GRADLAB_NO_BROWSER=1 bash scripts/setup.sh
bash scripts/build-web.sh
export PATH="$HOME/.cargo/bin:$PATH"
cargo build --release --features cli --bin gradlab
exec target/release/gradlab serve --port "${PORT:-8080}" --dir .
