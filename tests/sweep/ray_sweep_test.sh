#!/usr/bin/env bash
# The Ray recipe (scripts/sweep/ray_sweep.py) on a local Ray instance with 2 CPUs: a small
# sweep, one Ray task per cell, merged; the merged file must equal the one from running the
# same spec on this machine with `gradlab sweep run --all`, byte for byte. Then a rerun
# skips every cell; and the Optuna recipe runs a short search. About 30 s, most of it Ray starting.
set -euo pipefail
cd "$(dirname "$0")/../.."
G=$PWD/target/release/gradlab
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
cat > "$dir/spec.json" <<'SPEC'
{"set": {"dataset": "circle", "hidden": "4", "lr": {"min": 0.001, "max": 1, "points": 3}},
 "entrants": ["sgd", "adam"], "seeds": [1, 2], "steps": 200, "every": 50}
SPEC
.venv-ray/bin/python scripts/sweep/ray_sweep.py "$dir/spec.json" --out "$dir/ray" --num-cpus 2 --gradlab "$G"
"$G" sweep run "$dir/spec.json" --all --out "$dir/local" 2>/dev/null
"$G" sweep merge "$dir/local" --out "$dir/local-merged.json" >/dev/null
cmp "$dir/ray/merged.json" "$dir/local-merged.json"
rerun=$(.venv-ray/bin/python scripts/sweep/ray_sweep.py "$dir/spec.json" --out "$dir/ray" --gradlab "$G" 2>&1 >/dev/null)
grep -q "12 done, 0 to run" <<<"$rerun"
echo "ray sweep: $(ls "$dir/ray" | grep -c '^cell-') cells on Ray, merged table identical to the local one; rerun skipped all"

# The Optuna recipe: a short ask/tell learning-rate search through the CLI (seconds).
echo '{"set": {"dataset": "circle", "hidden": "4"}, "entrants": ["adam"], "steps": 200, "every": 100}' > "$dir/one.json"
best=$(.venv-ray/bin/python scripts/sweep/optuna_lr.py "$dir/one.json" --trials 6 --out "$dir/optuna" --gradlab "$G" | tail -1)
.venv-ray/bin/python -c 'import json, sys; b = json.loads(sys.argv[1]); assert b["trials"] == 6 and 1e-4 <= b["best_lr"] <= 1 and b["best_loss"] < 0.69, b' "$best"
echo "optuna lr search: $best"
