//! Properties of the Merkle tree, its diff and its proofs, under every scheme.

use distlab_core::hash::{digest_from_hex, from_hex, short_hex, to_hex, HexError};
use distlab_core::merkle::{
    diff, verify_inclusion, DiffError, MerkleError, MerkleTree, NodeKind, Scheme,
};
use proptest::prelude::*;
use std::collections::BTreeSet;

fn scheme() -> impl Strategy<Value = Scheme> {
    prop_oneof![
        Just(Scheme::Rfc6962),
        Just(Scheme::Plain),
        Just(Scheme::Bitcoin)
    ]
}

/// Distinct blocks: block i starts with i, so no two leaves hash alike.
fn blocks(n: usize, salt: u8) -> Vec<Vec<u8>> {
    (0..n)
        .map(|i| {
            let mut b = (i as u32).to_le_bytes().to_vec();
            b.push(salt);
            b
        })
        .collect()
}

fn ceil_log2(n: usize) -> usize {
    if n <= 1 {
        0
    } else {
        (usize::BITS - (n - 1).leading_zeros()) as usize
    }
}

/// A tree size and a set of leaves to change in it.
fn tree_and_mutations() -> impl Strategy<Value = (usize, BTreeSet<usize>)> {
    (1usize..=512).prop_flat_map(|n| {
        let all: Vec<usize> = (0..n).collect();
        // Mostly a few changes (the interesting case for a diff), sometimes many.
        let changed = prop_oneof![
            3 => proptest::sample::subsequence(all.clone(), 0..=n.min(3)),
            1 => proptest::sample::subsequence(all, 0..=n),
        ];
        (Just(n), changed.prop_map(|v| v.into_iter().collect()))
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    /// The diff reports exactly the changed leaves, within O(k log n) comparisons.
    #[test]
    fn diff_finds_exactly_the_mutated_leaves(
        scheme in scheme(),
        (n, mutated) in tree_and_mutations(),
    ) {
        let a_blocks = blocks(n, 0);
        let mut b_blocks = a_blocks.clone();
        for &i in &mutated {
            b_blocks[i].push(0xff);
        }
        let a = MerkleTree::build(scheme, &a_blocks);
        let b = MerkleTree::build(scheme, &b_blocks);
        let report = diff(&a, &b).unwrap();
        let expected: Vec<usize> = mutated.iter().copied().collect();
        prop_assert_eq!(&report.differing, &expected);
        prop_assert_eq!(report.brute_force, n);
        let k = mutated.len();
        prop_assert!(report.comparisons <= 1 + 2 * k * ceil_log2(n),
            "{} comparisons for k={} n={}", report.comparisons, k, n);
        if k == 0 {
            prop_assert_eq!(report.comparisons, 1);
            prop_assert_eq!(a.root(), b.root());
        } else {
            prop_assert_ne!(a.root(), b.root());
        }
        // The walk never looks below a pair that compared equal.
        prop_assert_eq!(report.comparisons, report.visits.iter().filter(|v| v.compared).count());
        // Diffing is symmetric.
        prop_assert_eq!(diff(&b, &a).unwrap().differing, expected);
    }

    /// Rehashing one path gives the same tree as building from scratch.
    #[test]
    fn update_leaf_equals_a_full_rebuild(
        scheme in scheme(),
        n in 1usize..200,
        edits in proptest::collection::vec((any::<proptest::sample::Index>(), proptest::collection::vec(any::<u8>(), 0..8)), 1..8),
    ) {
        let mut data = blocks(n, 1);
        let mut tree = MerkleTree::build(scheme, &data);
        for (pick, new) in edits {
            let i = pick.index(n);
            tree.update_leaf(i, &new).unwrap();
            data[i] = new;
            prop_assert_eq!(&tree, &MerkleTree::build(scheme, &data));
        }
    }

    /// Every proof verifies; a different leaf, a flipped sibling bit, or a claimed
    /// different position does not; and a proof holds at most ⌈log₂ n⌉ hashes.
    #[test]
    fn inclusion_proofs_verify_and_only_for_their_leaf(
        scheme in scheme(),
        n in 1usize..300,
        picks in proptest::collection::vec(any::<proptest::sample::Index>(), 1..6),
    ) {
        let data = blocks(n, 2);
        let tree = MerkleTree::build(scheme, &data);
        let root = tree.root();
        for pick in picks {
            let i = pick.index(n);
            let proof = tree.inclusion_proof(i).unwrap();
            prop_assert!(proof.path.len() <= ceil_log2(n));
            let leaf = scheme.hash_leaf(&data[i]);
            let check = verify_inclusion(&leaf, &proof, &root);
            prop_assert!(check.ok);
            prop_assert_eq!(check.computed_root, root);
            prop_assert_eq!(check.steps.len(), proof.path.len());

            if n > 1 {
                let j = (i + 1) % n;
                let other = scheme.hash_leaf(&data[j]);
                prop_assert!(!verify_inclusion(&other, &proof, &root).ok, "leaf {} with proof of {}", j, i);
                let mut moved = proof.clone();
                moved.leaf_index = j;
                prop_assert!(!verify_inclusion(&leaf, &moved, &root).ok, "claimed position {} for {}", j, i);
            }
            for s in 0..proof.path.len() {
                let mut bad = proof.clone();
                bad.path[s].sibling[31] ^= 0x80;
                prop_assert!(!verify_inclusion(&leaf, &bad, &root).ok, "tampered step {}", s);
            }
        }
    }

    /// Hex encoding round-trips, in either case and with surrounding whitespace.
    #[test]
    fn hex_round_trips(bytes in proptest::collection::vec(any::<u8>(), 0..64)) {
        let hex = to_hex(&bytes);
        prop_assert_eq!(hex.len(), 2 * bytes.len());
        prop_assert_eq!(from_hex(&hex).unwrap(), bytes.clone());
        prop_assert_eq!(from_hex(&format!("  {}\n", hex.to_uppercase())).unwrap(), bytes);
    }

    /// No input string makes the hex parser panic.
    #[test]
    fn hex_parser_never_panics(s in "\\PC{0,40}") {
        let _ = from_hex(&s);
        let _ = digest_from_hex(&s);
    }
}

#[test]
fn hex_errors_say_what_is_wrong() {
    assert_eq!(from_hex("abc"), Err(HexError::OddLength(3)));
    assert_eq!(from_hex("0g"), Err(HexError::BadChar { at: 1, ch: 'g' }));
    assert_eq!(from_hex("aé"), Err(HexError::OddLength(3)));
    assert_eq!(from_hex("00éa0"), Err(HexError::BadChar { at: 2, ch: 'é' }));
    assert_eq!(
        digest_from_hex("00"),
        Err(HexError::WrongLength {
            expected: 32,
            found: 1
        })
    );
    for e in [HexError::OddLength(3), HexError::BadChar { at: 1, ch: 'g' }] {
        assert!(!e.to_string().is_empty());
    }
    assert_eq!(short_hex(&[0xab, 0xcd, 0xef], 4), "abcd…");
    assert_eq!(short_hex(&[0xab], 4), "ab");
}

#[test]
fn mismatched_trees_are_errors_not_panics() {
    let a = MerkleTree::build(Scheme::Rfc6962, &blocks(8, 0));
    let b = MerkleTree::build(Scheme::Rfc6962, &blocks(9, 0));
    let c = MerkleTree::build(Scheme::Bitcoin, &blocks(8, 0));
    assert_eq!(
        diff(&a, &b),
        Err(DiffError::ShapeMismatch { left: 8, right: 9 })
    );
    assert_eq!(diff(&a, &c), Err(DiffError::SchemeMismatch));
    assert!(diff(&a, &b).unwrap_err().to_string().contains('8'));
    let empty = MerkleTree::build::<Vec<u8>>(Scheme::Plain, &[]);
    let report = diff(&empty, &empty).unwrap();
    assert_eq!((report.comparisons, report.differing.len()), (0, 0));
}

#[test]
fn out_of_range_queries_are_errors_not_panics() {
    for scheme in Scheme::ALL {
        for n in [0usize, 1, 5] {
            let mut t = MerkleTree::build(scheme, &blocks(n, 0));
            let oob = MerkleError::LeafOutOfRange {
                index: n,
                leaves: n,
            };
            assert_eq!(t.leaf(n), Err(oob.clone()));
            assert_eq!(t.inclusion_proof(n).unwrap_err(), oob);
            assert_eq!(t.update_leaf(n, b"x").unwrap_err(), oob);
            assert_eq!(t.path_to_root(n).unwrap_err(), oob);
            assert_eq!(t.node(99, 0), None);
            assert_eq!(t.node(0, n), None);
            assert_eq!(t.node_kind(99, 0), None);
            assert!(t.children(99, 99).is_empty());
            assert!(!oob.to_string().is_empty());
        }
    }
    let empty = MerkleTree::build::<&[u8]>(Scheme::Rfc6962, &[]);
    assert_eq!(empty.root(), Scheme::Rfc6962.empty_root());
    assert_eq!(empty.height(), 1);
}

#[test]
fn unpaired_nodes_are_promoted_or_duplicated() {
    let data = blocks(5, 0);
    let rfc = MerkleTree::build(Scheme::Rfc6962, &data);
    let btc = MerkleTree::build(Scheme::Bitcoin, &data);
    // 5 leaves → 3 → 2 → 1 under both rules.
    for t in [&rfc, &btc] {
        let sizes: Vec<usize> = t.levels().iter().map(Vec::len).collect();
        assert_eq!(sizes, [5, 3, 2, 1]);
        assert_eq!(t.children(1, 2), [4]);
        assert_eq!(t.children(1, 0), [0, 1]);
        assert_eq!(t.node_kind(0, 4), Some(NodeKind::Leaf));
    }
    assert_eq!(rfc.node_kind(1, 2), Some(NodeKind::Promoted));
    assert_eq!(rfc.node(1, 2), rfc.node(0, 4));
    assert_eq!(btc.node_kind(1, 2), Some(NodeKind::Duplicated));
    let l4 = btc.node(0, 4).unwrap();
    assert_eq!(btc.node(1, 2), Some(&Scheme::Bitcoin.hash_node(l4, l4)));
    // The changed path of a leaf is exactly the nodes whose hashes change.
    let mut edited = rfc.clone();
    edited.update_leaf(4, b"new").unwrap();
    let changed: Vec<(usize, usize)> = (0..rfc.height())
        .flat_map(|l| (0..rfc.levels()[l].len()).map(move |i| (l, i)))
        .filter(|&(l, i)| rfc.node(l, i) != edited.node(l, i))
        .collect();
    assert_eq!(changed, rfc.path_to_root(4).unwrap());
}

#[test]
fn plain_scheme_is_the_textbook_tree() {
    use distlab_core::hash::{sha256, sha256_parts};
    let t = MerkleTree::build(Scheme::Plain, &[b"a", b"b"]);
    let expected = sha256_parts(&[&sha256(b"a"), &sha256(b"b")]);
    assert_eq!(t.root(), expected);
}
