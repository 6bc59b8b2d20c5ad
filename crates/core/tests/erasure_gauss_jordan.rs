//! `Matrix::gauss_jordan_steps` is a record of the very elimination `Matrix::invert` runs:
//! its last state's right half is the inverse, a singular matrix has no steps, and the
//! recorded operations, replayed on `[S | I]` with the field's own arithmetic, reproduce
//! every recorded state.

use distlab_core::erasure::{gf256, ErasureError, GjStep, Matrix, RowOp};

/// SplitMix64: a small deterministic generator for test matrices.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    fn byte(&mut self) -> u8 {
        self.next() as u8
    }
}

/// A random `n × n` matrix; with `sparse`, most entries are 0 (so swaps are needed and
/// singular matrices are common).
fn random(rng: &mut Rng, n: usize, sparse: bool) -> Matrix {
    let rows: Vec<Vec<u8>> = (0..n)
        .map(|_| {
            (0..n)
                .map(|_| {
                    if sparse && !rng.next().is_multiple_of(4) {
                        0
                    } else {
                        rng.byte()
                    }
                })
                .collect()
        })
        .collect();
    Matrix::from_rows(&rows).expect("rows of one length")
}

fn augmented(s: &Matrix) -> Vec<Vec<u8>> {
    let n = s.rows();
    (0..n)
        .map(|r| {
            let mut row = s.row(r).to_vec();
            row.extend((0..n).map(|c| u8::from(c == r)));
            row
        })
        .collect()
}

/// The state the steps end in (`[S | I]` itself if there are none).
fn last_state(s: &Matrix, steps: &[GjStep]) -> Vec<Vec<u8>> {
    steps
        .last()
        .map_or_else(|| augmented(s), |step| step.after.clone())
}

/// Apply one recorded operation to `work`, with `gf256`'s arithmetic.
fn apply(work: &mut [Vec<u8>], op: RowOp) {
    match op {
        RowOp::Swap(a, b) => work.swap(a, b),
        RowOp::Scale { row, factor } => {
            for v in &mut work[row] {
                *v = gf256::mul(*v, factor);
            }
        }
        RowOp::Eliminate {
            target,
            source,
            factor,
        } => {
            let src = work[source].clone();
            for (v, s) in work[target].iter_mut().zip(src) {
                *v ^= gf256::mul(factor, s);
            }
        }
    }
}

#[test]
fn the_last_step_holds_the_inverse_for_many_random_matrices() {
    let mut rng = Rng(2024);
    let (mut invertible, mut singular, mut with_swaps) = (0, 0, 0);
    for trial in 0..600 {
        let n = 1 + trial % 12;
        let s = random(&mut rng, n, trial % 3 == 0);
        match (s.invert(), s.gauss_jordan_steps()) {
            (Ok(inv), Some(steps)) => {
                invertible += 1;
                with_swaps += usize::from(steps.iter().any(|t| matches!(t.op, RowOp::Swap(..))));
                let last = last_state(&s, &steps);
                for (r, row) in last.iter().enumerate() {
                    let unit: Vec<u8> = (0..n).map(|c| u8::from(c == r)).collect();
                    assert_eq!(&row[..n], &unit[..], "trial {trial}: left half is I\n{s}");
                    assert_eq!(&row[n..], inv.row(r), "trial {trial}: right half\n{s}");
                }
                assert!(s.mul(&inv).expect("square").is_identity());
            }
            (Err(ErasureError::SingularMatrix), None) => singular += 1,
            (inv, steps) => panic!("trial {trial}: invert {inv:?} but steps {steps:?}\n{s}"),
        }
    }
    assert!(invertible >= 400, "only {invertible} invertible matrices");
    assert!(singular >= 20, "only {singular} singular matrices");
    assert!(
        with_swaps >= 20,
        "only {with_swaps} eliminations needed a swap"
    );
}

#[test]
fn vandermonde_submatrices_end_at_their_inverse() {
    let v = Matrix::vandermonde(14, 10);
    for used in [
        vec![0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
        vec![4, 5, 6, 7, 8, 9, 10, 11, 12, 13],
        vec![13, 0, 12, 1, 11, 2, 10, 3, 9, 4],
    ] {
        let s = v.select_rows(&used).expect("rows in range");
        let steps = s.gauss_jordan_steps().expect("invertible");
        let inv = s.invert().expect("invertible");
        let last = last_state(&s, &steps);
        for (r, row) in last.iter().enumerate() {
            assert_eq!(&row[10..], inv.row(r), "{used:?}");
        }
    }
}

#[test]
fn singular_and_non_square_matrices_have_no_steps() {
    let equal_rows = Matrix::from_rows(&[[1u8, 2, 3], [4, 5, 6], [1, 2, 3]]).expect("rows");
    assert_eq!(equal_rows.gauss_jordan_steps(), None);
    assert_eq!(equal_rows.invert(), Err(ErasureError::SingularMatrix));
    // Row 2 = row 0 + row 1 (addition is XOR).
    let sum = Matrix::from_rows(&[[1u8, 2, 3], [4, 5, 6], [1 ^ 4, 2 ^ 5, 3 ^ 6]]).expect("rows");
    assert_eq!(sum.gauss_jordan_steps(), None);
    assert_eq!(Matrix::zero(4, 4).gauss_jordan_steps(), None);
    assert_eq!(Matrix::vandermonde(4, 3).gauss_jordan_steps(), None);
    // The identity needs nothing; the empty matrix neither (and neither panics).
    assert_eq!(Matrix::identity(5).gauss_jordan_steps(), Some(vec![]));
    assert_eq!(Matrix::zero(0, 0).gauss_jordan_steps(), Some(vec![]));
    assert_eq!(Matrix::zero(0, 0).invert(), Ok(Matrix::zero(0, 0)));
}

#[test]
fn replaying_the_recorded_operations_reproduces_every_state() {
    let mut rng = Rng(7);
    let mut checked = 0;
    for trial in 0..300 {
        let n = 1 + trial % 9;
        let s = random(&mut rng, n, trial % 2 == 0);
        let Some(steps) = s.gauss_jordan_steps() else {
            continue;
        };
        let mut work = augmented(&s);
        let mut column = 0;
        for (i, step) in steps.iter().enumerate() {
            // Each operation is one that changes something, on the current pivot column.
            match step.op {
                RowOp::Swap(a, b) => {
                    assert_eq!(a, step.column);
                    assert!(b > a && work[a][a] == 0 && work[b][a] != 0);
                }
                RowOp::Scale { row, factor } => {
                    assert_eq!(row, step.column);
                    assert_eq!(gf256::mul(work[row][row], factor), 1);
                    assert_ne!(factor, 1);
                }
                RowOp::Eliminate {
                    target,
                    source,
                    factor,
                } => {
                    assert_eq!(source, step.column);
                    assert_ne!(target, source);
                    assert_eq!(work[target][source], factor);
                    assert_ne!(factor, 0);
                }
            }
            assert!(step.column >= column, "columns in order");
            column = step.column;
            apply(&mut work, step.op);
            assert_eq!(
                work, step.after,
                "trial {trial}, step {i}: {:?}\n{s}",
                step.op
            );
        }
        checked += 1;
    }
    assert!(
        checked >= 150,
        "only {checked} invertible matrices replayed"
    );
}
