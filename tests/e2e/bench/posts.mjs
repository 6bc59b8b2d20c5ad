// `cargo xtask bench posts`: what a reader of each blog post downloads for its widgets,
// and how soon the first widget is on screen, in headless Chromium.
//
// For every post of the feed that holds a registered widget: the post's HTML plus the
// embed snippet, served from dist/ on 127.0.0.1. Per post: the files our code fetched
// (loader, family modules), their bytes raw and gzip -9 (computed from the files, as a
// static host with gzip would send them), and the time from navigation start to the first
// placeholder holding a mounted widget (`.dl-root`), the median of RUNS runs, for a reader
// who jumps to the first diagram as soon as the page is parsed.
//
// With DISTLAB_BASELINE_DIST (a dist/ of the single-module design), each post is also
// measured against it in the same run, interleaved, so both see the same machine load.
//
// Prints a table and one `distlab-bench-post {json}` line per post for xtask.

import { readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { loadFeed, placeholderIds, postPage } from '../lib/feed.mjs';
import { distDir, registeredWidgets } from '../lib/paths.mjs';
import { startServer } from '../lib/server.mjs';
import { launch, openPage } from '../lib/browser.mjs';

const RUNS = Number(process.env.DISTLAB_BENCH_RUNS ?? 5);
const baselineDir = process.env.DISTLAB_BASELINE_DIST;

const gz = new Map();
/** Raw and gzip -9 bytes of a file under `root` (cached). */
function sizes(root, rel) {
  const file = path.join(root, rel);
  const key = file;
  if (!gz.has(key)) {
    const buf = existsSync(file) ? readFileSync(file) : Buffer.alloc(0);
    gz.set(key, { raw: buf.length, gzip: zlib.gzipSync(buf, { level: 9 }).length });
  }
  return gz.get(key);
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** One page load: the files of ours it fetched and the first-mount time (ms). */
async function measure(browser, url, root) {
  const { page, close } = await openPage(browser);
  const files = new Set();
  page.on('response', (r) => {
    const u = new URL(r.url());
    if (u.hostname !== '127.0.0.1' || u.pathname.startsWith('/__e2e/')) return;
    files.add(u.pathname.replace(/^\//, ''));
  });
  await page.addInitScript(() => {
    window.__firstMount = null;
    new MutationObserver(() => {
      if (window.__firstMount === null && document.querySelector('.hn-embed-widget .dl-root')) {
        window.__firstMount = performance.now();
      }
    }).observe(document, { childList: true, subtree: true });
    // The reader goes straight to the first diagram (widgets below the fold load only
    // when they come near the viewport; the single-module baseline loads at once anyway).
    document.addEventListener('DOMContentLoaded', () =>
      document.querySelector('.hn-embed-widget[id]')?.scrollIntoView());
  });
  try {
    await page.goto(url, { waitUntil: 'load' });
    await page.waitForFunction(() => window.__firstMount !== null, null, { timeout: 30_000 });
    const ms = await page.evaluate(() => window.__firstMount);
    await page.waitForTimeout(300); // let lazy imports of visible widgets finish
    const list = [...files].sort().map((f) => ({ file: f, ...sizes(root, f) }));
    return { ms, files: list };
  } finally {
    await close();
  }
}

const kb = (n) => `${(n / 1024).toFixed(1)} KB`;

const feed = loadFeed();
if (!feed.posts) {
  console.error(`the blog feed is not at ${feed.path}`);
  process.exit(1);
}
const widgets = registeredWidgets();
const known = new Set(widgets.map((w) => w.id));
const posts = feed.posts
  .map((p, i) => ({ p, i, ids: placeholderIds(p.html).filter((id) => known.has(id)) }))
  .filter((x) => x.ids.length > 0);

const pages = new Map(posts.map(({ p, i }) => [`/__e2e/post-${i + 1}.html`, postPage(p, widgets)]));
const server = await startServer(distDir, pages);
const baseline = baselineDir ? await startServer(baselineDir, pages) : null;
const browser = await launch();
try {
  for (const { p, i } of posts) {
    const ours = [];
    const theirs = [];
    let files = [];
    let baseFiles = [];
    await measure(browser, `${server.origin}/__e2e/post-${i + 1}.html`, distDir); // warm-up
    for (let r = 0; r < RUNS; r += 1) {
      const a = await measure(browser, `${server.origin}/__e2e/post-${i + 1}.html`, distDir);
      ours.push(a.ms);
      files = a.files;
      if (baseline) {
        const b = await measure(browser, `${baseline.origin}/__e2e/post-${i + 1}.html`, baselineDir);
        theirs.push(b.ms);
        baseFiles = b.files;
      }
    }
    const total = (fs) => fs.reduce((s, f) => ({ raw: s.raw + f.raw, gzip: s.gzip + f.gzip }), { raw: 0, gzip: 0 });
    const t = total(files);
    const bt = total(baseFiles);
    console.log(`\n== ${p.title}`);
    for (const f of files) console.log(`  ${f.file.padEnd(32)} ${kb(f.raw).padStart(10)} ${kb(f.gzip).padStart(10)} gzip`);
    console.log(`  ${'total'.padEnd(32)} ${kb(t.raw).padStart(10)} ${kb(t.gzip).padStart(10)} gzip`);
    console.log(`  first widget mounted: ${median(ours).toFixed(0)} ms (median of ${RUNS})` +
      (baseline ? `; single module: ${median(theirs).toFixed(0)} ms, ${kb(bt.gzip)} gzip` : ''));
    const families = [...new Set(files.map((f) => f.file.match(/^families\/([a-z]+)/)?.[1]).filter(Boolean))];
    console.log('distlab-bench-post ' + JSON.stringify({
      post: p.title, families, files, raw: t.raw, gzip: t.gzip, first_mount_ms: median(ours),
      baseline: baseline ? { raw: bt.raw, gzip: bt.gzip, first_mount_ms: median(theirs) } : null,
    }));
  }
} finally {
  await browser.close();
  await server.close();
  await baseline?.close();
}
