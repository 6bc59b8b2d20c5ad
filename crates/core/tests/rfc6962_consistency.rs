//! RFC 6962 consistency proofs: published known answers, an independent recursive
//! reference of the RFC's `PROOF`/`SUBPROOF`, and properties over random logs.
//!
//! Known answers are the test vectors of Google's Certificate Transparency code, as kept
//! in transparency-dev/merkle (Apache-2.0), `proof/verify_test.go`: `consistencyProofs`
//! (old size, new size, proof) and `roots`, over the 8 leaves of `testonly/constants.go`
//! `LeafInputs()`. They descend from the C++ `merkle_tree_test.cc` of
//! google/certificate-transparency.

use distlab_core::hash::Digest;
use distlab_core::merkle::{
    check_consistency, consistency_proof_len, hashes_from_bytes, verify_consistency,
    ConsistencyError, MerkleTree, Scheme,
};
use proptest::prelude::*;

mod common;
use common::rfc6962::{d, leaves, reference_mth, split, ROOT_HASHES};

/// `consistencyProofs` (verify_test.go): (old size, new size, proof).
const CONSISTENCY_PROOFS: [(usize, usize, &[&str]); 5] = [
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
            "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ],
    ),
    (
        2,
        5,
        &[
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
        ],
    ),
    (
        6,
        7,
        &[
            "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ],
    ),
];

const RFC: Scheme = Scheme::Rfc6962;

fn root(size: usize) -> Digest {
    d(ROOT_HASHES[size])
}

#[test]
fn roots_of_every_size_match_the_published_vectors() {
    for n in 1..=8 {
        assert_eq!(
            MerkleTree::build(RFC, &leaves(n)).root(),
            root(n),
            "n = {n}"
        );
        assert_eq!(reference_mth(&leaves(n)), root(n), "reference, n = {n}");
    }
}

#[test]
fn proofs_match_the_published_consistency_proofs() {
    for (m, n, proof) in CONSISTENCY_PROOFS {
        let expected: Vec<Digest> = proof.iter().map(|h| d(h)).collect();
        let tree = MerkleTree::build(RFC, &leaves(n));
        let ours = tree.consistency_proof(m).unwrap();
        assert_eq!(ours.hashes(), expected, "PROOF({m}, D[{n}])");
        assert_eq!(
            reference_proof(m, &leaves(n)),
            expected,
            "reference ({m}, {n})"
        );
        assert_eq!(consistency_proof_len(m, n), expected.len(), "({m}, {n})");
        assert_eq!(
            verify_consistency(RFC, m, n, &root(m), &root(n), &expected),
            Ok(()),
            "({m}, {n})"
        );
    }
}

#[test]
fn proof_nodes_name_the_entries_they_cover() {
    // PROOF(6, D[8]) = [MTH(D[4:6]), MTH(D[6:8]), MTH(D[0:4])].
    let proof = MerkleTree::build(RFC, &leaves(8))
        .consistency_proof(6)
        .unwrap();
    let ranges: Vec<(usize, usize)> = proof.nodes.iter().map(|n| (n.start, n.end)).collect();
    assert_eq!(ranges, [(4, 6), (6, 8), (0, 4)]);
    for node in &proof.nodes {
        assert_eq!(node.hash, reference_mth(&leaves(8)[node.start..node.end]));
    }
}

#[test]
fn every_bad_input_is_a_clear_error() {
    let (m, n) = (6, 8);
    let proof = MerkleTree::build(RFC, &leaves(n))
        .consistency_proof(m)
        .unwrap()
        .hashes();
    let v =
        |m, n, old: Digest, new: Digest, p: &[Digest]| verify_consistency(RFC, m, n, &old, &new, p);
    assert_eq!(
        v(0, n, root(1), root(n), &proof),
        Err(ConsistencyError::OldSizeZero)
    );
    assert_eq!(
        v(8, 6, root(8), root(6), &proof),
        Err(ConsistencyError::OldSizeTooLarge { old: 8, new: 6 })
    );
    assert_eq!(
        v(m, n, root(m), root(n), &proof[..2]),
        Err(ConsistencyError::WrongLength {
            expected: 3,
            got: 2
        })
    );
    let mut longer = proof.clone();
    longer.push(root(1));
    assert_eq!(
        v(m, n, root(m), root(n), &longer),
        Err(ConsistencyError::WrongLength {
            expected: 3,
            got: 4
        })
    );
    assert_eq!(
        v(m, n, root(5), root(n), &proof),
        Err(ConsistencyError::OldRootMismatch)
    );
    assert_eq!(
        v(m, n, root(m), root(7), &proof),
        Err(ConsistencyError::NewRootMismatch)
    );
    assert_eq!(
        v(m, n, root(n), root(m), &proof),
        Err(ConsistencyError::BothRootsMismatch)
    );
    assert_eq!(v(4, 4, root(4), root(4), &[]), Ok(()));
    assert_eq!(
        v(4, 4, root(4), root(5), &[]),
        Err(ConsistencyError::SameSizeDifferentRoots)
    );
    // A proof for other sizes fails even when its length happens to fit.
    assert_eq!(consistency_proof_len(6, 7), 3);
    assert!(v(6, 7, root(6), root(7), &proof).is_err());
    assert_eq!(
        verify_consistency(Scheme::Bitcoin, m, n, &root(m), &root(n), &proof),
        Err(ConsistencyError::UnsupportedScheme(Scheme::Bitcoin))
    );
    assert_eq!(
        hashes_from_bytes(&[0u8; 33]),
        Err(ConsistencyError::NotWholeHashes { bytes: 33 })
    );
    let tree = MerkleTree::build(RFC, &leaves(5));
    assert_eq!(
        tree.consistency_proof(0),
        Err(ConsistencyError::OldSizeZero)
    );
    assert_eq!(
        tree.consistency_proof(6),
        Err(ConsistencyError::OldSizeTooLarge { old: 6, new: 5 })
    );
    assert!(MerkleTree::build(Scheme::Bitcoin, &leaves(5))
        .consistency_proof(2)
        .is_err());
    // Every error reads as a sentence.
    assert!(ConsistencyError::OldRootMismatch
        .to_string()
        .contains("old root"));
}

#[test]
fn a_rewritten_old_entry_breaks_the_root_the_proof_rebuilds() {
    // m = 6 is not a power of two: the proof carries the old tree's pieces, rebuilt from
    // the rewritten log they give the *tampered* old root, not the one the auditor holds.
    let mut blocks = leaves(8);
    blocks[1] = b"rewritten".to_vec();
    let forged = MerkleTree::build(RFC, &blocks);
    let proof = forged.consistency_proof(6).unwrap().hashes();
    let check = check_consistency(RFC, 6, 8, &root(6), &forged.root(), &proof);
    assert_eq!(check.verdict, Err(ConsistencyError::OldRootMismatch));
    assert_eq!(check.new_root, Some(forged.root()));
    // m = 4 is a power of two: the auditor's own old root is the starting point, so the
    // honest old tree leads to the honest new root, which the forged log did not publish.
    let proof = forged.consistency_proof(4).unwrap().hashes();
    let check = check_consistency(RFC, 4, 8, &root(4), &forged.root(), &proof);
    assert_eq!(check.verdict, Err(ConsistencyError::NewRootMismatch));
    assert_eq!(check.new_root, Some(root(8)));
}

#[test]
fn every_proof_of_small_logs_matches_the_reference() {
    for n in 1..=40usize {
        let blocks = numbered(n);
        let tree = MerkleTree::build(RFC, &blocks);
        for m in 1..=n {
            let proof = tree.consistency_proof(m).unwrap();
            let expected = reference_proof(m, &blocks);
            assert_eq!(proof.hashes(), expected, "({m}, {n})");
            assert_eq!(consistency_proof_len(m, n), expected.len(), "({m}, {n})");
            let old = reference_mth(&blocks[..m]);
            assert_eq!(
                verify_consistency(RFC, m, n, &old, &tree.root(), &expected),
                Ok(()),
                "({m}, {n})"
            );
        }
    }
}

#[test]
fn proofs_are_logarithmic() {
    for n in [1usize, 2, 3, 1000, 1 << 20, (1 << 20) + 1] {
        let bound = n.next_power_of_two().trailing_zeros() as usize + 1;
        for m in [1, 2, n / 2 + 1, n - 1, n] {
            if (1..=n).contains(&m) {
                assert!(consistency_proof_len(m, n) <= bound, "({m}, {n})");
            }
        }
    }
}

// ---------------------------------------------------------------------------------
// An independent reference: RFC 6962 §2.1 and §2.1.2 written as the RFC writes them.
// ---------------------------------------------------------------------------------

/// `PROOF(m, D[n]) = SUBPROOF(m, D[n], true)` of RFC 6962 §2.1.2.
fn reference_proof<B: AsRef<[u8]>>(m: usize, d: &[B]) -> Vec<Digest> {
    fn subproof<B: AsRef<[u8]>>(m: usize, d: &[B], b: bool) -> Vec<Digest> {
        let n = d.len();
        if m == n {
            return if b {
                Vec::new()
            } else {
                vec![reference_mth(d)]
            };
        }
        let k = split(n);
        if m <= k {
            let mut p = subproof(m, &d[..k], b);
            p.push(reference_mth(&d[k..]));
            p
        } else {
            let mut p = subproof(m - k, &d[k..], false);
            p.push(reference_mth(&d[..k]));
            p
        }
    }
    subproof(m, d, true)
}

fn numbered(n: usize) -> Vec<Vec<u8>> {
    (0..n).map(|i| (i as u32).to_le_bytes().to_vec()).collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// Every (m, n) proof of a random log verifies, and one of them equals the RFC's.
    #[test]
    fn every_proof_verifies(
        blocks in proptest::collection::vec(proptest::collection::vec(any::<u8>(), 0..8), 1..=300),
        pick in any::<proptest::sample::Index>(),
    ) {
        let n = blocks.len();
        let tree = MerkleTree::build(RFC, &blocks);
        let mut old = MerkleTree::build(RFC, &blocks[..0]);
        for m in 1..=n {
            old = MerkleTree::build(RFC, &blocks[..m]);
            let proof = tree.consistency_proof(m).unwrap().hashes();
            prop_assert_eq!(proof.len(), consistency_proof_len(m, n));
            prop_assert_eq!(
                verify_consistency(RFC, m, n, &old.root(), &tree.root(), &proof),
                Ok(()),
                "({}, {})", m, n
            );
        }
        prop_assert_eq!(old.root(), tree.root());
        let m = pick.index(n) + 1;
        prop_assert_eq!(tree.consistency_proof(m).unwrap().hashes(), reference_proof(m, &blocks));
    }

    /// Flipping any bit of any proof hash, or rewriting any old entry, is caught.
    #[test]
    fn tampering_is_caught(
        n in 2usize..=300,
        m_pick in any::<proptest::sample::Index>(),
        node_pick in any::<proptest::sample::Index>(),
        byte in 0usize..32,
        bit in 0u8..8,
        leaf_pick in any::<proptest::sample::Index>(),
    ) {
        let blocks = numbered(n);
        let m = m_pick.index(n - 1) + 1; // 1..n, so the proof is never empty
        let tree = MerkleTree::build(RFC, &blocks);
        let old_root = reference_mth(&blocks[..m]);
        let proof = tree.consistency_proof(m).unwrap().hashes();
        let mut bad = proof.clone();
        let at = node_pick.index(bad.len());
        bad[at][byte] ^= 1 << bit;
        prop_assert!(verify_consistency(RFC, m, n, &old_root, &tree.root(), &bad).is_err());

        let mut forged_blocks = blocks.clone();
        forged_blocks[leaf_pick.index(m)].push(0xff);
        let forged = MerkleTree::build(RFC, &forged_blocks);
        let forged_proof = forged.consistency_proof(m).unwrap().hashes();
        prop_assert!(verify_consistency(RFC, m, n, &old_root, &forged.root(), &forged_proof).is_err());
        // When m is a power of two the proof holds no hash of the old entries at all (the
        // auditor's old root stands in for them), so the forged log's proof is the honest
        // one; otherwise it carries a forged piece and cannot lead to the honest new root.
        let honest_new = verify_consistency(RFC, m, n, &old_root, &tree.root(), &forged_proof);
        prop_assert_eq!(honest_new.is_ok(), m.is_power_of_two());
    }

    /// Random sizes, roots and bytes never panic, and never pass.
    #[test]
    fn random_input_never_panics(
        m in 0usize..2000,
        n in 0usize..2000,
        old in any::<[u8; 32]>(),
        new in any::<[u8; 32]>(),
        bytes in proptest::collection::vec(any::<u8>(), 0..500),
    ) {
        let result = hashes_from_bytes(&bytes)
            .and_then(|p| verify_consistency(RFC, m, n, &old, &new, &p));
        let trivially_true = m == n && m > 0 && old == new && bytes.is_empty();
        prop_assert_eq!(result.is_ok(), trivially_true);
    }
}
