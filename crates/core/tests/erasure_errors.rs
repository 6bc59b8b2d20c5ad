//! Bad shapes give a clear error, never a panic.

use distlab_core::erasure::{mul_chunks, mul_reference, ErasureError, Kernel, Matrix, ReedSolomon};

fn rs(k: usize, m: usize) -> ReedSolomon {
    ReedSolomon::new(k, m).unwrap()
}

#[test]
fn impossible_codes() {
    assert_eq!(ReedSolomon::new(0, 4), Err(ErasureError::NoDataChunks));
    assert_eq!(
        ReedSolomon::new(200, 57),
        Err(ErasureError::TooManyChunks {
            data: 200,
            parity: 57
        })
    );
    assert!(ReedSolomon::new(usize::MAX, usize::MAX).is_err());
    assert!(ReedSolomon::new(200, 56).is_ok());
}

#[test]
fn encoding_needs_k_nonempty_chunks_of_one_size() {
    let rs = rs(3, 2);
    let none: [Vec<u8>; 0] = [];
    assert_eq!(
        rs.encode(&none),
        Err(ErasureError::WrongChunkCount {
            expected: 3,
            got: 0
        })
    );
    assert_eq!(
        rs.encode(&[b"ab", b"cd"]),
        Err(ErasureError::WrongChunkCount {
            expected: 3,
            got: 2
        })
    );
    assert_eq!(
        rs.encode(&[&b"ab"[..], b"cd", b"e"]),
        Err(ErasureError::ChunkSizeMismatch {
            index: 2,
            expected: 2,
            got: 1
        })
    );
    assert_eq!(rs.encode(&[b"", b"", b""]), Err(ErasureError::EmptyInput));
    assert_eq!(rs.split(b""), Err(ErasureError::EmptyInput));
    let mut parity = vec![vec![0u8; 2]; 1];
    assert_eq!(
        rs.encode_parity(&[b"ab", b"cd", b"ef"], &mut parity),
        Err(ErasureError::WrongChunkCount {
            expected: 2,
            got: 1
        })
    );
    let mut parity = vec![vec![0u8; 2], vec![0u8; 3]];
    assert_eq!(
        rs.encode_parity(&[b"ab", b"cd", b"ef"], &mut parity),
        Err(ErasureError::ChunkSizeMismatch {
            index: 4,
            expected: 2,
            got: 3
        })
    );
}

#[test]
fn the_reference_product_checks_shapes_like_mul_chunks() {
    let m = Matrix::identity(2);
    assert_eq!(
        mul_reference(&m, &[b"ab"]),
        Err(ErasureError::WrongChunkCount {
            expected: 2,
            got: 1
        })
    );
    assert_eq!(
        mul_reference(&m, &[&b"ab"[..], b"c"]),
        Err(ErasureError::ChunkSizeMismatch {
            index: 1,
            expected: 2,
            got: 1
        })
    );
    assert_eq!(
        mul_reference(&m, &[b"ab", b"cd"]),
        Ok(vec![b"ab".to_vec(), b"cd".to_vec()])
    );
}

#[test]
fn decoding_rejects_bad_chunk_sets() {
    let rs = rs(3, 2);
    let c = rs.encode(&[b"ab", b"cd", b"ef"]).unwrap();
    let at = |i: usize| (i, c[i].as_slice());
    assert_eq!(
        rs.decode(&[at(0), at(4)]),
        Err(ErasureError::TooFewChunks {
            needed: 3,
            available: 2
        })
    );
    assert_eq!(
        rs.decode::<&[u8]>(&[]),
        Err(ErasureError::TooFewChunks {
            needed: 3,
            available: 0
        })
    );
    assert_eq!(
        rs.decode(&[at(0), at(4), at(4)]),
        Err(ErasureError::DuplicateIndex(4))
    );
    assert_eq!(
        rs.decode(&[at(0), at(1), (5, c[2].as_slice())]),
        Err(ErasureError::IndexOutOfRange { index: 5, total: 5 })
    );
    assert_eq!(
        rs.decode(&[at(0), at(1), (3, &b"xyz"[..])]),
        Err(ErasureError::ChunkSizeMismatch {
            index: 3,
            expected: 2,
            got: 3
        })
    );
    assert_eq!(
        rs.decode(&[(0, &b""[..]), (1, b""), (2, b"")]),
        Err(ErasureError::EmptyInput)
    );
    assert_eq!(
        rs.rebuild_chunk(&[at(0), at(1), at(2)], 7),
        Err(ErasureError::IndexOutOfRange { index: 7, total: 5 })
    );
}

#[test]
fn reconstruct_needs_all_slots_and_changes_nothing_on_failure() {
    let rs = rs(3, 2);
    let c = rs.encode(&[b"ab", b"cd", b"ef"]).unwrap();
    let mut short = vec![Some(c[0].clone()); 4];
    assert_eq!(
        rs.reconstruct(&mut short),
        Err(ErasureError::WrongChunkCount {
            expected: 5,
            got: 4
        })
    );
    // Three lost of a 3+2 code: beyond m, honestly unrecoverable.
    let mut slots = vec![None, Some(c[1].clone()), None, None, Some(c[4].clone())];
    let before = slots.clone();
    assert_eq!(
        rs.reconstruct(&mut slots),
        Err(ErasureError::TooFewChunks {
            needed: 3,
            available: 2
        })
    );
    assert_eq!(slots, before);
}

#[test]
fn explaining_checks_its_indexes() {
    let rs = rs(2, 1);
    let data = [b"ab", b"cd"];
    assert_eq!(
        rs.explain_byte(&data, 3, 0),
        Err(ErasureError::IndexOutOfRange { index: 3, total: 3 })
    );
    assert_eq!(
        rs.explain_byte(&data, 2, 2),
        Err(ErasureError::ByteOutOfRange { byte: 2, len: 2 })
    );
    assert_eq!(
        rs.recovery_plan(&[0, 3]),
        Err(ErasureError::IndexOutOfRange { index: 3, total: 3 })
    );
}

#[test]
fn matrix_errors() {
    let singular = Matrix::from_rows(&[[1u8, 2], [2, 4]]).unwrap();
    assert_eq!(singular.invert(), Err(ErasureError::SingularMatrix));
    let wide = Matrix::zero(2, 3);
    assert_eq!(
        wide.invert(),
        Err(ErasureError::MatrixShape {
            left: (2, 3),
            right: (2, 3)
        })
    );
    assert_eq!(
        wide.mul(&wide),
        Err(ErasureError::MatrixShape {
            left: (2, 3),
            right: (2, 3)
        })
    );
    assert_eq!(Matrix::from_rows(&[vec![1u8, 2], vec![3]]), None);
    let mut out = vec![vec![0u8; 4]; 2];
    assert_eq!(
        mul_chunks(Kernel::Tables, &wide, &[[0u8; 4]; 2], &mut out),
        Err(ErasureError::WrongChunkCount {
            expected: 3,
            got: 2
        })
    );
    assert_eq!(
        mul_chunks(Kernel::Tables, &wide, &[[0u8; 4]; 3], &mut out[..1]),
        Err(ErasureError::WrongChunkCount {
            expected: 2,
            got: 1
        })
    );
    let inputs = [vec![0u8; 4], vec![0u8; 4], vec![0u8; 5]];
    assert_eq!(
        mul_chunks(Kernel::Tables, &wide, &inputs, &mut out),
        Err(ErasureError::ChunkSizeMismatch {
            index: 2,
            expected: 4,
            got: 5
        })
    );
}

#[test]
fn errors_read_well() {
    let cases = [
        (ErasureError::NoDataChunks, "k must be at least 1"),
        (
            ErasureError::TooManyChunks {
                data: 250,
                parity: 10,
            },
            "260 chunks: GF(2^8) allows at most 256",
        ),
        (
            ErasureError::TooFewChunks {
                needed: 10,
                available: 9,
            },
            "only 9 chunks available, 10 needed",
        ),
        (ErasureError::DuplicateIndex(4), "chunk 4 was given twice"),
        (ErasureError::EmptyInput, "empty"),
    ];
    for (e, text) in cases {
        assert!(e.to_string().contains(text), "{e}");
        let _: &dyn std::error::Error = &e;
    }
}
