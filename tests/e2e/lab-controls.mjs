// Shared check for the lab pages' tests: every input, select, button and textarea on the
// page has an accessible name and one line of help (a title or an aria-describedby).
// Returns the controls that lack either, as short descriptions (empty when all pass).
export async function controlsWithoutHelp(page) {
  return page.evaluate(() => {
    const missing = [];
    for (const el of document.querySelectorAll('input, select, button, textarea')) {
      if (el.closest('#messages')) continue; // the message strip's dismiss buttons (shared)
      const label = el.closest('label') || (el.id && document.querySelector(`label[for="${el.id}"]`));
      const labelled = el.getAttribute('aria-labelledby')?.split(' ').map((id) => document.getElementById(id)?.textContent).join(' ');
      const name = (el.getAttribute('aria-label') || labelled || label?.textContent
        || (el.tagName === 'BUTTON' ? el.textContent : '') || el.title || '').trim();
      const help = (el.title || (el.getAttribute('aria-describedby') || '').split(' ').map((id) => document.getElementById(id)?.textContent || '').join(' ')).trim();
      if (!name || !help) missing.push(`${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${el.type ? `[${el.type}]` : ''} "${name.slice(0, 30)}"${name ? '' : ' (no name)'}${help ? '' : ' (no help)'}`);
    }
    return missing;
  });
}
