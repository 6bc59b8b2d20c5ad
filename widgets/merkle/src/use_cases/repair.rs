//! Cassandra anti-entropy repair as pure logic (no Yew), so it can be tested natively.
//!
//! Two replicas hold the same token range. Each builds a Merkle tree whose leaves are
//! fixed sub-ranges of that token range, exactly as `nodetool repair` does:
//!
//! ```text
//!  token range 0 ─────────────────────────────────────────── 65535
//!  depth 2:    [ range 0 ][ range 1 ][ range 2 ][ range 3 ]      4 leaves
//!  leaf i    = SHA-256(every row whose token falls in range i, in token order)
//!  node      = SHA-256(left ‖ right)                (the post's textbook tree)
//! ```
//!
//! Repair compares the two trees top down ([`distlab_core::merkle::diff`]), and for
//! every leaf whose hashes differ, streams *all* rows of that sub-range in both
//! directions; each side keeps the newest version of every row (highest write
//! timestamp, a tombstone winning a tie), so both end with identical data and equal
//! roots. A leaf is the smallest unit repair can name: if one row of a 40-row range
//! differs, all 40 are streamed. That is Cassandra's *overstreaming*, and the reason the
//! tree depth matters: deeper trees name smaller ranges but cost more hashes.
//!
//! Tokens here are the first two bytes of SHA-256 of the key — a stand-in for Cassandra's
//! Murmur3 partitioner with a range small enough to read.

use distlab_core::hash::sha256;
use distlab_core::merkle::{diff, DiffReport, DiffVisit, MerkleTree, Scheme};
use distlab_kit::rng::SplitMix64;
use std::collections::BTreeMap;

/// How the repair trees hash: `SHA-256(block)` leaves, `SHA-256(left ‖ right)` nodes.
pub const SCHEME: Scheme = Scheme::Plain;
/// Bits in a token: tokens run over `0..65536`.
pub const TOKEN_BITS: u32 = 16;
/// Fewest rows the widget offers.
pub const MIN_ROWS: usize = 32;
/// Most rows the widget offers.
pub const MAX_ROWS: usize = 256;
/// Shallowest tree the reader can pick (4 ranges).
pub const MIN_DEPTH: u32 = 2;
/// Deepest tree the reader can pick (64 ranges).
pub const MAX_DEPTH: u32 = 6;
/// Bytes of one SHA-256 hash on the wire.
pub const HASH_BYTES: usize = 32;
/// Bytes of a row's write timestamp on the wire (Cassandra: microseconds, 64 bits).
pub const TIMESTAMP_BYTES: usize = 8;

/// One row: a partition key, its value (or a tombstone) and its write timestamp.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// Where the key falls in the token range.
    pub token: u16,
    /// The partition key, e.g. `user:4821`.
    pub key: String,
    /// The value; `None` is a tombstone (a deletion, which must replicate too).
    pub value: Option<String>,
    /// Logical write time: the newest write wins when replicas disagree.
    pub ts: u64,
}

impl Row {
    /// Bytes this row costs when streamed: key + value + an 8-byte timestamp.
    pub fn wire_bytes(&self) -> usize {
        self.key.len() + self.value.as_ref().map_or(0, String::len) + TIMESTAMP_BYTES
    }

    /// Whether this version beats `other` (same key): later timestamp wins; on a tie a
    /// tombstone wins, then the larger value (Cassandra's rules).
    pub fn supersedes(&self, other: &Row) -> bool {
        let rank = |r: &Row| (r.ts, r.value.is_none(), r.value.clone().unwrap_or_default());
        rank(self) > rank(other)
    }

    /// The value as shown to readers: the text, or `(deleted)` for a tombstone.
    pub fn shown_value(&self) -> &str {
        self.value.as_deref().unwrap_or("(deleted)")
    }

    /// The bytes this row contributes to its leaf's hash.
    fn encode(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(self.key.as_bytes());
        match &self.value {
            Some(v) => {
                out.push(b'=');
                out.extend_from_slice(v.as_bytes());
            }
            None => out.extend_from_slice(b"=<tombstone>"),
        }
        out.extend_from_slice(format!("@{}\n", self.ts).as_bytes());
    }
}

/// A replica's rows in token order (ties broken by key).
pub type Replica = BTreeMap<(u16, String), Row>;

/// The token of `key`: the first two bytes of SHA-256(key).
pub fn token_of(key: &str) -> u16 {
    let h = sha256(key.as_bytes());
    u16::from_be_bytes([h[0], h[1]])
}

/// Clamps a depth to the range the widget supports.
pub fn clamp_depth(depth: u32) -> u32 {
    depth.clamp(MIN_DEPTH, MAX_DEPTH)
}

/// Number of leaves (sub-ranges) of a tree of `depth`.
pub fn range_count(depth: u32) -> usize {
    1 << clamp_depth(depth)
}

/// The sub-range (leaf index) holding `token` in a tree of `depth`: its top bits.
pub fn range_of(token: u16, depth: u32) -> usize {
    usize::from(token) >> (TOKEN_BITS - clamp_depth(depth))
}

/// First and last token (inclusive) of sub-range `index` in a tree of `depth`.
pub fn range_bounds(index: usize, depth: u32) -> (u32, u32) {
    let width = 1u32 << (TOKEN_BITS - clamp_depth(depth));
    let start = (index as u32).saturating_mul(width);
    (start, start.saturating_add(width - 1))
}

/// The depth that gives about four rows per leaf, as Cassandra sizes its trees to the
/// data: `round(log₂(rows / 4))`, clamped to 2–6.
pub fn default_depth(rows: usize) -> u32 {
    let per_leaf = (rows.max(1) as f64 / 4.0).log2().round();
    clamp_depth(per_leaf.max(0.0) as u32)
}

/// The data blocks of the leaves: each sub-range's rows, encoded in token order.
pub fn leaf_blocks(replica: &Replica, depth: u32) -> Vec<Vec<u8>> {
    let mut blocks = vec![Vec::new(); range_count(depth)];
    for row in replica.values() {
        if let Some(b) = blocks.get_mut(range_of(row.token, depth)) {
            row.encode(b);
        }
    }
    blocks
}

/// The replica's Merkle tree over `2^depth` sub-ranges.
pub fn build_tree(replica: &Replica, depth: u32) -> MerkleTree {
    MerkleTree::build_reference(SCHEME, &leaf_blocks(replica, depth))
}

/// The rows of sub-range `index`, in token order.
pub fn rows_in_range(replica: &Replica, index: usize, depth: u32) -> Vec<&Row> {
    let (lo, hi) = range_bounds(index, depth);
    let (lo, hi) = (
        lo.min(u16::MAX as u32) as u16,
        hi.min(u16::MAX as u32) as u16,
    );
    replica
        .range((lo, String::new())..)
        .take_while(|((t, _), _)| *t <= hi)
        .map(|(_, r)| r)
        .collect()
}

/// Total wire bytes of every row of a replica.
pub fn replica_bytes(replica: &Replica) -> usize {
    replica.values().map(Row::wire_bytes).sum()
}

/// Writes `rows` into `dst`, keeping the newest version of each key.
pub fn merge_into(dst: &mut Replica, rows: &[Row]) {
    for row in rows {
        let k = (row.token, row.key.clone());
        match dst.get(&k) {
            Some(old) if !row.supersedes(old) => {}
            _ => {
                dst.insert(k, row.clone());
            }
        }
    }
}

/// Everything one repair does and costs, worked out up front from the two replicas.
#[derive(Debug, Clone, PartialEq)]
pub struct RepairPlan {
    /// Tree depth used.
    pub depth: u32,
    /// Replica A's tree before repair.
    pub tree_a: MerkleTree,
    /// Replica B's tree before repair.
    pub tree_b: MerkleTree,
    /// The core's top-down comparison of the two trees.
    pub report: DiffReport,
    /// Rows A streams to B: every row A holds in a differing range.
    pub to_b: Vec<Row>,
    /// Rows B streams to A: every row B holds in a differing range.
    pub to_a: Vec<Row>,
    /// Streamed rows the receiver really lacked (it had no version, or an older one).
    pub needed: usize,
}

impl RepairPlan {
    /// Works out the repair of `a` and `b` with trees of `depth`.
    pub fn new(a: &Replica, b: &Replica, depth: u32) -> Self {
        let depth = clamp_depth(depth);
        let tree_a = build_tree(a, depth);
        let tree_b = build_tree(b, depth);
        // Same scheme and same leaf count by construction, so diff cannot fail; fall
        // back to an empty report rather than panic if that ever changes.
        let report = diff(&tree_a, &tree_b).unwrap_or(DiffReport {
            differing: Vec::new(),
            comparisons: 0,
            visits: Vec::new(),
            brute_force: range_count(depth),
        });
        let collect = |r: &Replica| -> Vec<Row> {
            report
                .differing
                .iter()
                .flat_map(|&i| rows_in_range(r, i, depth))
                .cloned()
                .collect()
        };
        let (to_b, to_a) = (collect(a), collect(b));
        let lacks = |dst: &Replica, row: &Row| {
            dst.get(&(row.token, row.key.clone()))
                .is_none_or(|old| row.supersedes(old))
        };
        let needed = to_b.iter().filter(|r| lacks(b, r)).count()
            + to_a.iter().filter(|r| lacks(a, r)).count();
        RepairPlan {
            depth,
            tree_a,
            tree_b,
            report,
            to_b,
            to_a,
            needed,
        }
    }

    /// The differing sub-ranges (leaf indexes), ascending.
    pub fn ranges(&self) -> &[usize] {
        &self.report.differing
    }

    /// Rows streamed in both directions.
    pub fn streamed_rows(&self) -> usize {
        self.to_a.len() + self.to_b.len()
    }

    /// Bytes of hashes exchanged: both replicas send their hash of every compared node.
    pub fn hash_bytes(&self) -> usize {
        self.report.comparisons * 2 * HASH_BYTES
    }

    /// Bytes of rows streamed, both directions.
    pub fn row_bytes(&self) -> usize {
        self.to_a
            .iter()
            .chain(&self.to_b)
            .map(Row::wire_bytes)
            .sum()
    }

    /// Everything repair sends: hashes plus rows.
    pub fn total_bytes(&self) -> usize {
        self.hash_bytes() + self.row_bytes()
    }

    /// The comparison's visits grouped by level, root first: one repair step each.
    pub fn level_groups(&self) -> Vec<Vec<DiffVisit>> {
        let mut groups: Vec<Vec<DiffVisit>> = Vec::new();
        for v in &self.report.visits {
            match groups.last_mut() {
                Some(g) if g.first().is_some_and(|f| f.level == v.level) => g.push(*v),
                _ => groups.push(vec![*v]),
            }
        }
        groups
    }

    /// Both replicas after the streamed rows are merged.
    pub fn apply(&self, a: &Replica, b: &Replica) -> (Replica, Replica) {
        let (mut a, mut b) = (a.clone(), b.clone());
        merge_into(&mut a, &self.to_a);
        merge_into(&mut b, &self.to_b);
        (a, b)
    }
}

/// The naive alternative: each replica streams every row it has to the other.
pub fn naive_bytes(a: &Replica, b: &Replica) -> usize {
    replica_bytes(a) + replica_bytes(b)
}

/// Where a repair stands, derived from its step counter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    /// Nothing exchanged yet.
    Idle,
    /// The first `n` levels of the tree compared (1 = the roots).
    Compare(usize),
    /// The rows of the differing ranges streamed.
    Stream,
    /// Rows merged: both replicas identical.
    Merged,
}

/// The phase after `step` steps of a repair whose comparison has `levels` level groups
/// and found `differing` ranges. With no differing range, the roots match and repair
/// ends after comparing them.
pub fn phase(step: usize, levels: usize, differing: bool) -> Phase {
    match step {
        0 => Phase::Idle,
        s if s <= levels => Phase::Compare(s),
        s if differing && s == levels + 1 => Phase::Stream,
        _ if differing => Phase::Merged,
        _ => Phase::Compare(levels),
    }
}

/// Steps in a whole repair: one per compared level, then stream and merge if needed.
pub fn total_steps(levels: usize, differing: bool) -> usize {
    levels + if differing { 2 } else { 0 }
}

const FIRST: [&str; 16] = [
    "ada",
    "alan",
    "barbara",
    "claude",
    "donald",
    "edsger",
    "frances",
    "grace",
    "john",
    "katherine",
    "leslie",
    "margaret",
    "niklaus",
    "radia",
    "shafi",
    "tony",
];
const LAST: [&str; 12] = [
    "lovelace", "turing", "liskov", "shannon", "knuth", "dijkstra", "allen", "hopper", "backus",
    "johnson", "lamport", "hamilton",
];
const DOMAINS: [&str; 4] = ["example.org", "mail.test", "corp.example", "db.test"];

/// A random value: an e-mail address built from small word lists.
fn random_value(rng: &mut SplitMix64) -> String {
    let f = rng.pick(&FIRST).copied().unwrap_or("ada");
    let l = rng.pick(&LAST).copied().unwrap_or("lovelace");
    let d = rng.pick(&DOMAINS).copied().unwrap_or("example.org");
    format!("{f}.{l}{}@{d}", rng.below(100))
}

/// A key not yet in `taken`: `user:` and four digits.
fn fresh_key(rng: &mut SplitMix64, taken: &dyn Fn(&str) -> bool) -> String {
    for _ in 0..1000 {
        let k = format!("user:{:04}", rng.below(10_000));
        if !taken(&k) {
            return k;
        }
    }
    // Practically unreachable with ≤ 300 keys among 10 000; stay total anyway.
    let mut n = 10_000;
    loop {
        let k = format!("user:{n}");
        if !taken(&k) {
            return k;
        }
        n += 1;
    }
}

/// Two replicas of one token range, the writes that made them diverge, and the
/// generator for further "random" writes.
#[derive(Debug, Clone, PartialEq)]
pub struct Cluster {
    /// Replica A.
    pub a: Replica,
    /// Replica B.
    pub b: Replica,
    /// The last write timestamp handed out.
    pub clock: u64,
    rng: SplitMix64,
}

impl Cluster {
    /// Two identical replicas of `rows` rows (clamped to 32–256) generated from `seed`.
    pub fn new(seed: u64, rows: usize) -> Self {
        let rows = rows.clamp(MIN_ROWS, MAX_ROWS);
        let mut rng = SplitMix64::new(seed);
        let mut a = Replica::new();
        while a.len() < rows {
            let key = fresh_key(&mut rng, &|k| a.contains_key(&(token_of(k), k.to_owned())));
            let row = Row {
                token: token_of(&key),
                value: Some(random_value(&mut rng)),
                key,
                ts: 1,
            };
            a.insert((row.token, row.key.clone()), row);
        }
        Cluster {
            b: a.clone(),
            a,
            clock: 1,
            rng,
        }
    }

    /// Whether either replica has a row for `key`.
    fn known(&self, key: &str) -> bool {
        let k = (token_of(key), key.to_owned());
        self.a.contains_key(&k) || self.b.contains_key(&k)
    }

    /// A write of `value` to `key` that reached only replica B (the coordinator wrote at
    /// consistency ONE and A never heard of it). Returns false for an empty key.
    pub fn write_b(&mut self, key: &str, value: &str) -> bool {
        let key = key.trim();
        if key.is_empty() {
            return false;
        }
        self.clock += 1;
        let row = Row {
            token: token_of(key),
            key: key.to_owned(),
            value: Some(value.to_owned()),
            ts: self.clock,
        };
        self.b.insert((row.token, row.key.clone()), row);
        true
    }

    /// A delete of `key` that reached only replica B: B now holds a tombstone, which
    /// repair must carry to A (else A would resurrect the row). False if B lacks the key.
    pub fn delete_b(&mut self, key: &str) -> bool {
        let k = (token_of(key), key.to_owned());
        if self.b.get(&k).is_none_or(|r| r.value.is_none()) {
            return false;
        }
        self.clock += 1;
        self.b.insert(
            k,
            Row {
                token: token_of(key),
                key: key.to_owned(),
                value: None,
                ts: self.clock,
            },
        );
        true
    }

    /// A partition cuts B off while A accepts `k` writes: mostly updates of existing
    /// rows, every third one a new row. Returns the keys written.
    pub fn partition(&mut self, k: usize) -> Vec<String> {
        let mut written = Vec::new();
        for i in 0..k.min(64) {
            let key = if i % 3 == 2 {
                let cluster = &*self;
                let taken = |k: &str| cluster.known(k);
                let mut rng = self.rng.clone();
                let key = fresh_key(&mut rng, &taken);
                self.rng = rng;
                key
            } else {
                let keys: Vec<&String> = self.a.keys().map(|(_, k)| k).collect();
                match self.rng.pick(&keys) {
                    Some(k) => (*k).clone(),
                    None => continue,
                }
            };
            self.clock += 1;
            let row = Row {
                token: token_of(&key),
                key: key.clone(),
                value: Some(random_value(&mut self.rng)),
                ts: self.clock,
            };
            self.a.insert((row.token, key.clone()), row);
            written.push(key);
        }
        written
    }

    /// Whether the two replicas hold exactly the same rows.
    pub fn in_sync(&self) -> bool {
        self.a == self.b
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_partition_the_token_space() {
        for depth in MIN_DEPTH..=MAX_DEPTH {
            let n = range_count(depth);
            assert_eq!(range_bounds(0, depth).0, 0);
            assert_eq!(range_bounds(n - 1, depth).1, u32::from(u16::MAX));
            for i in 1..n {
                assert_eq!(range_bounds(i, depth).0, range_bounds(i - 1, depth).1 + 1);
            }
            for t in [0u16, 1, 4095, 4096, 32768, u16::MAX] {
                let (lo, hi) = range_bounds(range_of(t, depth), depth);
                assert!((lo..=hi).contains(&u32::from(t)), "token {t} depth {depth}");
            }
        }
    }

    #[test]
    fn rows_in_range_cover_every_row_once() {
        let c = Cluster::new(7, 100);
        for depth in MIN_DEPTH..=MAX_DEPTH {
            let total: usize = (0..range_count(depth))
                .map(|i| rows_in_range(&c.a, i, depth).len())
                .sum();
            assert_eq!(total, c.a.len());
        }
    }

    #[test]
    fn default_depth_gives_a_few_rows_per_leaf() {
        assert_eq!(default_depth(32), 3);
        assert_eq!(default_depth(64), 4);
        assert_eq!(default_depth(256), 6);
        assert_eq!(default_depth(1), MIN_DEPTH);
    }

    #[test]
    fn generation_is_deterministic_and_sized() {
        assert_eq!(Cluster::new(3, 64), Cluster::new(3, 64));
        assert_ne!(Cluster::new(3, 64).a, Cluster::new(4, 64).a);
        assert_eq!(Cluster::new(3, 10).a.len(), MIN_ROWS);
        assert_eq!(Cluster::new(3, 999).a.len(), MAX_ROWS);
        assert!(Cluster::new(3, 64).in_sync());
    }

    #[test]
    fn identical_replicas_need_one_comparison_and_no_rows() {
        let c = Cluster::new(1, 64);
        let p = RepairPlan::new(&c.a, &c.b, 4);
        assert!(p.ranges().is_empty());
        assert_eq!(p.report.comparisons, 1);
        assert_eq!(p.total_bytes(), 2 * HASH_BYTES);
        assert_eq!(phase(1, p.level_groups().len(), false), Phase::Compare(1));
        assert_eq!(total_steps(p.level_groups().len(), false), 1);
    }

    #[test]
    fn repair_streams_exactly_the_differing_ranges_and_converges() {
        let mut c = Cluster::new(7, 64);
        let written = c.partition(3);
        assert_eq!(written.len(), 3);
        let key = c.b.values().nth(10).map(|r| r.key.clone()).unwrap();
        assert!(c.delete_b(&key));
        assert!(c.write_b("user:0001", "new@b.test"));
        for depth in MIN_DEPTH..=MAX_DEPTH {
            let p = RepairPlan::new(&c.a, &c.b, depth);
            // The ranges are the leaves the core's diff reports.
            let expected = diff(&build_tree(&c.a, depth), &build_tree(&c.b, depth)).unwrap();
            assert_eq!(p.ranges(), expected.differing.as_slice());
            // Every streamed row lies in a differing range, and every changed key's
            // range is among them.
            for r in p.to_a.iter().chain(&p.to_b) {
                assert!(p.ranges().contains(&range_of(r.token, depth)));
            }
            for k in written.iter().chain([&key, &"user:0001".to_owned()]) {
                assert!(p.ranges().contains(&range_of(token_of(k), depth)));
            }
            // Byte accounting.
            let rows: usize = p.to_a.iter().chain(&p.to_b).map(Row::wire_bytes).sum();
            assert_eq!(p.row_bytes(), rows);
            assert_eq!(p.hash_bytes(), p.report.comparisons * 64);
            // With 5 changes among 4 ranges every range differs and repair costs more
            // than streaming everything; with 16+ ranges most of the data is skipped.
            if depth >= 4 {
                assert!(p.total_bytes() < naive_bytes(&c.a, &c.b), "depth {depth}");
            }
            assert!(p.needed >= 5 && p.needed <= p.streamed_rows());
            // After merging, the replicas (and so the roots) are equal, and the newest
            // writes won.
            let (a, b) = p.apply(&c.a, &c.b);
            assert_eq!(a, b);
            assert_eq!(build_tree(&a, depth).root(), build_tree(&b, depth).root());
            let tomb = a.get(&(token_of(&key), key.clone())).unwrap();
            assert_eq!(tomb.value, None);
        }
    }

    #[test]
    fn overstreaming_shrinks_with_depth() {
        let mut c = Cluster::new(11, 256);
        c.partition(1);
        let streamed = |d| RepairPlan::new(&c.a, &c.b, d).streamed_rows();
        assert!(streamed(2) > streamed(6));
        assert_eq!(RepairPlan::new(&c.a, &c.b, 6).needed, 1);
    }

    #[test]
    fn phases_follow_the_step_counter() {
        assert_eq!(phase(0, 3, true), Phase::Idle);
        assert_eq!(phase(2, 3, true), Phase::Compare(2));
        assert_eq!(phase(4, 3, true), Phase::Stream);
        assert_eq!(phase(5, 3, true), Phase::Merged);
        assert_eq!(phase(99, 3, true), Phase::Merged);
        assert_eq!(total_steps(3, true), 5);
    }

    #[test]
    fn supersedes_follows_cassandra_rules() {
        let r = |v: Option<&str>, ts| Row {
            token: 0,
            key: "k".into(),
            value: v.map(str::to_owned),
            ts,
        };
        assert!(r(Some("a"), 2).supersedes(&r(Some("b"), 1)));
        assert!(r(None, 2).supersedes(&r(Some("a"), 2)));
        assert!(r(Some("b"), 2).supersedes(&r(Some("a"), 2)));
        assert!(!r(Some("a"), 2).supersedes(&r(Some("a"), 2)));
        assert!(!delete_missing());
        fn delete_missing() -> bool {
            Cluster::new(1, 32).delete_b("user:none")
        }
    }
}
