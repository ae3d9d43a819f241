// Reference values for Playground links, computed by the TensorFlow Playground's own logic.
//
//   cd scripts/tfp && npm ci && node fixtures.mjs      (writes tests/fixtures/tfp/*.json)
//
// The Playground (github.com/tensorflow/playground, commit
// 02469bd3751764b20486015d4202b792af5362a6, the last one, June 2022) is TypeScript that only
// runs in a page. playground.js beside this file transcribes its four files (state.ts,
// dataset.ts, nn.ts, playground.ts) to a plain browser script, line for line. Its two
// libraries are used as they are, at the versions its package.json allows: seedrandom
// 2.4.4 (`Math.seedrandom(seed)` replaces Math.random with ARC4) and d3 3.5.17
// (d3.scale.linear, used by three generators). The live site serves an older build whose
// makeGUI does not clamp `noise` (master sets noise > 80 to 50): we follow the live site.
//
// It runs in headless Chromium (Debian's, through the repository's playwright-core), not
// in Node: Math.sin, cos, log, exp and tanh differ in the last bit between JS engines
// (Node 20's V8 disagrees with Chrome 156 on 3-10% of arguments), and the reference is
// what a reader sees on the live site in Chrome. The browser's version goes in each file.
//
// Each fixture: the link, the seed used, every point (train then test, x, y, label as
// base64 float64 little-endian, exact), the initial network (per layer after the inputs,
// per node: bias and incoming weights in the Playground's order), and the train/test loss
// (the numbers its chart and "Training loss"/"Test loss" show) after 0..EPOCHS epochs.
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { launch } from "../../tests/e2e/browser.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const outDir = join(here, "../../tests/fixtures/tfp");
const browser = await launch();
const page = await browser.newPage();
for (const file of ["node_modules/d3/d3.js", "node_modules/seedrandom/seedrandom.js", "playground.js"]) {
  await page.addScriptTag({ content: readFileSync(join(here, file), "utf8") });
}
const engine = await page.evaluate("navigator.userAgent");
const run = (hash, epochs) => page.evaluate(([h, e]) => window.tfpRun(h, e), [hash, epochs]);

function b64(values) {
  return Buffer.from(new Float64Array(values).buffer).toString("base64");
}

// The table of links: every dataset, activation, regularization, regression, an empty
// networkShape, other train ratios, batch sizes that leave a remainder, hidden inputs,
// initZero, noise above the slider's 50, a minimal link and a seedless one.
const LINKS = [
  ["default", "#activation=tanh&batchSize=10&dataset=circle&regDataset=reg-plane&learningRate=0.03&regularizationRate=0&noise=0&networkShape=4,2&seed=0.59164&showTestData=false&discretize=false&percTrainData=50&x=true&y=true&xTimesY=false&xSquared=false&ySquared=false&cosX=false&sinX=false&cosY=false&sinY=false&collectStats=false&problem=classification&initZero=false&hideText=false"],
  ["xor-relu-batch7", "#activation=relu&batchSize=7&dataset=xor&learningRate=0.03&noise=15&networkShape=4,2&seed=0.83215&percTrainData=70&x=true&y=true&xTimesY=true&problem=classification"],
  ["gauss-sigmoid-l2", "#activation=sigmoid&batchSize=10&dataset=gauss&learningRate=0.1&regularization=L2&regularizationRate=0.01&noise=30&networkShape=3&seed=0.11111&percTrainData=50&x=true&y=true&problem=classification"],
  ["spiral-tanh-sin", "#activation=tanh&batchSize=3&dataset=spiral&learningRate=0.03&noise=10&networkShape=8,8,5&seed=0.42000&percTrainData=80&x=true&y=true&xTimesY=true&xSquared=true&ySquared=true&sinX=true&sinY=true&problem=classification"],
  ["circle-linear-empty-l1", "#activation=linear&batchSize=10&dataset=circle&learningRate=0.01&regularization=L1&regularizationRate=0.001&noise=5&networkShape=&seed=0.27182&percTrainData=50&x=false&y=false&xSquared=true&ySquared=true&problem=classification"],
  ["reg-plane-tanh", "#activation=tanh&batchSize=30&regDataset=reg-plane&learningRate=0.01&noise=20&networkShape=3&seed=0.31415&percTrainData=30&x=true&y=true&problem=regression"],
  ["reg-gauss-relu-l1", "#activation=relu&batchSize=10&regDataset=reg-gauss&learningRate=0.03&regularization=L1&regularizationRate=0.003&noise=20&networkShape=6,4&seed=0.16180&percTrainData=60&x=true&y=true&problem=regression"],
  ["l1-dead-links", "#activation=tanh&batchSize=5&dataset=gauss&learningRate=0.3&regularization=L1&regularizationRate=0.3&noise=0&networkShape=4&seed=0.50000&x=true&y=true&xTimesY=true&sinX=true&problem=classification"],
  ["init-zero", "#activation=tanh&batchSize=10&dataset=xor&learningRate=0.03&networkShape=4,2&seed=0.70707&initZero=true&x=true&y=true&xTimesY=true&problem=classification"],
  ["noise-90-batch1", "#activation=tanh&batchSize=1&dataset=circle&learningRate=0.003&noise=90&networkShape=5&seed=0.90000&percTrainData=90&x=true&y=true&problem=classification"],
  ["hidden-x", "#activation=tanh&dataset=spiral&networkShape=6,3&seed=0.24680&x=true&y=true&sinX=true&sinY=true&x_hide=true&showTestData=true&discretize=true&problem=classification"],
  ["minimal-text-seed", "#dataset=gauss&seed=lesson-one"],
  ["reg-gauss-sigmoid-batch23", "#activation=sigmoid&batchSize=23&regDataset=reg-gauss&learningRate=0.1&noise=0&networkShape=4,4&seed=0.12345&percTrainData=45&x=true&y=true&xTimesY=true&problem=regression"],
  ["seedless", "#activation=tanh&batchSize=10&dataset=xor&learningRate=0.03&networkShape=4,2&x=true&y=true&problem=classification"],
];
const EPOCHS = 50;
const LONG = 1000; // the drift measurement: losses every 10 epochs up to this many
const LONG_LINKS = new Set(["default", "xor-relu-batch7", "spiral-tanh-sin", "reg-plane-tanh", "gauss-sigmoid-l2"]);

mkdirSync(outDir, { recursive: true });
const index = [];
for (const [name, hash] of LINKS) {
  const r = await run(hash, EPOCHS);
  const fixture = {
    source: "scripts/tfp/fixtures.mjs: tensorflow/playground@02469bd3 src/{state,dataset,nn,playground}.ts, seedrandom 2.4.4, d3 3.5.17", engine,
    name, link: "https://playground.tensorflow.org/" + hash, seed: r.seed,
    seed_chosen_by_page: !/[#&]seed=[^&]/.test(hash),
    inputs: r.inputs, shape: r.shape, split_index: r.splitIndex, count: r.data.length,
    first_points: r.data.slice(0, 3),
    points_b64: b64(r.data.flatMap((p) => [p.x, p.y, p.label])),
    layers: r.layers,
    loss: r.loss,
  };
  if (LONG_LINKS.has(name)) {
    const long = await run(hash, LONG);
    fixture.long_loss = long.loss.filter((_, i) => i % 10 === 0).map((l, k) => [k * 10, ...l]);
  }
  writeFileSync(join(outDir, `${name}.json`), JSON.stringify(fixture) + "\n");
  index.push(name);
  console.log(name, r.seed, r.data.length, r.splitIndex, r.loss[EPOCHS].map((v) => v.toFixed(4)).join(" "));
}

// seedrandom itself: the first doubles of a few seeds, for the ARC4 port's bit-exact test.
const streams = {};
for (const seed of ["0.59164", "lesson-one", "", "0.00000", "a%20b", "x".repeat(300), "ünï"]) {
  streams[seed] = b64(await page.evaluate(([s, n]) => window.tfpStream(s, n), [seed, 1000]));
}
writeFileSync(join(outDir, "seedrandom.json"), JSON.stringify({ source: "scripts/tfp/fixtures.mjs with seedrandom 2.4.4 (npm): 1,000 doubles per seed, base64 float64 little-endian", streams }) + "\n");
writeFileSync(join(outDir, "index.json"), JSON.stringify(index) + "\n");
await browser.close();
