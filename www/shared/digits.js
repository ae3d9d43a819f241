// The 8×8 digits are not in the page's wasm core (46 KB gzipped that most runs never use):
// a core gets them from data/digits.u8 the first time a run needs them.

let fetching = null;

/** Resolves once `core` (a core's JS module; by default this realm's full core,
 *  pkg/gradlab.js) can build `config` (a run config; `true` for "the digits themselves");
 *  throws a message naming the file when it cannot be fetched or is broken. */
export async function digitsFor(config, core) {
  if (!(config === true || config?.dataset === 'digits')) return;
  core ??= await import('../../pkg/gradlab.js');
  if (core.digitsLoaded()) return;
  const url = new URL('../../data/digits.u8', import.meta.url);
  fetching ??= fetch(url).then(async (r) => {
    if (!r.ok) throw new Error(`the 8×8 digits could not be loaded: data/digits.u8 answered HTTP ${r.status}`);
    return new Uint8Array(await r.arrayBuffer());
  });
  try {
    core.provideDigits(await fetching);
  } catch (err) {
    fetching = null; // the next digits run tries again
    throw err instanceof TypeError ? new Error(`the 8×8 digits could not be loaded: ${err.message}`) : err;
  }
}
