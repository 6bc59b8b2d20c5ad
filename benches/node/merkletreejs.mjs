// Peer for `cargo xtask bench`: merkletreejs (npm, pinned in package-lock.json) in Node,
// computing the RFC 6962 root of the bench's leaves, so its root can be checked against ours.
//
//   node merkletreejs.mjs [--budget-ms N] [--max-runs N] [--cases 20x32,10x4096] [--hashes fast,default]
//
// RFC 6962 with merkletreejs's own options: each leaf is handed over with its 0x00 byte
// already in front (the layout is prepared before timing; the hashing is timed), leaves
// are hashed by merkletreejs (`hashLeaves: true`), and a `concatenator` puts 0x01 in front
// of `left ‖ right`. merkletreejs's default odd-node rule (carry the last node up) is RFC
// 6962's when built level by level; the bench sizes are powers of two anyway.
//
// Hashes: `fast` = Node's `crypto.createHash('sha256')` (OpenSSL); `default` = what
// merkletreejs uses when given none (crypto-js SHA256, through its Buffer↔hex wrapper).
//
// Prints one line per (hash, case): `distlab-bench <impl> rfc6962 <case> <leaves> <leaf
// bytes> <root hex> <ms,ms,…>` — the format xtask/src/bench.rs reads. Runs after a small warm-up
// tree; repeats until --max-runs runs or --budget-ms milliseconds were spent (at least one).

import { createHash } from 'node:crypto';
import { MerkleTree } from 'merkletreejs';

function arg(name, fallback) {
  const i = process.argv.indexOf(name);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1] : fallback;
}

const budgetMs = Number(arg('--budget-ms', '20000'));
const maxRuns = Number(arg('--max-runs', '5'));
const cases = arg('--cases', '20x32,10x4096').split(',').map((c) => {
  const [log2, len] = c.split('x').map(Number);
  return { log2, n: 2 ** log2, len, id: `2^${log2}x${len}B` };
});
const hashes = arg('--hashes', 'fast,default').split(',');

/** The bench's leaf bytes: a xorshift32 stream from a fixed seed, 4 bytes little-endian
 * per step; leaf i is bytes [i·len, (i+1)·len). Same stream as benches/merkle/src/lib.rs. */
function leafStream(total) {
  const out = Buffer.alloc(total);
  let x = 0x2545f491;
  for (let i = 0; i < total; i += 4) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    out[i] = x & 0xff;
    out[i + 1] = (x >>> 8) & 0xff;
    out[i + 2] = (x >>> 16) & 0xff;
    out[i + 3] = (x >>> 24) & 0xff;
  }
  return out;
}

/** Leaves with a 0x00 byte in front of each (RFC 6962 leaf prefix), as Buffer views. */
function prefixedLeaves(n, len) {
  const data = leafStream(n * len);
  const stride = len + 1;
  const buf = Buffer.alloc(n * stride);
  const leaves = new Array(n);
  for (let i = 0; i < n; i++) {
    data.copy(buf, i * stride + 1, i * len, (i + 1) * len);
    leaves[i] = buf.subarray(i * stride, (i + 1) * stride);
  }
  return leaves;
}

const NODE_PREFIX = Buffer.from([0x01]);
const rfc6962 = { hashLeaves: true, concatenator: (bufs) => Buffer.concat([NODE_PREFIX, ...bufs]) };
const hashFns = {
  fast: (data) => createHash('sha256').update(data).digest(),
  default: undefined, // merkletreejs's own default (crypto-js)
};
const implNames = { fast: 'merkletreejs-node-crypto', default: 'merkletreejs-node-default' };

function build(hash, leaves) {
  const tree = new MerkleTree(leaves, hashFns[hash], rfc6962);
  return tree.getRoot().toString('hex');
}

for (const hash of hashes) {
  if (!(hash in hashFns)) throw new Error(`unknown hash ${hash}`);
  build(hash, prefixedLeaves(4096, 32)); // warm-up: let V8 compile the hot paths
  for (const c of cases) {
    const leaves = prefixedLeaves(c.n, c.len);
    const times = [];
    let root = '';
    const start = performance.now();
    do {
      const t = performance.now();
      root = build(hash, leaves);
      times.push(performance.now() - t);
    } while (times.length < maxRuns && performance.now() - start < budgetMs);
    console.log(
      `distlab-bench ${implNames[hash]} rfc6962 ${c.id} ${c.n} ${c.len} ${root} ${times.map((t) => t.toFixed(3)).join(',')}`,
    );
  }
}
