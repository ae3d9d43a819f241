#!/usr/bin/env python3
"""Optuna's ask/tell loop searching one optimizer's learning rate through the gradlab CLI.

    python scripts/sweep/optuna_lr.py SPEC.json --trials 20 --out DIR

SPEC is a sweep spec with one entrant (its `set` must not vary lr). Each trial asks Optuna
for a rate in [--lr-min, --lr-max] (log scale), writes a one-cell spec with that rate and
runs it with `gradlab sweep run`; the cell's final training loss (read exactly from the
record) is told back, a diverged run as a failed trial. Trials could as well run on Slurm
or Ray: the loop only needs each record's final loss.
"""
import argparse
import json
import os
import subprocess

import optuna


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("spec")
    p.add_argument("--out", required=True)
    p.add_argument("--trials", type=int, default=20)
    p.add_argument("--lr-min", type=float, default=1e-4)
    p.add_argument("--lr-max", type=float, default=1.0)
    p.add_argument("--seed", type=int, default=0, help="the sampler's seed")
    p.add_argument("--gradlab", default=os.path.abspath("target/release/gradlab"))
    a = p.parse_args()

    base = json.load(open(a.spec))
    os.makedirs(a.out, exist_ok=True)
    optuna.logging.set_verbosity(optuna.logging.WARNING)
    study = optuna.create_study(direction="minimize", sampler=optuna.samplers.TPESampler(seed=a.seed))
    for n in range(a.trials):
        trial = study.ask()
        lr = trial.suggest_float("lr", a.lr_min, a.lr_max, log=True)
        spec = dict(base, set=dict(base.get("set", {}), lr=lr))
        folder = os.path.join(a.out, f"trial-{n}")
        os.makedirs(folder, exist_ok=True)
        spec_path = os.path.join(folder, "spec.json")
        json.dump(spec, open(spec_path, "w"))
        record = json.loads(subprocess.run([a.gradlab, "sweep", "run", spec_path, "--cell", "0", "--out", folder],
                                           check=True, capture_output=True, text=True).stdout)
        loss = record["exact"]["final_train_loss"]
        if record["result"]["diverged_at"] is not None or loss in (None, "NaN", "inf"):
            study.tell(trial, state=optuna.trial.TrialState.FAIL)
        else:
            study.tell(trial, float(loss))
        print(f"trial {n}: lr={lr:.4g} final loss={loss}")
    best = study.best_trial
    print(json.dumps({"best_lr": best.params["lr"], "best_loss": best.value, "trials": len(study.trials)}))


if __name__ == "__main__":
    main()
