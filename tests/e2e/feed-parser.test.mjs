// The small RSS reader the feed test relies on.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeEntities, parseFeed, placeholderIds, withAddedPlaceholder } from './lib/feed.mjs';
import { MIME } from './lib/server.mjs';

const RSS = `<?xml version="1.0"?><rss><channel><title><![CDATA[Blog]]></title>
<item><title><![CDATA[Trees & <Leaves>]]></title><link>https://x.invalid/a?b=1&amp;c=2</link>
<content:encoded><![CDATA[<p>Hi</p><div class="hn-embed-widget" id="merkle-tree-comparison-widget"></div>
<p>Not an </item> end</p>]]></content:encoded></item>
<item><title>Plain &amp; simple</title><description>&lt;p&gt;only a description&lt;/p&gt;</description></item>
</channel></rss>`;

test('items are read with CDATA verbatim and entities decoded', () => {
  const posts = parseFeed(RSS);
  assert.equal(posts.length, 2);
  assert.equal(posts[0].title, 'Trees & <Leaves>');
  assert.equal(posts[0].link, 'https://x.invalid/a?b=1&c=2');
  assert.match(posts[0].html, /<p>Not an <\/item> end<\/p>$/);
  assert.equal(posts[1].title, 'Plain & simple');
  assert.equal(posts[1].html, '<p>only a description</p>');
});

test('placeholder ids are found in post HTML', () => {
  const html =
    '<div class="hn-embed-widget" id="a-widget"></div><div id="b" class="x hn-embed-widget"></div>' +
    '<div class="hn-embed-widgets" id="no"></div><div class="hn-embed-widget"></div>';
  assert.deepEqual(placeholderIds(html), ['a-widget', 'b']);
});

test('numeric entities decode', () => {
  assert.equal(decodeEntities('&#8212;&#x2014;&lt;'), '——<');
});

test('the static server serves wasm as application/wasm', () => {
  assert.equal(MIME['.wasm'], 'application/wasm');
  assert.match(MIME['.js'], /^text\/javascript/);
});

test('a post without its placeholder gets it after the paragraph that promises it', () => {
  const post = {
    title: 'Gossip Protocol: Decentralised Cluster Communication',
    html: '<p>Intro.</p><p>It spreads. Check our interactive diagram below:</p><h2>How</h2>',
  };
  const got = withAddedPlaceholder(post);
  assert.equal(
    got.html,
    '<p>Intro.</p><p>It spreads. Check our interactive diagram below:</p><div class="hn-embed-widget" id="gossip-protocol-widget"></div><h2>How</h2>',
  );
  assert.deepEqual(placeholderIds(got.html), ['gossip-protocol-widget']);
  // Not twice, and other posts are left alone.
  assert.equal(withAddedPlaceholder(got).html, got.html);
  const other = { title: 'Raft: Consensus', html: '<p>x</p>' };
  assert.equal(withAddedPlaceholder(other), other);
  // No promise: after the first paragraph.
  const lamport = withAddedPlaceholder({ title: 'Lamport Timestamps: x', html: '<p>a</p><p>b</p>' });
  assert.equal(lamport.html, '<p>a</p><div class="hn-embed-widget" id="lamport-clocks-widget"></div><p>b</p>');
});
