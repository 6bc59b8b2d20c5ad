// The loader (site/static/embed.js) alone, against a fake built site (lib/fixture.mjs):
// the real template with a fixture manifest injected as the build does, and fake family
// modules that fetch their wasm and render a `.dl-root` of a set height. Needs no build.
//
// Origins (all 127.0.0.1, one port each):
//   site      the fixture dist, no CORS header; same-origin blog pages
//   cdn       the fixture dist with `Access-Control-Allow-Origin: *`
//   jsonly    the fixture dist, CORS only for .js files (wasm fetches fail)
//   embedonly the fixture dist, CORS only for embed.js (family imports fail)
//   slow      like site, but families/fake.js answers after 1.5 s
//   host      a blog on another origin (pages only)
//   frames    an iframe host on yet another origin (pages only)

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { blogPage, filler, makeFixtureDist, placeholder } from './lib/fixture.mjs';
import { loaderTemplate } from './lib/manifest.mjs';
import { startServer } from './lib/server.mjs';
import { launch, openPage, settle } from './lib/browser.mjs';
import { layoutShift, trackLayoutShifts } from './lib/cls.mjs';

const WIDGETS = {
  // 400 px reserved on wide screens (600 below 600 px), renders at 380: within it.
  'fake-a': { family: 'fake', title: 'Fake A', heights: [[0, 600], [600, 400]], real: 380 },
  'fake-b': { family: 'fake', title: 'Fake B', heights: [[0, 300]], real: 300 },
  'other-a': { family: 'other', title: 'Other A', heights: [[0, 200]], real: 200 },
  // Listed in the manifest, but its family's module does not hold it (mount → false).
  'fake-ghost': { family: 'fake', title: 'Fake ghost', heights: [[0, 250]] },
  // Outgrows its reservation: the layout-shift measurement must see that.
  'fake-tall': { family: 'fake', title: 'Fake tall', heights: [[0, 300]], real: 700 },
};

/** Console errors a browser logs by itself for a fetch blocked by CORS. */
const CORS_NOISE = /CORS policy|net::ERR_FAILED|Failed to load resource/;

let fixture;
let browser;
const servers = {};

before(async () => {
  fixture = makeFixtureDist(WIDGETS);
  // The template as it is in the repository, manifest not replaced.
  writeFileSync(path.join(fixture.dir, 'embed-template.js'), loaderTemplate());
  const start = (options) => startServer(fixture.dir, new Map(), options);
  servers.site = await start();
  servers.cdn = await start({ cors: true });
  servers.jsonly = await start({ cors: /\.js$/ });
  servers.embedonly = await start({ cors: /^\/embed\.js$/ });
  servers.slow = await start({ delays: [[/^\/families\/fake\.js$/, 1_500]] });
  servers.host = await start();
  servers.frames = await start();
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await Promise.all(Object.values(servers).map((s) => s.close()));
  fixture?.remove();
});

/** Serves `html` at `server`/__e2e/`name`.html and opens it in a fresh page. */
async function open(server, name, html, { context, cls = false } = {}) {
  const url = `/__e2e/${name}.html`;
  server.pages.set(url, html);
  const p = await openPage(browser, context);
  if (cls) await trackLayoutShifts(p.page);
  await p.page.goto(server.origin + url, { waitUntil: 'load' });
  return p;
}

/** Paths of the family files (modules and wasm) a page requested, in order. */
const familyRequests = (p) =>
  p.requests.map((u) => new URL(u).pathname).filter((u) => u.startsWith('/families/'));

const mounted = (page, id, timeout = 10_000) =>
  page.waitForSelector(`[id="${id}"][data-dl-mounted]`, { state: 'attached', timeout });

/** The placeholder's inline min-height and pending mark, and its height. */
const box = (page, id) =>
  page.evaluate((id) => {
    const el = document.getElementById(id);
    return {
      minHeight: el.style.minHeight,
      pending: el.hasAttribute('data-dl-pending'),
      height: Math.round(el.getBoundingClientRect().height),
    };
  }, id);

test('unknown ids get a note and cost no download', async () => {
  const evil = '<img src=x onerror="window.__pwned=1">';
  const html = blogPage(
    placeholder('not-built-yet') +
      `<div class="hn-embed-widget" id="${evil.replace(/[<>"&]/g, (c) => `&#${c.charCodeAt(0)};`)}"></div>`,
  );
  const p = await open(servers.site, 'unknown', html);
  try {
    await settle(p.page, 800);
    const notes = await p.page.$$eval('.hn-embed-widget', (els) =>
      els.map((el) => ({
        mounted: el.hasAttribute('data-dl-mounted'),
        html: el.innerHTML,
        note: el.querySelector('.dl-unknown')?.textContent,
      })),
    );
    assert.deepEqual(notes[0], {
      mounted: true,
      html: notes[0].html,
      note: 'The interactive diagram “not-built-yet” is not available yet.',
    });
    // The id is shown as text, never parsed as HTML.
    assert.equal(notes[1].note, `The interactive diagram “${evil}” is not available yet.`);
    assert.ok(notes[1].mounted);
    assert.ok(!notes[1].html.includes('<img'), `the id became markup: ${notes[1].html}`);
    assert.equal(await p.page.evaluate(() => window.__pwned), undefined);
    assert.deepEqual(familyRequests(p), [], 'family files fetched for unknown ids');
    assert.deepEqual(p.wasm, [], 'wasm fetched for unknown ids');
    assert.deepEqual(await p.page.evaluate(() => window.distlab.loaded), []);
    assert.deepEqual(p.problems, []);
  } finally {
    await p.close();
  }
});

test('the template works with its manifest not replaced (every id unknown)', async () => {
  const html = blogPage(placeholder('fake-a'), '/embed-template.js');
  const p = await open(servers.site, 'template', html);
  try {
    await mounted(p.page, 'fake-a');
    assert.equal(await p.page.locator('#fake-a .dl-unknown').count(), 1);
    assert.deepEqual(await p.page.evaluate(() => window.distlab.manifest), { families: {}, widgets: {} });
    assert.deepEqual(familyRequests(p), []);
    assert.deepEqual(p.problems, []);
  } finally {
    await p.close();
  }
});

test('a widget far below the fold is fetched only when the reader scrolls to it', async () => {
  const html = blogPage(`<p>Intro.</p>${filler(5000)}${placeholder('fake-a', 'Fake A')}${filler(500)}`);
  const p = await open(servers.site, 'far', html);
  try {
    await settle(p.page, 800);
    assert.deepEqual(familyRequests(p), [], 'family fetched before the reader came near');
    // Reserved at once: the page is 1280 px wide, the placeholder 736 px (≥ 600) → 400 px.
    assert.deepEqual(await box(p.page, 'fake-a'), { minHeight: '400px', pending: true, height: 400 });

    await p.page.locator('#fake-a').scrollIntoViewIfNeeded();
    await mounted(p.page, 'fake-a');
    assert.deepEqual(familyRequests(p), ['/families/fake.js', '/families/fake_bg.wasm']);
    // Released once mounted: the widget's own height rules.
    assert.deepEqual(await box(p.page, 'fake-a'), { minHeight: '', pending: false, height: 380 });
    assert.deepEqual(await p.page.evaluate(() => window.distlab.loaded), ['fake']);
    assert.deepEqual(p.problems, []);
  } finally {
    await p.close();
  }
});

test('the reserved height follows the placeholder width', async () => {
  const html = blogPage(`${filler(3000)}${placeholder('fake-a', 'Fake A')}`);
  const p = await open(servers.site, 'narrow', html, { context: { viewport: { width: 360, height: 700 } } });
  try {
    // 336 px wide: below the 600 px step, so the first pair's 600 px.
    assert.deepEqual(await box(p.page, 'fake-a'), { minHeight: '600px', pending: true, height: 600 });
  } finally {
    await p.close();
  }
});

test('placeholders of one family share one import and one init', async () => {
  const html = blogPage(
    placeholder('fake-a') + placeholder('other-a') + placeholder('fake-b') + placeholder('nope'),
  );
  const p = await open(servers.site, 'shared', html);
  try {
    for (const id of ['fake-a', 'fake-b', 'other-a', 'nope']) await mounted(p.page, id);
    await settle(p.page);
    const files = familyRequests(p).sort();
    assert.deepEqual(files, [
      '/families/fake.js',
      '/families/fake_bg.wasm',
      '/families/other.js',
      '/families/other_bg.wasm',
    ]);
    assert.deepEqual(await p.page.evaluate(() => window.__inits), { fake: 1, other: 1 });
    assert.deepEqual(await p.page.evaluate(() => [...window.distlab.loaded].sort()), ['fake', 'other']);
    assert.equal(await p.page.locator('.dl-root').count(), 3);
    assert.deepEqual(p.problems, []);
  } finally {
    await p.close();
  }
});

test('placeholders inserted after load are handled, each only once', async () => {
  // The slow server: the module arrives 1.5 s after it is asked for.
  const p = await open(servers.slow, 'later', blogPage('<main id="m"><p>Post.</p></main>'));
  try {
    await settle(p.page);
    assert.deepEqual(familyRequests(p), [], 'nothing to load yet');
    // A single-page app renders a section holding a known and an unknown placeholder.
    await p.page.evaluate(() => {
      const section = document.createElement('section');
      for (const id of ['fake-b', 'later-unknown']) {
        const el = document.createElement('div');
        el.className = 'hn-embed-widget';
        el.id = id;
        section.append(el);
      }
      document.getElementById('m').append(section);
    });
    await mounted(p.page, 'later-unknown');
    assert.equal(await p.page.locator('#later-unknown .dl-unknown').count(), 1);
    // Moved (the observer sees it added again) and rescanned, while still pending and
    // again once mounted: it is mounted once all the same.
    const moveAndRescan = () =>
      p.page.evaluate(() => {
        document.body.prepend(document.getElementById('fake-b'));
        window.distlab.scan();
        return document.getElementById('fake-b').hasAttribute('data-dl-pending');
      });
    assert.equal(await moveAndRescan(), true, 'the widget was not pending any more');
    await mounted(p.page, 'fake-b');
    await moveAndRescan();
    await settle(p.page);
    assert.deepEqual(await p.page.evaluate(() => window.__mounts), { 'fake-b': 1 });
    assert.deepEqual(p.problems, []);
  } finally {
    await p.close();
  }
});

test('two copies of the loader on one page (two snippets, two URLs): each widget mounts once', async () => {
  const cdn = servers.cdn.origin;
  const html = blogPage(
    `${placeholder('fake-a')}<script type="module" src="/embed.js?copy=1"></script>${placeholder('fake-b')}`,
    `${cdn}/embed.js`,
  );
  const p = await open(servers.site, 'twice', html);
  try {
    await mounted(p.page, 'fake-a');
    await mounted(p.page, 'fake-b');
    await settle(p.page);
    assert.deepEqual(await p.page.evaluate(() => window.__mounts), { 'fake-a': 1, 'fake-b': 1 });
    assert.deepEqual(await p.page.evaluate(() => window.__inits), { fake: 1 }, 'one family import');
    assert.deepEqual(p.problems, []);
  } finally {
    await p.close();
  }
});

test("a widget its family's module lacks falls back to a link", async () => {
  const p = await open(servers.site, 'ghost', blogPage(placeholder('fake-ghost', 'Fake ghost')));
  try {
    await p.page.waitForSelector('#fake-ghost[data-dl-failed]', { timeout: 10_000 });
    await assertFallback(p.page, 'fake-ghost', servers.site.origin, 'Fake ghost');
    assert.deepEqual(p.problems, [], 'a failure is a console.warn, never an error');
  } finally {
    await p.close();
  }
});

/** The loader's fallback: a visible link to the widget's page, a note, no reservation. */
async function assertFallback(page, id, origin, title) {
  const el = page.locator(`[id="${id}"]`);
  const link = el.locator('a');
  assert.equal(await link.getAttribute('href'), `${origin}/#/widget/${id}`);
  assert.equal((await link.innerText()).trim(), `${title}: open the interactive diagram`);
  assert.ok(await link.isVisible(), 'the fallback link is not visible');
  assert.equal(await el.locator('.dl-failed').count(), 1, 'no note saying why');
  const b = await box(page, id);
  assert.equal(b.minHeight, '', 'the reserved height was kept');
  assert.ok(b.height > 0 && b.height < 200, `the placeholder is ${b.height} px high`);
}

test('a blog on another origin: widgets mount when the host sends CORS headers', async () => {
  const cdn = servers.cdn.origin;
  const html = blogPage(placeholder('fake-a', 'Fake A', cdn) + placeholder('other-a', 'Other A', cdn), `${cdn}/embed.js`);
  const p = await open(servers.host, 'cors', html);
  try {
    await mounted(p.page, 'fake-a');
    await mounted(p.page, 'other-a');
    assert.equal(await p.page.locator('.dl-root').count(), 2);
    assert.ok(p.requests.includes(`${cdn}/families/fake_bg.wasm`), 'wasm not fetched from the host');
    assert.deepEqual(p.problems, []);
  } finally {
    await p.close();
  }
});

test('a blog on another origin, no CORS headers at all: the snippet link stays', async () => {
  const site = servers.site.origin;
  const html = blogPage(placeholder('fake-a', 'Fake A', site), `${site}/embed.js`);
  const p = await open(servers.host, 'nocors', html);
  try {
    await settle(p.page, 800);
    const link = p.page.locator('#fake-a a');
    assert.ok(await link.isVisible(), 'the placeholder is blank');
    assert.equal(await link.getAttribute('href'), `${site}/#/widget/fake-a`);
    assert.deepEqual(familyRequests(p), [], 'the loader ran although it could not load');
    assertOnlyCorsNoise(p.problems);
  } finally {
    await p.close();
  }
});

for (const [name, what] of [
  ['embedonly', 'its family module'],
  ['jsonly', 'its wasm'],
]) {
  test(`a blog on another origin, ${what} blocked by CORS: a fallback link, never blank`, async () => {
    const origin = servers[name].origin;
    // The placeholder as a blogger might paste it: without the snippet's link.
    const html = blogPage('<div class="hn-embed-widget" id="fake-a"></div>', `${origin}/embed.js`);
    const p = await open(servers.host, `blocked-${name}`, html);
    try {
      await p.page.waitForSelector('#fake-a[data-dl-failed]', { timeout: 10_000 });
      await assertFallback(p.page, 'fake-a', origin, 'Fake A');
      await settle(p.page);
      assertOnlyCorsNoise(p.problems);
    } finally {
      await p.close();
    }
  });
}

/** Only the errors the browser logs itself for blocked fetches; no uncaught rejection. */
function assertOnlyCorsNoise(problems) {
  const other = problems.filter((m) => !(m.startsWith('console.error:') && CORS_NOISE.test(m)));
  assert.deepEqual(other, [], 'errors besides the blocked fetches');
}

test('in a sandboxed iframe on another origin: mounts, and the host sizes the frame from its messages', { timeout: 60_000 }, async (t) => {
  const cdn = servers.cdn.origin;
  servers.frames.pages.set(
    '/__e2e/frame.html',
    blogPage(`<p>Widget:</p>${placeholder('fake-b', 'Fake B', cdn)}`, `${cdn}/embed.js`),
  );
  // The host page resizes the iframe from its `distlab:height` messages, as a blog would.
  const parent = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>host</title></head><body>
<p>Post text.</p>
<script>
  window.__heights = [];
  addEventListener('message', (e) => {
    const f = document.getElementById('f');
    if (e.source !== f.contentWindow || e.data?.type !== 'distlab:height') return;
    window.__heights.push(e.data.height);
    f.style.height = e.data.height + 'px';
  });
</script>
<iframe id="f" title="Fake B" sandbox="allow-scripts allow-same-origin allow-popups"
  src="${servers.frames.origin}/__e2e/frame.html" style="display:block;width:100%;height:150px;border:0"></iframe>
<p>More text.</p>
</body></html>`;
  const p = await open(servers.host, 'parent', parent);
  try {
    const frame = p.page.frameLocator('#f');
    await frame.locator('#fake-b[data-dl-mounted]').waitFor({ state: 'attached', timeout: 10_000 });
    const inner = p.page.frames().find((f) => f.url().endsWith('/__e2e/frame.html'));
    /** Waits until the iframe is as tall as its content (±2 px); returns both. */
    const fits = async (what) => {
      let sizes;
      for (let i = 0; i < 50; i++) {
        const content = await inner.evaluate(() => document.documentElement.getBoundingClientRect().height);
        const frameBox = await p.page.evaluate(() => document.getElementById('f').getBoundingClientRect().height);
        sizes = { content: Math.round(content), frame: Math.round(frameBox) };
        if (Math.abs(sizes.frame - sizes.content) <= 2) return sizes;
        await p.page.waitForTimeout(100);
      }
      assert.fail(`${what}: the iframe is ${sizes.frame} px, its content ${sizes.content} px`);
    };
    const first = await fits('after mounting');
    assert.ok(first.content >= 300, `the content is only ${first.content} px with a 300 px widget`);
    // The widget grows, then shrinks: the frame follows both ways.
    await inner.evaluate(() => (document.querySelector('.dl-root').style.height = '900px'));
    const grown = await fits('after the widget grew');
    assert.ok(grown.frame >= 900, `grown: ${JSON.stringify(grown)}`);
    await inner.evaluate(() => (document.querySelector('.dl-root').style.height = '120px'));
    const shrunk = await fits('after the widget shrank');
    assert.ok(shrunk.frame < 300, `shrunk: ${JSON.stringify(shrunk)}`);
    t.diagnostic(`heights posted: ${(await p.page.evaluate(() => window.__heights)).join(', ')}`);
    assert.deepEqual(p.problems, []);
  } finally {
    await p.close();
  }
});

/**
 * Opens a post whose widget sits 3000 px down, with its family module answering after
 * 1.5 s; the reader scrolls to the widget at once (its top 100 px below the viewport's)
 * and stays there while it arrives. Returns the layout shift recorded.
 */
async function clsWhileScrolledTo(id) {
  const html = blogPage(`<h1>Post</h1>${filler(3000)}${placeholder(id)}${filler(3000)}`);
  const p = await open(servers.slow, `cls-${id}`, html, { cls: true });
  try {
    await p.page.evaluate((id) => {
      const top = document.getElementById(id).getBoundingClientRect().top + scrollY;
      scrollTo(0, top - 100);
    }, id);
    assert.deepEqual(familyRequests(p), [], 'the module arrived before the reader scrolled');
    await mounted(p.page, id);
    await settle(p.page, 500);
    return await layoutShift(p.page);
  } finally {
    await p.close();
  }
}

test('layout shift: a late widget within its reserved height moves nothing (CLS < 0.1)', { timeout: 30_000 }, async (t) => {
  const cls = await clsWhileScrolledTo('fake-a');
  t.diagnostic(`CLS ${cls.value.toFixed(4)} (reserved 400 px, real 380 px)`);
  assert.ok(cls.value < 0.1, `CLS ${cls.value} (${JSON.stringify(cls.shifts)})`);
});

test('layout shift: the measurement sees a widget outgrowing its reservation', { timeout: 30_000 }, async (t) => {
  const cls = await clsWhileScrolledTo('fake-tall');
  t.diagnostic(`CLS ${cls.value.toFixed(4)} (reserved 300 px, real 700 px)`);
  assert.ok(cls.value > 0.05, `no shift measured: CLS ${cls.value}`);
});
