// Types of gradlab's headless API (headless.js in browsers, node.js in Node).

/** Run settings by their URL key (docs.html lists them): numbers, strings or lists. */
export type Settings = Record<string, string | number | boolean | Array<string | number>>;

export interface StepResult { step: number; epoch: number; loss: number }
export interface Metrics { loss: number; accuracy: number | null }
export interface Evaluation { train: Metrics; test: Metrics }
export interface EpochRecord { epoch: number; step: number; train: Metrics; test: Metrics }
export interface CustomData { names?: string[]; x: number[][]; y: number[]; labels?: string[]; note?: string }

/** Which core build runs here: 'fma' (relaxed SIMD, fused multiply-add) or 'simd'. */
export const build: 'fma' | 'simd';

/** Loads the wasm core once (createRun calls it); pass a URL, bytes or a module to override. */
export function load(wasm?: URL | string | BufferSource | WebAssembly.Module): Promise<unknown>;

/** The URL-hash text of a settings object. */
export function toHash(settings?: Settings | string): string;

/** Replaces how package files are read (node.js reads them from disk). */
export function setLoader(fn: (url: URL) => URL | Uint8Array | Promise<URL | Uint8Array>): void;

/** A run from URL settings (an object or a hash string). Throws naming an unknown key or a
 *  bad value, unless `lenient` (then those keep their defaults and are in `warnings`). */
export function createRun(settings?: Settings | string, options?: { lenient?: boolean; data?: CustomData | null }): Promise<Run>;

export class Run {
  private constructor();
  /** The full config, every key with its value. */
  readonly config: Record<string, unknown>;
  /** Settings that were ignored, each with why (lenient runs only). */
  readonly warnings: string[];
  readonly build: 'fma' | 'simd';
  /** Trains `n` steps (default 1); throws on divergence. */
  step(n?: number): StepResult;
  readonly steps: number;
  evaluate(): Evaluation;
  history(): EpochRecord[];
  info(): Record<string, unknown>;
  /** Every parameter, layer by layer (weights then biases), copied. */
  weights(): Float32Array;
  /** The model as a .safetensors file. */
  safetensors(): Uint8Array;
  loadSafetensors(bytes: Uint8Array): void;
  /** The run's URL hash, every key. */
  readonly hash: string;
  reset(): void;
  free(): void;
}
