#!/usr/bin/env bash
# The Python package's tests: builds the wheel (scripts/build-python.sh), installs it into
# .venv-py (scripts/setup.sh makes it), runs the plain API tests (pytest), the widget
# module in headless Chromium with a stand-in model (widget.test.mjs, ~40 s), the notebook
# in a real JupyterLab and Jupyter Notebook 7
# (tests/python/jupyter.test.mjs, ~40 s) and the widget in marimo (marimo.test.mjs, ~15 s).
set -euo pipefail
cd "$(dirname "$0")/.."
wheel=$(bash scripts/build-python.sh)
.venv-py/bin/pip install -q --disable-pip-version-check --no-deps --force-reinstall "$wheel"
node --test tests/python/widget.test.mjs
node --test tests/python/jupyter.test.mjs
node --test tests/python/marimo.test.mjs
(cd tests/python && ../../.venv-py/bin/python -m pytest -q -p no:cacheprovider)
