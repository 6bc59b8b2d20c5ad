// `cargo xtask screenshots`: full-page PNGs of the built site at 360 px and 1200 px wide,
// light and dark, for a person to look at. Not a test: it reports errors it sees but
// only fails when a page cannot be shot at all.
//
// Pages: the gallery, every widget page, the embedding guide (found by its link on the
// gallery), and every blog post holding a registered widget, rendered with the embed snippet.
//
// Env: DISTLAB_DIST (default <repo>/dist), DISTLAB_SCREENSHOTS (default <repo>/target/screenshots),
// DISTLAB_SHOTS_ONLY (optional: shoot only the pages whose name contains this text, e.g. `raft`).

import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { distDir, registeredWidgets, repoRoot } from './lib/paths.mjs';
import { startServer } from './lib/server.mjs';
import { launch, openPage, settle, waitForPlaceholders } from './lib/browser.mjs';
import { loadFeed, placeholderIds, postPage } from './lib/feed.mjs';

const outDir = path.resolve(
  repoRoot,
  process.env.DISTLAB_SCREENSHOTS ?? path.join('target', 'screenshots'),
);
const WIDTHS = [360, 1200];
const SCHEMES = ['light', 'dark'];

const widgets = registeredWidgets();
const pages = new Map();

// The real posts, as a blog would show them, if the feed is at hand.
const feed = loadFeed();
const registered = widgets.map((w) => w.id);
const posts = (feed.posts ?? []).filter((p) =>
  placeholderIds(p.html).some((id) => registered.includes(id)),
);
/** A file-name-safe slug of a post title: `Raft: Consensus …` → `raft-consensus-…`. */
const slug = (title) =>
  title.toLowerCase().replace(/[^a-z0-9]+/g, '-').slice(0, 40).replace(/^-+|-+$/g, '');
for (const post of posts) pages.set(`/__e2e/post-${slug(post.title)}.html`, postPage(post, widgets));

const server = await startServer(distDir, pages);
const browser = await launch();

/** Finds the embedding guide's URL from the gallery's links. */
async function guideUrl() {
  const p = await openPage(browser);
  try {
    await p.page.goto(server.origin + '/', { waitUntil: 'load' });
    await p.page.waitForSelector('[data-widget-card]', { timeout: 30_000 }).catch(() => {});
    const href = await p.page
      .locator('a[href*="embed" i]')
      .first()
      .getAttribute('href', { timeout: 2_000 })
      .catch(() => null);
    return href ? new URL(href, server.origin + '/').href.slice(server.origin.length) : null;
  } finally {
    await p.close();
  }
}

const targets = [{ name: 'gallery', url: '/', wait: '[data-widget-card]' }];
for (const w of widgets) {
  targets.push({ name: `widget-${w.id}`, url: `/#/widget/${w.id}`, wait: `.dl-root[data-dl-widget="${w.id}"]` });
}
const guide = await guideUrl();
if (guide) targets.push({ name: 'embed-guide', url: guide, wait: 'body' });
else console.warn('no link to the embedding guide found on the gallery: not shot');
for (const url of pages.keys()) {
  targets.push({ name: url.slice('/__e2e/'.length, -'.html'.length), url, wait: '.hn-embed-widget' });
}
const only = process.env.DISTLAB_SHOTS_ONLY;
if (only) targets.splice(0, targets.length, ...targets.filter((t) => t.name.includes(only)));

mkdirSync(outDir, { recursive: true });
let failures = 0;
const written = [];
for (const t of targets) {
  for (const width of WIDTHS) {
    for (const scheme of SCHEMES) {
      const file = path.join(outDir, `${t.name}-${width}-${scheme}.png`);
      const p = await openPage(browser, {
        viewport: { width, height: 900 },
        colorScheme: scheme,
        deviceScaleFactor: 1,
      });
      try {
        await p.page.goto(server.origin + t.url, { waitUntil: 'load' });
        await p.page.waitForSelector(t.wait, { timeout: 30_000 });
        if (t.url.startsWith('/__e2e/')) {
          // The loader mounts a widget only when it comes near the viewport: visit each.
          await waitForPlaceholders(p.page, registered);
          await p.page.evaluate(() => scrollTo(0, 0));
        }
        await settle(p.page, 600);
        await p.page.screenshot({ path: file, fullPage: true });
        written.push(file);
        for (const problem of p.problems) console.warn(`${t.url} (${width}, ${scheme}): ${problem}`);
      } catch (e) {
        failures++;
        console.error(`could not shoot ${t.url} at ${width} px, ${scheme}: ${e.message}`);
      } finally {
        await p.close();
      }
    }
  }
}
await browser.close();
await server.close();
for (const f of written) console.log(path.relative(repoRoot, f));
console.log(`${written.length} screenshot(s) in ${outDir}, ${failures} failure(s)`);
process.exitCode = failures > 0 ? 1 : 0;
