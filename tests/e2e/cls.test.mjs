// Layout shift of every real widget as a reader meets it: a post with the widget 2500 px
// down, its family's module answering only after 1.5 s, and the reader scrolled to the
// widget before the module arrives, either to its top (the widget's top 100 px below the
// viewport's) or to its end (the reserved area's bottom at 60% of the viewport, the text
// after it in view). The loader has reserved the manifest's height for the placeholder;
// when the widget mounts, the reader should see nothing jump: CLS < 0.1, at a phone width
// and a desktop width. At the top, only a shift of the widget's own top shows; at the end,
// any difference between the reserved and the real height moves the text below. CLS is
// counted from the reader's scroll on; shifts while the page loads are reported only.
//
// Each test reports the placeholder's width, the reserved height, the widget's real height
// and the CLS; all are written to tests/e2e/out/cls.json so the manifest's heights can be
// tuned (the summary suggests heights pairs from the measured ones).

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { distDir, registeredWidgets } from './lib/paths.mjs';
import { postPage } from './lib/feed.mjs';
import { startServer } from './lib/server.mjs';
import { launch, openPage, settle } from './lib/browser.mjs';
import { layoutShift, trackLayoutShifts } from './lib/cls.mjs';

const OUT = path.join(path.dirname(fileURLToPath(import.meta.url)), 'out');
const GOAL = 0.1;
const WIDTHS = [360, 1200];
/** Where the reader is when the widget arrives: scrollY for the placeholder's box. */
const POSITIONS = {
  top: (box) => box.top - 100,
  end: (box) => box.bottom - 0.6 * innerHeight,
};
const MODULE_DELAY_MS = 1_500;

let widgets = [];
let loadError = null;
try {
  widgets = registeredWidgets();
} catch (e) {
  loadError = e;
}

let server;
let browser;
const results = [];

before(async () => {
  const filler = (px) => `<div style="height:${px}px">Text of the post.</div>`;
  const pages = new Map(
    widgets.map((w) => [
      `/__e2e/cls-${w.id}.html`,
      postPage(
        { title: w.title, html: `${filler(2500)}<div class="hn-embed-widget" id="${w.id}"></div>${filler(2500)}` },
        widgets,
      ),
    ]),
  );
  // Only the family modules are slow; their wasm and the loader come at once.
  server = await startServer(distDir, pages, { delays: [[/^\/families\/[^/]+\.js$/, MODULE_DELAY_MS]] });
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.close();
  if (results.length === 0) return;
  mkdirSync(OUT, { recursive: true });
  writeFileSync(path.join(OUT, 'cls.json'), JSON.stringify(results, null, 2));
  console.log('layout shift per widget (heights in px; goal CLS < 0.1):');
  const row = (...cells) => `  ${cells[0].padEnd(38)} ${cells.slice(1).map((c) => String(c).padStart(8)).join(' ')}`;
  console.log(row('widget', 'viewport', 'reader', 'width', 'reserved', 'real', 'CLS'));
  for (const r of results) {
    const flag = r.cls >= GOAL ? '  ✗' : '';
    console.log(row(r.id, r.viewport, r.position, r.width, r.reserved, r.real, r.cls.toFixed(4)) + flag);
  }
  // Heights that would fit what was measured: [minWidth, real height] per placeholder
  // width seen, the narrowest from 0 (the real heights, not rounded: add a margin).
  console.log('heights that would match the measured widgets ([placeholder minWidth, px]):');
  for (const w of widgets) {
    const seen = new Map();
    for (const r of results.filter((r) => r.id === w.id)) seen.set(r.width, Math.max(seen.get(r.width) ?? 0, r.real));
    const pairs = [...seen].sort((a, b) => a[0] - b[0]).map(([width, h], i) => [i === 0 ? 0 : width, h]);
    console.log(`  ${w.id.padEnd(38)} now ${JSON.stringify(w.heights)}, measured ${JSON.stringify(pairs)}`);
  }
});

test('widgets are registered', () => {
  if (loadError) throw loadError;
});

for (const w of widgets) {
  for (const width of WIDTHS) {
    for (const [position, scrollFor] of Object.entries(POSITIONS)) {
      test(`CLS: ${w.id} at ${width} px, module late, reader at its ${position}`, { timeout: 60_000 }, async (t) => {
        const p = await openPage(browser, { viewport: { width, height: 800 } });
        try {
          await trackLayoutShifts(p.page);
          await p.page.goto(`${server.origin}/__e2e/cls-${w.id}.html`, { waitUntil: 'load' });
          // The page has painted (two frames) before the reader scrolls: what the test
          // judges is what the reader sees at the widget, from the scroll on.
          await p.page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
          // The reader scrolls to the widget while its module is still on the way.
          const before = await p.page.evaluate(
            ([id, scrollFor]) => {
              const el = document.getElementById(id);
              const r = el.getBoundingClientRect();
              const box = { top: r.top + scrollY, bottom: r.bottom + scrollY };
              scrollTo(0, new Function('box', `return (${scrollFor})(box)`)(box));
              return { width: Math.round(r.width), reserved: Math.round(r.height), scrolledAt: performance.now() };
            },
            [w.id, scrollFor.toString()],
          );
          await p.page.waitForSelector(`[id="${w.id}"][data-dl-mounted] .dl-root`, {
            state: 'attached',
            timeout: 30_000,
          });
          await settle(p.page, 1_000);
          const real = await p.page.evaluate(
            (id) => Math.round(document.getElementById(id).getBoundingClientRect().height),
            w.id,
          );
          const { shifts } = await layoutShift(p.page);
          // Shifts while the page loaded, before the reader was at the widget (and long
          // before its module could arrive), are reported but not judged.
          const seen = shifts.filter((s) => s.at >= Math.floor(before.scrolledAt));
          const early = shifts.filter((s) => !seen.includes(s));
          const value = seen.reduce((sum, s) => sum + s.value, 0);
          results.push({ id: w.id, viewport: width, position, ...before, real, cls: value, shifts });
          t.diagnostic(
            `placeholder ${before.width} px wide: reserved ${before.reserved} px, real ${real} px, CLS ${value.toFixed(4)}` +
              (early.length ? ` (before the scroll: ${early.map((s) => `${s.value.toFixed(4)} at ${s.at} ms`).join(', ')})` : ''),
          );
          assert.deepEqual(p.problems, [], 'errors on the page');
          assert.ok(
            value < GOAL,
            `CLS ${value.toFixed(4)} ≥ ${GOAL} (reserved ${before.reserved} px, real ${real} px)`,
          );
        } finally {
          await p.close();
        }
      });
    }
  }
}
