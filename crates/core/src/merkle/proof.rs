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

/// Recomputes the root from `leaf_hash` and `proof`, and compares it with `root`.
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
    ProofCheck {
        steps,
        computed_root: acc,
        ok: acc == *root,
    }
}
