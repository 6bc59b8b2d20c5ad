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
    // Blocks are text inputs today (`block-input-<i>`); a <textarea> would do as well.
    const block = p.root.locator('[data-testid^="block-input-"], textarea').first();
    const rootHash = p.root.locator('[data-testid="root-hash"]').first();
    assert.ok((await block.count()) > 0, 'no editable block ([data-testid^="block-input-"])');
    assert.ok((await rootHash.count()) > 0, 'no root hash readout ([data-testid="root-hash"])');
    // The full hex is in data-hex when the widget provides it, else the visible text.
    const sel = `.dl-root[data-dl-widget="${CONSTRUCTION}"] [data-testid="root-hash"]`;
    const readRoot = () =>
      p.page.evaluate((s) => {
        const el = document.querySelector(s);
        return (el?.getAttribute('data-hex') ?? el?.textContent ?? '').trim();
      }, sel);
    // Waits until the root is a hex hash ('hex'), a hex hash other than `arg`
    // ('changed'), or exactly `arg` ('equals'); the caller asserts afterwards.
    const waitRoot = (mode, arg) =>
      p.page
        .waitForFunction(
          ([s, m, a]) => {
            const el = document.querySelector(s);
            const v = (el?.getAttribute('data-hex') ?? el?.textContent ?? '').trim();
            const isHex = /^[0-9a-f]{16,}$/i.test(v);
            return m === 'hex' ? isHex : m === 'changed' ? isHex && v !== a : v === a;
          },
          [sel, mode, arg],
          { timeout: 10_000, polling: 50 },
        )
        .catch(() => {});
    const hex = /^[0-9a-f]{16,}$/i;

    // The tree may start unbuilt (the reader steps through it): build it all first.
    if (!hex.test(await readRoot())) {
      const buildAll = p.root.getByRole('button', { name: /build all/i }).first();
      assert.ok((await buildAll.count()) > 0, 'no root hash shown and no "Build all" button');
      await buildAll.click();
      await waitRoot('hex', null);
    }
    const before = await readRoot();
    assert.match(before, hex, `the root hash looks odd: "${before}"`);
    const original = await block.inputValue();

    await block.click();
    await block.press('End');
    await p.page.keyboard.type(' (edited)');
    await waitRoot('changed', before);
    const edited = await readRoot();
    assert.match(edited, hex, `no root hash after editing a block: "${edited}"`);
    assert.notEqual(edited, before, 'the root hash did not change after editing a block');

    await block.fill(original);
    await waitRoot('equals', before);
    assert.equal(await readRoot(), before, 'restoring the block did not restore the root hash');
    await settle(p.page);
    assert.deepEqual(p.problems, [], 'errors while editing a block');
  } finally {
    await p.close();
  }
});
