// The blog's RSS feed: find it, and read each <item>'s title and content:encoded HTML.
// RSS from the blog engine is regular (CDATA sections, a handful of entities), so a small
// parser does; it masks CDATA first so nothing inside a post can confuse the tag search.

import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from './paths.mjs';

/** Decodes the XML entities that can appear outside CDATA. */
export function decodeEntities(s) {
  return s.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|lt|gt|amp|quot|apos);/g, (_, e) => {
    if (e[0] === '#') {
      const code = e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return String.fromCodePoint(code);
    }
    return { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" }[e];
  });
}

/** Parses RSS text into `[{ title, link, html }]`, in feed order. */
export function parseFeed(xml) {
  const cdata = [];
  const masked = xml.replace(/<!\[CDATA\[([\s\S]*?)\]\]>/g, (_, body) => {
    cdata.push(body);
    return `\u0000${cdata.length - 1}\u0000`;
  });
  // Text of an element: CDATA verbatim, everything else entity-decoded.
  const unwrap = (s) =>
    s
      .split(/\u0000(\d+)\u0000/)
      .map((part, i) => (i % 2 === 1 ? cdata[Number(part)] : decodeEntities(part)))
      .join('');
  const field = (body, tag) => {
    const m = body.match(new RegExp(`<${tag}(?:\\s[^>]*)?>([\\s\\S]*?)</${tag}>`));
    return m ? unwrap(m[1]).trim() : null;
  };
  const items = [];
  for (const m of masked.matchAll(/<item(?:\s[^>]*)?>([\s\S]*?)<\/item>/g)) {
    items.push({
      title: field(m[1], 'title') ?? '(untitled)',
      link: field(m[1], 'link') ?? '',
      html: field(m[1], 'content:encoded') ?? field(m[1], 'description') ?? '',
    });
  }
  return items;
}

/**
 * Where the feed is: `$DISTLAB_FEED` (absolute, or relative to the repository root) or
 * `../shared/feed/cloudtuned.rss.xml` beside the repository.
 */
export function feedPath() {
  const fromEnv = process.env.DISTLAB_FEED;
  if (fromEnv) return path.resolve(repoRoot, fromEnv);
  return path.resolve(repoRoot, '..', 'shared', 'feed', 'cloudtuned.rss.xml');
}

/**
 * Widgets for posts the blog has not given a placeholder yet (the series' posts "beyond
 * the blog", and the Gossip post, which promises "our interactive diagram below" and has
 * none): post title prefix → widget id. The e2e pages insert the placeholder where a
 * blogger would: after the paragraph that promises the diagram, else after the first
 * paragraph.
 */
export const ADDED_PLACEHOLDERS = [
  ['Gossip Protocol', 'gossip-protocol-widget'],
  ['Logical Clocks', 'logical-clocks-widget'],
  ['Lamport Timestamps', 'lamport-clocks-widget'],
  ['Vector Clocks', 'vector-clocks-widget'],
];

/** `post` with the placeholder of [`ADDED_PLACEHOLDERS`] inserted (if it has none yet). */
export function withAddedPlaceholder(post) {
  const hit = ADDED_PLACEHOLDERS.find(([prefix]) => post.title.startsWith(prefix));
  if (!hit || placeholderIds(post.html).includes(hit[1])) return post;
  const div = `<div class="hn-embed-widget" id="${hit[1]}"></div>`;
  const promise = post.html.search(/interactive diagram below/i);
  const from = promise >= 0 ? promise : 0;
  const end = post.html.indexOf('</p>', from);
  const at = end >= 0 ? end + 4 : post.html.length;
  return { ...post, html: `${post.html.slice(0, at)}${div}${post.html.slice(at)}`, added: hit[1] };
}

/** `{ path, posts }`, or `{ path, posts: null }` when the file is missing. The posts
 * carry the [`ADDED_PLACEHOLDERS`]. */
export function loadFeed() {
  const p = feedPath();
  if (!existsSync(p)) return { path: p, posts: null };
  return { path: p, posts: parseFeed(readFileSync(p, 'utf8')).map(withAddedPlaceholder) };
}

/** The ids of `.hn-embed-widget` placeholders in a post's HTML (for reporting). */
export function placeholderIds(html) {
  const ids = [];
  for (const m of html.matchAll(/<[a-z]+\s[^>]*class="[^"]*\bhn-embed-widget\b[^"]*"[^>]*>/gi)) {
    const id = m[0].match(/\sid="([^"]+)"/);
    if (id) ids.push(id[1]);
  }
  return ids;
}

const escapeHtml = (s) =>
  s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);

/**
 * The embed snippet as the site's embedding guide documents it, for widget `id` titled
 * `title`, with the site at `base` (no trailing slash; '' for the page's own origin): the
 * placeholder holds a fallback link to the widget's page, for feed readers and hosts
 * where the script cannot run.
 */
export function embedSnippet(id, title, base = '') {
  return `${placeholderHtml(id, title, base)}\n${scriptTag(base)}`;
}

const placeholderHtml = (id, title, base) =>
  `<div class="hn-embed-widget" id="${escapeHtml(id)}"><a href="${escapeHtml(base)}/#/widget/${escapeHtml(id)}">${escapeHtml(title)}: open the interactive diagram</a></div>`;
const scriptTag = (base) => `<script type="module" src="${escapeHtml(base)}/embed.js"></script>`;

/**
 * A blog-like page: the post's own HTML, then the loader. Each empty placeholder of a
 * widget in `widgets` (`[{ id, title }]`) becomes the embed snippet's placeholder with its
 * fallback link, as a blogger pasting the guide's snippet would have it; other
 * placeholders stay as they are. The script tag is written once, at the end (a post
 * holding several snippets loads the same module once anyway).
 */
export function postPage(post, widgets = [], base = '') {
  const titles = new Map(widgets.map((w) => [w.id, w.title]));
  const html = post.html.replace(
    /<div class="hn-embed-widget" id="([^"]+)"><\/div>/g,
    (whole, id) => (titles.has(id) ? placeholderHtml(id, titles.get(id), base) : whole),
  );
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(post.title)}</title>
<style>body{margin:0 auto;max-width:760px;padding:0 12px;font-family:system-ui,sans-serif}pre{overflow:auto}img{max-width:100%}</style>
</head>
<body>
<main><article>
<h1>${escapeHtml(post.title)}</h1>
${html}
</article></main>
${scriptTag(base)}
</body>
</html>
`;
}
