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

# Python oracle for the gradient cross-check (tests only): a venv with pinned packages.
if [ "${GRADLAB_NO_BROWSER:-}" != 1 ]; then
  stamp=.venv/.gradlab-req-hash
  want=$(sha256sum tests/crosscheck/requirements.txt | cut -d' ' -f1)
  if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
    echo "setup: python venv for the autograd cross-check"
    python3 -m venv .venv
    .venv/bin/pip install -q --disable-pip-version-check -r tests/crosscheck/requirements.txt
    echo "$want" > "$stamp"
  fi
fi

# The Python package's tests (python/, tests/python/): a venv of its own with anywidget,
# pandas, hatchling (builds the wheel) and pytest; JupyterLab for its end-to-end test.
if [ "${GRADLAB_NO_BROWSER:-}" != 1 ]; then
  stamp=.venv-py/.gradlab-req-hash
  want=$(sha256sum tests/python/requirements.txt | cut -d' ' -f1)
  if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
    echo "setup: python venv for the notebook widget"
    python3 -m venv .venv-py
    .venv-py/bin/pip install -q --disable-pip-version-check -r tests/python/requirements.txt
    echo "$want" > "$stamp"
  fi
fi

# Ray and Optuna for the sweep recipes (docs/SCALING.md; tests/sweep/ray_sweep_test.sh), in
# their own venv so the cross-check's pinned packages stay as they are.
if [ "${GRADLAB_NO_BROWSER:-}" != 1 ]; then
  stamp=.venv-ray/.gradlab-req-hash
  want=$(sha256sum scripts/sweep/requirements.txt | cut -d' ' -f1)
  if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
    echo "setup: python venv for the Ray and Optuna sweep recipes"
    python3 -m venv .venv-ray
    .venv-ray/bin/pip install -q --disable-pip-version-check -r scripts/sweep/requirements.txt
    echo "$want" > "$stamp"
  fi
fi
