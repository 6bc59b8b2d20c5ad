//! Bitcoin's Merkle tree against real blocks.
//!
//! The raw blocks in `tests/data/` are copied from public test data (block 100000 from
//! romanz/bindex-rs's index tests, block 100002 from bitpay/bitcore-node's
//! `example/index.js`). The tests parse them, recompute every txid with double SHA-256,
//! check the header hashes to the published block hash (and meets its own proof-of-work
//! target, which no made-up header would), and that the header's Merkle root is what
//! our tree computes from the txids.

use distlab_core::bitcoin::{
    display_to_internal, internal_to_display, merkle_root_display, tree_from_txids, Block, BLOCKS,
};
use distlab_core::hash::{from_hex, sha256d};
use distlab_core::merkle::{verify_inclusion, NodeKind};

/// A forward-only reader over a raw block.
struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> &'a [u8] {
        let s = &self.bytes[self.at..self.at + n];
        self.at += n;
        s
    }

    /// Bitcoin's CompactSize integer.
    fn varint(&mut self) -> usize {
        match self.take(1)[0] {
            0xfd => u16::from_le_bytes(self.take(2).try_into().unwrap()) as usize,
            0xfe => u32::from_le_bytes(self.take(4).try_into().unwrap()) as usize,
            0xff => u64::from_le_bytes(self.take(8).try_into().unwrap()) as usize,
            n => n as usize,
        }
    }

    /// Skips one legacy (pre-segwit) transaction and returns its bytes.
    fn transaction(&mut self) -> &'a [u8] {
        let start = self.at;
        self.take(4); // version
        let inputs = self.varint();
        assert_ne!(inputs, 0, "segwit marker: not expected in 2009-2010 blocks");
        for _ in 0..inputs {
            self.take(36); // previous txid and output index
            let script = self.varint();
            self.take(script + 4); // scriptSig and sequence
        }
        for _ in 0..self.varint() {
            self.take(8); // value
            let script = self.varint();
            self.take(script);
        }
        self.take(4); // lock time
        &self.bytes[start..self.at]
    }
}

struct RawBlock {
    header: Vec<u8>,
    txids: Vec<String>,
}

fn parse_block(hex: &str) -> RawBlock {
    let bytes = from_hex(hex).expect("fixture is hex");
    let mut r = Reader {
        bytes: &bytes,
        at: 0,
    };
    let header = r.take(80).to_vec();
    let count = r.varint();
    let txids = (0..count)
        .map(|_| internal_to_display(&sha256d(r.transaction())))
        .collect();
    assert_eq!(
        r.at,
        bytes.len(),
        "trailing bytes after the last transaction"
    );
    RawBlock { header, txids }
}

/// Whether `hash` (display order, i.e. big-endian) is at most the target encoded in
/// the header's compact `bits` field.
fn meets_target(hash_display: &str, header: &[u8]) -> bool {
    let bits = u32::from_le_bytes(header[72..76].try_into().unwrap());
    let exponent = (bits >> 24) as usize;
    let mantissa = (bits & 0x00ff_ffff).to_be_bytes();
    let mut target = [0u8; 32];
    target[32 - exponent..32 - exponent + 3].copy_from_slice(&mantissa[1..]);
    from_hex(hash_display).unwrap().as_slice() <= &target[..]
}

fn block(height: u32) -> &'static Block {
    BLOCKS
        .iter()
        .find(|b| b.height == height)
        .expect("block in BLOCKS")
}

fn check_raw_block(height: u32, hex: &str) {
    let b = block(height);
    let raw = parse_block(hex);
    let header_hash = internal_to_display(&sha256d(&raw.header));
    assert_eq!(header_hash, b.hash, "block {height}: header hash");
    assert!(
        meets_target(&header_hash, &raw.header),
        "block {height}: PoW"
    );
    let header_root: [u8; 32] = raw.header[36..68].try_into().unwrap();
    assert_eq!(internal_to_display(&header_root), b.merkle_root);
    assert_eq!(raw.txids, b.txids, "block {height}: txids");
}

#[test]
fn block_100000_txids_come_from_the_raw_block() {
    check_raw_block(100_000, include_str!("data/block100000.hex"));
}

#[test]
fn block_100002_txids_come_from_the_raw_block() {
    check_raw_block(100_002, include_str!("data/block100002.hex"));
}

#[test]
fn computed_roots_equal_published_roots() {
    assert!(BLOCKS.len() >= 2);
    assert!(
        BLOCKS.iter().any(|b| b.txids.len() % 2 == 1),
        "an odd block"
    );
    for b in BLOCKS {
        assert_eq!(
            merkle_root_display(b.txids).unwrap(),
            b.merkle_root,
            "block {}",
            b.height
        );
    }
}

#[test]
fn odd_levels_duplicate_their_last_node() {
    let tree = block(100_002).tree().unwrap();
    let sizes: Vec<usize> = tree.levels().iter().map(Vec::len).collect();
    assert_eq!(sizes, [9, 5, 3, 2, 1]);
    assert_eq!(tree.node_kind(1, 4), Some(NodeKind::Duplicated));
    assert_eq!(tree.node_kind(2, 2), Some(NodeKind::Duplicated));
    assert_eq!(tree.node_kind(3, 1), Some(NodeKind::Duplicated));
}

#[test]
fn every_transaction_has_a_verifying_proof() {
    for b in BLOCKS {
        let tree = tree_from_txids(b.txids).unwrap();
        let root = display_to_internal(b.merkle_root).unwrap();
        let log2 = (b.txids.len() as f64).log2().ceil() as usize;
        for (i, txid) in b.txids.iter().enumerate() {
            let proof = tree.inclusion_proof(i).unwrap();
            // With duplication every level has a sibling: exactly ⌈log₂ n⌉ steps.
            assert_eq!(proof.path.len(), log2, "block {} tx {i}", b.height);
            let leaf = display_to_internal(txid).unwrap();
            let check = verify_inclusion(&leaf, &proof, &root);
            assert!(check.ok, "block {} tx {i}", b.height);
            assert_eq!(check.steps.len(), proof.path.len());
        }
    }
}

#[test]
fn a_tampered_txid_fails() {
    for b in BLOCKS {
        let tree = tree_from_txids(b.txids).unwrap();
        let root = display_to_internal(b.merkle_root).unwrap();
        for (i, txid) in b.txids.iter().enumerate() {
            let mut leaf = display_to_internal(txid).unwrap();
            leaf[0] ^= 1;
            let proof = tree.inclusion_proof(i).unwrap();
            assert!(!verify_inclusion(&leaf, &proof, &root).ok);
            // And the tampered list no longer hashes to the published root.
            let mut txids: Vec<String> = b.txids.iter().map(|s| s.to_string()).collect();
            txids[i] = internal_to_display(&leaf);
            let refs: Vec<&str> = txids.iter().map(String::as_str).collect();
            assert_ne!(merkle_root_display(&refs).unwrap(), b.merkle_root);
        }
    }
}

#[test]
fn repeating_the_last_transaction_keeps_the_root() {
    // CVE-2012-2459: [t0..t8] and [t0..t8, t8] share a root because of duplication.
    let b = block(100_002);
    let mut txids = b.txids.to_vec();
    txids.push(b.txids[8]);
    assert_eq!(merkle_root_display(&txids).unwrap(), b.merkle_root);
}
