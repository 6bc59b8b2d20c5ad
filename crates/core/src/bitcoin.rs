//! # Bitcoin's transaction Merkle tree
//!
//! Every Bitcoin block header (80 bytes) commits to the block's transactions through one
//! 32-byte field, the **Merkle root**. The leaves are the transaction ids (txids), each
//! already a double SHA-256 of the transaction's bytes; each inner node is
//! `SHA-256(SHA-256(left ‖ right))`. When a level has an odd number of nodes, the last
//! one is paired with **a copy of itself**:
//!
//! ```text
//!                 root = H(n012 ‖ n22)          H(x) = SHA-256(SHA-256(x))
//!               /                     \
//!      n01 = H(t0 ‖ t1)        n22 = H(n2 ‖ n2)     ← n2 has no partner: duplicated
//!       /        \                  |
//!     t0          t1         n2 = H(t2 ‖ t2)        ← t2 has no partner: duplicated
//!                                   |
//!                                  t2
//! ```
//!
//! A light client (SPV wallet) that trusts a header can check that a transaction is in
//! the block from about log₂ n sibling hashes, the [inclusion proof](crate::merkle) —
//! 4 hashes for a block of 9 transactions, 12 for a block of 4000.
//!
//! ## Byte order
//!
//! Hashes are computed over bytes in *internal* order, but block explorers and
//! `bitcoin-cli` *display* them byte-reversed (as if the 32 bytes were a little-endian
//! number, so the leading zeros of a block hash come first). Every hex string in this
//! module is in display order, and [`display_to_internal`] / [`internal_to_display`]
//! convert. Forgetting to reverse is the classic bug of hand-rolled Bitcoin Merkle code.
//!
//! ## Duplication and CVE-2012-2459
//!
//! Because an odd node is paired with itself, the lists `[a, b, c]` and `[a, b, c, c]`
//! have the same root: a block with its last transaction repeated hashes the same. Nodes
//! must therefore reject duplicate transactions separately; RFC 6962 trees (see
//! [`Scheme::Rfc6962`](crate::merkle::Scheme)) avoid this by promoting the odd
//! node instead.
//!
//! [`BLOCKS`] holds real blocks from Bitcoin's main chain; the tests re-derive their
//! txids from the raw blocks and check every published root.

use crate::hash::{digest_from_hex, to_hex, Digest, HexError};
use crate::merkle::{MerkleTree, Scheme};

/// A real Bitcoin block, as a block explorer shows it: every hash in display order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Block {
    /// Height in the main chain (the genesis block is 0).
    pub height: u32,
    /// The block hash (double SHA-256 of the 80-byte header), display order.
    pub hash: &'static str,
    /// The Merkle root stored in the header, display order.
    pub merkle_root: &'static str,
    /// The txids in block order (coinbase first), display order.
    pub txids: &'static [&'static str],
}

impl Block {
    /// The block's transaction Merkle tree.
    pub fn tree(&self) -> Result<MerkleTree, HexError> {
        tree_from_txids(self.txids)
    }
}

/// Real main-chain blocks, small enough to draw whole.
///
/// Sources (the tests check every value, so a typo cannot slip in):
///
/// - **170**: the first block with a transaction other than a coinbase (Satoshi to Hal
///   Finney). Hash from the bitcoin.org developer guide ("Example Block And Coinbase
///   Transaction"); txids and root from the bitcoin-ruby test suite (`bitcoin_mrkl`).
/// - **100000** (4 transactions) and **100002** (9 transactions: odd, so levels of 9, 5
///   and 3 nodes each duplicate their last node): txids derived by the tests from raw
///   blocks published in romanz/bindex-rs's index tests (block 100000) and in
///   bitpay/bitcore-node's `example/index.js` (block 100002); the header of each raw
///   block hashes to the block hash and holds the Merkle root listed here.
pub const BLOCKS: &[Block] = &[
    Block {
        height: 170,
        hash: "00000000d1145790a8694403d4063f323d499e655c83426834d4ce2f8dd4a2ee",
        merkle_root: "7dac2c5666815c17a3b36427de37bb9d2e2c5ccec3f8633eb91a4205cb4c10ff",
        txids: &[
            "b1fea52486ce0c62bb442b530a3f0132b826c74e473d1f2c220bfa78111c5082",
            "f4184fc596403b9d638783cf57adfe4c75c605f6356fbc91338530e9831e9e16",
        ],
    },
    Block {
        height: 100_000,
        hash: "000000000003ba27aa200b1cecaad478d2b00432346c3f1f3986da1afd33e506",
        merkle_root: "f3e94742aca4b5ef85488dc37c06c3282295ffec960994b2c0d5ac2a25a95766",
        txids: &[
            "8c14f0db3df150123e6f3dbbf30f8b955a8249b62ac1d1ff16284aefa3d06d87",
            "fff2525b8931402dd09222c50775608f75787bd2b87e56995a7bdd30f79702c4",
            "6359f0868171b1d194cbee1af2f16ea598ae8fad666d9b012c8ed2b79a236ec4",
            "e9a66845e05d5abc0ad04ec80f774a7e585c6e8db975962d069a522137b80c1d",
        ],
    },
    Block {
        height: 100_002,
        hash: "0000000000013b8ab2cd513b0261a14096412195a72a0c4827d229dcc7e0f7af",
        merkle_root: "2fda58e5959b0ee53c5253da9b9f3c0c739422ae04946966991cf55895287552",
        txids: &[
            "ef1d870d24c85b89d92ad50f4631026f585d6a34e972eaf427475e5d60acf3a3",
            "f9fc751cb7dc372406a9f8d738d5e6f8f63bab71986a39cf36ee70ee17036d07",
            "db60fb93d736894ed0b86cb92548920a3fe8310dd19b0da7ad97e48725e1e12e",
            "220ebc64e21abece964927322cba69180ed853bb187fbc6923bac7d010b9d87a",
            "71b3dbaca67e9f9189dad3617138c19725ab541ef0b49c05a94913e9f28e3f4e",
            "fe305e1ed08212d76161d853222048eea1f34af42ea0e197896a269fbf8dc2e0",
            "21d2eb195736af2a40d42107e6abd59c97eb6cffd4a5a7a7709e86590ae61987",
            "dd1fd2a6fc16404faf339881a90adbde7f4f728691ac62e8f168809cdfae1053",
            "74d681e0e03bafa802c8aa084379aa98d9fcd632ddc2ed9782b586ec87451f20",
        ],
    },
];

/// Parses a hash as explorers display it and reverses it into the internal byte order
/// that is actually hashed.
pub fn display_to_internal(hex: &str) -> Result<Digest, HexError> {
    let mut d = digest_from_hex(hex)?;
    d.reverse();
    Ok(d)
}

/// Shows an internal-order hash the way explorers do: bytes reversed, lowercase hex.
pub fn internal_to_display(d: &Digest) -> String {
    let mut r = *d;
    r.reverse();
    to_hex(&r)
}

/// The [`Scheme::Bitcoin`] tree over txids given in display order (coinbase first).
///
/// The leaves are the txids themselves (already double SHA-256 hashes of the
/// transactions), reversed into internal order; nothing is hashed again at the leaves.
/// An empty list gives an empty tree (no real block has no transactions).
pub fn tree_from_txids(display_txids: &[&str]) -> Result<MerkleTree, HexError> {
    let leaves = display_txids
        .iter()
        .map(|t| display_to_internal(t))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(MerkleTree::from_leaf_hashes_reference(
        Scheme::Bitcoin,
        leaves,
    ))
}

/// The Merkle root of txids given in display order, in display order: what a block
/// explorer shows as the block's "Merkle root".
pub fn merkle_root_display(display_txids: &[&str]) -> Result<String, HexError> {
    Ok(internal_to_display(&tree_from_txids(display_txids)?.root()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn byte_order_round_trips_and_reverses() {
        let shown = BLOCKS[0].hash;
        let internal = display_to_internal(shown).unwrap();
        // A block hash's leading zeros are displayed first but stored last.
        assert_eq!(&internal[28..], &[0, 0, 0, 0]);
        assert_ne!(internal[0], 0);
        assert_eq!(internal_to_display(&internal), shown);
        assert!(display_to_internal("00").is_err());
        assert!(display_to_internal(&"zz".repeat(32)).is_err());
    }

    #[test]
    fn single_transaction_root_is_the_txid() {
        let t = BLOCKS[1].txids[0];
        assert_eq!(merkle_root_display(&[t]).unwrap(), t);
    }

    #[test]
    fn bad_txid_is_an_error_not_a_panic() {
        assert!(tree_from_txids(&["abc"]).is_err());
        assert!(merkle_root_display(&[BLOCKS[0].txids[0], "xyz"]).is_err());
    }
}
