//! The same walk at the post's scale: 100 million blocks, 100 of them differing.
//!
//! No tree of 10⁸ leaves is built: the walk's cost depends only on *where* the differing
//! leaves are, not on the data, so it can be counted from their indexes alone.
//!
//! ## Counting a walk without the tree
//!
//! The walk of [`distlab_core::merkle::diff`] compares the roots, and then, under every
//! node whose hashes differ, compares its children. A node differs exactly when some
//! differing leaf lies below it, so the differing nodes of level `l` are the distinct
//! values `d >> l` over the differing leaves `d`. Levels have `len₀ = n` and
//! `len_{l+1} = ⌈len_l / 2⌉` nodes (RFC 6962 and the plain scheme *promote* a level's last,
//! unpaired node: it has one child, carries that child's hash up unchanged, and that child
//! is known to differ without a comparison). So
//!
//! ```text
//! comparisons = 1 + 2 · #{ differing nodes above the leaves that have two children }
//! ```
//!
//! [`walk_cost`] evaluates this exactly for any set of differing leaves in `O(k · log n)`;
//! a native test checks it against `diff` on real trees.
//!
//! ## The worst case
//!
//! Level `l` has at most `min(k, len_l)` differing nodes (each holds a differing leaf, and
//! the level has only `len_l` nodes), each costing at most 2 comparisons, so for *any*
//! placement of `k ≥ 1` differing leaves
//!
//! ```text
//! comparisons ≤ W(n, k) = 1 + 2 · Σ_{l ≥ 1} min(k, len_l)          ([`worst_case`])
//! ```
//!
//! For `n = 2^h` and `k = 2^j` this is `1 + 2·k·(h − j) + 2·(k − 1)` = about
//! `2·k·log₂(n/k) + 2·k`: the `k` paths are separate below level `log₂(n/k)` and share
//! the nodes above it. It is much tighter than the textbook `1 + 2·k·⌈log₂ n⌉`, which
//! charges every path its full length. Leaves spread evenly ([`spread_evenly`]) reach it
//! (give or take a level's last node); clustered leaves share more of their paths and cost
//! less.
//!
//! ## Bytes
//!
//! Each comparison sends one 32-byte SHA-256 hash across the network (the other replica
//! compares it with its own). Brute force compares every block: `n` comparisons, and even
//! sending a hash per block instead of the block itself costs `32·n` bytes.

/// Blocks in the post's example.
pub const POST_BLOCKS: u64 = 100_000_000;
/// Differing blocks in the post's example.
pub const POST_DIFFERING: u64 = 100;
/// Bytes of one SHA-256 hash.
pub const HASH_BYTES: u64 = 32;

/// Exact comparisons of the top-down walk over `n` leaves (RFC 6962 shape: the last,
/// unpaired node of a level is promoted) when the leaves in `differing` differ. Indexes
/// at or past `n` are ignored; no differing leaf costs 1 (the roots match).
pub fn walk_cost(n: u64, differing: &[u64]) -> u64 {
    let mut nodes: Vec<u64> = differing.iter().copied().filter(|&d| d < n).collect();
    distlab_core::sort::insertion_sort_by(&mut nodes, |a, b| a.cmp(b));
    nodes.dedup();
    let mut comparisons = 1;
    let mut below = n; // nodes on the level below
    while below > 1 && !nodes.is_empty() {
        // The parents of this level's differing nodes differ; each with two children
        // costs two comparisons.
        for p in nodes.iter_mut() {
            *p >>= 1;
        }
        nodes.dedup();
        comparisons += 2 * nodes.iter().filter(|&&p| 2 * p + 1 < below).count() as u64;
        below = below.div_ceil(2);
    }
    comparisons
}

/// `k` differing leaves spread evenly over `n`: leaf `⌊j·n/k⌋` for `j` in `0..k` (exact
/// while `k·n < 2⁶⁴`, far beyond the post's 10¹⁰; u64 arithmetic, since 128-bit division
/// would add its software routine to the wasm module).
pub fn even_spread(n: u64, k: u64) -> Vec<u64> {
    let k = k.min(n);
    (0..k).map(|j| j.saturating_mul(n) / k).collect()
}

/// [`walk_cost`] of [`even_spread`]: the post's walk, counted exactly.
pub fn spread_evenly(n: u64, k: u64) -> u64 {
    walk_cost(n, &even_spread(n, k))
}

/// `W(n, k)`, the most comparisons any placement of `k` differing leaves among `n` can
/// cost (see the module documentation).
pub fn worst_case(n: u64, k: u64) -> u64 {
    if k == 0 || n == 0 {
        return 1;
    }
    let mut total = 1;
    let mut len = n;
    while len > 1 {
        len = len.div_ceil(2);
        total += 2 * k.min(len);
    }
    total
}

pub use distlab_kit::numfmt::grouped;

/// A byte count for people: `3,200,000,000 bytes` → `"3.2 GB"` (decimal units, one
/// decimal, integer arithmetic only).
pub fn bytes(v: u64) -> String {
    const UNITS: [(u64, &str); 3] = [(1_000_000_000, "GB"), (1_000_000, "MB"), (1_000, "kB")];
    for (size, unit) in UNITS {
        if v >= size {
            let tenths = (v / size) * 10 + ((v % size) * 10 + size / 2) / size;
            return format!("{}.{} {unit}", grouped(tenths / 10), tenths % 10);
        }
    }
    format!("{v} B")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::comparison::model::{initial_blocks, SCHEME};
    use distlab_core::merkle::{diff, MerkleTree};
    use distlab_kit::rng::SplitMix64;

    /// The real diff's comparisons when `differing` blocks of `n` change.
    fn real(n: usize, differing: &[usize]) -> usize {
        let a = initial_blocks(n, 1);
        let mut b = a.clone();
        for &i in differing {
            b[i].push('!');
        }
        let (ta, tb) = (MerkleTree::build(SCHEME, &a), MerkleTree::build(SCHEME, &b));
        diff(&ta, &tb).expect("same shape").comparisons
    }

    #[test]
    fn counting_matches_the_real_diff() {
        let mut rng = SplitMix64::new(3);
        for n in 1..=70 {
            for k in 0..=n.min(9) {
                for _ in 0..4 {
                    let d = rng.choose(n, k);
                    let d64: Vec<u64> = d.iter().map(|&i| i as u64).collect();
                    let cost = walk_cost(n as u64, &d64);
                    assert_eq!(cost as usize, real(n, &d), "n={n} d={d:?}");
                    assert!(cost <= worst_case(n as u64, k as u64), "n={n} d={d:?}");
                }
                let even: Vec<usize> = even_spread(n as u64, k as u64)
                    .iter()
                    .map(|&i| i as usize)
                    .collect();
                assert_eq!(spread_evenly(n as u64, k as u64) as usize, real(n, &even));
            }
        }
    }

    #[test]
    fn the_worst_case_has_a_closed_form_for_powers_of_two() {
        for h in 1..=40u32 {
            for j in 0..=h {
                let (n, k) = (1u64 << h, 1u64 << j);
                let closed = 1 + 2 * k * u64::from(h - j) + 2 * (k - 1);
                assert_eq!(worst_case(n, k), closed, "n=2^{h} k=2^{j}");
                // Even spreading reaches it exactly on a perfect tree.
                if j <= 12 {
                    assert_eq!(spread_evenly(n, k), closed);
                }
            }
        }
    }

    #[test]
    fn the_posts_example() {
        let (n, k) = (POST_BLOCKS, POST_DIFFERING);
        let w = worst_case(n, k);
        let e = spread_evenly(n, k);
        assert!(e <= w && w < 4_300, "{e} {w}");
        assert!(e * 20_000 < n, "the walk wins by four orders of magnitude");
        assert_eq!(grouped(n), "100,000,000");
        assert_eq!(bytes(n * HASH_BYTES), "3.2 GB");
        assert_eq!(walk_cost(n, &[]), 1);
        assert_eq!(walk_cost(n, &[n, u64::MAX]), 1);
        assert_eq!(worst_case(0, 5), 1);
        assert_eq!(spread_evenly(3, 10), walk_cost(3, &[0, 1, 2]));
    }

    #[test]
    fn numbers_read_well() {
        assert_eq!(grouped(0), "0");
        assert_eq!(grouped(999), "999");
        assert_eq!(grouped(1_000), "1,000");
        assert_eq!(grouped(u64::MAX), "18,446,744,073,709,551,615");
        assert_eq!(bytes(999), "999 B");
        assert_eq!(bytes(133_920), "133.9 kB");
        assert_eq!(bytes(1_950_000), "2.0 MB");
    }
}
