// Accessibility check with axe-core on the gallery, every widget page and every post of
// the blog's feed (rendered with the embed snippet, every widget mounted). A violation of
// impact "serious" or "critical" FAILS the page's test; milder ones are reported. Every
// violation is written to tests/e2e/out/axe.json and listed as a diagnostic.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { distDir, registeredWidgets } from './lib/paths.mjs';
import { loadFeed, postPage } from './lib/feed.mjs';
import { startServer } from './lib/server.mjs';
import { launch, openPage, settle, waitForPlaceholders } from './lib/browser.mjs';

const require = createRequire(import.meta.url);
const AXE = require.resolve('axe-core/axe.min.js');
const OUT = path.join(path.dirname(fileURLToPath(import.meta.url)), 'out');
/** Impacts that fail a page. */
const FAILING = ['serious', 'critical'];

let widgets = [];
try {
  widgets = registeredWidgets();
} catch {
  // site.test.mjs reports an unbuilt site; here only the gallery check runs (and fails).
}
const posts = loadFeed().posts ?? [];

let server;
let browser;
const report = {};

before(async () => {
  const pages = new Map(posts.map((p, i) => [`/__e2e/post-${i + 1}.html`, postPage(p, widgets)]));
  server = await startServer(distDir, pages);
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.close();
  mkdirSync(OUT, { recursive: true });
  writeFileSync(path.join(OUT, 'axe.json'), JSON.stringify(report, null, 2));
});

/**
 * Opens `url`, waits for `ready(page)`, runs axe on the whole page, records the
 * violations, and fails on serious or critical ones. A violating node inside a
 * placeholder is marked "[widget]", any other "[page]" (for post pages: the post's own
 * HTML or the test page around it).
 */
async function audit(t, url, ready) {
  const p = await openPage(browser);
  try {
    await p.page.goto(server.origin + url, { waitUntil: 'load' });
    await ready(p.page);
    await settle(p.page);
    await p.page.addScriptTag({ path: AXE });
    const violations = await p.page.evaluate(async () => {
      const result = await window.axe.run(document, { resultTypes: ['violations'] });
      return result.violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        nodes: v.nodes.map((n) => {
          const el = document.querySelector(n.target[0]);
          const where = el?.closest('.hn-embed-widget') ? '[widget]' : '[page]';
          return `${where} ${n.target.join(' ')}`;
        }),
      }));
    });
    report[url] = violations;
    for (const v of violations) {
      t.diagnostic(`axe ${v.impact ?? ''} ${v.id}: ${v.help} (${v.nodes.length} node(s))`);
    }
    if (violations.length === 0) t.diagnostic('axe: no violations');
    const failing = violations
      .filter((v) => FAILING.includes(v.impact))
      .map((v) => `${v.impact} ${v.id}: ${v.help}\n    ${v.nodes.slice(0, 5).join('\n    ')}`);
    assert.deepEqual(failing, [], `serious or critical accessibility violations on ${url}`);
  } finally {
    await p.close();
  }
}

const visible = (selector) => (page) => page.waitForSelector(selector, { timeout: 30_000 });

test('axe: gallery', { timeout: 60_000 }, (t) => audit(t, '/', visible('[data-widget-card]')));

for (const w of widgets) {
  test(`axe: ${w.id}`, { timeout: 60_000 }, (t) =>
    audit(t, `/#/widget/${w.id}`, visible(`.dl-root[data-dl-widget="${w.id}"]`)),
  );
}

posts.forEach((post, i) => {
  test(`axe: post ${i + 1}: ${post.title}`, { timeout: 90_000 }, (t) =>
    audit(t, `/__e2e/post-${i + 1}.html`, async (page) => {
      // Mount every widget (the loader loads only what comes near), then back to the top.
      await waitForPlaceholders(page, widgets.map((w) => w.id));
      await page.evaluate(() => scrollTo(0, 0));
    }),
  );
});
