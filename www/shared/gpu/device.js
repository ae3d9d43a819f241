// WebGPU detection: the adapter and device, or null with the reason in words (shown on
// the page). Works on the main thread and in dedicated workers (navigator.gpu in both
// in Chromium).

/**
 * Resolves to { device, adapter, label } or { device: null, reason }. Never throws.
 * The device gets the adapter's largest storage-buffer limits (large grids, big nets).
 */
export async function requestGpu() {
  const gpu = globalThis.navigator?.gpu;
  if (!gpu) return { device: null, reason: 'this browser has no WebGPU (navigator.gpu is missing; it needs a secure context and a browser that ships it)' };
  let adapter;
  try {
    adapter = await gpu.requestAdapter();
  } catch (err) {
    return { device: null, reason: `requestAdapter failed: ${err.message || err}` };
  }
  if (!adapter) return { device: null, reason: 'WebGPU is present but no GPU adapter is available (blocklisted or disabled driver)' };
  try {
    const device = await adapter.requestDevice({
      requiredLimits: {
        maxStorageBufferBindingSize: adapter.limits.maxStorageBufferBindingSize,
        maxBufferSize: adapter.limits.maxBufferSize,
        maxStorageBuffersPerShaderStage: Math.min(8, adapter.limits.maxStorageBuffersPerShaderStage),
      },
    });
    const info = adapter.info || {};
    const label = [info.vendor, info.architecture, info.description].filter(Boolean).join(' ') || 'unknown adapter';
    return { device, adapter, label };
  } catch (err) {
    return { device: null, reason: `requestDevice failed: ${err.message || err}` };
  }
}

let shared = null;

/** One device per realm (page or worker), requested once; same result shape. */
export function sharedGpu() {
  shared ??= requestGpu();
  return shared;
}

/** Forgets the shared device (after it was lost) so the next sharedGpu() asks again. */
export function forgetGpu() { shared = null; }
