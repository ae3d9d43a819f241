// The playground's decision map and neuron maps on the GPU, in the same shapes as the
// wasm Lab's computeGrid (res² cells, K probabilities each for multiclass) and
// computeNeurons (every neuron's res² map, neuron after neuron, the output layer last).
import { GpuNet } from './net.js';

export class GpuMaps {
  /** `lab`: a wasm Lab (for its model and the grids' feature-expanded inputs). */
  static async create(device, lab, gridRes, neuronRes) {
    const model = lab.gpuModel();
    const net = await GpuNet.create(device, model);
    return new GpuMaps(net, lab.gridInputs(gridRes), gridRes, lab.gridInputs(neuronRes), neuronRes);
  }

  constructor(net, gridX, gridRes, neuronX, neuronRes) {
    Object.assign(this, { net, gridX, gridRes, neuronX, neuronRes });
  }

  /** { grid, neurons } for the flat parameters `params` (a core buffer). */
  async compute(params) {
    this.net.writeParams(params);
    const { cells } = await this.net.forward(this.gridX, this.gridRes ** 2);
    const rows = this.neuronRes ** 2;
    const { activations } = await this.net.forward(this.neuronX, rows, { activations: true });
    return { grid: cells, neurons: neuronMajor(activations, rows) };
  }

  destroy() { this.net.destroy(); }
}

/** (rows, width) row-major per layer → each neuron's column, layer after layer. */
export function neuronMajor(layers, rows) {
  const total = layers.reduce((n, a) => n + a.length, 0);
  const out = new Float32Array(total);
  let at = 0;
  for (const a of layers) {
    const width = a.length / rows;
    for (let j = 0; j < width; j++) {
      for (let b = 0; b < rows; b++) out[at++] = a[b * width + j];
    }
  }
  return out;
}
