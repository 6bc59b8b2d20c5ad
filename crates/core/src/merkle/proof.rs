//! Inclusion proofs (RFC 6962 calls them audit paths): the sibling hashes that let
//! anyone holding only the root check that one leaf is in the tree.
//!
//! To prove leaf `i`, hand over the hash of the sibling of every node on `i`'s path to
//! the root. The verifier hashes its leaf with the first sibling, the result with the
//! next, and so on; if it lands on the root, the leaf is in the tree. That is at most
//! ⌈log₂ n⌉ hashes instead of n leaves — how a Bitcoin light client checks a payment.

use super::{MerkleError, MerkleTree, Scheme};
use crate::hash::Digest;

/// One sibling hash of an audit path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ProofStep {
    /// Level of the sibling (0 = leaves).
    pub level: usize,
    /// The sibling's hash.
    pub sibling: Digest,
    /// Whether the sibling sits on the left (then the running hash goes on the right).
    pub sibling_on_left: bool,
}

/// An audit path for one leaf.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InclusionProof {
    /// Scheme the tree was built with.
    pub scheme: Scheme,
    /// The leaf being proved.
    pub leaf_index: usize,
    /// Leaves in the tree.
    pub leaf_count: usize,
    /// Siblings from the leaf level up. Levels where the path's node is promoted have no
    /// step; where it is duplicated (Bitcoin) the sibling is the node itself.
    pub path: Vec<ProofStep>,
}

/// One hashing step a verifier performs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VerifyStep {
    /// Left input.
    pub left: Digest,
    /// Right input.
    pub right: Digest,
    /// `scheme.hash_node(left, right)`.
    pub parent: Digest,
}

/// The verifier's work, step by step, and its verdict.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProofCheck {
    /// Each hash computed, bottom up.
    pub steps: Vec<VerifyStep>,
    /// The root the path leads to.
    pub computed_root: Digest,
    /// Whether it equals the expected root.
    pub ok: bool,
}

impl MerkleTree {
    /// The audit path of leaf `index`.
    pub fn inclusion_proof(&self, index: usize) -> Result<InclusionProof, MerkleError> {
        self.leaf(index)?;
        let mut path = Vec::new();
        let mut i = index;
        let levels = self.levels();
        for (level, nodes) in levels.iter().enumerate().take(levels.len() - 1) {
            let sib = i ^ 1;
            if let Some(h) = nodes.get(sib) {
                path.push(ProofStep {
                    level,
                    sibling: *h,
                    sibling_on_left: sib < i,
                });
            } else if self.scheme().duplicates_odd_node() {
                path.push(ProofStep {
                    level,
                    sibling: nodes[i],
                    sibling_on_left: false,
                });
            }
            i /= 2;
        }
        Ok(InclusionProof {
            scheme: self.scheme(),
            leaf_index: index,
            leaf_count: self.leaf_count(),
            path,
        })
    }
}

impl InclusionProof {
    /// The sibling hashes alone, bottom up: RFC 6962's `PATH(m, D[n])` (§2.1.1) for an
    /// RFC 6962 tree.
    pub fn siblings(&self) -> Vec<Digest> {
        self.path.iter().map(|s| s.sibling).collect()
    }
}

/// The `(level, sibling_on_left)` of every step an honest proof for leaf `index` of a
/// tree of `count` leaves has: a verifier derives it from the index and the tree size
/// instead of trusting the prover's word for which side each sibling is on.
fn expected_shape(scheme: Scheme, index: usize, count: usize) -> Vec<(usize, bool)> {
    let mut shape = Vec::new();
    let (mut i, mut size, mut level) = (index, count, 0);
    while size > 1 {
        let sib = i ^ 1;
        if sib < size {
            shape.push((level, sib < i));
        } else if scheme.duplicates_odd_node() {
            shape.push((level, false));
        }
        i /= 2;
        size = size.div_ceil(2);
        level += 1;
    }
    shape
}

/// Recomputes the root from `leaf_hash` and `proof`, and compares it with `root`.
///
/// The proof must also have the shape its `leaf_index` and `leaf_count` imply (one step
/// per level where the leaf's ancestor has a sibling, each on the side the index says),
/// so a valid proof for one position cannot be passed off as a proof for another.
pub fn verify_inclusion(leaf_hash: &Digest, proof: &InclusionProof, root: &Digest) -> ProofCheck {
    let mut acc = *leaf_hash;
    let mut steps = Vec::with_capacity(proof.path.len());
    for step in &proof.path {
        let (left, right) = if step.sibling_on_left {
            (step.sibling, acc)
        } else {
            (acc, step.sibling)
        };
        let parent = proof.scheme.hash_node(&left, &right);
        steps.push(VerifyStep {
            left,
            right,
            parent,
        });
        acc = parent;
    }
    let shape_ok = proof.leaf_index < proof.leaf_count
        && proof
            .path
            .iter()
            .map(|s| (s.level, s.sibling_on_left))
            .eq(expected_shape(
                proof.scheme,
                proof.leaf_index,
                proof.leaf_count,
            ));
    ProofCheck {
        steps,
        computed_root: acc,
        ok: shape_ok && acc == *root,
    }
}
