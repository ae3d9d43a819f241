// The headless API in Node: the same as headless.js, with the package's .wasm and data read
// from disk (Node's fetch cannot read file: URLs), so no bundler or server is needed.
import { readFile } from 'node:fs/promises';
import { setLoader } from './headless.js';

setLoader((url) => readFile(url).then((b) => new Uint8Array(b.buffer, b.byteOffset, b.byteLength)));

export * from './headless.js';
