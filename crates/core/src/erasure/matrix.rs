//! Small dense matrices over GF(2^8): the encoding matrix, the square submatrix a
//! decoder picks, and its inverse by Gauss-Jordan elimination.
//!
//! There is one elimination ([`Matrix::invert`] and [`Matrix::gauss_jordan_steps`] both
//! run it): on the augmented matrix `[S | I]`, for each column `c` in turn,
//!
//! 1. find the first row `r ≥ c` whose entry in column `c` is non-zero (none: `S` is
//!    singular) and swap it into row `c` ([`RowOp::Swap`], only if `r ≠ c`);
//! 2. scale row `c` by the inverse of that pivot, making it 1 ([`RowOp::Scale`], only if
//!    the pivot is not 1 already);
//! 3. for every other row with a non-zero entry `f` in column `c`, add `f ·` row `c` to it
//!    ([`RowOp::Eliminate`]; in GF(2^8) adding is XOR, so the entry becomes `f ⊕ f = 0`).
//!
//! After column `c`, column `c` is the unit vector `e_c` and earlier columns are untouched,
//! so after the last column the left half is `I`. Every operation is multiplying on the
//! left by an invertible matrix, so the right half is then the product `E` of them all,
//! with `E · S = I`: the inverse. [`GjStep`] records each operation with the whole
//! augmented matrix after it, for a widget to play back; operations that would change
//! nothing (scaling by 1, adding 0 times a row) are neither done nor recorded.

use super::gf256;
use super::ErasureError;
use std::fmt;

/// A `rows × cols` matrix of field elements, stored row by row.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Matrix {
    rows: usize,
    cols: usize,
    cells: Vec<u8>,
}

impl Matrix {
    /// The all-zero matrix.
    pub fn zero(rows: usize, cols: usize) -> Matrix {
        Matrix {
            rows,
            cols,
            cells: vec![0; rows * cols],
        }
    }

    /// The `n × n` identity.
    pub fn identity(n: usize) -> Matrix {
        let mut m = Matrix::zero(n, n);
        for i in 0..n {
            m.set(i, i, 1);
        }
        m
    }

    /// A matrix from its rows; `None` if they are not all as long as the first.
    pub fn from_rows<R: AsRef<[u8]>>(rows: &[R]) -> Option<Matrix> {
        let cols = rows.first().map_or(0, |r| r.as_ref().len());
        if rows.iter().any(|r| r.as_ref().len() != cols) {
            return None;
        }
        Some(Matrix {
            rows: rows.len(),
            cols,
            cells: rows
                .iter()
                .flat_map(|r| r.as_ref().iter().copied())
                .collect(),
        })
    }

    /// The Vandermonde matrix `V[r][c] = r^c` (with `0^0 = 1`), where the row number `r`
    /// is read as a field element. Any `cols` of its rows form a square Vandermonde
    /// matrix on distinct points, hence an invertible one — the property that makes
    /// "any k of n" work. Needs `rows ≤ 256` for the points to be distinct.
    pub fn vandermonde(rows: usize, cols: usize) -> Matrix {
        let mut m = Matrix::zero(rows, cols);
        for r in 0..rows {
            for c in 0..cols {
                m.set(r, c, gf256::pow(r as u8, c));
            }
        }
        m
    }

    /// Number of rows.
    pub fn rows(&self) -> usize {
        self.rows
    }

    /// Number of columns.
    pub fn cols(&self) -> usize {
        self.cols
    }

    /// The element at `(row, col)`; panics outside the matrix, like slice indexing.
    pub fn get(&self, row: usize, col: usize) -> u8 {
        assert!(
            col < self.cols,
            "column {col} of a {}-column matrix",
            self.cols
        );
        self.cells[row * self.cols + col]
    }

    /// Sets the element at `(row, col)`; panics outside the matrix.
    pub fn set(&mut self, row: usize, col: usize, value: u8) {
        assert!(
            col < self.cols,
            "column {col} of a {}-column matrix",
            self.cols
        );
        self.cells[row * self.cols + col] = value;
    }

    /// Row `i`; panics if `i ≥ rows`.
    pub fn row(&self, i: usize) -> &[u8] {
        &self.cells[i * self.cols..(i + 1) * self.cols]
    }

    /// Every row, top to bottom.
    pub fn iter_rows(&self) -> impl Iterator<Item = &[u8]> + '_ {
        (0..self.rows).map(move |r| self.row(r))
    }

    /// The matrix made of the given rows, in the given order; `None` if one is out of range.
    pub fn select_rows(&self, rows: &[usize]) -> Option<Matrix> {
        if rows.iter().any(|&r| r >= self.rows) {
            return None;
        }
        Some(Matrix {
            rows: rows.len(),
            cols: self.cols,
            cells: rows
                .iter()
                .flat_map(|&r| self.row(r).iter().copied())
                .collect(),
        })
    }

    /// The product `self × other` (each entry a GF(2^8) dot product), or
    /// [`ErasureError::MatrixShape`] if `self.cols ≠ other.rows`.
    pub fn mul(&self, other: &Matrix) -> Result<Matrix, ErasureError> {
        if self.cols != other.rows {
            return Err(ErasureError::MatrixShape {
                left: (self.rows, self.cols),
                right: (other.rows, other.cols),
            });
        }
        // Row r of the product = Σ_i self[r][i] · (row i of other).
        let mut out = Matrix::zero(self.rows, other.cols);
        if other.cols > 0 {
            for (r, out_row) in out.cells.chunks_exact_mut(other.cols).enumerate() {
                for (i, &factor) in self.row(r).iter().enumerate() {
                    add_scaled_row(out_row, other.row(i), factor);
                }
            }
        }
        Ok(out)
    }

    /// The inverse, by Gauss-Jordan elimination on `[self | I]` (see the module docs): for
    /// each column find a row with a non-zero pivot, swap it up, scale it so the pivot is
    /// 1, and subtract (XOR) multiples of it from every other row. When the left half is
    /// `I`, the right half is the inverse. [`ErasureError::MatrixShape`] if not square,
    /// [`ErasureError::SingularMatrix`] if a column has no pivot.
    pub fn invert(&self) -> Result<Matrix, ErasureError> {
        let n = self.rows;
        let work = self.eliminate(|_, _, _| {})?;
        let w = 2 * n;
        let rows: Vec<&[u8]> = work.chunks_exact(w.max(1)).map(|r| &r[n..]).collect();
        Ok(Matrix::from_rows(&rows).unwrap_or_else(|| Matrix::zero(n, n)))
    }

    /// The same elimination as [`Matrix::invert`], one recorded [`GjStep`] per row
    /// operation, each with `[left | right]` after it. When the last step is reached (or
    /// at once, if there is no step: `self` is `I`), the left half is `I` and the right
    /// half is exactly `invert()`'s result. `None` for a non-square or singular matrix.
    pub fn gauss_jordan_steps(&self) -> Option<Vec<GjStep>> {
        let w = 2 * self.rows;
        let mut steps = Vec::new();
        self.eliminate(|op, column, work| {
            steps.push(GjStep {
                op,
                column,
                after: work.chunks_exact(w.max(1)).map(<[u8]>::to_vec).collect(),
            })
        })
        .ok()?;
        Some(steps)
    }

    /// Gauss-Jordan elimination of `[self | I]` (see the module docs), calling `record`
    /// after each row operation with the operation, the pivot column and the augmented
    /// matrix (`n` rows of `2n`, row after row). Returns that matrix at the end.
    fn eliminate(
        &self,
        mut record: impl FnMut(RowOp, usize, &[u8]),
    ) -> Result<Vec<u8>, ErasureError> {
        let n = self.rows;
        if self.cols != n {
            return Err(ErasureError::MatrixShape {
                left: (self.rows, self.cols),
                right: (self.rows, self.cols),
            });
        }
        // Work on the augmented matrix [A | I], 2n columns, one row after another.
        let w = 2 * n;
        let mut work = vec![0u8; n * w];
        // (`max(1)`: a 0 × 0 matrix has no rows, and chunks of 0 bytes would panic.)
        for (r, row) in work.chunks_exact_mut(w.max(1)).enumerate() {
            row[..n].copy_from_slice(self.row(r));
            row[n + r] = 1;
        }
        for col in 0..n {
            let pivot_row = (col..n)
                .find(|&r| work[r * w + col] != 0)
                .ok_or(ErasureError::SingularMatrix)?;
            if pivot_row != col {
                let (upper, lower) = work.split_at_mut(pivot_row * w);
                upper[col * w..(col + 1) * w].swap_with_slice(&mut lower[..w]);
                record(RowOp::Swap(col, pivot_row), col, &work);
            }
            let scale = gf256::inv(work[col * w + col]).ok_or(ErasureError::SingularMatrix)?;
            if scale != 1 {
                scale_row(&mut work[col * w..(col + 1) * w], scale);
                record(
                    RowOp::Scale {
                        row: col,
                        factor: scale,
                    },
                    col,
                    &work,
                );
            }
            let pivot: Vec<u8> = work[col * w..(col + 1) * w].to_vec();
            for r in 0..n {
                let row = &mut work[r * w..(r + 1) * w];
                let factor = row[col];
                if r != col && factor != 0 {
                    // row −= factor · pivot (subtraction is XOR).
                    add_scaled_row(row, &pivot, factor);
                    record(
                        RowOp::Eliminate {
                            target: r,
                            source: col,
                            factor,
                        },
                        col,
                        &work,
                    );
                }
            }
        }
        Ok(work)
    }

    /// Whether this is an identity matrix.
    pub fn is_identity(&self) -> bool {
        self.rows == self.cols
            && (0..self.rows).all(|r| (0..self.cols).all(|c| self.get(r, c) == u8::from(r == c)))
    }
}

/// One row operation of Gauss-Jordan elimination on `[S | I]` (rows numbered from 0).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowOp {
    /// Swap two rows: `Swap(c, r)` brings row `r`'s non-zero entry into pivot position
    /// `c` (where there was a 0).
    Swap(usize, usize),
    /// `row ← row · factor` (making the pivot 1; `factor` is the pivot's inverse, never 1).
    Scale {
        /// The row.
        row: usize,
        /// The factor.
        factor: u8,
    },
    /// `target ← target + factor · source` (clearing `target`'s entry in the pivot
    /// column; `factor` is that entry, never 0).
    Eliminate {
        /// The row changed.
        target: usize,
        /// The pivot row.
        source: usize,
        /// The entry cleared.
        factor: u8,
    },
}

/// One step of [`Matrix::gauss_jordan_steps`]: the operation, the pivot column, and the
/// augmented matrix after it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GjStep {
    /// What was done.
    pub op: RowOp,
    /// The column being cleared.
    pub column: usize,
    /// `[left | right]` after the operation: `n` rows of `2n` bytes.
    pub after: Vec<Vec<u8>>,
}

/// Rows of two-digit hex, the way widgets and test failures show a matrix.
impl fmt::Display for Matrix {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, row) in self.iter_rows().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            for (j, v) in row.iter().enumerate() {
                if j > 0 {
                    write!(f, " ")?;
                }
                write!(f, "{v:02x}")?;
            }
        }
        Ok(())
    }
}

/// `row ← row · factor`, element by element.
fn scale_row(row: &mut [u8], factor: u8) {
    for v in row {
        *v = gf256::mul(*v, factor);
    }
}

/// `row ← row + factor · other` (a row operation of Gaussian elimination), with one
/// 256-entry product table for `factor` when the rows are long enough to repay it.
fn add_scaled_row(row: &mut [u8], other: &[u8], factor: u8) {
    match factor {
        0 => {}
        1 => row.iter_mut().zip(other).for_each(|(r, &o)| *r ^= o),
        _ if row.len() >= 64 => {
            let table = super::kernel::product_table(factor);
            row.iter_mut()
                .zip(other)
                .for_each(|(r, &o)| *r ^= table[o as usize]);
        }
        _ => row
            .iter_mut()
            .zip(other)
            .for_each(|(r, &o)| *r ^= gf256::mul(factor, o)),
    }
}
