//! # Erasure coding: Reed-Solomon over GF(2^8), any k of n chunks rebuild the data
//!
//! Split the data into `k` equally long **data chunks**, compute `m` **parity chunks**
//! from them, and store the `n = k + m` chunks on `n` different nodes. Reed-Solomon
//! guarantees that *any* `k` of the `n` chunks are enough to rebuild everything, so up
//! to `m` nodes may fail, at a storage cost of `n / k` (1.4× for 10+4, against 3× for
//! three full copies).
//!
//! ## Encoding is a matrix product
//!
//! Take byte `i` of every data chunk: a column `d` of `k` bytes. The `n` bytes stored at
//! position `i` of the `n` chunks are `E × d`, for an `n × k` **encoding matrix** `E`
//! over the field GF(2^8) ([`gf256`]: bytes where `+` is XOR and `·` is done with
//! log/exp tables). For 4 data and 2 parity chunks:
//!
//! ```text
//!   ┌ 1 0 0 0 ┐            ┌ d0 ┐      data chunks pass through:
//!   │ 0 1 0 0 │   ┌ d0 ┐   │ d1 │      the top of E is the identity
//!   │ 0 0 1 0 │ × │ d1 │ = │ d2 │      ("systematic" code)
//!   │ 0 0 0 1 │   │ d2 │   │ d3 │
//!   │ a b c d │   └ d3 ┘   │ p0 │  p0 = a·d0 + b·d1 + c·d2 + d·d3
//!   └ e f g h ┘            └ p1 ┘  p1 = e·d0 + f·d1 + g·d2 + h·d3
//! ```
//!
//! The same matrix serves every byte position, so encoding a chunk of `L` bytes is `m`
//! rows × `k` coefficients × `L` bytes of multiply-and-XOR ([`kernel`] does it fast).
//!
//! ## Decoding is a matrix inversion
//!
//! Suppose some chunks are lost and `k` survive. Their bytes at position `i` are
//! `S × d`, where `S` is the `k × k` **submatrix** of `E` made of the survivors' rows.
//! If `S` is invertible, `d = S⁻¹ × (surviving bytes)`: the data is back, and any lost
//! chunk `j` is `E[j] × S⁻¹ × (surviving bytes)` — one row of `k` coefficients applied to
//! the survivors, which is how a replacement node rebuilds its chunk by reading `k`
//! others ([`RecoveryPlan`] holds `S`, `S⁻¹` and those rows for a widget to show).
//!
//! ## Why any k rows are invertible: a Vandermonde matrix made systematic
//!
//! Start from the `n × k` Vandermonde matrix `V[r][c] = r^c` (row number `r` read as a
//! field element, `0^0 = 1`). Any `k` of its rows form a square Vandermonde matrix on
//! `k` distinct points, whose determinant `Π (x_j − x_i)` is non-zero: invertible. That
//! needs `n ≤ 256` distinct points, hence the limit `k + m ≤ 256`. Then
//! `E = V × T⁻¹`, where `T` is `V`'s top `k × k` square: the top of `E` becomes the
//! identity (data passes through), and any `k` rows of `E` are (those rows of `V`) ×
//! `T⁻¹`, a product of two invertible matrices — still invertible.
//!
//! This is exactly the construction of Backblaze's JavaReedSolomon, klauspost's Go
//! `reedsolomon` (its default matrix) and the `reed-solomon-erasure` crate, with the same
//! field, so our parity bytes are theirs (checked in `tests/erasure_crosscheck.rs`).
//! (Using `V`'s rows directly as parity rows, without `T⁻¹`, is *not* safe: some
//! choices of k rows of `[I; V_bottom]` are singular.)
//!
//! ## Invariants
//!
//! - `E`'s first `k` rows are the identity; every `k × k` submatrix of `E` is invertible.
//! - `encode` then dropping any `≤ m` chunks then `decode` returns the data, for every
//!   `k ≥ 1`, `m ≥ 0`, `k + m ≤ 256` (all 1,001 patterns of 10+4 are tested).
//! - The fast kernels give the reference kernel's bytes ([`kernel::Kernel`]).
//! - Bad shapes return an [`ErasureError`], never a panic.

pub mod durability;
pub mod gf256;
pub mod kernel;
mod matrix;
mod reed_solomon;

pub use kernel::{mul_chunks, mul_reference, Kernel};
pub use matrix::{GjStep, Matrix, RowOp};
pub use reed_solomon::{RecoveryPlan, ReedSolomon};

use std::fmt;

/// Why an erasure-coding call could not proceed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErasureError {
    /// `k = 0`: there must be at least one data chunk.
    NoDataChunks,
    /// `k + m > 256`: GF(2^8) has only 256 distinct evaluation points.
    TooManyChunks {
        /// The requested number of data chunks.
        data: usize,
        /// The requested number of parity chunks.
        parity: usize,
    },
    /// A list of chunks (or matrix rows) did not have the expected length.
    WrongChunkCount {
        /// How many were expected.
        expected: usize,
        /// How many were given.
        got: usize,
    },
    /// There were no bytes to code (empty input, or chunks of length 0).
    EmptyInput,
    /// Chunks must all be equally long.
    ChunkSizeMismatch {
        /// The chunk's index (its node number, or its position in the list given).
        index: usize,
        /// The length of the first chunk.
        expected: usize,
        /// This chunk's length.
        got: usize,
    },
    /// Fewer than `k` chunks survive: more than `m` were lost, the data is gone.
    TooFewChunks {
        /// `k`, the number needed.
        needed: usize,
        /// How many were available.
        available: usize,
    },
    /// The same chunk index was given twice.
    DuplicateIndex(usize),
    /// A chunk index is not below `n = k + m`.
    IndexOutOfRange {
        /// The index given.
        index: usize,
        /// `n`, the number of chunks.
        total: usize,
    },
    /// A byte position is not below the chunk length.
    ByteOutOfRange {
        /// The position given.
        byte: usize,
        /// The chunk length.
        len: usize,
    },
    /// The chunk asked about is not a missing one: there is nothing to rebuild.
    NotMissing(usize),
    /// The matrix has no inverse (never the case for a submatrix of a Reed-Solomon
    /// encoding matrix; possible for a matrix a caller builds).
    SingularMatrix,
    /// Matrix shapes do not fit (a product `A × B` needs `A.cols = B.rows`; an inverse
    /// needs a square matrix).
    MatrixShape {
        /// `(rows, cols)` of the left matrix (or of the matrix to invert).
        left: (usize, usize),
        /// `(rows, cols)` of the right matrix.
        right: (usize, usize),
    },
}

impl fmt::Display for ErasureError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            ErasureError::NoDataChunks => write!(f, "k must be at least 1 (no data chunks)"),
            ErasureError::TooManyChunks { data, parity } => write!(
                f,
                "{data} + {parity} = {} chunks: GF(2^8) allows at most 256",
                data + parity
            ),
            ErasureError::WrongChunkCount { expected, got } => {
                write!(f, "expected {expected} chunks, got {got}")
            }
            ErasureError::EmptyInput => write!(f, "nothing to code: the input is empty"),
            ErasureError::ChunkSizeMismatch {
                index,
                expected,
                got,
            } => write!(
                f,
                "chunk {index} is {got} bytes long, but the chunks must all be {expected} bytes"
            ),
            ErasureError::TooFewChunks { needed, available } => write!(
                f,
                "only {available} chunks available, {needed} needed: the data cannot be rebuilt"
            ),
            ErasureError::DuplicateIndex(i) => write!(f, "chunk {i} was given twice"),
            ErasureError::IndexOutOfRange { index, total } => {
                write!(
                    f,
                    "chunk index {index} is out of range (there are {total} chunks)"
                )
            }
            ErasureError::ByteOutOfRange { byte, len } => {
                write!(f, "byte {byte} is out of range (chunks are {len} bytes)")
            }
            ErasureError::NotMissing(i) => write!(f, "chunk {i} is not missing"),
            ErasureError::SingularMatrix => write!(f, "the matrix is singular (no inverse)"),
            ErasureError::MatrixShape { left, right } => write!(
                f,
                "matrix shapes do not fit: {}×{} and {}×{}",
                left.0, left.1, right.0, right.1
            ),
        }
    }
}

impl std::error::Error for ErasureError {}
