// The 8×8 digits are not in the page's wasm core (46 KB gzipped that most runs never use):
// this realm's core gets them from data/digits.u8 the first time a run needs them.
import { digitsLoaded, provideDigits } from '../pkg/gradlab.js';

let fetching = null;

/** Resolves once the core can build `config` (a run config; `true` for "the digits
 *  themselves"); throws a message naming the file when it cannot be fetched or is broken. */
export async function digitsFor(config) {
  if (!(config === true || config?.dataset === 'digits') || digitsLoaded()) return;
  const url = new URL('../data/digits.u8', import.meta.url);
  fetching ??= fetch(url).then(async (r) => {
    if (!r.ok) throw new Error(`the 8×8 digits could not be loaded: data/digits.u8 answered HTTP ${r.status}`);
    return new Uint8Array(await r.arrayBuffer());
  });
  try {
    provideDigits(await fetching);
  } catch (err) {
    fetching = null; // the next digits run tries again
    throw err instanceof TypeError ? new Error(`the 8×8 digits could not be loaded: ${err.message}`) : err;
  }
}
