// A reader on a 360 px phone: nothing a widget shows may be cut off without a visible cue.
//
// For every widget's page at 360 × 800 CSS px, once the widget has mounted:
// - the page itself does not scroll sideways (no widget is wider than the screen);
// - every box inside the widget that scrolls sideways and is overflowing right now has a
//   visible cue beside it: an element in the box's parent or grandparent, rendered, whose
//   text says "scroll" (e.g. "Scroll sideways →"). A shadow alone is not a cue.
// Each failure names the widget and the box's class.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { distDir, registeredWidgets } from './lib/paths.mjs';
import { startServer } from './lib/server.mjs';
import { launch, openPage, settle } from './lib/browser.mjs';

let widgets = [];
try {
  widgets = registeredWidgets();
} catch {
  // site.test.mjs reports an unbuilt site.
}

let server;
let browser;

before(async () => {
  server = await startServer(distDir, new Map());
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

for (const w of widgets) {
  test(`360 px: ${w.id} hides nothing without a cue`, { timeout: 60_000 }, async () => {
    const p = await openPage(browser, { viewport: { width: 360, height: 800 } });
    try {
      await p.page.goto(`${server.origin}/#/widget/${w.id}`, { waitUntil: 'load' });
      await p.page.waitForSelector(`.dl-root[data-dl-widget="${w.id}"]`, { timeout: 30_000 });
      await settle(p.page);
      const found = await p.page.evaluate((id) => {
        const root = document.querySelector(`.dl-root[data-dl-widget="${id}"]`);
        const pageOverflow = document.scrollingElement.scrollWidth - innerWidth;
        const rendered = (el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
        const hasCue = (box) =>
          [box.parentElement, box.parentElement?.parentElement].some((scope) =>
            [...(scope?.querySelectorAll('*') ?? [])].some(
              (el) =>
                !box.contains(el) &&
                el.children.length === 0 &&
                /scroll/i.test(el.textContent ?? '') &&
                rendered(el),
            ),
          );
        const boxes = [...root.querySelectorAll('*')].filter((el) => {
          const ox = getComputedStyle(el).overflowX;
          return (ox === 'auto' || ox === 'scroll') && el.scrollWidth > el.clientWidth + 1 && rendered(el);
        });
        return {
          pageOverflow,
          uncued: boxes.filter((b) => !hasCue(b)).map((b) => `${b.tagName.toLowerCase()}.${[...b.classList].join('.')}`),
          cued: boxes.length,
        };
      }, w.id);
      assert.ok(found.pageOverflow <= 1, `the page scrolls sideways by ${found.pageOverflow} px`);
      assert.deepEqual(found.uncued, [], `boxes cut off at 360 px with no visible "scroll" cue in ${w.id}`);
      assert.deepEqual(p.problems, []);
    } finally {
      await p.close();
    }
  });
}
