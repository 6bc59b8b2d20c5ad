//! Small dense matrices over GF(2^8): the encoding matrix, the square submatrix a
//! decoder picks, and its inverse by Gauss-Jordan elimination.

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

    /// The inverse, by Gauss-Jordan elimination on `[self | I]`: for each column find a
    /// row with a non-zero pivot, swap it up, scale it so the pivot is 1, and subtract
    /// (XOR) multiples of it from every other row. When the left half is `I`, the right
    /// half is the inverse. [`ErasureError::MatrixShape`] if not square,
    /// [`ErasureError::SingularMatrix`] if a column has no pivot.
    pub fn invert(&self) -> Result<Matrix, ErasureError> {
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
        for (r, row) in work.chunks_exact_mut(w).enumerate() {
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
            }
            let scale = gf256::inv(work[col * w + col]).ok_or(ErasureError::SingularMatrix)?;
            scale_row(&mut work[col * w..(col + 1) * w], scale);
            let pivot: Vec<u8> = work[col * w..(col + 1) * w].to_vec();
            for (r, row) in work.chunks_exact_mut(w).enumerate() {
                let factor = row[col];
                if r != col && factor != 0 {
                    // row −= factor · pivot (subtraction is XOR).
                    add_scaled_row(row, &pivot, factor);
                }
            }
        }
        let rows: Vec<&[u8]> = work.chunks_exact(w).map(|r| &r[n..]).collect();
        Ok(Matrix::from_rows(&rows).unwrap_or_else(|| Matrix::zero(n, n)))
    }

    /// Whether this is an identity matrix.
    pub fn is_identity(&self) -> bool {
        self.rows == self.cols
            && (0..self.rows).all(|r| (0..self.cols).all(|c| self.get(r, c) == u8::from(r == c)))
    }
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
