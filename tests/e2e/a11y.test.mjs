// Accessibility check with axe-core on the gallery and every widget page. Violations are
// REPORTED (diagnostics, and tests/e2e/out/axe.json), not failed: the widgets are young.
// The tests fail only if a page cannot be opened or axe cannot run.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { distDir, registeredWidgets } from './lib/paths.mjs';
import { startServer } from './lib/server.mjs';
import { launch, openPage, settle } from './lib/browser.mjs';

const require = createRequire(import.meta.url);
const AXE = require.resolve('axe-core/axe.min.js');
const OUT = path.join(path.dirname(fileURLToPath(import.meta.url)), 'out');

let widgets = [];
try {
  widgets = registeredWidgets();
} catch {
  // site.test.mjs reports an unbuilt site; here only the gallery check runs (and fails).
}

let server;
let browser;
const report = {};

before(async () => {
  server = await startServer(distDir);
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.close();
  mkdirSync(OUT, { recursive: true });
  writeFileSync(path.join(OUT, 'axe.json'), JSON.stringify(report, null, 2));
});

async function audit(t, url, waitFor) {
  const p = await openPage(browser);
  try {
    await p.page.goto(server.origin + url, { waitUntil: 'load' });
    await p.page.waitForSelector(waitFor, { timeout: 30_000 });
    await settle(p.page);
    await p.page.addScriptTag({ path: AXE });
    const result = await p.page.evaluate(() =>
      window.axe.run(document, { resultTypes: ['violations'] }),
    );
    assert.ok(Array.isArray(result.violations), 'axe did not run');
    report[url] = result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => n.target.join(' ')),
    }));
    for (const v of result.violations) {
      t.diagnostic(`axe ${v.impact ?? ''} ${v.id}: ${v.help} (${v.nodes.length} node(s))`);
    }
    if (result.violations.length === 0) t.diagnostic('axe: no violations');
  } finally {
    await p.close();
  }
}

test('axe: gallery', { timeout: 60_000 }, (t) => audit(t, '/', '[data-widget-card]'));

for (const w of widgets) {
  test(`axe: ${w.id}`, { timeout: 60_000 }, (t) =>
    audit(t, `/#/widget/${w.id}`, `.dl-root[data-dl-widget="${w.id}"]`),
  );
}
