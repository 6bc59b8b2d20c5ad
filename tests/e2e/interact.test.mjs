// A reader using the widgets, lightly: press every button of every widget once, and edit
// a block of the Merkle construction widget to see its root hash change.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { distDir, registeredWidgets } from './lib/paths.mjs';
import { startServer } from './lib/server.mjs';
import { launch, openPage, settle } from './lib/browser.mjs';

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

/** Opens a widget's own page and waits for it to render. */
async function openWidget(id) {
  const p = await openPage(browser);
  await p.page.goto(`${server.origin}/#/widget/${id}`, { waitUntil: 'load' });
  p.root = p.page.locator(`.dl-root[data-dl-widget="${id}"]`).first();
  await p.root.waitFor({ state: 'visible', timeout: 30_000 });
  return p;
}

test('widgets are registered', () => {
  if (loadError) throw loadError;
  assert.ok(widgets.length > 0);
});

for (const w of widgets) {
  test(`${w.id}: pressing each button once raises no error`, { timeout: 90_000 }, async (t) => {
    const p = await openWidget(w.id);
    try {
      const buttons = p.root.locator('button');
      const n = Math.min(await buttons.count(), 40);
      let pressed = 0;
      for (let i = 0; i < n; i++) {
        const b = buttons.nth(i);
        // Buttons come and go as the widget changes state: press what is there now.
        if (!(await b.isVisible().catch(() => false)) || !(await b.isEnabled().catch(() => false))) {
          continue;
        }
        await b.click({ timeout: 2_000 }).then(
          () => pressed++,
          () => {},
        );
        await settle(p.page, 50);
      }
      await settle(p.page);
      t.diagnostic(`${w.id}: pressed ${pressed} of ${n} button(s)`);
      assert.deepEqual(p.problems, [], `errors while pressing ${w.id}'s buttons`);
      assert.equal(await p.root.count(), 1, `${w.id} is gone after pressing its buttons`);
    } finally {
      await p.close();
    }
  });
}

const CONSTRUCTION = 'merkle-tree-construction-widget';

test(`${CONSTRUCTION}: editing a block changes the root hash, undoing restores it`, { timeout: 90_000 }, async () => {
  if (loadError) throw loadError;
  assert.ok(
    widgets.some((w) => w.id === CONSTRUCTION),
    `${CONSTRUCTION} is not registered`,
  );
  const p = await openWidget(CONSTRUCTION);
  try {
    const block = p.root.locator('[data-testid="block-input-0"]');
    const rootHash = p.root.locator('[data-testid="root-hash"]').first();
    assert.equal(await block.count(), 1, 'no block input [data-testid="block-input-0"]');
    assert.equal(await rootHash.count(), 1, 'no root hash readout [data-testid="root-hash"]');
    const hashText = async () => ((await rootHash.getAttribute('data-hex')) ?? '').trim();
    const original = await block.inputValue();
    const before = await hashText();
    assert.match(before, /^[0-9a-f]{64}$/, `root hash looks odd: ${before}`);

    await block.click();
    await block.press('End');
    await p.page.keyboard.type(' (edited)');
    await p.page.waitForFunction(
      ([sel, old]) => document.querySelector(sel)?.getAttribute('data-hex') !== old,
      [`.dl-root[data-dl-widget="${CONSTRUCTION}"] [data-testid="root-hash"]`, before],
      { timeout: 10_000 },
    );
    const edited = await hashText();
    assert.notEqual(edited, before, 'the root hash did not change after editing a block');

    await block.fill(original);
    await p.page.waitForFunction(
      ([sel, want]) => document.querySelector(sel)?.getAttribute('data-hex') === want,
      [`.dl-root[data-dl-widget="${CONSTRUCTION}"] [data-testid="root-hash"]`, before],
      { timeout: 10_000 },
    ).catch(() => {});
    assert.equal(await hashText(), before, 'restoring the block did not restore the root hash');
    await settle(p.page);
    assert.deepEqual(p.problems, [], 'errors while editing a block');
  } finally {
    await p.close();
  }
});
