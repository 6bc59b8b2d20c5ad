//! Consistency proofs (RFC 6962 §2.1.2, RFC 9162 §2.1.4): evidence that a log of `n`
//! entries is the log of `m` entries *with entries appended*, and nothing earlier
//! changed.
//!
//! ## What an auditor holds
//!
//! A Certificate Transparency auditor keeps only a *signed tree head* it saw earlier:
//! the size `m` and the root of the log at that size. Later the log publishes a bigger
//! head `(n, new root)`. The auditor asks for a consistency proof and checks that both
//! roots can be rebuilt from the same few hashes — the old root from the hashes that
//! cover entries `0..m`, the new root from those plus the hashes that cover `m..n`. If
//! the operator had rewritten, dropped or reordered any of the first `m` entries, no
//! set of hashes could rebuild both roots (short of a SHA-256 collision).
//!
//! ## The invariant
//!
//! An RFC 6962 tree of `n` leaves splits at `k`, the largest power of two below `n`:
//! the left subtree holds leaves `0..k` and is *complete*, so it never changes again
//! once the log has `k` entries. Growing the log only adds to the right. Therefore the
//! old tree is always made of complete subtrees that also appear, unchanged, inside the
//! new tree. The proof (the RFC's `SUBPROOF(m, D[n], true)`) walks down from the new
//! root towards leaf `m`, and at each split hands over the hash of the side it does not
//! enter:
//!
//! - if `m ≤ k`, the old tree lies in the left half; the proof gives the right half's
//!   hash (needed only for the new root) and goes left;
//! - if `m > k`, the left half is complete and shared by both trees; the proof gives
//!   its hash (needed for both roots) and goes right, looking for `m − k` in `n − k`;
//! - when the remaining range is exactly the old tree's last piece, the proof gives its
//!   hash — unless that piece *is* the whole old tree, whose root the auditor already
//!   holds.
//!
//! ## Why it is O(log n)
//!
//! Each step halves the range (at least), and hands over one hash, so a proof has at
//! most ⌈log₂ n⌉ + 1 hashes: 21 hashes for a log of a million entries, instead of the
//! entries themselves.

use super::{MerkleTree, Scheme};
use crate::hash::Digest;

/// One hash of a consistency proof, with the entries it covers in the new tree.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConsistencyNode {
    /// First entry covered.
    pub start: usize,
    /// One past the last entry covered.
    pub end: usize,
    /// The RFC 6962 hash of entries `start..end`.
    pub hash: Digest,
}

/// A consistency proof from size `old_size` to size `new_size`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConsistencyProof {
    /// Size of the older tree head (m).
    pub old_size: usize,
    /// Size of the newer tree head (n).
    pub new_size: usize,
    /// The hashes in the RFC's order (deepest first), with the range each covers.
    pub nodes: Vec<ConsistencyNode>,
}

impl ConsistencyProof {
    /// The hashes alone, as a log sends them: RFC 6962's `PROOF(m, D[n])`.
    pub fn hashes(&self) -> Vec<Digest> {
        self.nodes.iter().map(|n| n.hash).collect()
    }
}

/// Why a consistency proof could not be made or did not verify.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConsistencyError {
    /// Consistency proofs need the promoted-node tree shape (RFC 6962 or Plain).
    UnsupportedScheme(Scheme),
    /// Old size 0: the RFC defines no proof from the empty tree.
    OldSizeZero,
    /// The old size is larger than the new size (or than the tree, when generating).
    OldSizeTooLarge {
        /// m.
        old: usize,
        /// n.
        new: usize,
    },
    /// A byte string that is not a whole number of 32-byte hashes.
    NotWholeHashes {
        /// Its length.
        bytes: usize,
    },
    /// The proof does not have the number of hashes sizes `m` and `n` call for.
    WrongLength {
        /// What `PROOF(m, D[n])` has.
        expected: usize,
        /// What was given.
        got: usize,
    },
    /// Equal sizes but different roots: two different trees of one size.
    SameSizeDifferentRoots,
    /// The old root rebuilt from the proof is not the one the auditor holds.
    OldRootMismatch,
    /// The new root rebuilt from the proof is not the one the log published.
    NewRootMismatch,
    /// Neither rebuilt root matches.
    BothRootsMismatch,
}

impl std::fmt::Display for ConsistencyError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::UnsupportedScheme(s) => write!(
                f,
                "{} trees have no consistency proofs: they duplicate unpaired nodes",
                s.name()
            ),
            Self::OldSizeZero => write!(
                f,
                "an old tree head of size 0 holds nothing to check: the smallest old size is 1"
            ),
            Self::OldSizeTooLarge { old, new } => write!(
                f,
                "the old size {old} is larger than the new size {new}: a log only grows"
            ),
            Self::NotWholeHashes { bytes } => write!(
                f,
                "a proof of {bytes} bytes is not a whole number of 32-byte hashes"
            ),
            Self::WrongLength { expected, got } => write!(
                f,
                "the proof has {got} hashes, but a proof between these sizes has exactly {expected}"
            ),
            Self::SameSizeDifferentRoots => write!(
                f,
                "both tree heads have the same size but different roots: the log shows two different histories"
            ),
            Self::OldRootMismatch => write!(
                f,
                "the old root rebuilt from the proof is not the old root the auditor holds"
            ),
            Self::NewRootMismatch => write!(
                f,
                "the new root rebuilt from the proof is not the new root the log published"
            ),
            Self::BothRootsMismatch => write!(
                f,
                "neither the old nor the new root rebuilt from the proof matches its tree head"
            ),
        }
    }
}

impl std::error::Error for ConsistencyError {}

/// The largest power of two strictly below `n` (n ≥ 2): where RFC 6962 splits a tree.
fn split(n: usize) -> usize {
    let k = n.saturating_sub(1).checked_ilog2().unwrap_or(0);
    1 << k
}

/// Checks `0 < old ≤ new` and a scheme with the promoted-node shape.
fn check_sizes(scheme: Scheme, old: usize, new: usize) -> Result<(), ConsistencyError> {
    if scheme.duplicates_odd_node() {
        Err(ConsistencyError::UnsupportedScheme(scheme))
    } else if old == 0 {
        Err(ConsistencyError::OldSizeZero)
    } else if old > new {
        Err(ConsistencyError::OldSizeTooLarge { old, new })
    } else {
        Ok(())
    }
}

/// How many hashes `PROOF(m, D[n])` has, from the sizes alone: the RFC's recursion with
/// the hashing left out. At most ⌈log₂ n⌉ + 1.
pub fn consistency_proof_len(old_size: usize, new_size: usize) -> usize {
    if old_size == 0 || old_size > new_size {
        return 0;
    }
    let (mut m, mut n, mut whole_old_tree) = (old_size, new_size, true);
    let mut len = 0;
    while m != n {
        let k = split(n);
        if m <= k {
            n = k;
        } else {
            m -= k;
            n -= k;
            whole_old_tree = false;
        }
        len += 1;
    }
    len + usize::from(!whole_old_tree)
}

/// Splits a proof received as bytes into 32-byte hashes.
pub fn hashes_from_bytes(bytes: &[u8]) -> Result<Vec<Digest>, ConsistencyError> {
    if !bytes.len().is_multiple_of(32) {
        return Err(ConsistencyError::NotWholeHashes { bytes: bytes.len() });
    }
    Ok(bytes
        .chunks_exact(32)
        .map(|c| {
            let mut d = [0u8; 32];
            d.copy_from_slice(c);
            d
        })
        .collect())
}

impl MerkleTree {
    /// The hash of entries `start..end`, as RFC 6962's `MTH(D[start:end])`. Every range
    /// the proof asks for starts at a multiple of its own size rounded up to a power of
    /// two, so it is one node of the level-by-level tree; the recursion is a fallback.
    fn range_hash(&self, start: usize, end: usize) -> Digest {
        let size = end.saturating_sub(start);
        if size <= 1 {
            return self
                .leaf(start)
                .copied()
                .unwrap_or_else(|_| self.scheme().empty_root());
        }
        let level = (size - 1).ilog2() as usize + 1;
        let aligned = start.is_multiple_of(1 << level);
        let full_or_last = start + (1 << level) == end || end == self.leaf_count();
        match self.node(level, start >> level) {
            Some(h) if aligned && full_or_last => *h,
            _ => {
                let k = split(size);
                let left = self.range_hash(start, start + k);
                let right = self.range_hash(start + k, end);
                self.scheme().hash_node(&left, &right)
            }
        }
    }

    /// The consistency proof from the first `old_size` entries to the whole tree
    /// (RFC 6962 §2.1.2 `PROOF(m, D[n])` with `n` = [`leaf_count`](Self::leaf_count)).
    pub fn consistency_proof(&self, old_size: usize) -> Result<ConsistencyProof, ConsistencyError> {
        let new_size = self.leaf_count();
        check_sizes(self.scheme(), old_size, new_size)?;
        // SUBPROOF(m, D[start..end], whole_old_tree), unrolled: the recursion only ever
        // goes down one side.
        let (mut m, mut start, mut end, mut whole_old_tree) = (old_size, 0, new_size, true);
        let mut nodes = Vec::new();
        while m != end - start {
            let k = split(end - start);
            if m <= k {
                // The old tree is inside the left half; the right half is new.
                let (s, e) = (start + k, end);
                nodes.push(self.node_of(s, e));
                end = start + k;
            } else {
                // The left half is complete and in both trees.
                nodes.push(self.node_of(start, start + k));
                m -= k;
                start += k;
                whole_old_tree = false;
            }
        }
        if !whole_old_tree {
            nodes.push(self.node_of(start, end));
        }
        // Deepest first, as the RFC's recursion appends on the way back up.
        nodes.reverse();
        Ok(ConsistencyProof {
            old_size,
            new_size,
            nodes,
        })
    }

    fn node_of(&self, start: usize, end: usize) -> ConsistencyNode {
        ConsistencyNode {
            start,
            end,
            hash: self.range_hash(start, end),
        }
    }
}

/// Where the verifier's two running hashes start.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConsistencyStart {
    /// `m` is a power of two: the old tree is one complete subtree of the new one, so
    /// the auditor's own old root is the starting hash (the proof omits it).
    OldRoot,
    /// Otherwise the proof's first hash, the old tree's last complete piece.
    FirstHash,
}

/// One hash of the proof folded into the running roots.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConsistencyStep {
    /// Index of the hash in the proof.
    pub index: usize,
    /// Whether the hash lies inside the old tree (it goes on the left of *both*
    /// running hashes) or to the right of it (it extends only the new one, on the right).
    pub in_old_tree: bool,
    /// The running old root after the step.
    pub old_after: Digest,
    /// The running new root after the step.
    pub new_after: Digest,
}

/// The verifier's work and verdict.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConsistencyCheck {
    /// Where the running hashes started (`None` if the sizes were rejected up front or
    /// no hashing was needed).
    pub start: Option<ConsistencyStart>,
    /// Each hash folded in, in order.
    pub steps: Vec<ConsistencyStep>,
    /// The old root rebuilt from the proof, if verification got that far.
    pub old_root: Option<Digest>,
    /// The new root rebuilt from the proof, if verification got that far.
    pub new_root: Option<Digest>,
    /// `Ok(())` if the new head extends the old one.
    pub verdict: Result<(), ConsistencyError>,
}

/// Verifies that the head `(new_size, new_root)` extends `(old_size, old_root)`, with
/// the algorithm of RFC 9162 §2.1.4.2, recording each step.
///
/// The two running hashes `fr` (old) and `sr` (new) start from the same hash. The bits
/// of `m − 1` and `n − 1`, read from the bottom, say at each level whether the next
/// proof hash sits to the left of the path (then it joins both roots) or to its right
/// (then it belongs to the new entries only). Checks, in order: the scheme, the sizes,
/// the proof's length, then both roots. Never panics.
pub fn check_consistency(
    scheme: Scheme,
    old_size: usize,
    new_size: usize,
    old_root: &Digest,
    new_root: &Digest,
    proof: &[Digest],
) -> ConsistencyCheck {
    let mut check = ConsistencyCheck {
        start: None,
        steps: Vec::new(),
        old_root: None,
        new_root: None,
        verdict: Ok(()),
    };
    if let Err(e) = check_sizes(scheme, old_size, new_size) {
        check.verdict = Err(e);
        return check;
    }
    let expected = consistency_proof_len(old_size, new_size);
    if proof.len() != expected {
        check.verdict = Err(ConsistencyError::WrongLength {
            expected,
            got: proof.len(),
        });
        return check;
    }
    if old_size == new_size {
        if old_root != new_root {
            check.verdict = Err(ConsistencyError::SameSizeDifferentRoots);
        }
        return check;
    }
    let (seed, rest) = if old_size.is_power_of_two() {
        (ConsistencyStart::OldRoot, (*old_root, proof))
    } else {
        match proof.split_first() {
            Some((first, rest)) => (ConsistencyStart::FirstHash, (*first, rest)),
            None => {
                check.verdict = Err(ConsistencyError::WrongLength { expected, got: 0 });
                return check;
            }
        }
    };
    check.start = Some(seed);
    let (mut fr, rest) = rest;
    let mut sr = fr;
    let first_index = proof.len() - rest.len();
    let (mut f_n, mut s_n) = (old_size - 1, new_size - 1);
    while f_n & 1 == 1 {
        f_n >>= 1;
        s_n >>= 1;
    }
    for (i, c) in rest.iter().enumerate() {
        if s_n == 0 {
            // Unreachable once the length matched; kept so a bug cannot turn into a pass.
            check.verdict = Err(ConsistencyError::WrongLength {
                expected,
                got: proof.len(),
            });
            return check;
        }
        let in_old_tree = f_n & 1 == 1 || f_n == s_n;
        if in_old_tree {
            fr = scheme.hash_node(c, &fr);
            sr = scheme.hash_node(c, &sr);
            while f_n & 1 == 0 && f_n != 0 {
                f_n >>= 1;
                s_n >>= 1;
            }
        } else {
            sr = scheme.hash_node(&sr, c);
        }
        f_n >>= 1;
        s_n >>= 1;
        check.steps.push(ConsistencyStep {
            index: first_index + i,
            in_old_tree,
            old_after: fr,
            new_after: sr,
        });
    }
    check.old_root = Some(fr);
    check.new_root = Some(sr);
    check.verdict = match (s_n == 0, fr == *old_root, sr == *new_root) {
        (false, _, _) => Err(ConsistencyError::WrongLength {
            expected,
            got: proof.len(),
        }),
        (true, true, true) => Ok(()),
        (true, false, true) => Err(ConsistencyError::OldRootMismatch),
        (true, true, false) => Err(ConsistencyError::NewRootMismatch),
        (true, false, false) => Err(ConsistencyError::BothRootsMismatch),
    };
    check
}

/// [`check_consistency`] without the steps: `Ok(())` if the new head extends the old.
pub fn verify_consistency(
    scheme: Scheme,
    old_size: usize,
    new_size: usize,
    old_root: &Digest,
    new_root: &Digest,
    proof: &[Digest],
) -> Result<(), ConsistencyError> {
    check_consistency(scheme, old_size, new_size, old_root, new_root, proof).verdict
}
