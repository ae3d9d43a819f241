// TensorFlow Playground links in the training worker (fetched only when our parser warns
// about a hash): the full core reads the link (parseTfpLink), and a TfpLab runs it with the
// Playground's own rule, answering the worker's calls as a Lab does (one step = one
// Playground epoch). The page is told what was read ('tfp': issues by key, the seed, the
// display flags) for its banner (tfp-page.js). See docs/TFP.md.

/** Opens `hash` if it is a Playground link; false for one of ours. */
export async function open(hash, { loadFull, adopt, post }) {
  const full = await loadFull('a TensorFlow Playground link');
  const link = full.mod.parseTfpLink(hash || '');
  if (link.form.kind === 'ours') return false;
  const lab = new full.mod.TfpLab(hash, link.seed);
  // The worker's pace counts steps per epoch as training rows / batch size: one step of a
  // TfpLab is a whole epoch, so its batch size is given here as the row count.
  adopt(lab, { ...link.config, 'batch-size': lab.info().trainRows }, full);
  // After 'ready', so the page's views (the network's buttons among them) exist when its
  // banner hides what the link hides.
  post({ type: 'tfp', link });
  return true;
}
