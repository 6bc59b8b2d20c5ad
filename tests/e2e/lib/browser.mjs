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
 * answered locally) and `wasm` (URLs of .wasm responses); and `requests`, the URL of
 * every request the page (or its frames) made, in order.
 */
export async function openPage(browser, contextOptions = {}) {
  const context = await browser.newContext({ reducedMotion: 'reduce', ...contextOptions });
  const page = await context.newPage();
  const problems = [];
  const blocked = [];
  const wasm = [];
  const requests = [];
  context.on('request', (r) => requests.push(r.url()));
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
  return { context, page, problems, blocked, wasm, requests, close: () => context.close() };
}

/** What each `.hn-embed-widget[id]` placeholder on the page looks like now. */
export function placeholderStates(page) {
  return page.evaluate(() =>
    [...document.querySelectorAll('.hn-embed-widget[id]')].map((el) => ({
      id: el.id,
      mounted: el.hasAttribute('data-dl-mounted'),
      failed: el.hasAttribute('data-dl-failed'),
      root: el.querySelector('.dl-root') !== null,
      unknown: el.querySelector('.dl-unknown') !== null,
    })),
  );
}

/**
 * Waits until every placeholder is handled: marked `data-dl-mounted`, with a `.dl-root`
 * if its id is registered or a `.dl-unknown` note if not (or marked `data-dl-failed`).
 * The loader only loads a widget when it comes near the viewport, so each placeholder is
 * scrolled into view in turn, as a reader would. Returns the final states (the caller
 * asserts on them), also when the wait timed out.
 */
export async function waitForPlaceholders(page, registeredIds, timeout = 30_000) {
  const deadline = Date.now() + timeout;
  const all = page.locator('.hn-embed-widget[id]');
  const count = await all.count();
  for (let i = 0; i < count; i++) {
    const left = () => Math.max(1_000, deadline - Date.now());
    await all.nth(i).scrollIntoViewIfNeeded({ timeout: left() }).catch(() => {});
    await page
      .waitForFunction(
        ([i, ids]) => {
          const el = document.querySelectorAll('.hn-embed-widget[id]')[i];
          if (!el || el.hasAttribute('data-dl-failed')) return true;
          const inside = ids.includes(el.id) ? '.dl-root' : '.dl-unknown';
          return el.hasAttribute('data-dl-mounted') && el.querySelector(inside) !== null;
        },
        [i, registeredIds],
        { timeout: left(), polling: 100 },
      )
      .catch(() => {
        // Fall through: the caller's assertions say precisely which placeholder is stuck.
      });
  }
  return placeholderStates(page);
}

/**
 * The families whose module or wasm the page requested, from `requests` (see openPage):
 * `families/raft.js` and `families/raft_bg.wasm` both count as `raft`.
 */
export function familiesFetched(requests) {
  const names = new Set();
  for (const u of requests) {
    const m = new URL(u).pathname.match(/\/families\/([^/]+?)(?:_bg\.wasm|\.js)$/);
    if (m) names.add(m[1]);
  }
  return [...names].sort();
}

/** Lets queued renders, effects and timers run, so late errors are caught too. */
export async function settle(page, ms = 400) {
  await page.evaluate(
    () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))),
  );
  await page.waitForTimeout(ms);
}
