//! The Merkle build benchmark compiled to WebAssembly, for a JavaScript engine to time
//! (V8 in Node here; headless Chromium runs the same engine). No wasm-bindgen: it
//! exports plain functions that take and return integers, and
//! `examples/wasm_bench.mjs` calls them and times each with `performance.now()`.
//!
//! Build and run (from the workspace root):
//!
//! ```text
//! RUSTFLAGS="-C target-feature=+simd128" cargo build --release -p distlab-core \
//!     --target wasm32-unknown-unknown --example wasm_bench \
//!     --config 'profile.release.package.distlab-core.opt-level=3' \
//!     --config 'profile.release.package.sha2.opt-level=3'
//! node crates/core/examples/wasm_bench.mjs \
//!     $CARGO_TARGET_DIR/wasm32-unknown-unknown/release/examples/wasm_bench.wasm
//! ```
//!
//! On a native target the exports are simply unused.

// `#[no_mangle]` is what exports a function from a wasm module without wasm-bindgen;
// Rust counts it as unsafe code because two exports of one name would clash at link
// time. The names below are unique to this example.
#![allow(unsafe_code)]

use distlab_core::merkle::{MerkleTree, Scheme};
use distlab_core::sha256x4;
use rs_merkle::{algorithms::Sha256 as RsSha256, Hasher as _};
use std::sync::Mutex;

static LEAVES: Mutex<Vec<[u8; 32]>> = Mutex::new(Vec::new());

/// Runs `f` on the prepared leaves (without copying them).
fn with_leaves(f: impl FnOnce(&[[u8; 32]]) -> u32) -> u32 {
    LEAVES.lock().map(|l| f(&l)).unwrap_or(0)
}

fn first_word(d: &[u8; 32]) -> u32 {
    u32::from_be_bytes([d[0], d[1], d[2], d[3]])
}

/// Makes 2^`log2` deterministic 32-byte leaves for the other functions.
#[no_mangle]
pub extern "C" fn bench_prepare(log2: u32) {
    let mut x = 0x9e37_79b9_7f4a_7c15_u64;
    let v: Vec<[u8; 32]> = (0..1usize << log2.min(24))
        .map(|_| {
            std::array::from_fn(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                x as u8
            })
        })
        .collect();
    if let Ok(mut l) = LEAVES.lock() {
        *l = v;
    }
}

/// 1 if the four-lane SHA-256 runs in SIMD in this build.
#[no_mangle]
pub extern "C" fn bench_simd() -> u32 {
    u32::from(sha256x4::SIMD)
}

/// The fast build; returns the root's first four bytes.
#[no_mangle]
pub extern "C" fn bench_fast() -> u32 {
    with_leaves(|l| first_word(&MerkleTree::build(Scheme::Rfc6962, l).root()))
}

/// The reference build; returns the root's first four bytes.
#[no_mangle]
pub extern "C" fn bench_reference() -> u32 {
    with_leaves(|l| first_word(&MerkleTree::build_reference(Scheme::Rfc6962, l).root()))
}

/// rs_merkle, leaves hashed with its SHA-256 first; returns the root's first bytes.
#[no_mangle]
pub extern "C" fn bench_rs_merkle() -> u32 {
    with_leaves(|l| {
        let hashed: Vec<[u8; 32]> = l.iter().map(|x| RsSha256::hash(x)).collect();
        rs_merkle::MerkleTree::<RsSha256>::from_leaves(&hashed)
            .root()
            .map_or(0, |r| first_word(&r))
    })
}

/// Checks the SIMD build against the reference where it runs: every scheme, sizes
/// 0..=70 and a few larger, blocks of equal and of mixed lengths. Returns the number of
/// trees that differ (0 is the only good answer).
#[no_mangle]
pub extern "C" fn bench_selfcheck() -> u32 {
    let mut bad = 0;
    for scheme in Scheme::ALL {
        for n in (0..=70u32).chain([255, 256, 257, 1000]) {
            let equal: Vec<Vec<u8>> = (0..n).map(|i| i.to_le_bytes().repeat(9)).collect();
            let mixed: Vec<Vec<u8>> = (0..n).map(|i| vec![i as u8; (i % 150) as usize]).collect();
            for blocks in [&equal, &mixed] {
                if MerkleTree::build(scheme, blocks) != MerkleTree::build_reference(scheme, blocks)
                {
                    bad += 1;
                }
            }
        }
    }
    bad
}

#[allow(dead_code)] // an example needs a `main`; the cdylib never calls it
fn main() {}

/// Raw compression throughput: `n` four-lane compressions; returns a state word.
#[no_mangle]
pub extern "C" fn bench_compress4(n: u32) -> u32 {
    #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
    {
        use distlab_core::sha256x4::{compress4, Lanes, Simd};
        let mut state = [Simd::splat(1); 8];
        for _ in 0..n {
            // A block that depends on the state, so nothing can be precomputed.
            let block: [Simd; 16] = std::array::from_fn(|i| state[i % 8]);
            compress4(&mut state, &block);
        }
        state[0].to_array()[0]
    }
    #[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
    n
}
