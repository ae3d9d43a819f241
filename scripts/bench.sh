#!/usr/bin/env bash
# Benchmark (a command, not a test): training steps per second for the benchmark networks
# (crate/bench.rs), natively and as wasm (scalar and SIMD builds) in headless Chromium, in
# one run on this machine. Prints a markdown table for docs/BENCHMARKS.md.
# Usage: bash scripts/bench.sh [seconds per measurement, default 2]
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_EACH=${1:-2}
bash scripts/setup.sh >&2
export PATH="$HOME/.cargo/bin:$PATH"
bash scripts/build-web.sh >&2
# The scalar variant: same code without simd128, in its own target dir.
RUSTFLAGS="-C target-cpu=generic" cargo build --release --target wasm32-unknown-unknown --lib --target-dir target/scalar >&2
wasm-bindgen --target web --out-dir pkg/scalar target/scalar/wasm32-unknown-unknown/release/gradlab.wasm
cargo build --release --features cli --bin gradlab >&2

results=$( { target/release/gradlab bench --seconds "$SECONDS_EACH"; node scripts/bench.mjs "$SECONDS_EACH"; } )
echo "$results" | python3 -c '
import json, sys
lines = [json.loads(l) for l in sys.stdin if l.strip()]
rows = [r for r in lines if r["case"] != "memory"]
memory = [r for r in lines if r["case"] == "memory"]
cases = list(dict.fromkeys(r["case"] for r in rows))
backends = ["native", "wasm-scalar", "wasm-simd"]
rate = {(r["case"], r["backend"]): r["steps_per_second"] for r in rows}
print("| network | " + " | ".join(f"{b} steps/s" for b in backends) + " | wasm-simd / native | wasm-simd / wasm-scalar |")
print("|---|" + "---:|" * (len(backends) + 2))
for c in cases:
    vals = [rate.get((c, b), float("nan")) for b in backends]
    print(f"| {c} | " + " | ".join(f"{v:,.0f}" for v in vals) + f" | {vals[2]/vals[0]:.2f} | {vals[2]/vals[1]:.2f} |")
plain = [c for c in cases if (c, "plain-js") in rate]
if plain:
    print()
    print("| network | plain-JS MLP steps/s | wasm-simd steps/s | wasm-simd / plain JS |")
    print("|---|---:|---:|---:|")
    for c in plain:
        p, w = rate[(c, "plain-js")], rate.get((c, "wasm-simd"), float("nan"))
        print(f"| {c} | {p:,.0f} | {w:,.0f} | {w / p:.2f} |")
fg = [(c, c.replace("forward gradient", "").strip()) for c in cases if "forward gradient" in c]
if fg:
    print()
    print("| forward-gradient step / backprop step (time) | native | wasm-scalar | wasm-simd |")
    print("|---|---:|---:|---:|")
    for c in cases:
        if "forward gradient" not in c:
            continue
        base = next(b for b in cases if "forward gradient" not in b and b.split(" ")[0] == c.split(" ")[0] and "relu" in b)
        cells = [rate.get((base, b), float("nan")) / rate.get((c, b), float("nan")) for b in backends]
        print(f"| {c} | " + " | ".join(f"{v:.2f}" for v in cells) + " |")
if memory:
    print()
    print("| hidden layers (width 256, batch 64) | parameters | backprop working memory | forward-mode working memory | one parameter-sized vector |")
    print("|---:|---:|---:|---:|---:|")
    for m in memory:
        kib = lambda b: "{:,.0f} KiB".format(b / 1024)
        print("| {} | {:,} | {} | {} | {} |".format(m["depth"], m["params"], kib(m["backprop_bytes"]), kib(m["forward_bytes"]), kib(m["vector_bytes"])))
'
echo
bash scripts/size.sh
