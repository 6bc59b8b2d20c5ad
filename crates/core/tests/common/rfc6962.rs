//! RFC 6962 §2.1 written the way the RFC writes it (recursively, with plain SHA-256), as
//! an independent reference for the core's Merkle trees and proofs, and the published
//! test tree of Google's Certificate Transparency code (transparency-dev/merkle,
//! `testonly/constants.go`) that the inclusion and consistency tests share.

use distlab_core::hash::{digest_from_hex, from_hex, Digest};
use sha2::{Digest as _, Sha256};

/// SHA-256 of the concatenation of `parts`.
pub fn sha256(parts: &[&[u8]]) -> Digest {
    let mut h = Sha256::new();
    for p in parts {
        h.update(p);
    }
    h.finalize().into()
}

/// The largest power of two strictly smaller than `n` (n ≥ 2).
pub fn split(n: usize) -> usize {
    let mut k = 1;
    while k * 2 < n {
        k *= 2;
    }
    k
}

/// `MTH(D[n])` of RFC 6962 §2.1.
pub fn reference_mth<B: AsRef<[u8]>>(d: &[B]) -> Digest {
    match d.len() {
        0 => sha256(&[]),
        1 => sha256(&[&[0x00], d[0].as_ref()]),
        n => {
            let k = split(n);
            sha256(&[&[0x01], &reference_mth(&d[..k]), &reference_mth(&d[k..])])
        }
    }
}

/// `LeafInputs()` (constants.go).
pub const LEAF_INPUTS: [&str; 8] = [
    "",
    "00",
    "10",
    "2021",
    "3031",
    "40414243",
    "5051525354555657",
    "606162636465666768696a6b6c6d6e6f",
];

/// `RootHashes()` (constants.go), indexed by tree size 0..=8 (0 = `EmptyRootHash()`).
pub const ROOT_HASHES: [&str; 9] = [
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
];

/// A vector's hex as a digest.
pub fn d(hex: &str) -> Digest {
    digest_from_hex(hex).expect("vector is 32 bytes of hex")
}

/// The first `n` leaves of the test tree, as bytes.
pub fn leaves(n: usize) -> Vec<Vec<u8>> {
    LEAF_INPUTS[..n]
        .iter()
        .map(|h| from_hex(h).unwrap())
        .collect()
}
