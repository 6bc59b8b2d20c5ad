//! A Bitcoin Merkle proof, worked out as pure logic (no Yew) from a real block of
//! [`distlab_core::bitcoin::BLOCKS`].
//!
//! A light client holds the block header (with its Merkle root) and one transaction id.
//! The full node sends the sibling of every node on the txid's path to the root; the
//! client hashes its way up, `SHA-256(SHA-256(left ‖ right))` per level, and compares
//! the result with the header's root. The reader may *tamper* with the txid or one
//! sibling to watch the check fail.
//!
//! Byte order: hashing works on *internal* byte order; explorers print hashes
//! byte-reversed (display order). The txids and the header root arrive in display order
//! and are reversed before hashing; the computed root is reversed back to compare.

use distlab_core::bitcoin::{display_to_internal, internal_to_display, Block, BLOCKS};
use distlab_core::hash::{Digest, HexError};
use distlab_core::merkle::{verify_inclusion, InclusionProof, MerkleTree, ProofCheck};

/// Bytes of one hash (a txid or a proof sibling).
pub const HASH_BYTES: usize = 32;

/// Index in [`BLOCKS`] of the block at `height`.
pub fn block_index(height: u64) -> Option<usize> {
    BLOCKS.iter().position(|b| u64::from(b.height) == height)
}

/// The transaction a proof shows first: the block's last, because in a block with an
/// odd count it is the one paired with a copy of itself. (In block 170 it is the first
/// bitcoin payment between two people, Satoshi Nakamoto to Hal Finney.)
pub fn default_tx(block: &Block) -> usize {
    block.txids.len().saturating_sub(1)
}

/// What the reader has tampered with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Tamper {
    /// The txid being proved has one bit flipped.
    pub txid: bool,
    /// This sibling of the proof has one bit flipped.
    pub sibling: Option<usize>,
}

impl Tamper {
    /// Whether anything is tampered with.
    pub fn any(&self) -> bool {
        self.txid || self.sibling.is_some()
    }
}

/// Flips the lowest bit of the *last* internal byte: the first byte explorers print, so
/// the change shows at the very start of the displayed hex.
pub fn flip(d: &Digest) -> Digest {
    let mut t = *d;
    t[31] ^= 0x01;
    t
}

/// One verification step with what the widget explains about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StepInfo {
    /// Tree level of the sibling (0 = txids).
    pub level: usize,
    /// Whether the sibling is a copy of the node itself (odd level, last node).
    pub duplicated: bool,
    /// Whether the sibling is on the left.
    pub sibling_on_left: bool,
    /// Whether the reader tampered with this sibling.
    pub tampered: bool,
}

/// The proof of one transaction, its verification, and the reference values.
#[derive(Debug, Clone, PartialEq)]
pub struct Worked {
    /// The honest tree of the block.
    pub tree: MerkleTree,
    /// The transaction proved.
    pub tx: usize,
    /// The leaf the client starts from (internal order; flipped if tampered).
    pub leaf: Digest,
    /// The proof as the client received it (a sibling flipped if tampered).
    pub proof: InclusionProof,
    /// What each step is.
    pub info: Vec<StepInfo>,
    /// The client's hashing, step by step, and the verdict.
    pub check: ProofCheck,
    /// The root in the block header, internal order.
    pub header_root: Digest,
}

impl Worked {
    /// Works out the proof of transaction `tx` (clamped) of `block`.
    pub fn new(block: &Block, tx: usize, tamper: Tamper) -> Result<Self, HexError> {
        let tree = block.tree()?;
        let header_root = display_to_internal(block.merkle_root)?;
        let tx = tx.min(block.txids.len().saturating_sub(1));
        let honest_leaf = display_to_internal(block.txids.get(tx).copied().unwrap_or(""))?;
        let mut proof = tree
            .inclusion_proof(tx)
            .map_err(|_| HexError::WrongLength {
                expected: 32,
                found: 0,
            })?;
        let levels = tree.levels();
        let mut info = Vec::with_capacity(proof.path.len());
        for (k, step) in proof.path.iter_mut().enumerate() {
            let width = levels.get(step.level).map_or(0, Vec::len);
            let index = tx >> step.level;
            let tampered = tamper.sibling == Some(k);
            info.push(StepInfo {
                level: step.level,
                duplicated: width % 2 == 1 && index + 1 == width,
                sibling_on_left: step.sibling_on_left,
                tampered,
            });
            if tampered {
                step.sibling = flip(&step.sibling);
            }
        }
        let leaf = if tamper.txid {
            flip(&honest_leaf)
        } else {
            honest_leaf
        };
        let check = verify_inclusion(&leaf, &proof, &header_root);
        Ok(Worked {
            tree,
            tx,
            leaf,
            proof,
            info,
            check,
            header_root,
        })
    }

    /// Hashes in the proof.
    pub fn proof_hashes(&self) -> usize {
        self.proof.path.len()
    }

    /// The computed root as explorers would print it.
    pub fn computed_display(&self) -> String {
        internal_to_display(&self.check.computed_root)
    }
}

/// ⌈log₂ n⌉, the proof length for `n` transactions (0 for one transaction).
pub fn ceil_log2(n: usize) -> usize {
    if n <= 1 {
        0
    } else {
        (usize::BITS - (n - 1).leading_zeros()) as usize
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_default_proof_verifies_to_the_header_root() {
        for b in BLOCKS {
            let w = Worked::new(b, default_tx(b), Tamper::default()).unwrap();
            assert!(w.check.ok, "block {}", b.height);
            assert_eq!(w.computed_display(), b.merkle_root);
            assert_eq!(w.proof_hashes(), ceil_log2(b.txids.len()));
        }
    }

    #[test]
    fn every_transaction_of_every_block_verifies() {
        for b in BLOCKS {
            for tx in 0..b.txids.len() {
                assert!(Worked::new(b, tx, Tamper::default()).unwrap().check.ok);
            }
        }
    }

    #[test]
    fn tampering_anything_fails() {
        for b in BLOCKS {
            let tx = default_tx(b);
            let w = Worked::new(
                b,
                tx,
                Tamper {
                    txid: true,
                    sibling: None,
                },
            )
            .unwrap();
            assert!(!w.check.ok);
            for k in 0..w.proof_hashes() {
                let t = Tamper {
                    txid: false,
                    sibling: Some(k),
                };
                let w = Worked::new(b, tx, t).unwrap();
                assert!(!w.check.ok, "block {} sibling {k}", b.height);
                assert!(w.info[k].tampered);
            }
        }
    }

    #[test]
    fn odd_levels_pair_the_last_node_with_itself() {
        let b = BLOCKS.iter().find(|b| b.txids.len() == 9).unwrap();
        let w = Worked::new(b, 8, Tamper::default()).unwrap();
        // Levels of 9, 5 and 3 nodes: tx 8's ancestors are last each time.
        let dup: Vec<bool> = w.info.iter().map(|i| i.duplicated).collect();
        assert_eq!(dup, [true, true, true, false]);
        assert_eq!(w.check.steps[0].left, w.check.steps[0].right);
        let w0 = Worked::new(b, 0, Tamper::default()).unwrap();
        assert!(w0.info.iter().all(|i| !i.duplicated));
    }

    #[test]
    fn lookups_and_clamps() {
        assert_eq!(block_index(170), Some(0));
        assert_eq!(block_index(1), None);
        assert_eq!(ceil_log2(9), 4);
        assert_eq!(ceil_log2(4), 2);
        assert_eq!(ceil_log2(2), 1);
        let w = Worked::new(&BLOCKS[0], 99, Tamper::default()).unwrap();
        assert_eq!(w.tx, 1);
        assert_eq!(flip(&flip(&[7; 32])), [7; 32]);
    }
}
