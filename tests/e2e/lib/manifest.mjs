// The loader's manifest, as the build injects it into embed.js.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from './paths.mjs';

/** The loader template, `site/static/embed.js`. */
export const TEMPLATE = path.join(repoRoot, 'site', 'static', 'embed.js');

/** The marked manifest literal in the template: `/*@manifest*\/ … /*manifest@*\/`. */
const MARKED = /\/\*@manifest\*\/[\s\S]*?\/\*manifest@\*\//g;

/**
 * Mirrors the build: replaces the markers, and everything between them, with the
 * manifest as one compact JSON object literal. Throws unless the template holds exactly
 * one marked literal, as the build requires.
 */
export function injectManifest(templateText, manifest) {
  const found = templateText.match(MARKED) ?? [];
  if (found.length !== 1) {
    throw new Error(`the loader template must hold exactly one /*@manifest*/…/*manifest@*/, found ${found.length}`);
  }
  return templateText.replace(MARKED, () => JSON.stringify(manifest));
}

/** The template's text. */
export function loaderTemplate() {
  return readFileSync(TEMPLATE, 'utf8');
}

/**
 * The manifest a built `embed.js` carries (the JSON literal after `const MANIFEST =`),
 * or null if it cannot be found.
 */
export function manifestOf(embedText) {
  const m = embedText.match(/const MANIFEST = (\{.*?\});\n/);
  if (!m) return null;
  try {
    return JSON.parse(m[1]);
  } catch {
    return null;
  }
}
