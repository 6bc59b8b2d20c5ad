//! The fast way to build a tree: every hash of a level computed four at a time
//! ([`crate::sha256x4`]), straight into one preallocated vector per level, with no
//! per-node allocation and no hasher object.
//!
//! It must give exactly the tree [`MerkleTree::build_reference`](super::MerkleTree::build_reference)
//! gives (the plain one-hash-at-a-time construction the widgets explain); the tests
//! check it for every scheme and many sizes.

use super::Scheme;
use crate::hash::Digest;
use crate::sha256x4::{hash1, hash4, plain_nodes, rfc6962_leaves4, rfc6962_nodes, Parts};

/// Four SHA-256 hashes at once: [`hash4`] in the library; the tests pass the portable
/// lanes too, so the lane code runs in a tree natively.
type Hash4 = fn([Parts<'_>; 4]) -> [Digest; 4];

const LEAF_PREFIX: &[u8] = &[0x00];
const NODE_PREFIX: &[u8] = &[0x01];

/// Hashes the `n` messages `msg(0)`, …, `msg(n - 1)` into `out`, four at a time.
fn hash_all<'a>(h4: Hash4, n: usize, msg: impl Fn(usize) -> Parts<'a>, out: &mut Vec<Digest>) {
    out.reserve(n);
    let mut i = 0;
    while i + 4 <= n {
        out.extend(h4([msg(i), msg(i + 1), msg(i + 2), msg(i + 3)]));
        i += 4;
    }
    for j in i..n {
        out.push(hash1(&msg(j)));
    }
}

/// SHA-256 of every digest in place: Bitcoin's second hash.
fn rehash(h4: Hash4, digests: &[Digest]) -> Vec<Digest> {
    let mut out = Vec::with_capacity(digests.len());
    hash_all(h4, digests.len(), |i| [&digests[i], &[], &[]], &mut out);
    out
}

/// The leaf hashes of `blocks` under `scheme`.
///
/// RFC 6962 leaves of 32 bytes (the common case: a tree over digests) go four at a time
/// through [`rfc6962_leaves4`], a fixed-shape kernel compiled in this crate.
pub(super) fn hash_leaves<B: AsRef<[u8]>>(scheme: Scheme, blocks: &[B]) -> Vec<Digest> {
    if scheme != Scheme::Rfc6962 {
        return hash_leaves_with(hash4, scheme, blocks);
    }
    let mut out = Vec::with_capacity(blocks.len());
    let mut quads = blocks.chunks_exact(4);
    for q in &mut quads {
        let d = |i: usize| <&[u8; 32]>::try_from(q[i].as_ref()).ok();
        match (d(0), d(1), d(2), d(3)) {
            (Some(a), Some(b), Some(c), Some(d)) => out.extend(rfc6962_leaves4([a, b, c, d])),
            _ => out.extend(hash4(core::array::from_fn(|i| {
                [LEAF_PREFIX, q[i].as_ref(), &[]]
            }))),
        }
    }
    for b in quads.remainder() {
        out.push(hash1(&[LEAF_PREFIX, b.as_ref(), &[]]));
    }
    out
}

fn hash_leaves_with<B: AsRef<[u8]>>(h4: Hash4, scheme: Scheme, blocks: &[B]) -> Vec<Digest> {
    let mut out = Vec::with_capacity(blocks.len());
    let n = blocks.len();
    match scheme {
        Scheme::Rfc6962 => hash_all(h4, n, |i| [LEAF_PREFIX, blocks[i].as_ref(), &[]], &mut out),
        Scheme::Plain => hash_all(h4, n, |i| [blocks[i].as_ref(), &[], &[]], &mut out),
        Scheme::Bitcoin => {
            hash_all(h4, n, |i| [blocks[i].as_ref(), &[], &[]], &mut out);
            out = rehash(h4, &out);
        }
    }
    out
}

/// The level above `below`: pairs `(2i, 2i + 1)` hashed, then the unpaired last node
/// promoted or duplicated as the scheme says.
///
/// RFC 6962 and Plain pairs go through fixed-shape kernels ([`rfc6962_nodes`],
/// [`plain_nodes`]) that read the level as 64-byte pairs, with no per-node copies.
pub(super) fn parent_level(scheme: Scheme, below: &[Digest]) -> Vec<Digest> {
    let kernel: fn(&[Digest], &mut Vec<Digest>) = match scheme {
        Scheme::Rfc6962 => rfc6962_nodes,
        Scheme::Plain => plain_nodes,
        Scheme::Bitcoin => return parent_level_with(hash4, scheme, below),
    };
    let mut next = Vec::with_capacity(below.len().div_ceil(2));
    kernel(below, &mut next);
    if let [.., odd] = below {
        if below.len() % 2 == 1 {
            next.push(*odd);
        }
    }
    next
}

fn parent_level_with(h4: Hash4, scheme: Scheme, below: &[Digest]) -> Vec<Digest> {
    let pairs = below.len() / 2;
    let mut next = Vec::with_capacity(below.len().div_ceil(2));
    match scheme {
        Scheme::Rfc6962 => hash_all(
            h4,
            pairs,
            |i| [NODE_PREFIX, &below[2 * i], &below[2 * i + 1]],
            &mut next,
        ),
        Scheme::Plain => hash_all(
            h4,
            pairs,
            |i| [&below[2 * i], &below[2 * i + 1], &[]],
            &mut next,
        ),
        Scheme::Bitcoin => {
            hash_all(
                h4,
                pairs,
                |i| [&below[2 * i], &below[2 * i + 1], &[]],
                &mut next,
            );
            next = rehash(h4, &next);
            next.reserve(1);
        }
    }
    if below.len() % 2 == 1 {
        let odd = &below[below.len() - 1];
        next.push(if scheme.duplicates_odd_node() {
            scheme.hash_node(odd, odd)
        } else {
            *odd
        });
    }
    next
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::merkle::MerkleTree;
    use crate::sha256x4::{hash4_with, Portable};

    fn portable(m: [Parts<'_>; 4]) -> [Digest; 4] {
        hash4_with::<Portable>(m).unwrap_or_else(|| m.map(|p| hash1(&p)))
    }

    /// The tree built with the portable lanes (the code the WebAssembly SIMD build
    /// runs, lane type aside) and with `hash4` equals the plain reference tree.
    #[test]
    fn fast_levels_equal_the_reference_in_every_scheme() {
        for scheme in Scheme::ALL {
            for n in (0..70).chain([255, 256, 257, 1000]) {
                let blocks: Vec<Vec<u8>> = (0..n).map(|i: u32| i.to_le_bytes().repeat(9)).collect();
                let reference = MerkleTree::build_reference(scheme, &blocks);
                assert_eq!(
                    MerkleTree::build(scheme, &blocks),
                    reference,
                    "{scheme:?} {n}"
                );
                let mut level = hash_leaves_with(portable, scheme, &blocks);
                for expected in reference.levels() {
                    assert_eq!(&level, expected, "{scheme:?} {n}");
                    level = parent_level_with(portable, scheme, &level);
                }
            }
        }
    }

    #[test]
    fn blocks_of_mixed_lengths_hash_like_the_reference() {
        let blocks: Vec<Vec<u8>> = (0..50).map(|i| vec![i as u8; i * 3]).collect();
        for scheme in Scheme::ALL {
            let reference = MerkleTree::build_reference(scheme, &blocks);
            assert_eq!(
                hash_leaves_with(portable, scheme, &blocks),
                reference.levels()[0]
            );
            assert_eq!(MerkleTree::build(scheme, &blocks), reference);
        }
    }
}
