// A fake built site for testing the loader alone: the real loader template with a fixture
// manifest injected as the build does, and fake family modules shaped like wasm-bindgen's
// `--target web` output (default export = init, plus `mount(element) -> boolean`).

import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { injectManifest, loaderTemplate } from './manifest.mjs';

/** The smallest valid wasm module: magic number and version, nothing else. */
export const TINY_WASM = Buffer.from([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);

/**
 * A fake family module. `init` fetches the wasm URL it is given (so the request shows)
 * and compiles it; `mount` renders a `.dl-root` of the height listed for the id, or
 * returns false for an id it does not hold. `window.__inits[family]` counts inits,
 * `window.__mounts[id]` calls of mount.
 */
function fakeModule(family, heights) {
  return `// Fake family module "${family}" (test fixture).
const HEIGHTS = ${JSON.stringify(heights)};
export default async function init({ module_or_path }) {
  const inits = (window.__inits ??= {});
  inits[${JSON.stringify(family)}] = (inits[${JSON.stringify(family)}] ?? 0) + 1;
  const response = await fetch(module_or_path);
  if (!response.ok) throw new Error('wasm: HTTP ' + response.status);
  await WebAssembly.instantiate(await response.arrayBuffer());
}
export function mount(el) {
  const mounts = (window.__mounts ??= {});
  mounts[el.id] = (mounts[el.id] ?? 0) + 1;
  if (!Object.hasOwn(HEIGHTS, el.id)) return false;
  const root = document.createElement('div');
  root.className = 'dl-root';
  root.setAttribute('data-dl-widget', el.id);
  root.style.cssText = 'box-sizing:border-box;border:2px solid #888;height:' + HEIGHTS[el.id] + 'px';
  root.textContent = 'fake widget ' + el.id;
  el.replaceChildren(root);
  el.setAttribute('data-dl-mounted', '');
  return true;
}
`;
}

/**
 * Writes a fake `dist/` into a new temporary folder and returns `{ dir, manifest, remove }`.
 * `widgets` maps id → `{ family, title, heights, real }`: `heights` goes into the
 * manifest (the reservation), `real` is the height the fake widget renders at; a widget
 * without `real` is listed in the manifest but missing from its family's module.
 */
export function makeFixtureDist(widgets) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'distlab-fixture-'));
  mkdirSync(path.join(dir, 'families'));
  const manifest = { families: {}, widgets: {} };
  const real = {}; // family → { id: height }
  for (const [id, w] of Object.entries(widgets)) {
    manifest.widgets[id] = { family: w.family, title: w.title, heights: w.heights };
    manifest.families[w.family] = { js: `families/${w.family}.js`, wasm: `families/${w.family}_bg.wasm` };
    real[w.family] ??= {};
    if (w.real !== undefined) real[w.family][id] = w.real;
  }
  for (const [family, heights] of Object.entries(real)) {
    writeFileSync(path.join(dir, 'families', `${family}.js`), fakeModule(family, heights));
    writeFileSync(path.join(dir, 'families', `${family}_bg.wasm`), TINY_WASM);
  }
  writeFileSync(path.join(dir, 'embed.js'), injectManifest(loaderTemplate(), manifest));
  writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>fixture</title>');
  return { dir, manifest, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Filler text of about `px` pixels' height (for pages where a widget is far down). */
export const filler = (px) => `<div class="filler" style="height:${px}px">Some text of the post.</div>`;

/** A blog-like page: `body` (placeholders and text), then the loader from `src`. */
export function blogPage(body, src = '/embed.js') {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>fixture post</title><style>body{margin:0 auto;max-width:760px;padding:0 12px;font-family:sans-serif}</style></head>
<body>
${body}
<script type="module" src="${src}"></script>
</body>
</html>
`;
}

/** The embed snippet's placeholder, with its fallback link to `base`'s widget page. */
export const placeholder = (id, title = id, base = '') =>
  `<div class="hn-embed-widget" id="${id}"><a href="${base}/#/widget/${id}">${title}: open the interactive diagram</a></div>`;
