//! What the widgets show: one byte computed step by step, and the recovery plan (the
//! chosen submatrix, its inverse, the rows that rebuild lost chunks) — all consistent
//! with what the coder actually computes.

use distlab_core::erasure::gf256::{mul, EXP};
use distlab_core::erasure::{ErasureError, ReedSolomon};

fn sample(rs: &ReedSolomon) -> (Vec<Vec<u8>>, Vec<Vec<u8>>) {
    let text = b"Erasure coding stores data across nodes using math, not copies.";
    let data = rs.split(text).unwrap();
    let chunks = rs.encode(&data).unwrap();
    (data, chunks)
}

#[test]
fn every_byte_explained_equals_the_encoded_byte() {
    let rs = ReedSolomon::new(10, 4).unwrap();
    let (data, chunks) = sample(&rs);
    for (chunk, bytes) in chunks.iter().enumerate() {
        for (byte, &expected) in bytes.iter().enumerate() {
            let dot = rs.explain_byte(&data, chunk, byte).unwrap();
            assert_eq!(dot.result, expected, "chunk {chunk} byte {byte}");
            assert_eq!(dot.steps.len(), 10);
            let row = rs.encoding_row(chunk).unwrap();
            for (c, step) in dot.steps.iter().enumerate() {
                assert_eq!(step.input, c);
                assert_eq!(step.mul.a, row[c], "the coefficient comes from E's row");
                assert_eq!(step.mul.b, data[c][byte], "the value from data chunk c");
                assert_eq!(step.mul.product, mul(row[c], data[c][byte]));
                if let Some(e) = step.mul.log_product {
                    assert_eq!(EXP[e as usize], step.mul.product);
                }
            }
        }
    }
}

#[test]
fn a_data_byte_passes_through_its_identity_row() {
    let rs = ReedSolomon::new(4, 2).unwrap();
    let (data, _) = sample(&rs);
    let dot = rs.explain_byte(&data, 2, 5).unwrap();
    let coefficients: Vec<u8> = dot.steps.iter().map(|s| s.mul.a).collect();
    assert_eq!(coefficients, [0, 0, 1, 0]);
    assert_eq!(dot.result, data[2][5]);
}

#[test]
fn the_recovery_plan_reads_k_chunks_and_inverts_their_rows() {
    let rs = ReedSolomon::new(10, 4).unwrap();
    let (_, chunks) = sample(&rs);
    // Nodes 1, 4, 11 and 13 fail.
    let available = [0, 2, 3, 5, 6, 7, 8, 9, 10, 12];
    let plan = rs.recovery_plan(&available).unwrap();
    assert_eq!(plan.used, available);
    assert_eq!(plan.reads(), 10);
    assert_eq!(plan.missing, [1, 4, 11, 13]);
    assert_eq!(
        plan.submatrix,
        rs.encoding_matrix().select_rows(&available).unwrap()
    );
    assert!(plan.inverse.mul(&plan.submatrix).unwrap().is_identity());
    assert!(plan.submatrix.mul(&plan.inverse).unwrap().is_identity());
    assert_eq!(
        (plan.rebuild_rows.rows(), plan.rebuild_rows.cols()),
        (4, 10)
    );

    let used: Vec<&[u8]> = plan.used.iter().map(|&i| &chunks[i][..]).collect();
    for &lost in &plan.missing {
        let row = plan.rebuild_row(lost).unwrap();
        assert_eq!(row.len(), 10);
        for (byte, &expected) in chunks[lost].iter().enumerate() {
            let dot = plan.explain_byte(lost, &used, byte).unwrap();
            assert_eq!(dot.result, expected, "chunk {lost} byte {byte}");
            assert!(dot.steps.iter().zip(row).all(|(s, &c)| s.mul.a == c));
        }
    }
    assert_eq!(plan.rebuild_row(0), None, "chunk 0 is not missing");
    assert_eq!(
        plan.explain_byte(0, &used, 0),
        Err(ErasureError::NotMissing(0))
    );
}

#[test]
fn recovery_prefers_the_lowest_indexes_so_data_chunks_are_read_first() {
    let rs = ReedSolomon::new(4, 3).unwrap();
    let plan = rs.recovery_plan(&[6, 5, 3, 2, 1, 0]).unwrap();
    assert_eq!(plan.used, [0, 1, 2, 3]);
    assert!(plan.submatrix.is_identity());
    assert!(plan.inverse.is_identity());
    assert_eq!(plan.missing, [4]);
    // Rebuilding a parity chunk from the data is just its encoding row.
    assert_eq!(plan.rebuild_row(4).unwrap(), rs.encoding_row(4).unwrap());
}

#[test]
fn a_rebuild_row_of_a_lost_data_chunk_comes_from_the_inverse() {
    let rs = ReedSolomon::new(3, 2).unwrap();
    let plan = rs.recovery_plan(&[0, 2, 3, 4]).unwrap();
    assert_eq!(plan.used, [0, 2, 3]);
    // Data chunk 1 = row 1 of S⁻¹ applied to chunks 0, 2, 3 (E's row 1 is e_1).
    assert_eq!(plan.rebuild_row(1).unwrap(), plan.inverse.row(1));
}

#[test]
fn the_matrices_print_as_hex_rows() {
    let rs = ReedSolomon::new(2, 1).unwrap();
    let text = rs.encoding_matrix().to_string();
    assert_eq!(text.lines().count(), 3);
    assert!(text.starts_with("01 00\n00 01\n"));
}
