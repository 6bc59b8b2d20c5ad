//! How fast is building a big Merkle tree? Prints milliseconds (best of several runs)
//! for an RFC 6962 tree of 2^20 leaves of 32 bytes, built:
//!
//! - `reference`: one `Scheme::hash_leaf` / `hash_node` call per node (what widgets explain);
//! - `fast`: `MerkleTree::build` (four hashes at a time, no per-node allocation);
//! - `rs_merkle`: the `rs_merkle` crate (SHA-256, leaves hashed first with its hasher).
//!
//! Also the raw throughput of the portable 4-lane SHA-256 (the code the WebAssembly
//! SIMD build runs, on plain arrays here) against one-at-a-time hashing.
//!
//! Run: `cargo run --release -p distlab-core --example merkle_build_bench [log2 leaves]`

use distlab_core::hash::to_hex;
use distlab_core::merkle::{MerkleTree, Scheme};
use distlab_core::sha256x4::{hash1, hash4_with, Parts, Portable};
use rs_merkle::{algorithms::Sha256 as RsSha256, Hasher as _};
use std::time::Instant;

/// Best wall time of `runs` runs of `f`, in milliseconds, and its last result.
fn best_ms<T>(runs: usize, mut f: impl FnMut() -> T) -> (f64, T) {
    let mut best = f64::INFINITY;
    let mut out = None;
    for _ in 0..runs {
        let t = Instant::now();
        let r = f();
        best = best.min(t.elapsed().as_secs_f64() * 1e3);
        out = Some(r);
    }
    (best, out.expect("at least one run"))
}

fn main() {
    let log2: u32 = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(20);
    let n = 1usize << log2;
    // Deterministic 32-byte leaves (a simple xorshift stream).
    let mut x = 0x9e37_79b9_7f4a_7c15_u64;
    let leaves: Vec<[u8; 32]> = (0..n)
        .map(|_| {
            std::array::from_fn::<u8, 32, _>(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                x as u8
            })
        })
        .collect();
    println!("RFC 6962 tree of 2^{log2} = {n} leaves of 32 bytes");

    let (reference_ms, reference) =
        best_ms(3, || MerkleTree::build_reference(Scheme::Rfc6962, &leaves));
    let (fast_ms, fast) = best_ms(5, || MerkleTree::build(Scheme::Rfc6962, &leaves));
    assert_eq!(fast, reference, "the fast tree must equal the reference");
    let (rs_ms, rs_root) = best_ms(3, || {
        let hashed: Vec<[u8; 32]> = leaves.iter().map(|l| RsSha256::hash(l)).collect();
        rs_merkle::MerkleTree::<RsSha256>::from_leaves(&hashed).root()
    });
    println!("  reference  {reference_ms:8.1} ms");
    println!(
        "  fast       {fast_ms:8.1} ms   ({:.2}x reference)",
        reference_ms / fast_ms
    );
    println!(
        "  rs_merkle  {rs_ms:8.1} ms   (fast is {:.2}x rs_merkle; its root {} differs by design: no RFC 6962 prefixes)",
        rs_ms / fast_ms,
        rs_root.map(|r| to_hex(&r[..4])).unwrap_or_default()
    );
    println!("  root {}", to_hex(&fast.root()));

    // Raw hashing throughput on 65-byte messages (one RFC 6962 node each).
    let msgs = 1usize << 18;
    let data = [7u8; 65];
    let msg: Parts<'_> = [&data[..1], &data[1..33], &data[33..]];
    let (one_ms, _) = best_ms(3, || (0..msgs).map(|_| hash1(&msg)[0]).sum::<u8>());
    let (lanes_ms, _) = best_ms(3, || {
        (0..msgs / 4)
            .map(|_| hash4_with::<Portable>([msg; 4]).map_or(0, |d| d[0][0]))
            .sum::<u8>()
    });
    println!("{msgs} node hashes (65 bytes):");
    println!("  one at a time (sha2 compress)  {one_ms:8.1} ms");
    println!("  portable 4 lanes               {lanes_ms:8.1} ms");
}
