//! Reed-Solomon round trips: any k of n chunks give the data back, for every erasure
//! pattern of 10+4 and for random shapes; and every kernel computes the same bytes.

use distlab_core::erasure::gf256::dot_product;
use distlab_core::erasure::{mul_chunks, mul_reference, Kernel, Matrix, ReedSolomon};
use proptest::prelude::*;

mod common;

use common::data::{bytes, data_chunks};

/// Every way to choose `k` of `0..n`, in lexicographic order.
fn combinations(n: usize, k: usize) -> Vec<Vec<usize>> {
    fn go(start: usize, n: usize, k: usize, cur: &mut Vec<usize>, out: &mut Vec<Vec<usize>>) {
        if cur.len() == k {
            out.push(cur.clone());
            return;
        }
        for i in start..n {
            cur.push(i);
            go(i + 1, n, k, cur, out);
            cur.pop();
        }
    }
    let mut out = Vec::new();
    go(0, n, k, &mut Vec::new(), &mut out);
    out
}

#[test]
fn the_code_is_systematic() {
    for (k, m) in [(1, 0), (1, 3), (4, 2), (10, 4), (6, 3), (200, 56)] {
        let rs = ReedSolomon::new(k, m).unwrap();
        let e = rs.encoding_matrix();
        assert_eq!((e.rows(), e.cols()), (k + m, k));
        let top: Vec<usize> = (0..k).collect();
        assert!(e.select_rows(&top).unwrap().is_identity(), "{k}+{m}");
        let data = data_chunks(k, 20, 1);
        let chunks = rs.encode(&data).unwrap();
        assert_eq!(chunks.len(), k + m);
        assert_eq!(chunks[..k], data[..], "data chunks pass through unchanged");
        assert!(rs.verify(&chunks).unwrap());
    }
}

#[test]
fn single_parity_is_not_raid5_xor_but_tolerates_any_one_loss() {
    // RAID-5 stores the XOR of the data (a parity row of all ones). This construction's
    // single parity row is different (the same as Backblaze's and reed-solomon-erasure's),
    // yet, like XOR, it rebuilds any one lost chunk.
    let rs = ReedSolomon::new(5, 1).unwrap();
    assert_eq!(rs.encoding_row(5).unwrap(), [7, 7, 6, 6, 1]);
    let data = data_chunks(5, 33, 2);
    let chunks = rs.encode(&data).unwrap();
    for lost in 0..6 {
        let survivors: Vec<(usize, &[u8])> = (0..6)
            .filter(|&i| i != lost)
            .map(|i| (i, &chunks[i][..]))
            .collect();
        assert_eq!(rs.rebuild_chunk(&survivors, lost).unwrap(), chunks[lost]);
    }
}

#[test]
fn every_erasure_pattern_of_10_plus_4_decodes() {
    let rs = ReedSolomon::new(10, 4).unwrap();
    // 37 bytes: two whole 16-byte SIMD blocks and a tail.
    let data = data_chunks(10, 37, 3);
    let chunks = rs.encode(&data).unwrap();
    let patterns = combinations(14, 10);
    assert_eq!(patterns.len(), 1001);
    for kept in &patterns {
        let survivors: Vec<(usize, &[u8])> = kept.iter().map(|&i| (i, &chunks[i][..])).collect();
        assert_eq!(rs.decode(&survivors).unwrap(), data, "kept {kept:?}");

        let mut slots: Vec<Option<Vec<u8>>> = (0..14)
            .map(|i| kept.contains(&i).then(|| chunks[i].clone()))
            .collect();
        let rebuilt = rs.reconstruct(&mut slots).unwrap();
        assert_eq!(
            rebuilt,
            (0..14).filter(|i| !kept.contains(i)).collect::<Vec<_>>()
        );
        assert!(slots
            .iter()
            .zip(&chunks)
            .all(|(s, c)| s.as_ref() == Some(c)));

        for &lost in &rebuilt {
            assert_eq!(rs.rebuild_chunk(&survivors, lost).unwrap(), chunks[lost]);
        }
    }
}

#[test]
fn every_square_submatrix_is_invertible_for_small_codes() {
    for n in 1..=9 {
        for k in 1..=n {
            let rs = ReedSolomon::new(k, n - k).unwrap();
            for rows in combinations(n, k) {
                let s = rs.encoding_matrix().select_rows(&rows).unwrap();
                let inv = s
                    .invert()
                    .unwrap_or_else(|e| panic!("{k}+{}: {rows:?}: {e}", n - k));
                assert!(inv.mul(&s).unwrap().is_identity());
                assert!(s.mul(&inv).unwrap().is_identity());
            }
        }
    }
}

#[test]
fn parity_rows_straight_from_vandermonde_would_not_be_safe() {
    // Why E = V × T⁻¹ and not simply [I; bottom rows of V]: with the latter, 5+5 has a
    // choice of 5 surviving chunks (3, 6, 7, 8, 9) whose rows are singular.
    let v = Matrix::vandermonde(10, 5);
    let mut naive: Vec<Vec<u8>> = Matrix::identity(5)
        .iter_rows()
        .map(<[u8]>::to_vec)
        .collect();
    naive.extend((5..10).map(|r| v.row(r).to_vec()));
    let naive = Matrix::from_rows(&naive).unwrap();
    let rows = [3, 6, 7, 8, 9];
    assert!(naive.select_rows(&rows).unwrap().invert().is_err());
    let rs = ReedSolomon::new(5, 5).unwrap();
    assert!(rs
        .encoding_matrix()
        .select_rows(&rows)
        .unwrap()
        .invert()
        .is_ok());
}

#[test]
fn split_and_join_round_trip() {
    let rs = ReedSolomon::new(4, 2).unwrap();
    for len in 1..40 {
        let input = bytes(len, len as u64);
        let data = rs.split(&input).unwrap();
        assert_eq!(data.len(), 4);
        assert!(data.iter().all(|c| c.len() == len.div_ceil(4)));
        assert_eq!(rs.join(&data, len).unwrap(), input);
    }
}

#[test]
fn verify_notices_a_corrupted_byte() {
    let rs = ReedSolomon::new(6, 3).unwrap();
    let mut chunks = rs.encode(&data_chunks(6, 50, 4)).unwrap();
    assert!(rs.verify(&chunks).unwrap());
    chunks[2][17] ^= 0x40;
    assert!(!rs.verify(&chunks).unwrap());
}

#[test]
fn zero_parity_chunks_is_a_valid_code_that_tolerates_nothing() {
    let rs = ReedSolomon::new(3, 0).unwrap();
    let data = data_chunks(3, 8, 5);
    assert_eq!(rs.encode(&data).unwrap(), data);
    let all: Vec<(usize, &[u8])> = data.iter().enumerate().map(|(i, c)| (i, &c[..])).collect();
    assert_eq!(rs.decode(&all).unwrap(), data);
    assert!(rs.decode(&all[1..]).is_err());
}

#[test]
fn the_largest_code_has_256_chunks() {
    for (k, m) in [(255, 1), (1, 255), (128, 128)] {
        let rs = ReedSolomon::new(k, m).unwrap();
        let data = data_chunks(k, 3, 6);
        let chunks = rs.encode(&data).unwrap();
        // Keep the last k chunks: as many parity chunks as possible.
        let survivors: Vec<(usize, &[u8])> = (m..k + m).map(|i| (i, &chunks[i][..])).collect();
        assert_eq!(rs.decode(&survivors).unwrap(), data, "{k}+{m}");
    }
}

/// A random code shape (small chunks, so large n stays quick), data, and the chunks
/// that survive: at least k of them.
fn scenario() -> impl Strategy<Value = (usize, usize, usize, u64, Vec<usize>)> {
    let shape = prop_oneof![
        4 => (1usize..=20, 0usize..=10),
        1 => (1usize..=200, 0usize..=56),
    ];
    (shape, 1usize..=70, any::<u64>()).prop_flat_map(|((k, m), len, seed)| {
        let all: Vec<usize> = (0..k + m).collect();
        let survivors = proptest::sample::subsequence(all, k..=k + m).prop_shuffle();
        (Just(k), Just(m), Just(len), Just(seed), survivors)
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// Encode, keep any ≥ k chunks (in any order), decode: the data comes back, and
    /// every lost chunk is rebuilt exactly.
    #[test]
    fn any_k_chunks_give_the_data_back((k, m, len, seed, kept) in scenario()) {
        let rs = ReedSolomon::new(k, m).unwrap();
        let data = data_chunks(k, len, seed);
        let chunks = rs.encode(&data).unwrap();
        let survivors: Vec<(usize, &[u8])> = kept.iter().map(|&i| (i, &chunks[i][..])).collect();
        prop_assert_eq!(&rs.decode(&survivors).unwrap(), &data);

        let mut slots: Vec<Option<Vec<u8>>> = vec![None; k + m];
        for &i in &kept {
            slots[i] = Some(chunks[i].clone());
        }
        rs.reconstruct(&mut slots).unwrap();
        let slots: Vec<Vec<u8>> = slots.into_iter().flatten().collect();
        prop_assert_eq!(&slots, &chunks);

        let lost = (0..k + m).find(|i| !kept.contains(i));
        if let Some(lost) = lost {
            prop_assert_eq!(&rs.rebuild_chunk(&survivors, lost).unwrap(), &chunks[lost]);
        }
    }

    /// The fast kernels compute exactly the reference's bytes, for any matrix and any
    /// chunk length (including lengths that are not a multiple of 16, and 0).
    #[test]
    fn fast_kernels_equal_the_reference(
        rows in 0usize..=9,
        cols in 0usize..=12,
        len in prop_oneof![0usize..=100, 1000usize..=9000],
        seed in any::<u64>(),
        sparse in any::<bool>(),
    ) {
        let mut cells = bytes(rows * cols, seed ^ 0xC0FFEE);
        if sparse {
            // Many 0s and 1s: the table kernel's shortcuts.
            cells.iter_mut().for_each(|c| *c %= 3);
        }
        let mut matrix = Matrix::zero(rows, cols);
        for (i, &c) in cells.iter().enumerate() {
            matrix.set(i / cols, i % cols, c);
        }
        let inputs = data_chunks(cols, len, seed);
        let run = |kernel| {
            // Outputs start as garbage: every kernel must overwrite them.
            let mut out = vec![vec![0xA5u8; len]; rows];
            mul_chunks(kernel, &matrix, &inputs, &mut out).unwrap();
            out
        };
        let reference = run(Kernel::Reference);
        // The reference itself: each byte is the dot product of a row and a column.
        for (o, out) in reference.iter().enumerate() {
            for (i, &byte) in out.iter().enumerate().step_by(97) {
                let column: Vec<u8> = inputs.iter().map(|c| c[i]).collect();
                prop_assert_eq!(byte, dot_product(matrix.row(o), &column).result);
            }
        }
        for kernel in Kernel::ALL {
            prop_assert_eq!(&run(kernel), &reference, "{:?}", kernel);
        }
        // The allocating reference-only entry point gives the same chunks (with no inputs
        // it has no length to go by, so its chunks are empty).
        let expected = if cols == 0 { vec![Vec::new(); rows] } else { reference };
        prop_assert_eq!(&mul_reference(&matrix, &inputs).unwrap(), &expected);
    }

    /// Whole codes give the same chunks with every kernel.
    #[test]
    fn every_kernel_encodes_and_decodes_alike((k, m, len, seed, kept) in scenario()) {
        let data = data_chunks(k, len, seed);
        let reference = ReedSolomon::new(k, m).unwrap().with_kernel(Kernel::Reference);
        let chunks = reference.encode(&data).unwrap();
        let survivors: Vec<(usize, &[u8])> = kept.iter().map(|&i| (i, &chunks[i][..])).collect();
        for kernel in Kernel::ALL {
            let rs = ReedSolomon::new(k, m).unwrap().with_kernel(kernel);
            prop_assert_eq!(&rs.encode(&data).unwrap(), &chunks);
            prop_assert_eq!(&rs.decode(&survivors).unwrap(), &data);
        }
    }
}
