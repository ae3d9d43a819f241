// Glue for the simplicity-bias page: one worker runs every experiment; each view handles
// its own controls and the worker's messages for it.
// First: without wasm SIMD it says so on the page and stops here (the workers could not run).
import '../shared/core-wasm.js';
import { SlabsView } from './slabs-view.js';
import { RedshiftView } from './redshift-view.js';
import { SpectralView } from './spectral-view.js';
import { ClonesView } from './clones-view.js';
import { ShortcutView } from './shortcut-view.js';
import { say } from '../shared/messages.js';
import { flags, applyFlags, applyHash } from '../shared/embed-flags.js';

window.addEventListener('error', (e) => say('error', e.message));
const worker = new Worker(new URL('./simplicity-worker.js', import.meta.url), { type: 'module' });
export const views = [new SlabsView(worker, say), new RedshiftView(worker), new SpectralView(worker), new ClonesView(worker), new ShortcutView(worker)];
worker.onmessage = ({ data }) => {
  if (data.type === 'error') {
    say('error', `${data.kind ? `${data.kind}: ` : ''}${data.text}`);
    for (const v of views) v.onError?.(data);
    return;
  }
  for (const v of views) v.onMessage(data);
};
applyFlags();
applyHash({ preset: 'slab-preset', seed: 'slab-seed', overrides: 'slab-overrides' });
if (flags.autoplay) views[0].start();
