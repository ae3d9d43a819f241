// The TensorFlow Playground's logic, transcribed from TypeScript to a plain browser script
// (types dropped, DOM and drawing left out), from github.com/tensorflow/playground at
// commit 02469bd3751764b20486015d4202b792af5362a6 (its last, June 2022). Each block names
// the file it comes from; statements are kept in their order, so Math.random is called
// exactly as there. Loaded by fixtures.mjs into headless Chromium after d3 3.5.17 and
// seedrandom 2.4.4 (which defines Math.seedrandom, as the Playground's lib.js does).
// Exposes tfpRun(hash, epochs).
"use strict";
const nativeRandom = Math.random;

// ---- src/dataset.ts ------------------------------------------------------------------
function shuffle(array) {
  let counter = array.length, temp = 0, index = 0;
  while (counter > 0) {
    index = Math.floor(Math.random() * counter);
    counter--;
    temp = array[counter];
    array[counter] = array[index];
    array[index] = temp;
  }
}
function classifyTwoGaussData(numSamples, noise) {
  let points = [];
  let varianceScale = d3.scale.linear().domain([0, .5]).range([0.5, 4]);
  let variance = varianceScale(noise);
  function genGauss(cx, cy, label) {
    for (let i = 0; i < numSamples / 2; i++) {
      let x = normalRandom(cx, variance);
      let y = normalRandom(cy, variance);
      points.push({ x, y, label });
    }
  }
  genGauss(2, 2, 1);
  genGauss(-2, -2, -1);
  return points;
}
function regressPlane(numSamples, noise) {
  let radius = 6;
  let labelScale = d3.scale.linear().domain([-10, 10]).range([-1, 1]);
  let getLabel = (x, y) => labelScale(x + y);
  let points = [];
  for (let i = 0; i < numSamples; i++) {
    let x = randUniform(-radius, radius);
    let y = randUniform(-radius, radius);
    let noiseX = randUniform(-radius, radius) * noise;
    let noiseY = randUniform(-radius, radius) * noise;
    let label = getLabel(x + noiseX, y + noiseY);
    points.push({ x, y, label });
  }
  return points;
}
function regressGaussian(numSamples, noise) {
  let points = [];
  let labelScale = d3.scale.linear().domain([0, 2]).range([1, 0]).clamp(true);
  let gaussians = [[-4, 2.5, 1], [0, 2.5, -1], [4, 2.5, 1], [-4, -2.5, -1], [0, -2.5, 1], [4, -2.5, -1]];
  function getLabel(x, y) {
    let label = 0;
    gaussians.forEach(([cx, cy, sign]) => {
      let newLabel = sign * labelScale(dist({ x, y }, { x: cx, y: cy }));
      if (Math.abs(newLabel) > Math.abs(label)) label = newLabel;
    });
    return label;
  }
  let radius = 6;
  for (let i = 0; i < numSamples; i++) {
    let x = randUniform(-radius, radius);
    let y = randUniform(-radius, radius);
    let noiseX = randUniform(-radius, radius) * noise;
    let noiseY = randUniform(-radius, radius) * noise;
    let label = getLabel(x + noiseX, y + noiseY);
    points.push({ x, y, label });
  }
  return points;
}
function classifySpiralData(numSamples, noise) {
  let points = [];
  let n = numSamples / 2;
  function genSpiral(deltaT, label) {
    for (let i = 0; i < n; i++) {
      let r = i / n * 5;
      let t = 1.75 * i / n * 2 * Math.PI + deltaT;
      let x = r * Math.sin(t) + randUniform(-1, 1) * noise;
      let y = r * Math.cos(t) + randUniform(-1, 1) * noise;
      points.push({ x, y, label });
    }
  }
  genSpiral(0, 1);
  genSpiral(Math.PI, -1);
  return points;
}
function classifyCircleData(numSamples, noise) {
  let points = [];
  let radius = 5;
  function getCircleLabel(p, center) {
    return (dist(p, center) < (radius * 0.5)) ? 1 : -1;
  }
  for (let i = 0; i < numSamples / 2; i++) {
    let r = randUniform(0, radius * 0.5);
    let angle = randUniform(0, 2 * Math.PI);
    let x = r * Math.sin(angle);
    let y = r * Math.cos(angle);
    let noiseX = randUniform(-radius, radius) * noise;
    let noiseY = randUniform(-radius, radius) * noise;
    let label = getCircleLabel({ x: x + noiseX, y: y + noiseY }, { x: 0, y: 0 });
    points.push({ x, y, label });
  }
  for (let i = 0; i < numSamples / 2; i++) {
    let r = randUniform(radius * 0.7, radius);
    let angle = randUniform(0, 2 * Math.PI);
    let x = r * Math.sin(angle);
    let y = r * Math.cos(angle);
    let noiseX = randUniform(-radius, radius) * noise;
    let noiseY = randUniform(-radius, radius) * noise;
    let label = getCircleLabel({ x: x + noiseX, y: y + noiseY }, { x: 0, y: 0 });
    points.push({ x, y, label });
  }
  return points;
}
function classifyXORData(numSamples, noise) {
  function getXORLabel(p) { return p.x * p.y >= 0 ? 1 : -1; }
  let points = [];
  for (let i = 0; i < numSamples; i++) {
    let x = randUniform(-5, 5);
    let padding = 0.3;
    x += x > 0 ? padding : -padding;
    let y = randUniform(-5, 5);
    y += y > 0 ? padding : -padding;
    let noiseX = randUniform(-5, 5) * noise;
    let noiseY = randUniform(-5, 5) * noise;
    let label = getXORLabel({ x: x + noiseX, y: y + noiseY });
    points.push({ x, y, label });
  }
  return points;
}
function randUniform(a, b) { return Math.random() * (b - a) + a; }
function normalRandom(mean = 0, variance = 1) {
  let v1, v2, s;
  do {
    v1 = 2 * Math.random() - 1;
    v2 = 2 * Math.random() - 1;
    s = v1 * v1 + v2 * v2;
  } while (s > 1);
  let result = Math.sqrt(-2 * Math.log(s) / s) * v1;
  return mean + Math.sqrt(variance) * result;
}
function dist(a, b) {
  let dx = a.x - b.x, dy = a.y - b.y;
  return Math.sqrt(dx * dx + dy * dy);
}

// ---- src/nn.ts -----------------------------------------------------------------------
class Node {
  constructor(id, activation, initZero) {
    this.inputLinks = []; this.bias = 0.1; this.outputs = [];
    this.outputDer = 0; this.inputDer = 0; this.accInputDer = 0; this.numAccumulatedDers = 0;
    this.id = id; this.activation = activation;
    if (initZero) this.bias = 0;
  }
  updateOutput() {
    this.totalInput = this.bias;
    for (let j = 0; j < this.inputLinks.length; j++) {
      let link = this.inputLinks[j];
      this.totalInput += link.weight * link.source.output;
    }
    this.output = this.activation.output(this.totalInput);
    return this.output;
  }
}
const SQUARE = { error: (output, target) => 0.5 * Math.pow(output - target, 2), der: (output, target) => output - target };
const Activations = {
  TANH: { output: (x) => Math.tanh(x), der: (x) => { let o = Activations.TANH.output(x); return 1 - o * o; } },
  RELU: { output: (x) => Math.max(0, x), der: (x) => (x <= 0 ? 0 : 1) },
  SIGMOID: { output: (x) => 1 / (1 + Math.exp(-x)), der: (x) => { let o = Activations.SIGMOID.output(x); return o * (1 - o); } },
  LINEAR: { output: (x) => x, der: (x) => 1 },
};
const RegularizationFunction = {
  L1: { output: (w) => Math.abs(w), der: (w) => (w < 0 ? -1 : (w > 0 ? 1 : 0)) },
  L2: { output: (w) => 0.5 * w * w, der: (w) => w },
};
class Link {
  constructor(source, dest, regularization, initZero) {
    // Field initializers run first (TypeScript class fields): the weight draws even for initZero.
    this.weight = Math.random() - 0.5; this.isDead = false;
    this.errorDer = 0; this.accErrorDer = 0; this.numAccumulatedDers = 0;
    this.id = source.id + "-" + dest.id; this.source = source; this.dest = dest;
    this.regularization = regularization;
    if (initZero) this.weight = 0;
  }
}
function buildNetwork(networkShape, activation, outputActivation, regularization, inputIds, initZero) {
  let numLayers = networkShape.length;
  let id = 1;
  let network = [];
  for (let layerIdx = 0; layerIdx < numLayers; layerIdx++) {
    let isOutputLayer = layerIdx === numLayers - 1;
    let isInputLayer = layerIdx === 0;
    let currentLayer = [];
    network.push(currentLayer);
    let numNodes = networkShape[layerIdx];
    for (let i = 0; i < numNodes; i++) {
      let nodeId = id.toString();
      if (isInputLayer) nodeId = inputIds[i]; else id++;
      let node = new Node(nodeId, isOutputLayer ? outputActivation : activation, initZero);
      currentLayer.push(node);
      if (layerIdx >= 1) {
        for (let j = 0; j < network[layerIdx - 1].length; j++) {
          let prevNode = network[layerIdx - 1][j];
          let link = new Link(prevNode, node, regularization, initZero);
          prevNode.outputs.push(link);
          node.inputLinks.push(link);
        }
      }
    }
  }
  return network;
}
function forwardProp(network, inputs) {
  let inputLayer = network[0];
  if (inputs.length !== inputLayer.length) throw new Error("The number of inputs must match the number of nodes in the input layer");
  for (let i = 0; i < inputLayer.length; i++) inputLayer[i].output = inputs[i];
  for (let layerIdx = 1; layerIdx < network.length; layerIdx++) {
    let currentLayer = network[layerIdx];
    for (let i = 0; i < currentLayer.length; i++) currentLayer[i].updateOutput();
  }
  return network[network.length - 1][0].output;
}
function backProp(network, target, errorFunc) {
  let outputNode = network[network.length - 1][0];
  outputNode.outputDer = errorFunc.der(outputNode.output, target);
  for (let layerIdx = network.length - 1; layerIdx >= 1; layerIdx--) {
    let currentLayer = network[layerIdx];
    for (let i = 0; i < currentLayer.length; i++) {
      let node = currentLayer[i];
      node.inputDer = node.outputDer * node.activation.der(node.totalInput);
      node.accInputDer += node.inputDer;
      node.numAccumulatedDers++;
    }
    for (let i = 0; i < currentLayer.length; i++) {
      let node = currentLayer[i];
      for (let j = 0; j < node.inputLinks.length; j++) {
        let link = node.inputLinks[j];
        if (link.isDead) continue;
        link.errorDer = node.inputDer * link.source.output;
        link.accErrorDer += link.errorDer;
        link.numAccumulatedDers++;
      }
    }
    if (layerIdx === 1) continue;
    let prevLayer = network[layerIdx - 1];
    for (let i = 0; i < prevLayer.length; i++) {
      let node = prevLayer[i];
      node.outputDer = 0;
      for (let j = 0; j < node.outputs.length; j++) {
        let output = node.outputs[j];
        node.outputDer += output.weight * output.dest.inputDer;
      }
    }
  }
}
function updateWeights(network, learningRate, regularizationRate) {
  for (let layerIdx = 1; layerIdx < network.length; layerIdx++) {
    let currentLayer = network[layerIdx];
    for (let i = 0; i < currentLayer.length; i++) {
      let node = currentLayer[i];
      if (node.numAccumulatedDers > 0) {
        node.bias -= learningRate * node.accInputDer / node.numAccumulatedDers;
        node.accInputDer = 0;
        node.numAccumulatedDers = 0;
      }
      for (let j = 0; j < node.inputLinks.length; j++) {
        let link = node.inputLinks[j];
        if (link.isDead) continue;
        let regulDer = link.regularization ? link.regularization.der(link.weight) : 0;
        if (link.numAccumulatedDers > 0) {
          link.weight = link.weight - (learningRate / link.numAccumulatedDers) * link.accErrorDer;
          let newLinkWeight = link.weight - (learningRate * regularizationRate) * regulDer;
          if (link.regularization === RegularizationFunction.L1 && link.weight * newLinkWeight < 0) {
            link.weight = 0;
            link.isDead = true;
          } else {
            link.weight = newLinkWeight;
          }
          link.accErrorDer = 0;
          link.numAccumulatedDers = 0;
        }
      }
    }
  }
}

// ---- src/state.ts (deserializeState, reading a hash string instead of window.location) ----
const activations = { relu: Activations.RELU, tanh: Activations.TANH, sigmoid: Activations.SIGMOID, linear: Activations.LINEAR };
const regularizations = { none: null, L1: RegularizationFunction.L1, L2: RegularizationFunction.L2 };
const datasets = { circle: classifyCircleData, xor: classifyXORData, gauss: classifyTwoGaussData, spiral: classifySpiralData };
const regDatasets = { "reg-plane": regressPlane, "reg-gauss": regressGaussian };
const problems = { classification: 0, regression: 1 };
const PROPS = [
  ["activation", "OBJECT", activations], ["regularization", "OBJECT", regularizations], ["batchSize", "NUMBER"],
  ["dataset", "OBJECT", datasets], ["regDataset", "OBJECT", regDatasets], ["learningRate", "NUMBER"],
  ["regularizationRate", "NUMBER"], ["noise", "NUMBER"], ["networkShape", "ARRAY_NUMBER"], ["seed", "STRING"],
  ["showTestData", "BOOLEAN"], ["discretize", "BOOLEAN"], ["percTrainData", "NUMBER"], ["x", "BOOLEAN"],
  ["y", "BOOLEAN"], ["xTimesY", "BOOLEAN"], ["xSquared", "BOOLEAN"], ["ySquared", "BOOLEAN"], ["cosX", "BOOLEAN"],
  ["sinX", "BOOLEAN"], ["cosY", "BOOLEAN"], ["sinY", "BOOLEAN"], ["collectStats", "BOOLEAN"], ["tutorial", "STRING"],
  ["problem", "OBJECT", problems], ["initZero", "BOOLEAN"], ["hideText", "BOOLEAN"],
];
function deserializeState(hash) {
  let map = {};
  for (let keyvalue of hash.slice(1).split("&")) {
    let [name, value] = keyvalue.split("=");
    map[name] = value;
  }
  let state = {
    learningRate: 0.03, regularizationRate: 0, showTestData: false, noise: 0, batchSize: 10, discretize: false,
    tutorial: null, percTrainData: 50, activation: Activations.TANH, regularization: null, problem: 0,
    initZero: false, hideText: false, collectStats: false, numHiddenLayers: 1, networkShape: [4, 2],
    x: true, y: true, xTimesY: false, xSquared: false, ySquared: false, cosX: false, sinX: false, cosY: false,
    sinY: false, dataset: classifyCircleData, regDataset: regressPlane, seed: undefined,
  };
  const hasKey = (name) => name in map && map[name] != null && map[name].trim() !== "";
  const parseArray = (value) => (value.trim() === "" ? [] : value.split(","));
  for (const [name, type, keyMap] of PROPS) {
    if (type === "OBJECT") { if (hasKey(name) && map[name] in keyMap) state[name] = keyMap[map[name]]; }
    else if (type === "NUMBER") { if (hasKey(name)) state[name] = +map[name]; }
    else if (type === "STRING") { if (hasKey(name)) state[name] = map[name]; }
    else if (type === "BOOLEAN") { if (hasKey(name)) state[name] = map[name] === "false" ? false : true; }
    else if (type === "ARRAY_NUMBER") { if (name in map) state[name] = parseArray(map[name]).map(Number); }
  }
  for (const prop in map) if (prop.endsWith("_hide")) state[prop] = map[prop] === "true";
  state.numHiddenLayers = state.networkShape.length;
  if (state.seed == null) state.seed = Math.random().toFixed(5); // the page's own, unseeded Math.random
  Math.seedrandom(state.seed);
  return state;
}

// ---- src/playground.ts (the page's start: generateData(true), reset(true), oneStep) ----
function makeInputs(state) {
  const INPUTS = {
    x: (x, y) => x, y: (x, y) => y, xSquared: (x, y) => x * x, ySquared: (x, y) => y * y,
    xTimesY: (x, y) => x * y, sinX: (x, y) => Math.sin(x), sinY: (x, y) => Math.sin(y),
  };
  for (const prop in state) {
    if (prop.endsWith("_hide") && String(state[prop]) === "true") delete INPUTS[prop.replace("_hide", "")];
  }
  const names = Object.keys(INPUTS).filter((n) => state[n]);
  return { names, construct: (x, y) => names.map((n) => INPUTS[n](x, y)) };
}
function getLoss(network, inputs, dataPoints) {
  let loss = 0;
  for (let i = 0; i < dataPoints.length; i++) {
    let p = dataPoints[i];
    let output = forwardProp(network, inputs.construct(p.x, p.y));
    loss += SQUARE.error(output, p.label);
  }
  return loss / dataPoints.length;
}
function run(hash, epochs) {
  const state = deserializeState(hash);
  const chosenSeed = state.seed;
  // generateData(true)
  Math.seedrandom(state.seed);
  const numSamples = state.problem === 1 ? 1200 : 500;
  const generator = state.problem === 0 ? state.dataset : state.regDataset;
  const data = generator(numSamples, state.noise / 100);
  shuffle(data);
  const splitIndex = Math.floor(data.length * state.percTrainData / 100);
  const trainData = data.slice(0, splitIndex), testData = data.slice(splitIndex);
  // reset(true)
  const inputs = makeInputs(state);
  const shape = [inputs.names.length].concat(state.networkShape).concat([1]);
  const outputActivation = state.problem === 1 ? Activations.LINEAR : Activations.TANH;
  const network = buildNetwork(shape, state.activation, outputActivation, state.regularization, inputs.names, state.initZero);
  const layers = network.slice(1).map((layer) => layer.map((n) => ({ bias: n.bias, weights: n.inputLinks.map((l) => l.weight) })));
  const loss = [[getLoss(network, inputs, trainData), getLoss(network, inputs, testData)]];
  for (let e = 0; e < epochs; e++) {
    // oneStep()
    trainData.forEach((point, i) => {
      forwardProp(network, inputs.construct(point.x, point.y));
      backProp(network, point.label, SQUARE);
      if ((i + 1) % state.batchSize === 0) updateWeights(network, state.learningRate, state.regularizationRate);
    });
    loss.push([getLoss(network, inputs, trainData), getLoss(network, inputs, testData)]);
  }
  return { seed: chosenSeed, inputs: inputs.names, shape, data, splitIndex, layers, loss };
}


window.tfpRun = (hash, epochs) => {
  Math.random = nativeRandom; // a fresh page: the seedless rule draws from the browser's own generator
  return run(hash, epochs);
};
window.tfpStream = (seed, count) => {
  Math.seedrandom(seed);
  return Array.from({ length: count }, () => Math.random());
};
