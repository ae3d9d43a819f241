"""Turns the benchmark's JSON lines (stdin: `gradlab bench` then scripts/bench.mjs) into the
markdown tables of docs/BENCHMARKS.md. Used by scripts/bench.sh."""
import json
import sys

lines = [json.loads(l) for l in sys.stdin if l.strip()]
BACKENDS = ["native", "wasm-scalar", "wasm-simd", "wasm-fma"]
TF = ["tfjs-cpu", "tfjs-wasm", "tfjs-webgpu"]
rate, error, within = {}, {}, {}
for r in lines:
    if "steps_per_second" in r and r["case"] not in ("frames",):
        # Native runs twice (scripts/bench.sh): the better figure counts, as windows do.
        key = (r["case"], r["backend"])
        rate[key] = max(rate.get(key, 0), r["steps_per_second"])
        # wasm-simd's rate over this backend's, median of the rounds that measured both.
        if r.get("simd_over_median") is not None:
            within[(r["case"], r["backend"])] = r["simd_over_median"]
    elif "error" in r and r["case"] not in ("frames", "race", "ab"):
        error[(r["case"], r["backend"])] = r["error"]
cases = list(dict.fromkeys(c for c, b in rate if b in BACKENDS))
nan = float("nan")
get = lambda c, b: rate.get((c, b), nan)


def table(head, rows, align=None):
    print("| " + " | ".join(head) + " |")
    print("|" + "|".join(align or ["---"] + ["---:"] * (len(head) - 1)) + "|")
    for row in rows:
        print("| " + " | ".join(row) + " |")
    print()


num = lambda v, d=0: "–" if v is None or v != v else f"{v:,.{d}f}"
browser = next((r for r in lines if r["case"] == "browser"), {})
print(f"Chromium {browser.get('version', '?')} headless, navigator.hardwareConcurrency = {browser.get('hardwareConcurrency', '?')}\n")

print("### Training steps per second\n")
table(["network"] + [f"{b} steps/s" for b in BACKENDS] + ["wasm-simd / native", "wasm-simd / wasm-scalar", "wasm-fma / native", "wasm-fma / wasm-simd"],
      [[c] + [num(get(c, b)) for b in BACKENDS] + [num(get(c, "wasm-simd") / get(c, "native"), 2), num(get(c, "wasm-simd") / get(c, "wasm-scalar"), 2),
                                                   num(get(c, "wasm-fma") / get(c, "native"), 2), num(get(c, "wasm-fma") / get(c, "wasm-simd"), 2)] for c in cases])

ab = {(r["network"], r["a"], r["b"]): r for r in lines if r["case"] == "ab"}
if ab:
    print("### wasm / native in alternating windows (scripts/bench-ab.mjs)\n")
    print("The table above takes native's figures in other minutes than the browser's (they cannot take turns), "
          "so its wasm / native columns carry this host's fast and slow phases. Here the page and a native "
          "process (`gradlab bench --serve`) alternate windows of about 10 ms, per network; each figure is "
          "the median over rounds of wasm's rate / native's in the same round; best rates beside. native-sse2 is the native "
          "build with matrixmultiply limited to its 128-bit SSE2 kernels (`MMTEST_FEATURE=sse2`, no AVX2, "
          "no FMA): native at wasm's vector width. Target: ≥ 0.67 (within 1.5×).\n")
    pairs = [("wasm-simd", "native"), ("wasm-fma", "native"), ("wasm-simd", "native-sse2"), ("wasm-fma", "native-sse2")]
    cell = lambda n, a, b: num(1 / ab[(n, a, b)]["median_b_over_a"], 2) if (n, a, b) in ab else "–"
    # Best rates too, each the best window any pairing saw for that build.
    labels = ["wasm-simd", "wasm-fma", "native", "native-sse2"]
    best_of = lambda n, label: max([r["a_best"] for (m, a, _), r in ab.items() if m == n and a == label]
                                   + [r["b_best"] for (m, _, b), r in ab.items() if m == n and b == label], default=nan)
    for unit, what in (("steps/s", "network (training steps)"), ("GFLOP/s", "m × k × n (matmul)")):
        rows = list(dict.fromkeys(n for (n, _, _), r in ab.items() if r["unit"] == unit))
        if not rows:
            continue
        table([what] + [f"{a} / {b}" for a, b in pairs] + [f"best {l} {unit}" for l in labels],
              [[n] + [cell(n, a, b) for a, b in pairs] + [num(best_of(n, l), 2 if unit == "GFLOP/s" else 0) for l in labels] for n in rows])

gpu = [c for c in cases if (c, "webgpu-ours") in rate or (c, "webgpu-ours") in error]
if gpu:
    print("### Our WebGPU training step (SwiftShader: a CPU-emulated GPU, not a real one)\n")
    table(["network", "our WebGPU steps/s", "TF.js webgpu steps/s", "wasm-simd steps/s", "ours WebGPU / TF.js webgpu"],
          [[c, num(get(c, "webgpu-ours"), 1) if (c, "webgpu-ours") in rate else error[(c, "webgpu-ours")][:60], num(get(c, "tfjs-webgpu"), 1),
            num(get(c, "wasm-simd")), num(get(c, "webgpu-ours") / get(c, "tfjs-webgpu"), 2)] for c in gpu])

plain = [c for c in cases if (c, "plain-js") in rate]
if plain:
    print("### Against a plain-JS MLP\n")
    print("Both train on minibatches drawn from the case's training rows (bench/plain-mlp.js). Best / best takes each "
          "contender's fastest window; the median is over rounds (one window of each contender in turn) of the ratio "
          "within the round, which this host's fast and slow phases disturb less.\n")
    table(["network", "plain-JS MLP steps/s", "wasm-simd steps/s", "wasm-simd / plain JS (best / best)", "wasm-simd / plain JS (median of rounds)"],
          [[c, num(get(c, "plain-js")), num(get(c, "wasm-simd")), num(get(c, "wasm-simd") / get(c, "plain-js"), 2),
            num(within.get((c, "plain-js"), nan), 2)] for c in plain])

setup = {r["backend"]: r for r in lines if r["case"] == "tfjs-setup"}
tf_cases = [c for c in cases if any((c, b) in rate or (c, b) in error for b in TF)]
if setup or tf_cases:
    print("### Against TensorFlow.js\n")
    for b in TF:
        s = setup.get(b) or next((r for r in lines if r["case"] == "page-error" and r["backend"] == b), None)
        if s:
            print(f"- {b}: {s.get('detail') or 'failed: ' + s.get('error', '?')}")
    print()
    targets = {"playground": "≥ 50× TF.js fastest, ≥ 5× plain JS", "digits": "≥ 5× TF.js wasm"}
    rows = []
    for c in tf_cases:
        ours = get(c, "wasm-simd")
        cells = []
        for b in TF:
            if (c, b) in rate:
                cells.append(num(rate[(c, b)], 1))
            else:
                err = error.get((c, b)) or (setup.get(b) or {}).get("error") or next((r["error"] for r in lines if r["case"] == "page-error" and r["backend"] == b), "not run")
                cells.append(f"failed: {err[:120]}")
        ok = {b: rate[(c, b)] for b in TF if (c, b) in rate}
        fastest = max(ok, key=ok.get) if ok else None
        rows.append([c, num(ours)] + cells + [num(get(c, "plain-js")),
                     f"{num(ours / ok[fastest], 1)} ({fastest.removeprefix('tfjs-')})" if fastest else "–",
                     num(ours / get(c, "tfjs-wasm"), 1), f'{num(ours / get(c, "plain-js"), 2)} (median {num(within.get((c, "plain-js"), nan), 2)})',
                     next((t for k, t in targets.items() if c.startswith(k)), "–")])
    table(["network", "ours (wasm-simd) steps/s", "TF.js cpu", "TF.js wasm", "TF.js webgpu: SwiftShader (CPU-emulated GPU, not a real GPU)",
           "plain JS", "ours / TF.js fastest", "ours / TF.js wasm", "ours / plain JS", "target"], rows)
    sane = [r for r in lines if r.get("backend", "").startswith("tfjs-") and "loss_after" in r]
    if sane:
        print("TF.js sanity (loss on the fixed batch before → after the timed steps): " + "; ".join(
            f"{r['backend']} {r['case'].split(' ')[0]} {r['loss_before']:.3f} → {r['loss_after']:.3f}" for r in sane) + "\n")

fg = [c for c in cases if "forward gradient" in c]
if fg:
    print("### Forward-gradient step / backprop step (time)\n")
    rows = []
    for c in fg:
        base = next(b for b in cases if "forward gradient" not in b and b.split(" ")[0] == c.split(" ")[0] and "relu" in b)
        rows.append([c] + [num(get(base, b) / get(c, b), 2) for b in BACKENDS])
    table(["forward-gradient step / backprop step (time)"] + BACKENDS, rows)

memory = list({r["depth"]: r for r in lines if r["case"] == "memory"}.values())
if memory:
    print("### Peak working memory vs depth\n")
    kib = lambda b: "{:,.0f} KiB".format(b / 1024)
    table(["hidden layers (width 256, batch 64)", "parameters", "backprop working memory", "forward-mode working memory", "one parameter-sized vector"],
          [[str(m["depth"]), f"{m['params']:,}", kib(m["backprop_bytes"]), kib(m["forward_bytes"]), kib(m["vector_bytes"])] for m in memory])

gf = {}
for r in (r for r in lines if r["case"] == "matmul"):
    key = ((r["m"], r["k"], r["n"]), r["backend"])
    gf[key] = max(gf.get(key, 0), r["gflops"])
shapes = list(dict.fromkeys(s for s, _ in gf))
if shapes:
    print("### Matmul GFLOP/s (single-threaded f32, tensor::gemm)\n")
    g = lambda s, b: gf.get((s, b), nan)
    table(["m × k × n"] + BACKENDS + ["wasm-simd / native", "wasm-simd / wasm-scalar", "wasm-fma / native", "wasm-fma / wasm-simd"],
          [["×".join(map(str, s))] + [num(g(s, b), 2) for b in BACKENDS] + [num(g(s, "wasm-simd") / g(s, "native"), 2), num(g(s, "wasm-simd") / g(s, "wasm-scalar"), 2),
                                                                           num(g(s, "wasm-fma") / g(s, "native"), 2), num(g(s, "wasm-fma") / g(s, "wasm-simd"), 2)] for s in shapes])
    print("### Training step against its matmul FLOP limit\n")
    print("Limit = Σ 2·m·k·n / (that shape's GFLOP/s above) over the step's forward and backward matmuls.\n")
    rows = []
    for plan in {r["net"]: r for r in lines if r["case"] == "plan"}.values():
        mm = [tuple(x) for x in plan["matmuls"]]
        flops = sum(2 * m * k * n for m, k, n in mm)
        row = [plan["net"], f"{flops:,}"]
        for b in ("native", "wasm-simd", "wasm-fma"):
            limit = sum(2 * m * k * n / (g((m, k, n), b) * 1e9) for m, k, n in mm) * 1e6
            step = 1e6 / get(plan["net"], b)
            row += [num(limit, 1), num(step, 1), num(step / limit, 1)]
        rows.append(row)
    table(["network", "matmul FLOP per step", "native limit µs", "native step µs", "native step / limit", "wasm-simd limit µs", "wasm-simd step µs", "wasm-simd step / limit (target ≤ 3)",
           "wasm-fma limit µs", "wasm-fma step µs", "wasm-fma step / limit"], rows)

frames = [r for r in lines if r["case"] == "frames"]
if frames:
    print("### Playground page: frame time and throughput\n")
    rows = []
    for f in frames:
        if "error" in f:
            rows.append([f["experiment"], f"failed: {f['error']}"] + [""] * 10)
            continue
        first = num(f.get("first_map_ms")) + (f" ({num(f['first_map_min_ms'])}–{num(f['first_map_max_ms'])})" if "first_map_min_ms" in f else "")
        rows.append([f["experiment"], first, num(f.get("pause_ms")), str(f["frames"]), num(f["p50_ms"], 1), num(f["p95_ms"], 1), num(f["max_ms"], 1), str(f.get("late", "")),
                     num(f.get("steps_per_second_reported")), num(f["steps_per_second_visible"]), num(f["steps_per_second_no_render"]),
                     num(f.get("visible_over_no_render", f["steps_per_second_visible"] / f["steps_per_second_no_render"]), 2)])
    table(["experiment", "navigation → first map ms, median (range) of 9 loads (target ≤ 300)", "pause latency ms (target ≤ 50)", "frames", "frame p50 ms", "frame p95 ms (target ≤ 17)", "max ms", "frames over 17 ms", "steps/s the page reports (median)",
           "steps/s, page visible", "steps/s, worker only, no frames", "visible / no render"], rows)
    print("First map: from navigation to the first decision map drawn (a User Timing mark the page sets), each load a fresh page with an empty cache. "
          "Pause latency: from the click on Pause to the last step the page shows (its step counter then holds still for 300 ms). "
          "Frames: every requestAnimationFrame interval over at least 5 s of training at full speed (?speed=max). "
          "Throughput: the page (training and drawing) and the same worker without frames take turns of 0.6 s, "
          "at least 5 rounds; medians over rounds, the ratio the median of each round's ratio.\n")
    staged = [f for f in frames if f.get("worker_ms") is not None]
    if staged:
        print("Where the time to the first map goes, ms from navigation: the page creates the training worker "
              "(www/playground/start.js, before the page's bundle has loaded), the worker has loaded and compiled its "
              "core, has built the first run (ready), its first frame reaches the page, the page draws the map; the median load's.\n")
        table(["experiment", "worker created", "core loaded", "first run built", "first frame", "first map drawn"],
              [[f["experiment"], num(f["worker_ms"]), num(f.get("core_ms")), num(f.get("ready_ms")), num(f.get("frame_ms")), num(f.get("first_map_ms"))] for f in staged])

loads = [r for r in lines if r["case"] == "page-bytes"]
if loads:
    r = loads[-1]
    print("### Playground page: what a first visit downloads\n")
    print(f"Every file index.html and its workers fetched while the default run loaded and trained ({r['files']} files), "
          "gzipped (-9) one file at a time as a static host serves them, in a browser without WebGPU (with it, the GPU "
          "kernels' modules come too: www/playground/backend.js). Target: ≤ 250 KB gzipped.\n")
    cores = ", ".join(f["path"] for f in r["list"] if f["path"].endswith(".wasm"))
    table(["part", "bytes", "gzipped"], [
        [f"the wasm core ({cores})", num(sum(f["raw"] for f in r["list"] if f["path"].endswith(".wasm"))), num(r["wasm_gz"])],
        ["everything else (HTML, JS, CSS, uPlot)", num(sum(f["raw"] for f in r["list"] if not f["path"].endswith(".wasm"))), num(r["other_gz"])],
        ["total", num(r["raw"]), num(r["gz"])],
    ])

race = [r for r in lines if r["case"] == "race"]
if race:
    print("### Race scaling (entrant-steps per second)\n")
    by = {(r["entrants"], r.get("mode")): r for r in race}
    rows = []
    for n in dict.fromkeys(r["entrants"] for r in race):
        one, pool = by.get((n, "1 worker"), {}), by.get((n, "pool"), {})
        if "error" in (by.get((n, None)) or {}):
            rows.append([str(n), "failed: " + by[(n, None)]["error"], "", "", "", "", ""])
            continue
        rows.append([str(n), num(one.get("entrant_steps_per_second", nan)), num(pool.get("entrant_steps_per_second", nan)), str(pool.get("workers", "?")),
                     num(pool.get("entrant_steps_per_second", nan) / one.get("entrant_steps_per_second", nan), 2), num(pool.get("pool_over_one_median", nan), 2),
                     str(one.get("fair") and pool.get("fair"))])
    table(["entrants", "1 worker (best run)", "pool (best run)", "pool workers", "pool / 1 worker (best / best)", "pool / 1 worker (median of rounds)", "fair start checked"], rows)
