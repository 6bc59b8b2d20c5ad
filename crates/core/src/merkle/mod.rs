//! # Merkle trees: a hash that summarises a data set and shows where two copies differ
//!
//! Each leaf is the hash of one data block; each inner node is the hash of its two
//! children. The root therefore depends on every byte of every block: change one block
//! and the hashes on its path — and only those — change, up to the root.
//!
//! ```text
//!                 root = H(n01 ‖ n23)
//!                /                   \
//!        n01 = H(l0 ‖ l1)      n23 = H(l2 ‖ l3)
//!         /        \             /        \
//!     l0=H(b0)  l1=H(b1)    l2=H(b2)  l3=H(b3)
//! ```
//!
//! Three hashing [`Scheme`]s are built here:
//!
//! - [`Scheme::Rfc6962`] (the safe default): Certificate Transparency's tree. Leaves are
//!   `SHA-256(0x00 ‖ data)` and nodes `SHA-256(0x01 ‖ left ‖ right)`. The prefixes keep a
//!   leaf from ever being mistaken for an inner node (the "second preimage" attack on
//!   plain trees). A tree of `n` leaves splits at the largest power of two below `n`;
//!   built level by level that is the same as *promoting* an unpaired last node to the
//!   next level unchanged.
//! - [`Scheme::Plain`]: the textbook tree the blog post describes, `H(data)` and
//!   `H(left ‖ right)` with no prefixes, unpaired nodes promoted like RFC 6962.
//! - [`Scheme::Bitcoin`]: double SHA-256 everywhere, and an unpaired last node is paired
//!   with a *copy of itself* (which is why Bitcoin trees admit the CVE-2012-2459
//!   duplicate-transaction trick).
//!
//! ## Invariants
//!
//! - `levels[0]` holds the leaf hashes; `levels[h + 1][i]` is the parent of
//!   `levels[h][2i]` and `levels[h][2i + 1]`; the last level has exactly one node, the
//!   root (for a non-empty tree).
//! - Equal roots ⇔ equal leaf sequences (up to SHA-256 collisions).
//! - [`diff()`] visits a node pair only if their parents differed, so it makes
//!   O(k·log n) comparisons for k differing leaves instead of n.
//! - An [`InclusionProof`] holds one sibling per level where the leaf's ancestor has a
//!   sibling: ⌈log₂ n⌉ hashes at most.
//! - A [`ConsistencyProof`] from size m to size n holds at most ⌈log₂ n⌉ + 1 hashes, and
//!   rebuilds both the old and the new root: proof that the log only grew.

mod consistency;
mod diff;
mod fast;
mod proof;
mod tree;

pub use consistency::{
    check_consistency, consistency_proof_len, hashes_from_bytes, verify_consistency,
    ConsistencyCheck, ConsistencyError, ConsistencyNode, ConsistencyProof, ConsistencyStart,
    ConsistencyStep,
};
pub use diff::{diff, DiffError, DiffReport, DiffVisit};
pub use proof::{verify_inclusion, InclusionProof, ProofCheck, ProofStep, VerifyStep};
pub use tree::{MerkleError, MerkleTree, NodeKind};

use crate::hash::{sha256, sha256_parts, sha256d, Digest};

/// How leaves and inner nodes are hashed, and what happens to an unpaired node.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub enum Scheme {
    /// RFC 6962 (Certificate Transparency): domain-separated leaves and nodes. Default.
    #[default]
    Rfc6962,
    /// The textbook tree: `H(data)`, `H(left ‖ right)`, no domain separation.
    Plain,
    /// Bitcoin: double SHA-256, an unpaired node is hashed with a copy of itself.
    Bitcoin,
}

impl Scheme {
    /// Every scheme, in the order widgets list them.
    pub const ALL: [Scheme; 3] = [Scheme::Rfc6962, Scheme::Plain, Scheme::Bitcoin];

    /// A short human name.
    pub fn name(self) -> &'static str {
        match self {
            Scheme::Rfc6962 => "RFC 6962",
            Scheme::Plain => "Plain",
            Scheme::Bitcoin => "Bitcoin",
        }
    }

    /// How a leaf's hash is formed, as a formula for display.
    pub fn leaf_formula(self) -> &'static str {
        match self {
            Scheme::Rfc6962 => "SHA-256(0x00 ‖ block)",
            Scheme::Plain => "SHA-256(block)",
            Scheme::Bitcoin => "SHA-256(SHA-256(tx))",
        }
    }

    /// How an inner node's hash is formed, as a formula for display.
    pub fn node_formula(self) -> &'static str {
        match self {
            Scheme::Rfc6962 => "SHA-256(0x01 ‖ left ‖ right)",
            Scheme::Plain => "SHA-256(left ‖ right)",
            Scheme::Bitcoin => "SHA-256(SHA-256(left ‖ right))",
        }
    }

    /// Hash of one data block as a leaf.
    pub fn hash_leaf(self, data: &[u8]) -> Digest {
        match self {
            Scheme::Rfc6962 => sha256_parts(&[&[0x00], data]),
            Scheme::Plain => sha256(data),
            Scheme::Bitcoin => sha256d(data),
        }
    }

    /// Hash of an inner node from its two children.
    pub fn hash_node(self, left: &Digest, right: &Digest) -> Digest {
        match self {
            Scheme::Rfc6962 => sha256_parts(&[&[0x01], left, right]),
            Scheme::Plain => sha256_parts(&[left, right]),
            Scheme::Bitcoin => {
                let mut buf = [0u8; 64];
                buf[..32].copy_from_slice(left);
                buf[32..].copy_from_slice(right);
                sha256d(&buf)
            }
        }
    }

    /// Whether an unpaired last node is hashed with a copy of itself (Bitcoin) rather
    /// than promoted unchanged (RFC 6962, Plain).
    pub fn duplicates_odd_node(self) -> bool {
        matches!(self, Scheme::Bitcoin)
    }

    /// The root of a tree with no leaves: RFC 6962 defines it as `SHA-256("")`; we use
    /// the same value for the other schemes (Bitcoin blocks always hold a coinbase).
    pub fn empty_root(self) -> Digest {
        sha256(b"")
    }
}
