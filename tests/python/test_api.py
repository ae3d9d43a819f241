"""Plain unit tests of the Python widget's API (gradlab installed from the wheel that
scripts/build-python.sh builds; scripts/test-python.sh installs it). No browser: the view's
side is tests/python/widget.test.mjs (the module in headless Chromium) and jupyter.test.mjs
and marimo.test.mjs (real notebook servers)."""
import pathlib
import re

import pytest
import traitlets

import gradlab

ROOT = pathlib.Path(__file__).resolve().parents[2]


def test_settings_become_url_keys():
    assert gradlab.settings_to_config({"dataset": "spiral", "hidden": [8, 8], "batch_size": 5, "local_losses": True}) == {
        "dataset": "spiral", "hidden": "8,8", "batch-size": 5, "local-losses": "true"}


def test_playground_syncs_its_settings_as_config():
    w = gradlab.Playground(dataset="xor", hidden=[4], lr=0.1, seed=2)
    assert w.config == {"dataset": "xor", "hidden": "4", "lr": 0.1, "seed": 2}
    assert w.view == "playground" and not w.running and w.steps == 0 and w.history == []
    state = w.get_state()
    for key in ("config", "running", "steps", "history", "speed", "error", "warnings"):
        assert key in state, key
    assert w.speed == "epoch"


def test_speed_is_one_of_the_views_levels():
    w = gradlab.Playground()
    w.speed = "max"
    with pytest.raises(traitlets.TraitError):
        w.speed = "fast"
    assert gradlab.SPEEDS == ("1", "5", "epoch", "4-epochs", "20-epochs", "max")


def test_an_unknown_view_is_refused_by_name():
    with pytest.raises(ValueError, match="view='nope'"):
        gradlab.Playground(view="nope")


def test_play_pause_step_and_reset(monkeypatch):
    w = gradlab.Playground(dataset="circle")
    sent = []
    monkeypatch.setattr(w, "send", sent.append)
    w.play()
    assert w.running
    w.pause()
    assert not w.running
    w.play()
    w.step(50)
    assert not w.running and sent == [{"type": "step", "n": 50}]
    with pytest.raises(ValueError):
        w.step(0)
    w.reset()
    assert sent[-1] == {"type": "reset"}
    w.reset(seed=7)
    assert w.config == {"dataset": "circle", "seed": 7}
    w.set(lr=0.3, batch_size=4)
    assert w.config == {"dataset": "circle", "seed": 7, "lr": 0.3, "batch-size": 4}


def test_history_as_a_dataframe():
    w = gradlab.Playground()
    assert list(w.history_df.columns) == ["epoch", "step", "train_loss", "train_accuracy", "test_loss", "test_accuracy"]
    assert len(w.history_df) == 0
    w.history = [{"epoch": 1, "step": 25, "train": {"loss": 0.7, "accuracy": 0.5}, "test": {"loss": 0.71, "accuracy": 0.48}},
                 {"epoch": 2, "step": 50, "train": {"loss": 0.6, "accuracy": 0.6}, "test": {"loss": 0.62, "accuracy": None}}]
    df = w.history_df
    assert df["step"].tolist() == [25, 50]
    assert df["train_loss"].tolist() == [0.7, 0.6]


def test_the_module_ships_inside_the_package_with_the_page_and_core_inlined():
    esm = pathlib.Path(gradlab.__file__).parent / "widget.js"
    text = esm.read_text()
    # The core's .wasm, gzipped, as esbuild's binary loader writes it (base64): ~630 KiB.
    assert max(len(m) for m in re.findall(r'"([A-Za-z0-9+/=]{10000,})"', text)) > 500_000
    assert "as default" in text and "gradlab-files" in text  # the module and its page side
    assert 'id="heatmap"' in text and 'id="network"' in text  # the playground page's own body
    assert esm.stat().st_size < 1024 * 1024


def test_one_version_for_cargo_npm_and_python():
    cargo = re.search(r'^version = "(.*)"', (ROOT / "Cargo.toml").read_text(), re.M).group(1)
    py = re.search(r'^version = "(.*)"', (ROOT / "python/pyproject.toml").read_text(), re.M).group(1)
    npm_root = re.search(r'"version": "(.*)"', (ROOT / "package.json").read_text()).group(1)
    assert cargo == py == gradlab.__version__ == npm_root
    # npm/package.json is a template: scripts/build-npm.sh writes Cargo.toml's version in.
    assert '"version": "VERSION"' in (ROOT / "npm/package.json").read_text()
    changelog = (ROOT / "CHANGELOG.md").read_text()
    assert f"## {cargo}" in changelog, "CHANGELOG.md has a section for the current version"
