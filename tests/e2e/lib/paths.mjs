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
 * The registered widgets, as the built site lists them in `dist/widgets.json`:
 * `[{ id, title, post }]`. Throws a clear error when the site was not built.
 */
export function registeredWidgets() {
  const index = path.join(distDir, 'index.html');
  if (!existsSync(index)) {
    throw new Error(`${index} is missing: build the site first (cargo xtask build)`);
  }
  const file = path.join(distDir, 'widgets.json');
  if (!existsSync(file)) {
    throw new Error(`${file} is missing: the site build must write the widget list there`);
  }
  const list = JSON.parse(readFileSync(file, 'utf8'));
  if (!Array.isArray(list) || list.length === 0 || !list.every((w) => typeof w?.id === 'string')) {
    throw new Error(`${file} must be a non-empty array of {id, title, post}`);
  }
  return list;
}
