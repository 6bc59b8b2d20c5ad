// Where things are: the repository, the built site, and the registry the site exports.

import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (this file is tests/e2e/lib/paths.mjs). */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** The Trunk-built site: `$DISTLAB_DIST` or `<repo>/dist`. */
export const distDir = path.resolve(repoRoot, process.env.DISTLAB_DIST ?? 'dist');

/** True when running in CI (`CI=true`). */
export const inCI = /^(1|true|yes)$/i.test(process.env.CI ?? '');

/**
 * The full manifest the built site exports in `dist/widgets.json`:
 * `{ families: { NAME: { js, wasm, bytes } }, widgets: [{ id, family, title, post, summary, heights }] }`.
 * Throws a clear error when the site was not built or the file is not of that shape.
 */
export function siteManifest() {
  const index = path.join(distDir, 'index.html');
  if (!existsSync(index)) {
    throw new Error(`${index} is missing: build the site first (cargo xtask build)`);
  }
  const file = path.join(distDir, 'widgets.json');
  if (!existsSync(file)) {
    throw new Error(`${file} is missing: the site build must write the widget list there`);
  }
  const m = JSON.parse(readFileSync(file, 'utf8'));
  const list = m?.widgets;
  if (!Array.isArray(list) || list.length === 0 || !list.every((w) => typeof w?.id === 'string')) {
    throw new Error(`${file} must be {families, widgets: [{id, family, title, …}, …]} with at least one widget`);
  }
  if (typeof m.families !== 'object' || !list.every((w) => m.families[w.family])) {
    throw new Error(`${file}: every widget's family must be listed under "families"`);
  }
  return m;
}

/** The registered widgets, `[{ id, family, title, post, summary, heights }]` (see siteManifest). */
export function registeredWidgets() {
  return siteManifest().widgets;
}
