// Views over wasm memory. Memory growth detaches old views, so a view is rebuilt right
// before each use and copied out before anything else can run.

/** A fresh Float32Array copy of `len` f32 values at byte address `ptr` in `memory`. */
export function copyF32(memory, ptr, len) {
  return new Float32Array(memory.buffer, ptr, len).slice();
}
