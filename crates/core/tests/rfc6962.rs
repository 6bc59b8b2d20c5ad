//! RFC 6962 (Certificate Transparency) Merkle trees: published known answers, and an
//! independent recursive reference implementation of the RFC's definitions.
//!
//! Known answers are the test vectors of Google's Certificate Transparency code, as kept
//! in transparency-dev/merkle (Apache-2.0):
//! - `testonly/constants.go`: `LeafInputs`, `NodeHashes`, `RootHashes`, `EmptyRootHash`;
//! - `proof/verify_test.go`: `inclusionProofs` (1-based leaf index, tree size, path).
//!
//! They descend from the C++ `merkle_tree_test.cc` of google/certificate-transparency.

use distlab_core::hash::Digest;
use distlab_core::merkle::{verify_inclusion, MerkleTree, Scheme};
use proptest::prelude::*;

mod common;
use common::rfc6962::{d, leaves, reference_mth, sha256, split, ROOT_HASHES};

/// `NodeHashes()` (constants.go): every complete subtree of the 8-leaf tree, by level.
const NODE_HASHES: [&[&str]; 4] = [
    &[
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
        "0298d122906dcfc10892cb53a73992fc5b9f493ea4c9badb27b791b4127a7fe7",
        "07506a85fd9dd2f120eb694f86011e5bb4662e5c415a62917033d4a9624487e7",
        "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
        "4271a26be0d8a84f0bd54c8c302e7cb3a3b5d1fa6780a40bcce2873477dab658",
        "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
        "46f6ffadd3d06a09ff3c5860d2755c8b9819db7df44251788c7d8e3180de8eb1",
    ],
    &[
        "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
        "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
        "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
        "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
    ],
    &[
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
    ],
    &["5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"],
];

/// `inclusionProofs` (verify_test.go): (1-based leaf, tree size, audit path).
const INCLUSION_PROOFS: [(usize, usize, &[&str]); 5] = [
    (1, 1, &[]),
    (
        1,
        8,
        &[
            "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
        ],
    ),
    (
        6,
        8,
        &[
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ],
    ),
    (
        3,
        3,
        &["fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"],
    ),
    (
        2,
        5,
        &[
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
        ],
    ),
];

#[test]
fn roots_of_every_size_match_the_published_vectors() {
    for (n, root) in ROOT_HASHES.iter().enumerate() {
        let tree = MerkleTree::build(Scheme::Rfc6962, &leaves(n));
        assert_eq!(tree.root(), d(root), "tree of {n} leaves");
        assert_eq!(reference_mth(&leaves(n)), d(root), "reference, {n} leaves");
    }
}

#[test]
fn every_complete_subtree_matches_the_published_node_hashes() {
    let tree = MerkleTree::build(Scheme::Rfc6962, &leaves(8));
    assert_eq!(tree.height(), NODE_HASHES.len());
    for (level, hashes) in NODE_HASHES.iter().enumerate() {
        let ours: Vec<Digest> = tree.levels()[level].clone();
        let theirs: Vec<Digest> = hashes.iter().map(|h| d(h)).collect();
        assert_eq!(ours, theirs, "level {level}");
    }
}

#[test]
fn audit_paths_match_the_published_inclusion_proofs() {
    for (leaf, size, path) in INCLUSION_PROOFS {
        let index = leaf - 1;
        let tree = MerkleTree::build(Scheme::Rfc6962, &leaves(size));
        let proof = tree.inclusion_proof(index).unwrap();
        let expected: Vec<Digest> = path.iter().map(|h| d(h)).collect();
        assert_eq!(proof.siblings(), expected, "leaf {index} of {size}");
        let leaf_hash = Scheme::Rfc6962.hash_leaf(&leaves(size)[index]);
        let root = d(ROOT_HASHES[size]);
        assert!(verify_inclusion(&leaf_hash, &proof, &root).ok);
        // The RFC 9162 verifier, which trusts only index and size, agrees.
        assert_eq!(
            rfc9162_root_from_path(index, size, leaf_hash, &expected),
            Some(root)
        );
    }
}

#[test]
fn corrupted_published_proofs_fail() {
    // The corruptions of verify_test.go's corruptInclusionProof that apply to our types.
    for (leaf, size, _) in INCLUSION_PROOFS {
        let index = leaf - 1;
        let blocks = leaves(size);
        let tree = MerkleTree::build(Scheme::Rfc6962, &blocks);
        let root = d(ROOT_HASHES[size]);
        let leaf_hash = Scheme::Rfc6962.hash_leaf(&blocks[index]);
        let good = tree.inclusion_proof(index).unwrap();

        let wrong_leaf = Scheme::Rfc6962.hash_leaf(b"WrongLeaf");
        assert!(!verify_inclusion(&wrong_leaf, &good, &root).ok);
        assert!(!verify_inclusion(&leaf_hash, &good, &d(ROOT_HASHES[0])).ok);
        for other in [index.wrapping_sub(1), index + 1, index ^ 2, size, size * 2] {
            let mut p = good.clone();
            p.leaf_index = other;
            assert!(!verify_inclusion(&leaf_hash, &p, &root).ok, "index {other}");
        }
        for other_size in [size * 2, size / 2] {
            let mut p = good.clone();
            p.leaf_count = other_size;
            if other_size != size {
                assert!(
                    !verify_inclusion(&leaf_hash, &p, &root).ok,
                    "size {other_size}"
                );
            }
        }
        for i in 0..good.path.len() {
            let mut p = good.clone();
            p.path[i].sibling[0] ^= 8;
            assert!(
                !verify_inclusion(&leaf_hash, &p, &root).ok,
                "bit in step {i}"
            );
            let mut p = good.clone();
            p.path.remove(i);
            assert!(
                !verify_inclusion(&leaf_hash, &p, &root).ok,
                "step {i} removed"
            );
        }
        let mut p = good.clone();
        let mut extra = *p.path.last().unwrap_or(&distlab_core::merkle::ProofStep {
            level: 0,
            sibling: root,
            sibling_on_left: false,
        });
        extra.level += 1;
        extra.sibling = root;
        p.path.push(extra);
        assert!(!verify_inclusion(&leaf_hash, &p, &root).ok, "trailing root");
    }
}

// ---------------------------------------------------------------------------------
// An independent reference: RFC 6962 §2.1 written as the RFC writes it, recursively.
// ---------------------------------------------------------------------------------

/// `PATH(m, D[n])` of RFC 6962 §2.1.1.
fn reference_path<B: AsRef<[u8]>>(m: usize, d: &[B]) -> Vec<Digest> {
    let n = d.len();
    if n <= 1 {
        return Vec::new();
    }
    let k = split(n);
    if m < k {
        let mut p = reference_path(m, &d[..k]);
        p.push(reference_mth(&d[k..]));
        p
    } else {
        let mut p = reference_path(m - k, &d[k..]);
        p.push(reference_mth(&d[..k]));
        p
    }
}

/// The inclusion-proof verifier of RFC 9162 §2.1.3.2: directions come from the index
/// and the tree size only. `None` if the path has the wrong length.
fn rfc9162_root_from_path(
    index: usize,
    size: usize,
    leaf: Digest,
    path: &[Digest],
) -> Option<Digest> {
    if index >= size {
        return None;
    }
    let (mut f_n, mut s_n) = (index, size - 1);
    let mut r = leaf;
    for p in path {
        if s_n == 0 {
            return None;
        }
        if f_n & 1 == 1 || f_n == s_n {
            r = sha256(&[&[0x01], p, &r]);
            if f_n & 1 == 0 {
                while f_n & 1 == 0 && f_n != 0 {
                    f_n >>= 1;
                    s_n >>= 1;
                }
            }
        } else {
            r = sha256(&[&[0x01], &r, p]);
        }
        f_n >>= 1;
        s_n >>= 1;
    }
    (s_n == 0).then_some(r)
}

#[test]
fn the_reference_reproduces_the_published_node_hashes() {
    // Guards the reference itself: it must agree with the vectors before it is trusted
    // to judge random trees.
    let l = leaves(8);
    for (level, hashes) in NODE_HASHES.iter().enumerate() {
        let width = 1 << level;
        for (i, h) in hashes.iter().enumerate() {
            assert_eq!(reference_mth(&l[i * width..(i + 1) * width]), d(h));
        }
    }
    for (leaf, size, path) in INCLUSION_PROOFS {
        let expected: Vec<Digest> = path.iter().map(|h| d(h)).collect();
        assert_eq!(reference_path(leaf - 1, &leaves(size)), expected);
    }
}

#[test]
fn every_audit_path_of_small_trees_matches_the_reference() {
    for n in 1..=70usize {
        let blocks: Vec<Vec<u8>> = (0..n).map(|i| (i as u32).to_le_bytes().to_vec()).collect();
        let tree = MerkleTree::build(Scheme::Rfc6962, &blocks);
        let root = reference_mth(&blocks);
        assert_eq!(tree.root(), root, "n = {n}");
        for m in 0..n {
            let proof = tree.inclusion_proof(m).unwrap();
            let expected = reference_path(m, &blocks);
            assert_eq!(proof.siblings(), expected, "leaf {m} of {n}");
            let leaf = Scheme::Rfc6962.hash_leaf(&blocks[m]);
            assert_eq!(
                rfc9162_root_from_path(m, n, leaf, &expected),
                Some(root),
                "leaf {m} of {n}"
            );
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// The level-by-level tree (unpaired node promoted) equals the RFC's recursive
    /// definition (split at the largest power of two below n) for any leaves.
    #[test]
    fn level_by_level_equals_the_recursive_definition(
        blocks in proptest::collection::vec(proptest::collection::vec(any::<u8>(), 0..16), 0..300)
    ) {
        let tree = MerkleTree::build(Scheme::Rfc6962, &blocks);
        prop_assert_eq!(tree.root(), reference_mth(&blocks));
    }

    #[test]
    fn audit_paths_equal_the_recursive_definition(
        blocks in proptest::collection::vec(proptest::collection::vec(any::<u8>(), 0..8), 1..300),
        pick in any::<proptest::sample::Index>(),
    ) {
        let m = pick.index(blocks.len());
        let tree = MerkleTree::build(Scheme::Rfc6962, &blocks);
        let proof = tree.inclusion_proof(m).unwrap();
        prop_assert_eq!(proof.siblings(), reference_path(m, &blocks));
    }
}
