// The page nav, written once: every page has `<nav data-page="NAME"></nav>` and loads this
// module, which fills it with a link to each page and the current page in bold. A new page
// is one line here.
const PAGES = [
  ['playground', 'index.html', 'Playground'],
  ['optimizers', 'optimizers.html', 'Optimizer lab'],
  ['forward', 'forward.html', 'Forward gradients'],
  ['simplicity', 'simplicity.html', 'Simplicity bias'],
  ['compact', 'compact.html', 'Compact networks'],
  ['dynamics', 'dynamics.html', 'Training dynamics'],
  ['docs', 'docs.html', 'Settings'],
];

for (const nav of document.querySelectorAll('nav[data-page]')) {
  const parts = PAGES.map(([name, href, title]) => {
    const el = document.createElement(name === nav.dataset.page ? 'strong' : 'a');
    if (name !== nav.dataset.page) el.href = href;
    el.textContent = title;
    return el;
  });
  nav.replaceChildren(...parts.flatMap((el, i) => (i ? [' · ', el] : [el])));
}
