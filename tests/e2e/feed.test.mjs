// Every post of the blog's feed, as a reader would get it: the post's HTML with the embed
// snippet from the embedding guide (placeholders holding their fallback link, then the
// loader), in headless Chromium, scrolled through as a reader would. Every placeholder
// must be handled, every registered widget must mount, nothing may log an error, and the
// page may fetch the modules of exactly the families of the widgets it holds (a post
// without a known widget fetches none). Every placeholder id of the feed must have a
// registered widget: the blog has no placeholder left unbuilt, and a new one fails here
// until its widget exists.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { loadFeed, placeholderIds, postPage } from './lib/feed.mjs';
import { distDir, inCI, registeredWidgets } from './lib/paths.mjs';
import { startServer } from './lib/server.mjs';
import {
  familiesFetched,
  launch,
  openPage,
  placeholderStates,
  settle,
  waitForPlaceholders,
} from './lib/browser.mjs';

const feed = loadFeed();
/** Registered ids, read when the file loads (to choose tests); empty if dist/ is not built. */
let knownAtLoad = [];
try {
  knownAtLoad = registeredWidgets().map((w) => w.id);
} catch {
  // The first test of each post reports the unbuilt site.
}

if (!feed.posts) {
  const why = `the blog feed is not at ${feed.path} (set DISTLAB_FEED to its path)`;
  if (inCI) {
    test('the blog feed is present', () => assert.fail(`${why}; CI must run the feed tests`));
  } else {
    test('the blog feed is present', { skip: `${why}; skipping the per-post tests` }, () => {});
  }
} else {
  let server;
  let browser;
  let widgets = [];
  let registered = [];
  /** id → titles of the posts that hold it, for ids no widget is registered for yet. */
  const notBuilt = new Map();
  /** post title → families whose files the post's page fetched. */
  const fetched = new Map();

  before(async () => {
    widgets = registeredWidgets();
    registered = widgets.map((w) => w.id);
    const pages = new Map(
      feed.posts.map((p, i) => [`/__e2e/post-${i + 1}.html`, postPage(p, widgets)]),
    );
    server = await startServer(distDir, pages);
    browser = await launch();
  });

  after(async () => {
    await browser?.close();
    await server?.close();
    if (notBuilt.size > 0) {
      console.log(`placeholders without a registered widget: ${notBuilt.size}`);
      for (const [id, posts] of notBuilt) console.log(`  ${id}  (in: ${posts.join('; ')})`);
    }
    if (fetched.size > 0) {
      console.log('family files fetched by each post holding a placeholder:');
      for (const [title, families] of fetched) console.log(`  ${families.join(', ') || '(none)'}  ← ${title}`);
    }
  });

  test('the feed has posts, and some hold widget placeholders', () => {
    assert.ok(feed.posts.length > 0, `no <item> in ${feed.path}`);
    const withPlaceholders = feed.posts.filter((p) => placeholderIds(p.html).length > 0);
    assert.ok(withPlaceholders.length > 0, 'no post holds a .hn-embed-widget placeholder');
  });

  test('every placeholder of the feed has a registered widget', () => {
    const ids = [...new Set(feed.posts.flatMap((p) => placeholderIds(p.html)))];
    assert.ok(ids.length > 0, 'no placeholder in the feed');
    const missing = ids.filter((id) => !registered.includes(id));
    assert.deepEqual(missing, [], 'placeholders of the feed without a registered widget');
  });

  feed.posts.forEach((post, i) => {
    test(`post ${i + 1}: ${post.title}`, { timeout: 90_000 }, async (t) => {
      const { page, problems, blocked, wasm, requests, close } = await openPage(browser);
      try {
        await page.goto(`${server.origin}/__e2e/post-${i + 1}.html`, { waitUntil: 'load' });
        const expected = placeholderIds(post.html);
        // Scrolls to each placeholder in turn: the loader loads only what comes near.
        const states =
          expected.length > 0
            ? await waitForPlaceholders(page, registered)
            : await placeholderStates(page);
        await settle(page);

        for (const s of states.filter((s) => !registered.includes(s.id))) {
          notBuilt.set(s.id, [...(notBuilt.get(s.id) ?? []), post.title]);
          t.diagnostic(`no registered widget: ${s.id}`);
        }
        if (blocked.length > 0) {
          t.diagnostic(`${blocked.length} request(s) to other hosts answered locally`);
        }
        const families = familiesFetched(requests);
        const needed = [
          ...new Set(widgets.filter((w) => expected.includes(w.id)).map((w) => w.family)),
        ].sort();
        if (expected.length > 0) fetched.set(post.title, families);
        t.diagnostic(`families fetched: ${families.join(', ') || 'none'}`);

        assert.deepEqual(problems, [], `errors on the page of post ${i + 1}`);
        assert.equal(states.length, expected.length, 'placeholders in the DOM vs in the post');
        const failed = states.filter((s) => s.failed).map((s) => s.id);
        assert.deepEqual(failed, [], 'placeholders whose module failed to load (data-dl-failed)');
        const stuck = states.filter((s) => !s.mounted).map((s) => s.id);
        assert.deepEqual(stuck, [], 'placeholders never handled by the loader (no data-dl-mounted)');
        const notMounted = states.filter((s) => registered.includes(s.id) && !s.root).map((s) => s.id);
        assert.deepEqual(notMounted, [], 'registered widgets without a .dl-root');
        const noNote = states.filter((s) => !registered.includes(s.id) && !s.unknown).map((s) => s.id);
        assert.deepEqual(noNote, [], 'unknown ids without the polite .dl-unknown note');
        assert.deepEqual(families, needed, "family files fetched vs the families of the post's widgets");
        const stray = wasm.filter((w) => !/\/families\/[^/]+_bg\.wasm$/.test(w));
        assert.deepEqual(stray, [], 'wasm other than the families the post needs');
      } finally {
        await close();
      }
    });
  });

  // The house rule "fits 320 px": on a phone-sized page every widget of a post stays
  // inside the viewport (wide parts scroll inside the widget, never the page).
  feed.posts.forEach((post, i) => {
    const ids = placeholderIds(post.html);
    if (!ids.some((id) => knownAtLoad.includes(id))) return;
    test(`post ${i + 1} at 320 px: no widget is wider than the screen`, { timeout: 90_000 }, async () => {
      const { page, close } = await openPage(browser, { viewport: { width: 320, height: 800 } });
      try {
        await page.goto(`${server.origin}/__e2e/post-${i + 1}.html`, { waitUntil: 'load' });
        await waitForPlaceholders(page, registered);
        await settle(page);
        const wide = await page.evaluate(() =>
          [...document.querySelectorAll('.dl-root')]
            .map((r) => ({
              id: r.getAttribute('data-dl-widget'),
              right: Math.round(r.getBoundingClientRect().right),
              overflow: r.scrollWidth - r.clientWidth,
            }))
            .filter((r) => r.right > 320 || r.overflow > 1),
        );
        assert.deepEqual(wide, [], 'widgets wider than a 320 px screen (right edge, inner overflow)');
      } finally {
        await close();
      }
    });
  });
}
