import { launch, openPage, settle } from './lib/browser.mjs';
import { startServer } from './lib/server.mjs';
const dist = process.env.DISTLAB_DIST;
const page = (sec, theme) => `<!doctype html><html><head><meta name="viewport" content="width=device-width"><style>body{margin:0;padding:8px;font-family:sans-serif}${theme==='dark'?'body{background:#111;color:#eee}':''}</style></head><body><div class="hn-embed-widget" id="docker-kubernetes-widget" data-section="${sec}" ${theme==='dark'?'data-theme="dark"':''}></div><script type="module" src="/embed.js"></script></body></html>`;
const pages = new Map();
for (const s of ['containers','layers','cluster']) for (const t of ['light','dark']) pages.set(`/m-${s}-${t}.html`, page(s,t));
const srv = await startServer(dist, pages);
const browser = await launch();
for (const w of [320, 360, 1200]) for (const s of ['containers','layers','cluster']) for (const t of ['light','dark']) {
  if (t==='dark' && w===320) continue;
  const { page: p, problems, close } = await openPage(browser, { viewport: { width: w, height: 900 }, colorScheme: t });
  await p.goto(`${srv.origin}/m-${s}-${t}.html`);
  await p.waitForSelector('.dlk', { timeout: 30000 });
  await settle(p, 300);
  const h0 = await p.evaluate(() => document.querySelector('.dl-root').getBoundingClientRect().height);
  if (s === 'cluster') {
    for (let i = 0; i < 5; i++) { await p.click('[aria-label="Step ticks"]'); await settle(p, 50); }
    await p.click('[data-testid=traffic]');
    await p.click('[data-testid=kill-1]');
    for (let i = 0; i < 3; i++) { await p.click('[aria-label="Step ticks"]'); await settle(p, 50); }
  }
  const h = await p.evaluate(() => document.querySelector('.dl-root').getBoundingClientRect().height);
  const sw = await p.evaluate(() => document.documentElement.scrollWidth);
  console.log(w, s, t, 'mount', Math.round(h0), 'after', Math.round(h), 'scrollWidth', sw, problems.join(' | '));
  await p.locator('.dl-root').screenshot({ path: `/tmp/k8sshots/${s}-${w}-${t}.png` });
  await close();
}
await browser.close(); await srv.close?.(); process.exit(0);
