// Headless Chromium through playwright-core, always Debian's /usr/bin/chromium (no test
// tool downloads a browser), with the network closed: every request that is not for
// 127.0.0.1 is answered locally (a 1x1 PNG for images, an empty 204 otherwise) and listed.

import { chromium } from 'playwright-core';

export const CHROMIUM = process.env.DISTLAB_CHROMIUM ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

const PNG_1X1 = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAAC0lEQVR4nGNgAAIAAAUAAXpeqz8AAAAASUVORK5CYII=',
  'base64',
);

/** Launches headless Chromium. */
export function launch() {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}

/**
 * A fresh context and page that record what went wrong:
 * `problems` (console errors, uncaught exceptions, crashes), `blocked` (outside URLs
 * answered locally) and `wasm` (URLs of .wasm responses).
 */
export async function openPage(browser, contextOptions = {}) {
  const context = await browser.newContext({ reducedMotion: 'reduce', ...contextOptions });
  const page = await context.newPage();
  const problems = [];
  const blocked = [];
  const wasm = [];
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    const where = m.location()?.url ? ` (at ${m.location().url})` : '';
    problems.push(`console.error: ${m.text()}${where}`);
  });
  page.on('pageerror', (e) => problems.push(`uncaught exception: ${e.message}`));
  page.on('crash', () => problems.push('the page crashed'));
  page.on('response', (r) => {
    if (new URL(r.url()).pathname.endsWith('.wasm')) wasm.push(`${r.status()} ${r.url()}`);
  });
  await context.route('**/*', (route) => {
    const req = route.request();
    const url = new URL(req.url());
    if (url.hostname === '127.0.0.1') return route.continue();
    blocked.push(url.href);
    if (req.resourceType() === 'image') {
      return route.fulfill({ status: 200, contentType: 'image/png', body: PNG_1X1 });
    }
    return route.fulfill({ status: 204, body: '' });
  });
  return { context, page, problems, blocked, wasm, close: () => context.close() };
}

/** What each `.hn-embed-widget[id]` placeholder on the page looks like now. */
export function placeholderStates(page) {
  return page.evaluate(() =>
    [...document.querySelectorAll('.hn-embed-widget[id]')].map((el) => ({
      id: el.id,
      mounted: el.hasAttribute('data-dl-mounted'),
      root: el.querySelector('.dl-root') !== null,
      unknown: el.querySelector('.dl-unknown') !== null,
    })),
  );
}

/**
 * Waits until every placeholder is handled: marked `data-dl-mounted`, with a `.dl-root`
 * if its id is registered or a `.dl-unknown` note if not. Returns the final states
 * (the caller asserts on them), also when the wait timed out.
 */
export async function waitForPlaceholders(page, registeredIds, timeout = 30_000) {
  try {
    await page.waitForFunction(
      (ids) =>
        [...document.querySelectorAll('.hn-embed-widget[id]')].every(
          (el) =>
            el.hasAttribute('data-dl-mounted') &&
            el.querySelector(ids.includes(el.id) ? '.dl-root' : '.dl-unknown') !== null,
        ),
      registeredIds,
      { timeout, polling: 100 },
    );
  } catch {
    // Fall through: the caller's assertions say precisely which placeholder is stuck.
  }
  return placeholderStates(page);
}

/** Lets queued renders, effects and timers run, so late errors are caught too. */
export async function settle(page, ms = 400) {
  await page.evaluate(
    () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))),
  );
  await page.waitForTimeout(ms);
}
