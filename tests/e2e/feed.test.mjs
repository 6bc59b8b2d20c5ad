// Every post of the blog's feed, as a reader would get it: the post's HTML plus the embed
// snippet from the embedding guide, in headless Chromium. Every placeholder must be
// handled, every registered widget must mount, and nothing may log an error. Placeholders
// of widgets that are not built yet are listed, not failed.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { loadFeed, placeholderIds, postPage } from './lib/feed.mjs';
import { distDir, inCI, registeredWidgets } from './lib/paths.mjs';
import { startServer } from './lib/server.mjs';
import { launch, openPage, placeholderStates, settle, waitForPlaceholders } from './lib/browser.mjs';

const feed = loadFeed();

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
  let registered = [];
  /** id → titles of the posts that hold it, for ids no widget is registered for yet. */
  const notBuilt = new Map();

  before(async () => {
    registered = registeredWidgets().map((w) => w.id);
    const pages = new Map(feed.posts.map((p, i) => [`/__e2e/post-${i + 1}.html`, postPage(p)]));
    server = await startServer(distDir, pages);
    browser = await launch();
  });

  after(async () => {
    await browser?.close();
    await server?.close();
    if (notBuilt.size > 0) {
      console.log(`placeholders without a registered widget (listed, not failed): ${notBuilt.size}`);
      for (const [id, posts] of notBuilt) console.log(`  ${id}  (in: ${posts.join('; ')})`);
    }
  });

  test('the feed has posts, and some hold widget placeholders', () => {
    assert.ok(feed.posts.length > 0, `no <item> in ${feed.path}`);
    const withPlaceholders = feed.posts.filter((p) => placeholderIds(p.html).length > 0);
    assert.ok(withPlaceholders.length > 0, 'no post holds a .hn-embed-widget placeholder');
  });

  feed.posts.forEach((post, i) => {
    test(`post ${i + 1}: ${post.title}`, { timeout: 90_000 }, async (t) => {
      const { page, problems, blocked, wasm, close } = await openPage(browser);
      try {
        await page.goto(`${server.origin}/__e2e/post-${i + 1}.html`, { waitUntil: 'load' });
        const expected = placeholderIds(post.html);
        let states;
        if (expected.length > 0) {
          states = await waitForPlaceholders(page, registered);
        } else {
          // No placeholder to wait for: let the module load, then look for late errors.
          await page
            .waitForLoadState('networkidle', { timeout: 15_000 })
            .catch(() => t.diagnostic('the network was not idle after 15 s'));
          states = await placeholderStates(page);
        }
        await settle(page);

        for (const s of states.filter((s) => !registered.includes(s.id))) {
          notBuilt.set(s.id, [...(notBuilt.get(s.id) ?? []), post.title]);
          t.diagnostic(`not built yet (listed, not failed): ${s.id}`);
        }
        if (blocked.length > 0) {
          t.diagnostic(`${blocked.length} request(s) to other hosts answered locally`);
        }

        assert.deepEqual(problems, [], `errors on the page of post ${i + 1}`);
        assert.equal(states.length, expected.length, 'placeholders in the DOM vs in the post');
        const stuck = states.filter((s) => !s.mounted).map((s) => s.id);
        assert.deepEqual(stuck, [], 'placeholders never handled by mount_all (no data-dl-mounted)');
        const notMounted = states.filter((s) => registered.includes(s.id) && !s.root).map((s) => s.id);
        assert.deepEqual(notMounted, [], 'registered widgets without a .dl-root');
        const noNote = states.filter((s) => !registered.includes(s.id) && !s.unknown).map((s) => s.id);
        assert.deepEqual(noNote, [], 'unknown ids without the polite .dl-unknown note');
        if (expected.length > 0) {
          assert.ok(
            wasm.some((w) => w.startsWith('200 ')),
            `the wasm module was not loaded (responses: ${wasm.join(', ') || 'none'})`,
          );
        }
      } finally {
        await close();
      }
    });
  });

  // The house rule "fits 320 px": on a phone-sized page every widget of a post stays
  // inside the viewport (wide parts scroll inside the widget, never the page).
  feed.posts.forEach((post, i) => {
    const ids = placeholderIds(post.html);
    if (!ids.some((id) => registeredWidgets().some((w) => w.id === id))) return;
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
