// Timing contenders in turns, for the benchmark pages (bench/bench.js, scripts/bench-ab.mjs):
// this host has fast and slow phases seconds long, so contenders measured one after another
// are not comparable; taking turns window after window, every contender sees the same
// phases, and a ratio taken within a round (a fraction of a second) is steadier still.

/** Times each contender (name → work(n) doing n units of work): a warm-up of up to 100
 *  one-unit calls (a long first call can stay on V8's baseline tier), a call size doubled
 *  until one call takes `windowMs`, then rounds of one call each, in turn, for `seconds`.
 *  Returns each contender's best rate (units per second) and every round's rates (a
 *  contender whose call took no measurable time is left out of that round). */
export function inTurns(contenders, { windowMs, seconds }) {
  const per = {};
  const best = {};
  for (const [name, work] of Object.entries(contenders)) {
    const warm = performance.now();
    for (let i = 0; i < 100 && performance.now() - warm < 300; i++) work(1);
    let n = 1;
    for (;;) {
      const t0 = performance.now();
      work(n);
      if (performance.now() - t0 >= windowMs || n >= 1 << 24) break;
      n *= 2;
    }
    per[name] = n;
    best[name] = 0;
  }
  const rounds = [];
  const end = performance.now() + seconds * 1000;
  while (performance.now() < end) {
    const round = {};
    for (const [name, work] of Object.entries(contenders)) {
      const t0 = performance.now();
      work(per[name]);
      const dt = performance.now() - t0;
      if (dt > 0) {
        round[name] = per[name] / (dt / 1000);
        best[name] = Math.max(best[name], round[name]);
      }
    }
    rounds.push(round);
  }
  return { best, rounds };
}

/** The median over the rounds that timed both of num / den in the same round (null if none). */
export function medianRatio(rounds, num, den) {
  const v = rounds.filter((r) => r[num] && r[den]).map((r) => r[num] / r[den]).sort((a, b) => a - b);
  return v.length ? v[v.length >> 1] : null;
}
