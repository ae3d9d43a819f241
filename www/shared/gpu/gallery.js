// Random-network galleries (Neural Redshift) on the GPU. The core gives the gallery's
// networks as plain MLPs (redshiftPlainMlps: sizes, activations, f32 parameters with the
// amplitude folded in, and the grid's points); one GpuNet evaluates them one after another
// with the batched forward kernels of the decision map, a grid's 4,096 points per dispatch.
import { GpuNet } from './net.js';

/** plan: redshiftPlainMlps's answer (one without a blocker). Resolves to one Float32Array
 *  of grid values (row-major, as the core's gallery) per network. */
export async function galleryValues(device, plan) {
  const net = await GpuNet.create(device, { sizes: plan.sizes, activations: plan.activations, head: 'regression' });
  try {
    const rows = plan.points.length / 2;
    const values = [];
    for (const params of plan.nets) {
      net.writeParams(params);
      values.push((await net.forward(plan.points, rows)).cells);
    }
    return values;
  } finally {
    net.destroy();
  }
}
