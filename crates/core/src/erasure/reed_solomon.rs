//! The Reed-Solomon coder: encoding matrix, encode, decode, rebuild, and the plans and
//! step-by-step products that widgets show.

use super::gf256::{self, DotProduct};
use super::kernel::{self, Kernel};
use super::matrix::Matrix;
use super::ErasureError;

/// A systematic Reed-Solomon code with `k` data chunks and `m` parity chunks.
///
/// ```
/// use distlab_core::erasure::ReedSolomon;
///
/// let rs = ReedSolomon::new(4, 2).unwrap();
/// let data = rs.split(b"any k of n chunks rebuild the data").unwrap();
/// let chunks = rs.encode(&data).unwrap(); // 4 data chunks, then 2 parity chunks
///
/// // Lose chunks 0 and 3; any 4 of the 6 are enough.
/// let survivors: Vec<(usize, &[u8])> =
///     [1, 2, 4, 5].iter().map(|&i| (i, chunks[i].as_slice())).collect();
/// let decoded = rs.decode(&survivors).unwrap();
/// assert_eq!(rs.join(&decoded, 34).unwrap(), b"any k of n chunks rebuild the data");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReedSolomon {
    data: usize,
    parity: usize,
    /// `n × k`: identity on top, parity rows below.
    matrix: Matrix,
    kernel: Kernel,
}

impl ReedSolomon {
    /// The most chunks a code over GF(2^8) can have: `k + m ≤ 256`.
    pub const MAX_CHUNKS: usize = 256;

    /// A code with `data_chunks = k ≥ 1` and `parity_chunks = m ≥ 0`, `k + m ≤ 256`,
    /// using [`Kernel::fastest`]. Builds `E = V × T⁻¹` (see the [module docs](super)).
    pub fn new(data_chunks: usize, parity_chunks: usize) -> Result<ReedSolomon, ErasureError> {
        if data_chunks == 0 {
            return Err(ErasureError::NoDataChunks);
        }
        if data_chunks.saturating_add(parity_chunks) > Self::MAX_CHUNKS {
            return Err(ErasureError::TooManyChunks {
                data: data_chunks,
                parity: parity_chunks,
            });
        }
        let n = data_chunks + parity_chunks;
        let vandermonde = Matrix::vandermonde(n, data_chunks);
        let top: Vec<usize> = (0..data_chunks).collect();
        let top_inverse = vandermonde
            .select_rows(&top)
            .ok_or(ErasureError::SingularMatrix)?
            .invert()?;
        Ok(ReedSolomon {
            data: data_chunks,
            parity: parity_chunks,
            matrix: vandermonde.mul(&top_inverse)?,
            kernel: Kernel::fastest(),
        })
    }

    /// The same code computing with another [`Kernel`] (they all give the same bytes).
    pub fn with_kernel(mut self, kernel: Kernel) -> ReedSolomon {
        self.kernel = kernel;
        self
    }

    /// The kernel used for the bulk work.
    pub fn kernel(&self) -> Kernel {
        self.kernel
    }

    /// `k`, the number of data chunks.
    pub fn data_chunks(&self) -> usize {
        self.data
    }

    /// `m`, the number of parity chunks (= how many lost chunks are tolerated).
    pub fn parity_chunks(&self) -> usize {
        self.parity
    }

    /// `n = k + m`, the number of chunks stored.
    pub fn total_chunks(&self) -> usize {
        self.data + self.parity
    }

    /// The `n × k` encoding matrix `E`: row `i` gives chunk `i` from the data chunks.
    /// The first `k` rows are the identity, the last `m` the parity rows.
    pub fn encoding_matrix(&self) -> &Matrix {
        &self.matrix
    }

    /// Row `i` of the encoding matrix, or `None` if `i ≥ n`.
    pub fn encoding_row(&self, i: usize) -> Option<&[u8]> {
        (i < self.total_chunks()).then(|| self.matrix.row(i))
    }

    /// Splits `bytes` into `k` data chunks of `⌈len / k⌉` bytes, padding the last with
    /// zeros. [`ErasureError::EmptyInput`] for no bytes. Undo with [`join`](Self::join).
    pub fn split(&self, bytes: &[u8]) -> Result<Vec<Vec<u8>>, ErasureError> {
        if bytes.is_empty() {
            return Err(ErasureError::EmptyInput);
        }
        let len = bytes.len().div_ceil(self.data);
        Ok((0..self.data)
            .map(|i| {
                let start = (i * len).min(bytes.len());
                let end = ((i + 1) * len).min(bytes.len());
                let mut chunk = bytes[start..end].to_vec();
                chunk.resize(len, 0);
                chunk
            })
            .collect())
    }

    /// The `k` data chunks concatenated and cut to the original `len` (dropping the
    /// padding [`split`](Self::split) added).
    pub fn join<T: AsRef<[u8]>>(&self, data: &[T], len: usize) -> Result<Vec<u8>, ErasureError> {
        self.check_count(data.len())?;
        let mut out: Vec<u8> = data
            .iter()
            .flat_map(|c| c.as_ref().iter().copied())
            .collect();
        out.truncate(len);
        Ok(out)
    }

    /// Encodes: returns all `n` chunks, the `k` data chunks unchanged followed by the
    /// `m` parity chunks. Needs exactly `k` non-empty chunks of one length.
    pub fn encode<T: AsRef<[u8]>>(&self, data: &[T]) -> Result<Vec<Vec<u8>>, ErasureError> {
        let len = self.check_data(data)?;
        let mut chunks: Vec<Vec<u8>> = data.iter().map(|c| c.as_ref().to_vec()).collect();
        chunks.extend((0..self.parity).map(|_| vec![0u8; len]));
        let (data, parity) = chunks.split_at_mut(self.data);
        let inputs: Vec<&[u8]> = data.iter().map(Vec::as_slice).collect();
        let mut outputs: Vec<&mut [u8]> = parity.iter_mut().map(Vec::as_mut_slice).collect();
        kernel::code(self.kernel, &self.parity_rows(), &inputs, &mut outputs);
        Ok(chunks)
    }

    /// Encodes into caller-owned parity buffers (no allocation): `parity` must hold `m`
    /// buffers as long as the data chunks; they are overwritten.
    pub fn encode_parity<T: AsRef<[u8]>, U: AsMut<[u8]>>(
        &self,
        data: &[T],
        parity: &mut [U],
    ) -> Result<(), ErasureError> {
        let len = self.check_data(data)?;
        if parity.len() != self.parity {
            return Err(ErasureError::WrongChunkCount {
                expected: self.parity,
                got: parity.len(),
            });
        }
        let mut outputs: Vec<&mut [u8]> = parity.iter_mut().map(AsMut::as_mut).collect();
        for (i, out) in outputs.iter().enumerate() {
            if out.len() != len {
                return Err(ErasureError::ChunkSizeMismatch {
                    index: self.data + i,
                    expected: len,
                    got: out.len(),
                });
            }
        }
        let inputs: Vec<&[u8]> = data.iter().map(AsRef::as_ref).collect();
        kernel::code(self.kernel, &self.parity_rows(), &inputs, &mut outputs);
        Ok(())
    }

    /// Whether the `n` chunks are consistent: the parity recomputed from the data chunks
    /// equals the stored parity.
    pub fn verify<T: AsRef<[u8]>>(&self, chunks: &[T]) -> Result<bool, ErasureError> {
        if chunks.len() != self.total_chunks() {
            return Err(ErasureError::WrongChunkCount {
                expected: self.total_chunks(),
                got: chunks.len(),
            });
        }
        let len = common_len(chunks.iter().enumerate().map(|(i, c)| (i, c.as_ref())))?;
        let mut parity = vec![vec![0u8; len]; self.parity];
        self.encode_parity(&chunks[..self.data], &mut parity)?;
        Ok(parity
            .iter()
            .zip(&chunks[self.data..])
            .all(|(p, c)| p.as_slice() == c.as_ref()))
    }

    /// Byte `byte` of chunk `chunk` (data or parity) computed the readable way: row
    /// `chunk` of the encoding matrix times the column of data bytes at `byte`, every
    /// product via log/exp tables, XOR-summed. For a data chunk the row is a row of the
    /// identity, so the byte simply passes through.
    pub fn explain_byte<T: AsRef<[u8]>>(
        &self,
        data: &[T],
        chunk: usize,
        byte: usize,
    ) -> Result<DotProduct, ErasureError> {
        let len = self.check_data(data)?;
        let row = self
            .encoding_row(chunk)
            .ok_or(ErasureError::IndexOutOfRange {
                index: chunk,
                total: self.total_chunks(),
            })?;
        if byte >= len {
            return Err(ErasureError::ByteOutOfRange { byte, len });
        }
        let column: Vec<u8> = data.iter().map(|c| c.as_ref()[byte]).collect();
        Ok(gf256::dot_product(row, &column))
    }

    /// How to recover from the chunks at the indexes `available` (any order, no
    /// duplicates, each `< n`, at least `k` of them): which `k` to read (the lowest
    /// indexes, so data chunks are preferred), the submatrix `S` of their rows, `S⁻¹`,
    /// and for every missing chunk the row that rebuilds it from the `k` read.
    pub fn recovery_plan(&self, available: &[usize]) -> Result<RecoveryPlan, ErasureError> {
        let n = self.total_chunks();
        let mut present = vec![false; n];
        for &i in available {
            if i >= n {
                return Err(ErasureError::IndexOutOfRange { index: i, total: n });
            }
            if present[i] {
                return Err(ErasureError::DuplicateIndex(i));
            }
            present[i] = true;
        }
        if available.len() < self.data {
            return Err(ErasureError::TooFewChunks {
                needed: self.data,
                available: available.len(),
            });
        }
        let used: Vec<usize> = (0..n).filter(|&i| present[i]).take(self.data).collect();
        let missing: Vec<usize> = (0..n).filter(|&i| !present[i]).collect();
        let submatrix = self
            .matrix
            .select_rows(&used)
            .ok_or(ErasureError::SingularMatrix)?;
        let inverse = submatrix.invert()?;
        let rebuild_rows = self
            .matrix
            .select_rows(&missing)
            .ok_or(ErasureError::SingularMatrix)?
            .mul(&inverse)?;
        Ok(RecoveryPlan {
            used,
            missing,
            submatrix,
            inverse,
            rebuild_rows,
        })
    }

    /// The `k` data chunks, from any `k` or more of the `n` chunks given as
    /// `(index, bytes)` pairs. Reads the `k` of lowest index; computes only the missing
    /// data chunks, in one pass over the survivors.
    pub fn decode<T: AsRef<[u8]>>(
        &self,
        chunks: &[(usize, T)],
    ) -> Result<Vec<Vec<u8>>, ErasureError> {
        let (plan, by_index, len) = self.plan_for(chunks)?;
        let targets: Vec<usize> = plan
            .missing
            .iter()
            .copied()
            .filter(|&i| i < self.data)
            .collect();
        let rebuilt = self.rebuild(&plan, &by_index, &targets, len);
        let mut rebuilt = rebuilt.into_iter();
        Ok((0..self.data)
            .map(|i| match by_index[i] {
                Some(c) => c.to_vec(),
                None => rebuilt.next().unwrap_or_default(),
            })
            .collect())
    }

    /// Fills every missing (`None`) chunk of `chunks` (all `n` slots, data then parity)
    /// from the present ones, and returns the indexes it rebuilt. On an error nothing is
    /// changed.
    pub fn reconstruct(&self, chunks: &mut [Option<Vec<u8>>]) -> Result<Vec<usize>, ErasureError> {
        if chunks.len() != self.total_chunks() {
            return Err(ErasureError::WrongChunkCount {
                expected: self.total_chunks(),
                got: chunks.len(),
            });
        }
        let present: Vec<(usize, &[u8])> = chunks
            .iter()
            .enumerate()
            .filter_map(|(i, c)| c.as_deref().map(|c| (i, c)))
            .collect();
        let (plan, by_index, len) = self.plan_for(&present)?;
        let rebuilt = self.rebuild(&plan, &by_index, &plan.missing, len);
        for (&i, chunk) in plan.missing.iter().zip(rebuilt) {
            chunks[i] = Some(chunk);
        }
        Ok(plan.missing)
    }

    /// The chunk `lost` for a replacement node, computed from `k` of the surviving
    /// chunks with one row of `k` coefficients ([`RecoveryPlan::rebuild_row`]). If
    /// `lost` is itself among `chunks` it is simply copied.
    pub fn rebuild_chunk<T: AsRef<[u8]>>(
        &self,
        chunks: &[(usize, T)],
        lost: usize,
    ) -> Result<Vec<u8>, ErasureError> {
        if lost >= self.total_chunks() {
            return Err(ErasureError::IndexOutOfRange {
                index: lost,
                total: self.total_chunks(),
            });
        }
        let (plan, by_index, len) = self.plan_for(chunks)?;
        if let Some(c) = by_index[lost] {
            return Ok(c.to_vec());
        }
        Ok(self
            .rebuild(&plan, &by_index, &[lost], len)
            .pop()
            .unwrap_or_default())
    }

    /// The parity rows of `E` (rows `k..n`).
    fn parity_rows(&self) -> Vec<&[u8]> {
        (self.data..self.total_chunks())
            .map(|i| self.matrix.row(i))
            .collect()
    }

    fn check_count(&self, got: usize) -> Result<(), ErasureError> {
        if got == self.data {
            Ok(())
        } else {
            Err(ErasureError::WrongChunkCount {
                expected: self.data,
                got,
            })
        }
    }

    /// `k` data chunks of one non-zero length: returns the length.
    fn check_data<T: AsRef<[u8]>>(&self, data: &[T]) -> Result<usize, ErasureError> {
        self.check_count(data.len())?;
        common_len(data.iter().enumerate().map(|(i, c)| (i, c.as_ref())))
    }

    /// Checks indexed chunks, plans the recovery, and indexes the chunks by node.
    #[allow(clippy::type_complexity)]
    fn plan_for<'a, T: AsRef<[u8]>>(
        &self,
        chunks: &'a [(usize, T)],
    ) -> Result<(RecoveryPlan, Vec<Option<&'a [u8]>>, usize), ErasureError> {
        let indexes: Vec<usize> = chunks.iter().map(|(i, _)| *i).collect();
        let plan = self.recovery_plan(&indexes)?;
        let len = common_len(chunks.iter().map(|(i, c)| (*i, c.as_ref())))?;
        let mut by_index = vec![None; self.total_chunks()];
        for (i, c) in chunks {
            by_index[*i] = Some(c.as_ref());
        }
        Ok((plan, by_index, len))
    }

    /// The chunks `targets` (all missing in `plan`), in one pass over the used chunks.
    fn rebuild(
        &self,
        plan: &RecoveryPlan,
        by_index: &[Option<&[u8]>],
        targets: &[usize],
        len: usize,
    ) -> Vec<Vec<u8>> {
        let inputs: Vec<&[u8]> = plan
            .used
            .iter()
            .map(|&i| by_index[i].unwrap_or_default())
            .collect();
        let rows: Vec<&[u8]> = targets
            .iter()
            .filter_map(|&t| plan.rebuild_row(t))
            .collect();
        let mut out = vec![vec![0u8; len]; rows.len()];
        let mut outputs: Vec<&mut [u8]> = out.iter_mut().map(Vec::as_mut_slice).collect();
        kernel::code(self.kernel, &rows, &inputs, &mut outputs);
        out
    }
}

/// The common length of some indexed chunks: [`ErasureError::EmptyInput`] if there are
/// none or it is 0, [`ErasureError::ChunkSizeMismatch`] naming the first that differs.
fn common_len<'a>(
    mut chunks: impl Iterator<Item = (usize, &'a [u8])>,
) -> Result<usize, ErasureError> {
    let (_, first) = chunks.next().ok_or(ErasureError::EmptyInput)?;
    let expected = first.len();
    if expected == 0 {
        return Err(ErasureError::EmptyInput);
    }
    for (index, c) in chunks {
        if c.len() != expected {
            return Err(ErasureError::ChunkSizeMismatch {
                index,
                expected,
                got: c.len(),
            });
        }
    }
    Ok(expected)
}

/// How a set of surviving chunks rebuilds the rest: what a recovery widget shows.
///
/// Reading the `used` chunks gives, at every byte position, the column
/// `s = submatrix × data`; so `data = inverse × s`, and a missing chunk `j` is
/// `E[j] × inverse × s = rebuild_row(j) · s`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecoveryPlan {
    /// The `k` chunk indexes read (the lowest available), in order.
    pub used: Vec<usize>,
    /// Every chunk index not available, in order: the chunks to rebuild.
    pub missing: Vec<usize>,
    /// `S`: the `k × k` rows of the encoding matrix for the `used` chunks.
    pub submatrix: Matrix,
    /// `S⁻¹`, by Gauss-Jordan elimination: `inverse × submatrix = I`.
    pub inverse: Matrix,
    /// Row `r` rebuilds chunk `missing[r]` from the `used` chunks: `E[missing[r]] × S⁻¹`.
    pub rebuild_rows: Matrix,
}

impl RecoveryPlan {
    /// The `k` coefficients that rebuild the missing chunk `chunk` from the `used`
    /// chunks (in their order), or `None` if `chunk` is not missing.
    pub fn rebuild_row(&self, chunk: usize) -> Option<&[u8]> {
        self.missing
            .iter()
            .position(|&m| m == chunk)
            .map(|r| self.rebuild_rows.row(r))
    }

    /// How many chunks recovery reads: always `k`, however many are lost.
    pub fn reads(&self) -> usize {
        self.used.len()
    }

    /// Byte `byte` of the missing chunk `chunk` step by step: its rebuild row times the
    /// bytes at `byte` of the `used` chunks (`used_chunks` in the order of `used`).
    pub fn explain_byte<T: AsRef<[u8]>>(
        &self,
        chunk: usize,
        used_chunks: &[T],
        byte: usize,
    ) -> Result<DotProduct, ErasureError> {
        let row = self
            .rebuild_row(chunk)
            .ok_or(ErasureError::NotMissing(chunk))?;
        if used_chunks.len() != self.used.len() {
            return Err(ErasureError::WrongChunkCount {
                expected: self.used.len(),
                got: used_chunks.len(),
            });
        }
        let len = common_len(
            self.used
                .iter()
                .zip(used_chunks)
                .map(|(&i, c)| (i, c.as_ref())),
        )?;
        if byte >= len {
            return Err(ErasureError::ByteOutOfRange { byte, len });
        }
        let column: Vec<u8> = used_chunks.iter().map(|c| c.as_ref()[byte]).collect();
        Ok(gf256::dot_product(row, &column))
    }
}
