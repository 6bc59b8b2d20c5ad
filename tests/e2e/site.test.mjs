// The demo site as built into dist/: the gallery lists every registered widget, each
// widget page mounts its widget, the iframe page shows only that widget, the embedding
// guide shows the snippet, and no page logs an error.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { distDir, registeredWidgets } from './lib/paths.mjs';
import { startServer } from './lib/server.mjs';
import { launch, openPage, settle } from './lib/browser.mjs';

// Read at load time so each widget gets its own test; an unbuilt site becomes one failure.
let widgets = [];
let loadError = null;
try {
  widgets = registeredWidgets();
} catch (e) {
  loadError = e;
}

let server;
let browser;

before(async () => {
  server = await startServer(distDir);
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/** Opens `url` on a fresh page, runs `body(page)`, then checks nothing logged an error. */
async function onPage(url, body) {
  const p = await openPage(browser);
  try {
    await p.page.goto(server.origin + url, { waitUntil: 'load' });
    await body(p.page);
    await settle(p.page);
    assert.deepEqual(p.problems, [], `errors on ${url}`);
  } finally {
    await p.close();
  }
}

const rootOf = (id) => `.dl-root[data-dl-widget="${id}"]`;

test('dist/ holds the site, the embed entry and a sound widget list', () => {
  if (loadError) throw loadError;
  for (const f of ['index.html', 'embed.js', 'widgets.json']) {
    assert.ok(existsSync(path.join(distDir, f)), `dist/${f} is missing`);
  }
  const ids = widgets.map((w) => w.id);
  assert.equal(new Set(ids).size, ids.length, `duplicate ids in widgets.json: ${ids}`);
  for (const w of widgets) {
    assert.match(w.id, /^[a-z0-9-]+$/, `odd id ${w.id}`);
    assert.ok(w.title && w.title.trim(), `${w.id} has no title`);
  }
});

test('the gallery lists every registered widget', { timeout: 60_000 }, async () => {
  if (loadError) throw loadError;
  await onPage('/', async (page) => {
    await page.waitForSelector('[data-widget-card]', { timeout: 30_000 });
    const cards = await page.$$eval('[data-widget-card]', (els) =>
      els.map((e) => e.getAttribute('data-widget-card')),
    );
    const missing = widgets.map((w) => w.id).filter((id) => !cards.includes(id));
    assert.deepEqual(missing, [], `gallery cards: ${cards.join(', ')}`);
  });
});

for (const w of widgets) {
  test(`widget page /#/widget/${w.id} mounts it`, { timeout: 60_000 }, async () => {
    await onPage(`/#/widget/${w.id}`, async (page) => {
      const root = page.locator(rootOf(w.id));
      await root.first().waitFor({ state: 'visible', timeout: 30_000 });
      const text = (await root.first().innerText()).trim();
      assert.ok(text.length > 0, `${w.id} rendered nothing`);
    });
  });

  test(`iframe page /?frame=${w.id} shows only that widget`, { timeout: 60_000 }, async () => {
    await onPage(`/?frame=${encodeURIComponent(w.id)}`, async (page) => {
      await page.locator(rootOf(w.id)).first().waitFor({ state: 'visible', timeout: 30_000 });
      assert.equal(await page.locator('.dl-root').count(), 1, 'more than one widget on the frame page');
      assert.equal(await page.locator('[data-widget-card]').count(), 0, 'gallery cards on the frame page');
    });
  });
}

test('the embedding guide shows the snippet', { timeout: 60_000 }, async () => {
  if (loadError) throw loadError;
  await onPage('/', async (page) => {
    await page.waitForSelector('[data-widget-card]', { timeout: 30_000 });
    // Reached as a reader would: the first link that names embedding.
    const link = page
      .locator('a[href*="embed" i]')
      .or(page.getByRole('link', { name: /embed/i }))
      .first();
    assert.ok((await link.count()) > 0, 'no link to the embedding guide on the gallery');
    await link.click();
    await page.waitForFunction(() => document.body.innerText.includes('embed.js'), null, {
      timeout: 30_000,
    });
    const text = await page.evaluate(() => document.body.innerText);
    assert.match(text, /<script type="module"[^>]*embed\.js/, 'the guide lacks the <script> line');
    assert.match(text, /hn-embed-widget/, 'the guide lacks the placeholder <div>');
  });
});
