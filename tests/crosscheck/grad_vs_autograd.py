"""Cross-checks `gradlab grad` against an independent autodiff system.

For several networks (every activation, each loss, with and without a penalty) this
trains a model with the `gradlab` CLI, writes a data CSV, reads the model file with the
`safetensors` library (as PyTorch or any other framework would), recomputes the loss in
float64 with HIPS autograd's numpy, and compares loss and gradient with `gradlab grad`.
Prints one line per case and a closing "N passed, N failed" line.

Usage: python grad_vs_autograd.py PATH/TO/gradlab
"""

import json
import math
import subprocess
import sys
import tempfile
from pathlib import Path

import autograd.numpy as anp
import numpy as np
from autograd import grad
from autograd.extend import defvjp, primitive
from safetensors import safe_open
from safetensors.numpy import load_file


@primitive
def erf(x):
    return np.vectorize(math.erf)(x)


defvjp(erf, lambda ans, x: lambda g: g * 2.0 / math.sqrt(math.pi) * anp.exp(-x * x))

ACTIVATIONS = {
    "linear": lambda z: z,
    "relu": lambda z: anp.maximum(z, 0.0),
    "leaky-relu": lambda z: anp.where(z > 0, z, 0.01 * z),
    "tanh": anp.tanh,
    "sigmoid": lambda z: 1.0 / (1.0 + anp.exp(-z)),
    "gelu": lambda z: 0.5 * z * (1.0 + erf(z / math.sqrt(2.0))),
    "sin": anp.sin,
}


def loss_fn(model, x, y):
    """Mean loss plus penalty, written from the PyTorch definitions, independent of gradlab."""

    def f(params):
        h = x
        for i, act in enumerate(model["activations"]):
            h = ACTIVATIONS[act](anp.dot(h, params[f"layers.{i}.weight"].T) + params[f"layers.{i}.bias"])
        if model["loss"] == "mse":
            value = anp.mean((h[:, 0] - y) ** 2)
        elif model["loss"] == "bce":
            z = h[:, 0]
            value = anp.mean(anp.maximum(z, 0) - z * y + anp.log1p(anp.exp(-anp.abs(z))))
        else:
            m = anp.max(h, axis=1, keepdims=True)
            lse = m[:, 0] + anp.log(anp.sum(anp.exp(h - m), axis=1))
            value = anp.mean(lse - h[np.arange(len(y)), y.astype(int)])
        rate = model.get("penalty-rate", 0.0)
        weights = [params[k] for k in params if k.endswith(".weight")]
        if model.get("penalty", "none") == "l2":
            value = value + rate * sum(0.5 * anp.sum(w * w) for w in weights)
        elif model.get("penalty", "none") == "l1":
            value = value + rate * sum(anp.sum(anp.abs(w)) for w in weights)
        return value

    return f


CASES = [
    {"dataset": "circle", "hidden": [5, 3], "activation": "tanh"},
    {"dataset": "xor", "hidden": [4], "activation": "relu", "features": ["x1", "x2", "x1-x2"]},
    {"dataset": "spiral", "hidden": [6, 4], "activation": "gelu", "features": ["x1", "x2", "sin-x1", "sin-x2"]},
    {"dataset": "gauss", "hidden": [3], "activation": "sigmoid", "regularization": "l2", "reg-rate": 0.01},
    {"dataset": "reg-gauss", "hidden": [6], "activation": "sin"},
    {"dataset": "reg-plane", "hidden": [4], "activation": "leaky-relu", "regularization": "l1", "reg-rate": 0.003},
    {"dataset": "multi-spiral", "classes": 4, "hidden": [8, 8], "activation": "tanh"},
    {"dataset": "digits", "hidden": [16], "activation": "relu", "init": "he"},
]


def main():
    exe = sys.argv[1]
    passed = failed = 0
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        for n, case in enumerate(CASES):
            cfg = {"epochs": 2, "optimizer": "adam", "lr": 0.01, "seed": 11 + n, **case}
            (tmp / "c.json").write_text(json.dumps(cfg))
            out = tmp / f"run{n}"
            subprocess.run([exe, "train", "--config", str(tmp / "c.json"), "--out", str(out), "--quiet"], check=True, capture_output=True)
            sets = [f"--set=data-seed={99 + n}"] + [f"--set={k}={','.join(map(str, v)) if isinstance(v, list) else v}" for k, v in case.items() if k in ("features", "classes", "samples")]
            data = tmp / f"d{n}.csv"
            subprocess.run([exe, "data", case["dataset"], "--split", "test", "--out", str(data), *sets], check=True)
            got = json.loads(subprocess.run([exe, "grad", "--model", str(out / "model.safetensors"), "--data", str(data)], check=True, capture_output=True, text=True).stdout)

            params = {k: v.astype(np.float64) for k, v in load_file(out / "model.safetensors").items()}
            with safe_open(out / "model.safetensors", framework="np") as f:
                model = json.loads(f.metadata()["gradlab"])
            table = np.loadtxt(data, delimiter=",", skiprows=1, ndmin=2)
            x, y = table[:, :-1], table[:, -1]
            f = loss_fn(model, x, y)
            want_loss, want_grad = f(params), grad(f)(params)
            worst = abs(got["loss"] - want_loss) / max(1.0, abs(want_loss))
            for name, g in want_grad.items():
                mine = np.array(got["grad"][name], dtype=np.float64)
                assert mine.shape == g.shape, (name, mine.shape, g.shape)
                worst = max(worst, float(np.max(np.abs(mine - g) / np.maximum(1.0, np.abs(g)))))
            ok = worst < 1e-4
            passed += ok
            failed += not ok
            print(f"{'ok ' if ok else 'FAIL'} {case['dataset']:<13} {model['activations'][0]:<10} {model['loss']:<10} "
                  f"{len(y):>4} rows, max relative difference {worst:.2e}")
    print(f"{passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
