// distlab loader: fills each <div class="hn-embed-widget" id="…"> on the page. A known
// widget gets its height reserved at once; its family's wasm module is imported, once,
// when it comes near the viewport. An unknown id gets a note and costs no download.

// The build puts the manifest here: {families:{NAME:{js,wasm}}, widgets:{ID:{family,
// title,heights:[[minWidth,px],…]}}}, paths relative to this file. Unreplaced: empty.
const MANIFEST = /*@manifest*/{"families":{},"widgets":{}}/*manifest@*/;

const SELECTOR = '.hn-embed-widget[id]';
const here = (path) => new URL(path, import.meta.url);
const seen = new WeakSet(); // placeholders handled already
const imports = new Map(); // family → promise of its initialised module
const loaded = []; // families initialised so far
const mounted = new Map(); // placeholder → the family module that mounted it

// Starts loading a placeholder's family when it comes within 800px of the viewport.
const near = new IntersectionObserver(
  (entries) => {
    for (const { isIntersecting, target } of entries) {
      if (!isIntersecting) continue;
      near.unobserve(target);
      mount(target, MANIFEST.widgets[target.id]);
    }
  },
  { rootMargin: '800px 0px' },
);

/** Handles one placeholder, once (also when another copy of this loader got it first). */
function handle(el) {
  if (seen.has(el) || el.matches('[data-dl-mounted],[data-dl-pending],[data-dl-failed]')) return;
  seen.add(el);
  const widget = Object.hasOwn(MANIFEST.widgets, el.id) && MANIFEST.widgets[el.id];
  if (!widget) {
    const note = document.createElement('p');
    note.className = 'dl-unknown';
    note.textContent = `The interactive diagram “${el.id}” is not available yet.`;
    el.replaceChildren(note);
    el.setAttribute('data-dl-mounted', '');
    return;
  }
  // Reserve the widget's height at this width (last pair whose minWidth fits).
  const width = el.getBoundingClientRect().width;
  let px = widget.heights?.[0]?.[1] ?? 0;
  for (const [min, h] of widget.heights ?? []) if (min <= width) px = h;
  // A flow root keeps the widget's margins inside the placeholder (the heights count them),
  // so nothing moves by a margin's worth when the widget appears.
  el.style.display = 'flow-root';
  el.style.minHeight = `${px}px`;
  el.setAttribute('data-dl-pending', '');
  near.observe(el);
}

/** Imports and initialises a family's module, once however many placeholders ask. */
function family(name) {
  if (!imports.has(name)) {
    const { js, wasm } = MANIFEST.families[name];
    imports.set(
      name,
      import(here(js)).then(async (module) => {
        await module.default({ module_or_path: here(wasm) });
        loaded.push(name);
        return module;
      }),
    );
  }
  return imports.get(name);
}

/** Mounts a known widget, or falls back to a link to its page. Never throws. */
async function mount(el, widget) {
  try {
    const module = await family(widget.family);
    if (!el.isConnected) return forget(el); // gone while its module was on the way
    if (!module.mount(el)) throw new Error(`family ${widget.family} lacks it`);
    mounted.set(el, module);
  } catch (error) {
    console.warn(`distlab: could not load “${el.id}”:`, error);
    const link = document.createElement('a');
    link.href = here(`./#/widget/${encodeURIComponent(el.id)}`);
    link.textContent = `${widget.title}: open the interactive diagram`;
    const note = document.createElement('p');
    note.className = 'dl-failed';
    note.textContent = 'The interactive version could not load on this page.';
    const p = document.createElement('p');
    p.append(link);
    el.replaceChildren(p, note);
    el.setAttribute('data-dl-failed', '');
  }
  // From here the widget (or the note) sets its own height.
  el.style.minHeight = '';
  el.removeAttribute('data-dl-pending');
}

/** Handles every placeholder in `root` (and `root` itself) not handled yet. */
function scan(root = document) {
  if (root.matches?.(SELECTOR)) handle(root);
  for (const el of root.querySelectorAll(SELECTOR)) handle(el);
}

/** A placeholder left the page: stop its widget (timers, listeners) and forget it. */
function forget(el) {
  mounted.get(el)?.unmount?.(el);
  mounted.delete(el);
  near.unobserve(el);
  seen.delete(el);
  el.removeAttribute('data-dl-pending');
}

// Placeholders added later (single-page apps) are handled the same way; removed ones
// are unmounted.
new MutationObserver((records) => {
  for (const r of records) {
    for (const n of r.addedNodes) if (n.nodeType === 1) scan(n);
    for (const n of r.removedNodes) {
      if (n.nodeType !== 1 || n.isConnected) continue;
      for (const el of mounted.keys()) if (n === el || n.contains(el)) forget(el);
    }
  }
}).observe(document.documentElement, { childList: true, subtree: true });

// In an iframe, post our height to the host page whenever it changes, to size the frame.
if (window.parent !== window) {
  let last = -1;
  new ResizeObserver(() => {
    const height = Math.ceil(document.documentElement.getBoundingClientRect().height);
    if (height === last) return;
    last = height;
    window.parent.postMessage({ type: 'distlab:height', height }, '*');
  }).observe(document.documentElement);
}

// `base`: our site, for links a widget shares from inside a blog platform's iframe.
window.distlab = { manifest: MANIFEST, scan: () => scan(), loaded, base: here('./').href };
scan();
