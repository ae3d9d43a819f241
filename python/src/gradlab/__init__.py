"""Gradient Lab in notebooks: ``gradlab.Playground(**settings)`` shows the playground page.

The widget is the site's playground itself (dataset picker, features, the network with its
neuron maps, the decision map, charts, speed and settings), training in the notebook's
browser tab (the Rust core compiled to wasm, shipped inside the widget's ES module); Python
and the view share its state::

    import gradlab
    w = gradlab.Playground(dataset="spiral", hidden=[8, 8], lr=0.03, seed=1)
    w                 # shows it
    w.play(); w.pause(); w.step(100); w.reset(seed=2); w.set(lr=0.1)
    w.steps           # steps trained so far (synced back from the view)
    w.config          # the settings, also those changed in the view
    w.history_df      # train/test loss and accuracy as a pandas DataFrame

Settings use the keys of the page's URL (see docs.html); a Python name with underscores
is the key with dashes (``batch_size`` -> ``batch-size``).
"""
from __future__ import annotations

import pathlib

import anywidget
import traitlets

__all__ = ["Playground", "SPEEDS", "settings_to_config", "__version__"]
__version__ = "0.1.0"

_HERE = pathlib.Path(__file__).parent
VIEWS = ("playground",)
# The page's speed control (www/playground/pace.js): steps or epochs per frame, or flat out.
SPEEDS = ("1", "5", "epoch", "4-epochs", "20-epochs", "max")


def settings_to_config(settings: dict) -> dict:
    """The URL-key config of keyword settings: dashes for underscores, lists joined by
    commas, booleans as true/false, everything else as it is."""
    config = {}
    for key, value in settings.items():
        if isinstance(value, bool):
            value = "true" if value else "false"
        elif isinstance(value, (list, tuple)):
            value = ",".join(str(v) for v in value)
        config[key.replace("_", "-")] = value
    return config


class Playground(anywidget.AnyWidget):
    """The Gradient Lab playground page, live: what the site shows, in a notebook.

    Synced state: ``config`` (by URL key: the settings you gave and any other that differs
    from the defaults; a setting changed in the view appears here), ``running``, ``steps``, ``history`` (one row
    per frame the view drew, with the early log-spaced steps; past 1000 rows, 1000 evenly
    spaced ones, the first and last kept), ``speed`` (the view's speed control: one of
    ``SPEEDS``), ``error`` and ``warnings`` (settings the view ignored, each naming why).
    Each display is its own run: shown twice, the latest display syncs back.
    """

    _esm = _HERE / "widget.js"
    view = traitlets.Unicode("playground").tag(sync=True)
    config = traitlets.Dict().tag(sync=True)
    running = traitlets.Bool(False).tag(sync=True)
    steps = traitlets.Int(0).tag(sync=True)
    history = traitlets.List().tag(sync=True)
    speed = traitlets.Enum(SPEEDS, "epoch").tag(sync=True)
    error = traitlets.Unicode("").tag(sync=True)
    warnings = traitlets.List(traitlets.Unicode()).tag(sync=True)

    def __init__(self, view: str = "playground", **settings):
        if view not in VIEWS:
            raise ValueError(f"gradlab.Playground: view={view!r} is not available in notebooks; use one of {VIEWS}"
                             " (the labs run in the static site and the npm package)")
        super().__init__(view=view, config=settings_to_config(settings))

    def play(self) -> None:
        """Starts training (in the view; nothing trains until the widget is displayed)."""
        self.running = True

    def pause(self) -> None:
        self.running = False

    def step(self, n: int = 1) -> None:
        """Pauses, then trains exactly ``n`` steps; ``steps`` follows once the view has run them."""
        if int(n) < 1:
            raise ValueError("gradlab.Playground.step: n must be at least 1")
        self.running = False
        self.send({"type": "step", "n": int(n)})

    def reset(self, seed: int | None = None) -> None:
        """Back to step 0: the first weights of ``seed`` (a new config), or of the same seed."""
        if seed is None:
            self.send({"type": "reset"})
        else:
            self.config = {**self.config, "seed": int(seed)}

    def set(self, **settings) -> None:
        """Changes settings (URL keys, as in the constructor); the view rebuilds the run."""
        self.config = {**self.config, **settings_to_config(settings)}

    @property
    def history_df(self):
        """The history as a pandas DataFrame: epoch (fractional: steps × batch / rows),
        step, train_loss, train_accuracy, test_loss, test_accuracy."""
        import pandas as pd

        rows = [{"epoch": h.get("epoch"), "step": h.get("step"),
                 "train_loss": h.get("train", {}).get("loss"), "train_accuracy": h.get("train", {}).get("accuracy"),
                 "test_loss": h.get("test", {}).get("loss"), "test_accuracy": h.get("test", {}).get("accuracy")}
                for h in self.history]
        return pd.DataFrame(rows, columns=["epoch", "step", "train_loss", "train_accuracy", "test_loss", "test_accuracy"])
