#!/usr/bin/env python3
"""Run a gradlab sweep on Ray: one task per cell, records gathered here and merged.

    python scripts/sweep/ray_sweep.py SPEC.json --out DIR [--address auto] [--num-cpus N]

Each task runs `gradlab sweep run SPEC --cell I` in a scratch folder on its worker and
returns the record's text; this driver writes it to DIR/cell-I.jsonl, so no shared file
system is needed. Cells whose record is already in DIR are skipped (a rerun resumes).
Then `gradlab sweep merge DIR --out DIR/merged.json` prints the summary table.
The gradlab binary (--gradlab) must exist at the same path on every node.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile

import ray


@ray.remote(num_cpus=1)
def run_cell(gradlab, spec_text, cell):
    with tempfile.TemporaryDirectory() as scratch:
        spec = os.path.join(scratch, "spec.json")
        with open(spec, "w") as f:
            f.write(spec_text)
        out = os.path.join(scratch, "out")
        subprocess.run([gradlab, "sweep", "run", spec, "--cell", str(cell), "--out", out],
                       check=True, stdout=subprocess.DEVNULL)
        with open(os.path.join(out, f"cell-{cell}.jsonl")) as f:
            return cell, f.read()


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("spec")
    p.add_argument("--out", required=True)
    p.add_argument("--gradlab", default=os.path.abspath("target/release/gradlab"))
    p.add_argument("--address", default=None, help="a Ray cluster (auto, ray://host:10001); default: a local instance")
    p.add_argument("--num-cpus", type=int, default=None, help="CPUs of the local instance")
    a = p.parse_args()

    spec_text = open(a.spec).read()
    cells = subprocess.run([a.gradlab, "sweep", "expand", a.spec], check=True, capture_output=True, text=True).stdout.splitlines()
    os.makedirs(a.out, exist_ok=True)
    todo = [json.loads(c)["cell"] for c in cells if not os.path.exists(os.path.join(a.out, f"cell-{json.loads(c)['cell']}.jsonl"))]
    print(f"ray_sweep: {len(cells)} cells, {len(cells) - len(todo)} done, {len(todo)} to run", file=sys.stderr)

    if todo:
        ray.init(address=a.address, num_cpus=a.num_cpus, include_dashboard=False, log_to_driver=False)
        pending = [run_cell.remote(a.gradlab, spec_text, i) for i in todo]
        done = 0
        while pending:
            ready, pending = ray.wait(pending)
            for cell, record in ray.get(ready):
                path = os.path.join(a.out, f"cell-{cell}.jsonl")
                with open(path + ".part", "w") as f:
                    f.write(record)
                os.replace(path + ".part", path)
                done += 1
                print(f"ray_sweep: {done}/{len(todo)} cells", file=sys.stderr)
        ray.shutdown()

    merged = os.path.join(a.out, "merged.json")
    records = [os.path.join(a.out, f"cell-{json.loads(c)['cell']}.jsonl") for c in cells]
    subprocess.run([a.gradlab, "sweep", "merge", *records, "--out", merged], check=True)


if __name__ == "__main__":
    main()
