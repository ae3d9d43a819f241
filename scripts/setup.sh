#!/usr/bin/env bash
# Installs what the build and the tests need, skipping whatever is already there:
# (GRADLAB_NO_BROWSER=1 skips the test-only parts: chromium and the Python venv)
# the wasm32 target, wasm-bindgen-cli at the crate's exact version, Debian's chromium,
# chromium-driver, firefox-esr, webkit2gtk-driver and xvfb, and the npm packages from
# package-lock.json.
set -euo pipefail
cd "$(dirname "$0")/.."

WASM_BINDGEN_VERSION=$(sed -n 's/^wasm-bindgen = "=\(.*\)"/\1/p' Cargo.toml)
export PATH="$HOME/.cargo/bin:$PATH"

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  echo "setup: adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$WASM_BINDGEN_VERSION" ]; then
  echo "setup: installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (about 6 minutes, once)"
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
fi

if [ "${GRADLAB_NO_BROWSER:-}" != 1 ] && { [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; }; then
  echo "setup: installing Debian's chromium and chromium-driver"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium chromium-driver >/dev/null
fi

# The other engines for the cross-engine tests (tests/engines/): Debian's Firefox ESR (driven
# by puppeteer-core over WebDriver BiDi), WebKitGTK's WebKitWebDriver (its MiniBrowser comes with
# libwebkit2gtk-4.1-0) and Xvfb for MiniBrowser, which has no headless mode; about 275 MB, once.
MINIBROWSER=/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser
if [ "${GRADLAB_NO_BROWSER:-}" != 1 ] && { [ ! -x /usr/bin/firefox-esr ] || [ ! -x /usr/bin/WebKitWebDriver ] \
    || [ ! -x "$MINIBROWSER" ] || [ ! -x /usr/bin/xvfb-run ] || [ ! -x /usr/bin/xauth ] || [ ! -x /usr/sbin/locale-gen ]; }; then
  echo "setup: installing Debian's firefox-esr, webkit2gtk-driver, xvfb and locales"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq firefox-esr webkit2gtk-driver libwebkit2gtk-4.1-0 xvfb xauth locales >/dev/null
fi
# WebKit runs once with a real locale and once with LANG=C: generate en_US.UTF-8 if missing.
if [ "${GRADLAB_NO_BROWSER:-}" != 1 ] && ! locale -a 2>/dev/null | grep -qix 'en_US.utf-\?8'; then
  echo "setup: generating the en_US.UTF-8 locale"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
  $SUDO sed -i 's/^# *\(en_US.UTF-8 UTF-8\)/\1/' /etc/locale.gen
  grep -qx 'en_US.UTF-8 UTF-8' /etc/locale.gen || echo 'en_US.UTF-8 UTF-8' | $SUDO tee -a /etc/locale.gen >/dev/null
  $SUDO locale-gen >/dev/null
fi

# npm packages: reinstall only when the lockfile changed since the last install.
if [ -f package-lock.json ]; then
  stamp=node_modules/.gradlab-lock-hash
  want=$(sha256sum package-lock.json | cut -d' ' -f1)
  if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
    echo "setup: npm ci"
    npm ci --no-audit --no-fund --loglevel=error
    echo "$want" > "$stamp"
  fi
fi

# venv DIR REQUIREMENTS WHAT: a Python venv with pinned packages (tests only), rebuilt only
# when its requirements file changed since the last install.
venv() {
  local dir=$1 reqs=$2 what=$3 want
  want=$(sha256sum "$reqs" | cut -d' ' -f1)
  [ "$(cat "$dir/.gradlab-req-hash" 2>/dev/null)" = "$want" ] && return
  echo "setup: python venv for $what"
  python3 -m venv "$dir"
  "$dir/bin/pip" install -q --disable-pip-version-check -r "$reqs"
  echo "$want" > "$dir/.gradlab-req-hash"
}
if [ "${GRADLAB_NO_BROWSER:-}" != 1 ]; then
  # The oracle for the gradient cross-check (HIPS autograd).
  venv .venv tests/crosscheck/requirements.txt "the autograd cross-check"
  # The Python package's tests (python/, tests/python/): anywidget, pandas, hatchling (builds
  # the wheel), pytest, and JupyterLab for its end-to-end test.
  venv .venv-py tests/python/requirements.txt "the notebook widget"
  # Ray and Optuna for the sweep recipes (docs/SCALING.md; tests/sweep/ray_sweep_test.sh), apart
  # so the cross-check's pinned packages stay as they are.
  venv .venv-ray scripts/sweep/requirements.txt "the Ray and Optuna sweep recipes"
fi
