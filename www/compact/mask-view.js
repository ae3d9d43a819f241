// Each layer's weight matrix as an image (rows = neurons, columns = inputs): live weights
// blue (positive) or orange (negative) by size, pruned weights pale grey, and weights that
// came back since the last frame (SET / RigL regrowth, or un-pruning) outlined in green
// for a moment.
import { diverging } from '../shared/colors.js';

const PRUNED = [236, 236, 236];
const REGROWN = [0, 158, 115];

export class MaskView {
  constructor(root) {
    this.root = root;
    this.previous = null;
  }

  draw(info, params, mask) {
    const layers = info.sizes.length - 1;
    if (!this.canvases || this.canvases.length !== layers) {
      this.root.replaceChildren();
      this.canvases = Array.from({ length: layers }, (_, l) => {
        const fig = document.createElement('figure');
        const c = document.createElement('canvas');
        c.width = info.sizes[l];
        c.height = info.sizes[l + 1];
        c.style.width = `${Math.min(220, Math.max(60, 4 * info.sizes[l]))}px`;
        const cap = document.createElement('figcaption');
        cap.textContent = l === layers - 1 ? 'output layer' : `layer ${l + 1}`;
        fig.append(c, cap);
        this.root.appendChild(fig);
        return c;
      });
      this.previous = null;
    }
    let offset = 0;
    this.canvases.forEach((c, l) => {
      const [inputs, outputs] = [info.sizes[l], info.sizes[l + 1]];
      const n = inputs * outputs;
      let max = 1e-12;
      for (let i = 0; i < n; i++) max = Math.max(max, Math.abs(params[offset + i]));
      const image = new ImageData(inputs, outputs);
      for (let i = 0; i < n; i++) {
        const k = offset + i;
        const live = !mask.length || mask[k] > 0;
        const back = live && this.previous && this.previous.length && this.previous[k] === 0;
        const rgb = back ? REGROWN : live ? diverging(params[k] / max) : PRUNED;
        image.data.set([...rgb, 255], i * 4);
      }
      c.getContext('2d').putImageData(image, 0, 0);
      offset += n + outputs; // weights then biases
    });
    this.previous = mask.length ? Float32Array.from(mask) : null;
  }
}
