// The demo site as built into dist/: the gallery lists every registered widget and
// fetches no widget family; each widget page mounts its widget and fetches only its own
// family; the iframe page shows only that widget, themed; the embedding guide shows the
// snippet; no page logs an error. Also: the built loader carries the manifest of
// widgets.json and stays small.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { distDir, siteManifest } from './lib/paths.mjs';
import { manifestOf } from './lib/manifest.mjs';
import { startServer } from './lib/server.mjs';
import { familiesFetched, launch, openPage, settle } from './lib/browser.mjs';

/** The loader's size goal, gzip -9, with the manifest of every widget. */
const LOADER_GZIP_GOAL = 3 * 1024;

// Read at load time so each widget gets its own test; an unbuilt site becomes one failure.
let manifest = { families: {}, widgets: [] };
let widgets = [];
let loadError = null;
try {
  manifest = siteManifest();
  widgets = manifest.widgets;
} catch (e) {
  loadError = e;
}

let server;
let host; // another origin, for pages that frame the site's iframe pages
let browser;

before(async () => {
  server = await startServer(distDir);
  host = await startServer(distDir);
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.close();
  await host?.close();
});

/**
 * Opens `url` on a fresh page, runs `body(page, requests)` (`requests`: every URL the page
 * requested so far), then checks nothing logged an error.
 */
async function onPage(url, body) {
  const p = await openPage(browser);
  try {
    await p.page.goto(server.origin + url, { waitUntil: 'load' });
    await body(p.page, p.requests);
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
    assert.ok(Array.isArray(w.heights) && w.heights.length > 0, `${w.id} has no heights`);
  }
  for (const [name, f] of Object.entries(manifest.families)) {
    for (const file of [f.js, f.wasm]) {
      assert.ok(existsSync(path.join(distDir, file)), `family ${name}: dist/${file} is missing`);
    }
  }
});

test("dist/embed.js carries widgets.json's manifest and meets its size goal", (t) => {
  if (loadError) throw loadError;
  const text = readFileSync(path.join(distDir, 'embed.js'), 'utf8');
  const inside = manifestOf(text);
  assert.ok(inside, 'dist/embed.js holds no injected manifest (const MANIFEST = {…};)');
  const families = Object.fromEntries(
    Object.entries(manifest.families).map(([n, f]) => [n, { js: f.js, wasm: f.wasm }]),
  );
  assert.deepEqual(inside.families, families, 'families in embed.js vs widgets.json');
  const expected = Object.fromEntries(
    widgets.map((w) => [w.id, { family: w.family, title: w.title, heights: w.heights }]),
  );
  assert.deepEqual(inside.widgets, expected, 'widgets in embed.js vs widgets.json');
  const gzip = gzipSync(text, { level: 9 }).length;
  t.diagnostic(`embed.js: ${text.length} bytes, ${gzip} gzip, ${widgets.length} widgets`);
  assert.ok(gzip <= LOADER_GZIP_GOAL, `embed.js is ${gzip} bytes gzip, over ${LOADER_GZIP_GOAL}`);
});

/** What a reader downloads for one post's widgets, gzip -9: the loader plus each family. */
const POST_GZIP_BUDGET = 150 * 1024;

/**
 * Posts allowed over the budget, each with a ceiling a little above its size: it may
 * shrink, never grow, and once under the budget it must leave this list (the test says
 * so). Empty since every post got under (issue 8); kept for a widget that lands before
 * its size work, which must then be listed here with a reason.
 */
const STILL_OVER = new Map();

test("each post's widgets together (loader + family wasm + JS) are within 150 KiB gzip, or (still over) never grow", (t) => {
  if (loadError) throw loadError;
  const gz = (file) => gzipSync(readFileSync(path.join(distDir, file)), { level: 9 }).length;
  const loader = gz('embed.js');
  const posts = new Map();
  for (const w of widgets) {
    if (!posts.has(w.post)) posts.set(w.post, new Set());
    posts.get(w.post).add(w.family);
  }
  const over = [];
  for (const [post, families] of posts) {
    let total = loader;
    for (const name of families) {
      const f = manifest.families[name];
      assert.ok(f, `${post}: family ${name} is not in widgets.json`);
      total += gz(f.wasm) + gz(f.js);
    }
    const key = [...families].join('+');
    const ceiling = STILL_OVER.get(key);
    t.diagnostic(`${key}: ${total} B gzip (${post})${ceiling ? `, known over; ceiling ${ceiling}` : ''}`);
    if (ceiling === undefined) {
      if (total > POST_GZIP_BUDGET) over.push(`${post} (${key}): ${total} B > ${POST_GZIP_BUDGET}`);
    } else if (total > ceiling) {
      over.push(`${post} (${key}): ${total} B, grew past its ceiling ${ceiling}`);
    } else if (total <= POST_GZIP_BUDGET) {
      over.push(`${post} (${key}): ${total} B is within the budget now: remove it from STILL_OVER`);
    }
  }
  assert.ok(posts.size > 0, 'widgets.json lists no post');
  assert.deepEqual(over, [], `per-post download, gzip`);
});

test('the gallery lists every registered widget, and fetches no family', { timeout: 60_000 }, async () => {
  if (loadError) throw loadError;
  await onPage('/', async (page, requests) => {
    await page.waitForSelector('[data-widget-card]', { timeout: 30_000 });
    await settle(page, 800);
    const families = requests.filter((u) => new URL(u).pathname.includes('/families/'));
    assert.deepEqual(families, [], 'the gallery holds no placeholder, yet fetched family files');
    const cards = await page.$$eval('[data-widget-card]', (els) =>
      els.map((e) => e.getAttribute('data-widget-card')),
    );
    const missing = widgets.map((w) => w.id).filter((id) => !cards.includes(id));
    assert.deepEqual(missing, [], `gallery cards: ${cards.join(', ')}`);
  });
});

for (const w of widgets) {
  test(`widget page /#/widget/${w.id} mounts it, fetching only family ${w.family}`, { timeout: 60_000 }, async () => {
    await onPage(`/#/widget/${w.id}`, async (page, requests) => {
      const root = page.locator(rootOf(w.id));
      await root.first().waitFor({ state: 'visible', timeout: 30_000 });
      const text = (await root.first().innerText()).trim();
      assert.ok(text.length > 0, `${w.id} rendered nothing`);
      assert.deepEqual(familiesFetched(requests), [w.family], 'families fetched');
    });
  });

  test(`iframe page /?frame=${w.id}&theme=dark shows only that widget, dark`, { timeout: 60_000 }, async () => {
    await onPage(`/?frame=${encodeURIComponent(w.id)}&theme=dark`, async (page, requests) => {
      await page.locator(rootOf(w.id)).first().waitFor({ state: 'visible', timeout: 30_000 });
      assert.equal(await page.locator('.dl-root').count(), 1, 'more than one widget on the frame page');
      assert.equal(await page.locator('[data-widget-card]').count(), 0, 'gallery cards on the frame page');
      const theme = await page.getAttribute(`.hn-embed-widget[id="${w.id}"]`, 'data-theme');
      assert.equal(theme, 'dark', 'the placeholder lacks data-theme="dark"');
      assert.deepEqual(familiesFetched(requests), [w.family], 'families fetched');
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
    assert.match(
      text,
      /<a href="[^"]*#\/widget\/[a-z0-9-]+">[^<]+: open the interactive diagram<\/a>/,
      "the guide's placeholder lacks its fallback link",
    );
  });
});

/**
 * A blog page on another origin framing `/?frame=<id>` in a sandboxed iframe, as Hashnode
 * serves pasted HTML, and sizing the frame from the loader's `distlab:height` messages.
 */
const framingPage = (src) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>host</title></head><body>
<p>Post text.</p>
<script>
  addEventListener('message', (e) => {
    const f = document.getElementById('f');
    if (e.source !== f.contentWindow || e.data?.type !== 'distlab:height') return;
    f.style.height = e.data.height + 'px';
  });
</script>
<iframe id="f" title="widget" sandbox="allow-scripts allow-same-origin allow-popups allow-forms"
  src="${src}" style="display:block;width:100%;height:150px;border:0"></iframe>
</body></html>`;

// One widget of each family is enough: the frame page is the same for all.
const firstOfEachFamily = widgets.filter((w, i) => widgets.findIndex((x) => x.family === w.family) === i);
for (const w of firstOfEachFamily) {
  test(`/?frame=${w.id} in a sandboxed iframe on another origin is sized to its content`, { timeout: 60_000 }, async () => {
    const url = `/__e2e/framing-${w.id}.html`;
    host.pages.set(url, framingPage(`${server.origin}/?frame=${encodeURIComponent(w.id)}`));
    const p = await openPage(browser);
    try {
      await p.page.goto(host.origin + url, { waitUntil: 'load' });
      await p.page.frameLocator('#f').locator(rootOf(w.id)).waitFor({ state: 'attached', timeout: 30_000 });
      const inner = p.page.frames().find((f) => f.url().includes('?frame='));
      /** The frame's height and its document's, once they agree (±2 px) or after 5 s. */
      const sizes = async () => {
        let s;
        for (let i = 0; i < 50; i++) {
          const content = await inner.evaluate(() => document.documentElement.getBoundingClientRect().height);
          const frame = await p.page.evaluate(() => document.getElementById('f').getBoundingClientRect().height);
          s = { frame: Math.round(frame), content: Math.round(content) };
          if (Math.abs(s.frame - s.content) <= 2) break;
          await p.page.waitForTimeout(100);
        }
        return s;
      };
      const first = await sizes();
      assert.ok(Math.abs(first.frame - first.content) <= 2, `not sized from its messages: ${JSON.stringify(first)}`);
      const widget = await inner.evaluate(
        (sel) => Math.round(document.querySelector(sel).getBoundingClientRect().height),
        rootOf(w.id),
      );
      assert.ok(first.frame >= widget, `the frame (${first.frame} px) is shorter than the widget (${widget} px)`);
      // Made taller by the host, the framed document must keep its content's height (with
      // e.g. min-height: 100vh it would follow the frame, and the frame could never shrink).
      await p.page.evaluate(() => {
        const f = document.getElementById('f');
        f.style.height = `${f.offsetHeight + 400}px`;
      });
      await p.page.waitForTimeout(500);
      const later = Math.round(
        await inner.evaluate(() => document.documentElement.getBoundingClientRect().height),
      );
      assert.ok(
        Math.abs(later - first.content) <= 2,
        `the framed document grows with its frame: ${first.content} px, then ${later} px in a frame 400 px taller`,
      );
      assert.deepEqual(p.problems, [], 'errors in the framed page');
    } finally {
      await p.close();
    }
  });
}

// The site is a single-page app: its placeholders appear after the loader ran, and the
// loader's MutationObserver must mount each as the reader moves between pages.
test('moving between pages in the app mounts each widget, fetching each family once', { timeout: 90_000 }, async () => {
  if (loadError) throw loadError;
  await onPage('/', async (page, requests) => {
    await page.waitForSelector('[data-widget-card]', { timeout: 30_000 });
    for (const w of widgets) {
      await page.evaluate((id) => (location.hash = `#/widget/${id}`), w.id);
      await page.locator(rootOf(w.id)).first().waitFor({ state: 'visible', timeout: 30_000 });
      assert.equal(await page.locator('.dl-root').count(), 1, `more than one widget on ${w.id}'s page`);
    }
    await page.evaluate(() => (location.hash = '#/'));
    await page.waitForSelector('[data-widget-card]', { timeout: 30_000 });
    const modules = requests.filter((u) => /\/families\/[^/]+\.js$/.test(new URL(u).pathname));
    const families = [...new Set(widgets.map((w) => w.family))];
    assert.equal(modules.length, families.length, `family modules fetched: ${modules.join(', ')}`);
  });
});
