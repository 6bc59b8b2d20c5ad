//! Our Reed-Solomon against the `reed-solomon-erasure` crate (Backblaze's construction
//! in Rust): byte-for-byte the same parity, and each decodes the other's chunks.

use distlab_core::erasure::{Kernel, ReedSolomon};
use reed_solomon_erasure::galois_8::ReedSolomon as Theirs;

mod common;

use common::data::data_chunks;

/// Their parity for the same data chunks.
fn their_chunks(k: usize, m: usize, data: &[Vec<u8>]) -> Vec<Vec<u8>> {
    let theirs = Theirs::new(k, m).expect("a valid shape for reed-solomon-erasure");
    let len = data[0].len();
    let mut shards: Vec<Vec<u8>> = data.to_vec();
    shards.extend((0..m).map(|_| vec![0u8; len]));
    theirs.encode(&mut shards).expect("their encode");
    shards
}

/// The shapes compared: common ones, edge ones (k = 1, m = 1, n = 256), and chunk
/// lengths around the 16-byte SIMD block and the table kernel's stripe. (Large k is kept
/// modest: the other crate builds its matrices unoptimised in a debug test run.)
const SHAPES: [(usize, usize, usize); 12] = [
    (10, 4, 1000),
    (10, 4, 16 * 1024),
    (6, 3, 4096),
    (4, 2, 33),
    (1, 1, 17),
    (1, 5, 64),
    (2, 1, 15),
    (3, 2, 16),
    (17, 3, 8 * 1024 + 5),
    (20, 10, 100),
    (128, 128, 48),
    (40, 216, 19),
];

#[test]
fn same_parity_as_reed_solomon_erasure() {
    for (seed, &(k, m, len)) in SHAPES.iter().enumerate() {
        let data = data_chunks(k, len, seed as u64);
        let theirs = their_chunks(k, m, &data);
        for kernel in Kernel::ALL {
            let ours = ReedSolomon::new(k, m).unwrap().with_kernel(kernel);
            assert_eq!(
                ours.encode(&data).unwrap(),
                theirs,
                "{k}+{m}, {len} bytes, {kernel:?}"
            );
        }
    }
}

#[test]
fn we_decode_their_chunks() {
    for (seed, &(k, m, len)) in SHAPES.iter().enumerate() {
        let data = data_chunks(k, len, 100 + seed as u64);
        let theirs = their_chunks(k, m, &data);
        let ours = ReedSolomon::new(k, m).unwrap();
        // Lose the first m chunks (as many data chunks as possible), keep the rest.
        let survivors: Vec<(usize, &[u8])> = (m..k + m).map(|i| (i, &theirs[i][..])).collect();
        assert_eq!(ours.decode(&survivors).unwrap(), data, "{k}+{m}");
        let mut slots: Vec<Option<Vec<u8>>> = theirs.iter().cloned().map(Some).collect();
        for s in slots.iter_mut().step_by(2).take(m) {
            *s = None;
        }
        ours.reconstruct(&mut slots).unwrap();
        let slots: Vec<Vec<u8>> = slots.into_iter().flatten().collect();
        assert_eq!(slots, theirs, "{k}+{m}");
    }
}

#[test]
fn they_decode_our_chunks() {
    for (seed, &(k, m, len)) in SHAPES.iter().enumerate() {
        let data = data_chunks(k, len, 200 + seed as u64);
        let ours = ReedSolomon::new(k, m).unwrap().encode(&data).unwrap();
        let theirs = Theirs::new(k, m).unwrap();
        // Lose the last chunk and m − 1 chunks from the front.
        let mut slots: Vec<Option<Vec<u8>>> = ours.iter().cloned().map(Some).collect();
        slots[k + m - 1] = None;
        for s in slots.iter_mut().take(m - 1) {
            *s = None;
        }
        theirs.reconstruct(&mut slots).unwrap();
        let slots: Vec<Vec<u8>> = slots.into_iter().flatten().collect();
        assert_eq!(slots, ours, "{k}+{m}");
        assert!(theirs.verify(&ours).unwrap());
    }
}
