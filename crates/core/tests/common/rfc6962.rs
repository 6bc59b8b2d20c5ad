//! RFC 6962 §2.1 written the way the RFC writes it (recursively, with plain SHA-256), as
//! an independent reference for the core's Merkle trees and proofs.

use distlab_core::hash::Digest;
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
