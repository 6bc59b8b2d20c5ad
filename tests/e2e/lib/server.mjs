// A tiny static file server for the built site (dist/), on 127.0.0.1 and a random port.
// Extra in-memory pages (the feed's posts) are served from the same origin so that the
// embed snippet's `/embed.js` resolves exactly as it would on a blog that hosts it.

import http from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';

export const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.gif': 'image/gif',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
};

/**
 * Starts serving `root`. `pages` maps URL paths (e.g. `/__e2e/post-1.html`) to HTML text.
 * Options:
 * - `cors`: send `Access-Control-Allow-Origin: *` with every response (true), or only
 *   with those whose path matches this RegExp; default false. Cross-origin module
 *   scripts and wasm fetches fail without it;
 * - `delays`: `[[pattern, ms], …]`: answer requests whose path matches the RegExp
 *   `pattern` only after `ms` milliseconds (e.g. a slow family module).
 * Returns `{ origin, pages, log, close }`; `log` lists every request as `STATUS path`,
 * when its answer is sent.
 */
export async function startServer(root, pages = new Map(), { cors = false, delays = [] } = {}) {
  const rootAbs = path.resolve(root);
  const log = [];
  const server = http.createServer(async (req, res) => {
    let status = 200;
    try {
      const url = new URL(req.url, 'http://127.0.0.1');
      let pathname = decodeURIComponent(url.pathname);
      const delay = delays.find(([pattern]) => pattern.test(pathname));
      if (delay) await new Promise((r) => setTimeout(r, delay[1]));
      if (cors === true || (cors instanceof RegExp && cors.test(pathname))) {
        res.setHeader('access-control-allow-origin', '*');
      }
      if (pages.has(pathname)) {
        res.writeHead(200, { 'content-type': MIME['.html'], 'cache-control': 'no-store' });
        res.end(pages.get(pathname));
        return;
      }
      if (pathname.endsWith('/')) pathname += 'index.html';
      const file = path.resolve(rootAbs, '.' + pathname);
      if (file !== rootAbs && !file.startsWith(rootAbs + path.sep)) {
        status = 403;
        res.writeHead(403).end('forbidden');
        return;
      }
      const info = await stat(file).catch(() => null);
      if (!info || !info.isFile()) {
        status = 404;
        res.writeHead(404, { 'content-type': MIME['.txt'] }).end('not found');
        return;
      }
      const type = MIME[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
      res.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' });
      res.end(req.method === 'HEAD' ? undefined : await readFile(file));
    } catch (e) {
      status = 500;
      if (!res.headersSent) res.writeHead(500);
      res.end(String(e));
    } finally {
      log.push(`${status} ${req.url}`);
    }
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address();
  return {
    origin: `http://127.0.0.1:${port}`,
    pages,
    log,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}
