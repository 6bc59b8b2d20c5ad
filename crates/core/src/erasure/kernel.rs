//! # Multiplying a matrix by chunks of data: the bulk work, four ways
//!
//! Encoding, decoding and rebuilding are all the same operation: given a coefficient
//! matrix `C` (`outputs × inputs`) and `inputs` equally long chunks, compute
//!
//! ```text
//! output[o][i] = Σ_c C[o][c] · input[c][i]        for every byte position i
//! ```
//!
//! Each output byte is one dot product over GF(2^8) ([`gf256::dot_product`] shows one).
//! What differs is how the products `C[o][c] · x` are found for millions of bytes `x`:
//!
//! - [`Kernel::Reference`]: byte by byte through the log/exp tables ([`gf256::mul`]).
//!   The readable version, and what the widgets explain. Slow: two lookups, an add and
//!   a branch per product.
//! - [`Kernel::Tables`]: the coefficient `c` is fixed for a whole chunk, so first write
//!   out its 256-entry table `T_c[x] = c · x`, then each byte costs one lookup and one
//!   XOR (the classic approach, and `reed-solomon-erasure`'s pure-Rust one). Work goes in
//!   stripes of a few KiB so the inputs stay cached for every output.
//! - [`Kernel::Nibbles`]: multiplication by `c` is linear over XOR, so
//!   `c · x = c · (x & 0x0F) ⊕ c · (x & 0xF0)`: two lookups in 16-entry tables, one
//!   indexed by the low nibble and one by the high nibble. Sixteen entries fit a 128-bit
//!   register, and a byte shuffle looks up 16 bytes at once. In WebAssembly with
//!   `simd128` enabled at compile time (the workspace's wasm build), that shuffle is
//!   `i8x16.swizzle` (`relaxed_swizzle` when `relaxed-simd` is enabled too: one `pshufb`
//!   on x86); elsewhere the same code runs on plain `[u8; 16]` arrays, which is how
//!   native tests check its logic (slowly: without a shuffle instruction it is 16
//!   scalar lookups).
//! - [`Kernel::BitMasks`]: linearity again, bit by bit: `c · x = ⊕ (c · 2^j)` over the
//!   set bits `j` of `x`. Eight bytes per `u64`: the mask of the bytes whose bit `j` is
//!   set, ANDed with `c · 2^j` repeated in every byte, XORed over the eight bits. No
//!   lookups, only shifts, ANDs, XORs and a multiplication by `0xFF` (to spread a bit
//!   over its byte) on whole words. This is the native fast path:
//!   the workspace forbids `unsafe` and builds for baseline x86-64 (SSE2, no `pshufb`),
//!   so runtime-detected SIMD (what makes the C/assembly coders reach 10+ GB/s) is out
//!   of reach, and word-wide arithmetic beats one table lookup per byte by about 2×.
//!
//! The nibble and bit-mask kernels accumulate up to four outputs per pass, so each
//! 16-byte block of input is loaded and split once for all of them; the last
//! `len % 16` bytes go through the reference. [`Kernel::fastest`] picks `Nibbles` where
//! WebAssembly SIMD is compiled in and `BitMasks` elsewhere.
//!
//! ## Invariants
//!
//! - Every kernel gives exactly the bytes of [`Kernel::Reference`], for any matrix and
//!   any chunk length (tests/erasure_codec.rs checks random ones).
//! - `NIBBLE_TABLES[c] = [c·i, c·(i<<4)]` for `i < 16`; `T_c[16h + l] = c·l ⊕ c·(h<<4)`.

use super::gf256::{self, NIBBLE_TABLES};
use super::matrix::Matrix;
use super::ErasureError;

/// Whether [`Kernel::Nibbles`] runs on WebAssembly SIMD in this build.
pub const SIMD: bool = cfg!(all(target_arch = "wasm32", target_feature = "simd128"));

/// How the bulk matrix-times-chunks product is computed (all give the same bytes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kernel {
    /// Byte by byte through the log/exp tables: readable, slow.
    Reference,
    /// One 256-entry product table per coefficient: one lookup per byte.
    Tables,
    /// Split-nibble tables, 16 bytes per step (SIMD shuffles in WebAssembly).
    Nibbles,
    /// Bit masks, eight bytes per `u64`: no lookups, only word-wide shifts, ANDs, XORs.
    BitMasks,
}

impl Kernel {
    /// Every kernel, slowest first.
    pub const ALL: [Kernel; 4] = [
        Kernel::Reference,
        Kernel::Tables,
        Kernel::Nibbles,
        Kernel::BitMasks,
    ];

    /// The fastest kernel in this build: [`Kernel::Nibbles`] with WebAssembly SIMD,
    /// [`Kernel::BitMasks`] otherwise.
    pub const fn fastest() -> Kernel {
        if SIMD {
            Kernel::Nibbles
        } else {
            Kernel::BitMasks
        }
    }

    /// A short human name.
    pub fn name(self) -> &'static str {
        match self {
            Kernel::Reference => "reference (log/exp per byte)",
            Kernel::Tables => "256-entry tables",
            Kernel::Nibbles if SIMD => "nibble tables (wasm SIMD)",
            Kernel::Nibbles => "nibble tables (portable)",
            Kernel::BitMasks => "bit masks",
        }
    }
}

/// `outputs[o] = Σ_c coefficients[o][c] · inputs[c]`, byte by byte, with `kernel`.
///
/// Errors: [`ErasureError::WrongChunkCount`] if `inputs` or `outputs` do not match the
/// matrix's columns or rows, [`ErasureError::ChunkSizeMismatch`] if the chunks differ in
/// length (inputs and outputs alike).
pub fn mul_chunks<I: AsRef<[u8]>, O: AsMut<[u8]>>(
    kernel: Kernel,
    coefficients: &Matrix,
    inputs: &[I],
    outputs: &mut [O],
) -> Result<(), ErasureError> {
    if inputs.len() != coefficients.cols() {
        return Err(ErasureError::WrongChunkCount {
            expected: coefficients.cols(),
            got: inputs.len(),
        });
    }
    if outputs.len() != coefficients.rows() {
        return Err(ErasureError::WrongChunkCount {
            expected: coefficients.rows(),
            got: outputs.len(),
        });
    }
    let inputs: Vec<&[u8]> = inputs.iter().map(AsRef::as_ref).collect();
    let mut outputs: Vec<&mut [u8]> = outputs.iter_mut().map(AsMut::as_mut).collect();
    let len = inputs
        .first()
        .map(|c| c.len())
        .or_else(|| outputs.first().map(|c| c.len()))
        .unwrap_or(0);
    let sizes = inputs
        .iter()
        .map(|c| c.len())
        .chain(outputs.iter().map(|c| c.len()));
    for (index, got) in sizes.enumerate() {
        if got != len {
            return Err(ErasureError::ChunkSizeMismatch {
                index,
                expected: len,
                got,
            });
        }
    }
    let rows: Vec<&[u8]> = coefficients.iter_rows().collect();
    code(kernel, &rows, &inputs, &mut outputs);
    Ok(())
}

/// The unchecked core of [`mul_chunks`]: `rows.len() == outputs.len()`, every row has
/// `inputs.len()` coefficients, every chunk has the same length.
pub(crate) fn code(kernel: Kernel, rows: &[&[u8]], inputs: &[&[u8]], outputs: &mut [&mut [u8]]) {
    match kernel {
        Kernel::Reference => code_reference(rows, inputs, outputs),
        Kernel::Tables => code_tables(rows, inputs, outputs),
        Kernel::BitMasks => code_bit_masks(rows, inputs, outputs),
        Kernel::Nibbles => {
            #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
            code_nibbles::<simd::Simd>(rows, inputs, outputs);
            #[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
            code_nibbles::<Portable>(rows, inputs, outputs);
        }
    }
}

/// The reference: each output byte is a dot product computed with [`gf256::mul`].
fn code_reference(rows: &[&[u8]], inputs: &[&[u8]], outputs: &mut [&mut [u8]]) {
    for (row, out) in rows.iter().zip(outputs.iter_mut()) {
        for (i, byte) in out.iter_mut().enumerate() {
            *byte = row
                .iter()
                .zip(inputs)
                .fold(0, |acc, (&c, input)| acc ^ gf256::mul(c, input[i]));
        }
    }
}

/// `T_c[x] = c · x` for all 256 bytes `x`, from the two nibble tables of `c`.
pub(crate) fn product_table(c: u8) -> [u8; 256] {
    let [low, high] = &NIBBLE_TABLES[c as usize];
    let mut t = [0u8; 256];
    for (h, block) in t.chunks_exact_mut(16).enumerate() {
        for (entry, l) in block.iter_mut().zip(low) {
            *entry = l ^ high[h];
        }
    }
    t
}

/// Bytes per stripe: a piece of every input and output small enough to stay in the
/// L1/L2 caches while all the products for it are done.
const STRIPE: usize = 4 * 1024;

/// The table kernel: outputs in groups of four rows, one 256-entry table per
/// coefficient; then, stripe by stripe, `out = T_0[in_0] ⊕ T_1[in_1] ⊕ …` for each row
/// of the group (so a stripe of the inputs is read from memory once per group).
fn code_tables(rows: &[&[u8]], inputs: &[&[u8]], outputs: &mut [&mut [u8]]) {
    let len = outputs.first().map_or(0, |o| o.len());
    let mut tables: Vec<[u8; 256]> = Vec::new();
    for (rows, outputs) in rows.chunks(4).zip(outputs.chunks_mut(4)) {
        tables.clear();
        tables.extend(
            rows.iter()
                .flat_map(|r| r.iter().map(|&c| product_table(c))),
        );
        let mut start = 0;
        while start < len {
            let end = (start + STRIPE).min(len);
            for (r, (row, out)) in rows.iter().zip(outputs.iter_mut()).enumerate() {
                let tables = &tables[r * inputs.len()..(r + 1) * inputs.len()];
                table_row(row, tables, inputs, &mut out[start..end], start);
            }
            start = end;
        }
    }
}

/// `out = Σ_c row[c] · inputs[c][start..]` for one stripe, with the coefficients'
/// tables; coefficients 0 and 1 skip the lookups.
#[inline(always)]
fn table_row(row: &[u8], tables: &[[u8; 256]], inputs: &[&[u8]], out: &mut [u8], start: usize) {
    let mut first = true;
    for ((&c, table), input) in row.iter().zip(tables).zip(inputs) {
        let input = &input[start..start + out.len()];
        match (c, first) {
            (0, _) => continue,
            (1, true) => out.copy_from_slice(input),
            (1, false) => out.iter_mut().zip(input).for_each(|(o, &x)| *o ^= x),
            (_, true) => out
                .iter_mut()
                .zip(input)
                .for_each(|(o, &x)| *o = table[x as usize]),
            (_, false) => out
                .iter_mut()
                .zip(input)
                .for_each(|(o, &x)| *o ^= table[x as usize]),
        }
        first = false;
    }
    if first {
        out.fill(0); // an all-zero row
    }
}

/// The bit-mask kernel: multiplication by `c` is linear over XOR, so with `x`'s bits
/// `x = Σ_j x_j · 2^j`, `c · x = ⊕_{j : x_j = 1} (c · 2^j)`. For eight bytes in a `u64`:
/// a mask of the bytes whose bit `j` is set (`0xFF` or `0x00`) ANDed with `c · 2^j` in
/// every byte, XORed over the 8 bits. The masks depend only on the input, so they are
/// made once per 16-byte block and shared by up to four outputs.
fn code_bit_masks(rows: &[&[u8]], inputs: &[&[u8]], outputs: &mut [&mut [u8]]) {
    let len = outputs.first().map_or(0, |o| o.len());
    let blocks = len / 16;
    let in_blocks: Vec<&[[u8; 16]]> = inputs
        .iter()
        .map(|i| i[..blocks * 16].as_chunks().0)
        .collect();
    for (rows, outputs) in rows.chunks(4).zip(outputs.chunks_mut(4)) {
        match rows.len() {
            1 => bit_mask_group::<1>(rows, &in_blocks, outputs),
            2 => bit_mask_group::<2>(rows, &in_blocks, outputs),
            3 => bit_mask_group::<3>(rows, &in_blocks, outputs),
            _ => bit_mask_group::<4>(rows, &in_blocks, outputs),
        }
        let tail_inputs: Vec<&[u8]> = inputs.iter().map(|i| &i[blocks * 16..]).collect();
        let mut tail_outputs: Vec<&mut [u8]> =
            outputs.iter_mut().map(|o| &mut o[blocks * 16..]).collect();
        code_reference(rows, &tail_inputs, &mut tail_outputs);
    }
}

/// Bytes whose lowest bit is set, one per byte of a `u64`.
const LOW_BITS: u64 = 0x0101_0101_0101_0101;

/// `G` outputs at once over the whole 16-byte blocks, by bit masks, eight bytes per
/// `u64` ("SIMD within a register").
#[inline(always)]
fn bit_mask_group<const G: usize>(
    rows: &[&[u8]],
    inputs: &[&[[u8; 16]]],
    outputs: &mut [&mut [u8]],
) {
    // powers[c][j][g] = rows[g][c] · 2^j, in all 8 bytes of a u64.
    let powers: Vec<[[u64; G]; 8]> = (0..inputs.len())
        .map(|c| {
            std::array::from_fn(|j| {
                std::array::from_fn(|g| LOW_BITS * u64::from(gf256::mul(rows[g][c], 1 << j)))
            })
        })
        .collect();
    let mut outs: Vec<&mut [[u8; 16]]> = outputs.iter_mut().map(|o| o.as_chunks_mut().0).collect();
    let blocks = outs.first().map_or(0, |o| o.len());
    for b in 0..blocks {
        let mut acc = [[0u64; 2]; G];
        for (input, powers) in inputs.iter().zip(&powers) {
            let x = u128::from_le_bytes(input[b]);
            let x = [x as u64, (x >> 64) as u64];
            for (j, powers) in powers.iter().enumerate() {
                for h in 0..2 {
                    // 0xFF in the bytes whose bit j is set: each byte is 0 or 1 before
                    // the multiplication by 0xFF, so no carry crosses a byte.
                    let mask = ((x[h] >> j) & LOW_BITS) * 0xFF;
                    for g in 0..G {
                        acc[g][h] ^= mask & powers[g];
                    }
                }
            }
        }
        for (out, [lo, hi]) in outs.iter_mut().zip(acc) {
            out[b] = (u128::from(lo) | (u128::from(hi) << 64)).to_le_bytes();
        }
    }
}

/// Sixteen bytes and the handful of operations the nibble kernel needs on them.
pub(crate) trait Bytes16: Copy {
    /// All zero.
    fn zero() -> Self;
    /// Sixteen bytes from memory.
    fn load(bytes: &[u8; 16]) -> Self;
    /// Writes the sixteen bytes to memory.
    fn store(self, out: &mut [u8; 16]);
    /// Byte-wise XOR.
    fn xor(self, other: Self) -> Self;
    /// `(x & 0x0F, x >> 4)` for every byte: the two nibbles, each now in `0..16`.
    fn nibbles(self) -> (Self, Self);
    /// `self` used as a 16-entry table: byte `i` of the result is `self[index[i]]`
    /// (every `index[i] < 16`).
    fn lookup(self, index: Self) -> Self;
}

/// Plain arrays: portable Rust, the reference for the SIMD version's logic.
#[derive(Clone, Copy)]
#[cfg_attr(
    all(target_arch = "wasm32", target_feature = "simd128"),
    allow(dead_code)
)]
pub(crate) struct Portable([u8; 16]);

impl Bytes16 for Portable {
    #[inline(always)]
    fn zero() -> Self {
        Portable([0; 16])
    }
    #[inline(always)]
    fn load(bytes: &[u8; 16]) -> Self {
        Portable(*bytes)
    }
    #[inline(always)]
    fn store(self, out: &mut [u8; 16]) {
        *out = self.0;
    }
    #[inline(always)]
    fn xor(self, other: Self) -> Self {
        Portable(std::array::from_fn(|i| self.0[i] ^ other.0[i]))
    }
    #[inline(always)]
    fn nibbles(self) -> (Self, Self) {
        (
            Portable(self.0.map(|x| x & 0x0F)),
            Portable(self.0.map(|x| x >> 4)),
        )
    }
    #[inline(always)]
    fn lookup(self, index: Self) -> Self {
        Portable(index.0.map(|i| self.0[(i & 0x0F) as usize]))
    }
}

/// WebAssembly SIMD: each [`Bytes16`] operation is one or two `simd128` instructions.
///
/// The intrinsics are safe functions because `simd128` is enabled for the whole
/// compilation (the `cfg` below). Loads and stores go through `[u8; 16]` arrays (as a
/// `u128`, and as two `u64` halves) rather than `v128_load`/`v128_store`, which take raw
/// pointers and would need `unsafe`; LLVM folds each into one `v128.load` /
/// `v128.store` (checked in the generated code).
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
pub(crate) mod simd {
    use super::Bytes16;
    use core::arch::wasm32::*;

    /// Sixteen bytes in one `v128` register.
    #[derive(Clone, Copy)]
    pub(crate) struct Simd(v128);

    impl Bytes16 for Simd {
        #[inline(always)]
        fn zero() -> Self {
            Simd(u8x16_splat(0))
        }
        #[inline(always)]
        fn load(b: &[u8; 16]) -> Self {
            // One little-endian u128 split in two lanes: LLVM emits one `v128.load`.
            // (Building the vector with `u8x16(b[0], …)` gives sixteen `load8_lane`s,
            // and two `u64::from_le_bytes` halves two 8-byte loads.)
            let x = u128::from_le_bytes(*b);
            Simd(u64x2(x as u64, (x >> 64) as u64))
        }
        #[inline(always)]
        fn store(self, out: &mut [u8; 16]) {
            let lo = u64x2_extract_lane::<0>(self.0).to_le_bytes();
            let hi = u64x2_extract_lane::<1>(self.0).to_le_bytes();
            out[..8].copy_from_slice(&lo);
            out[8..].copy_from_slice(&hi);
        }
        #[inline(always)]
        fn xor(self, other: Self) -> Self {
            Simd(v128_xor(self.0, other.0))
        }
        #[inline(always)]
        fn nibbles(self) -> (Self, Self) {
            (
                Simd(v128_and(self.0, u8x16_splat(0x0F))),
                Simd(u8x16_shr(self.0, 4)),
            )
        }
        #[inline(always)]
        fn lookup(self, index: Self) -> Self {
            #[cfg(target_feature = "relaxed-simd")]
            return Simd(u8x16_relaxed_swizzle(self.0, index.0));
            #[cfg(not(target_feature = "relaxed-simd"))]
            return Simd(u8x16_swizzle(self.0, index.0));
        }
    }
}

/// The nibble kernel: outputs in groups of up to four, each 16-byte block of every
/// input loaded and split once per group; the last `len % 16` bytes by the reference.
fn code_nibbles<L: Bytes16>(rows: &[&[u8]], inputs: &[&[u8]], outputs: &mut [&mut [u8]]) {
    let len = outputs.first().map_or(0, |o| o.len());
    let blocks = len / 16;
    let in_blocks: Vec<&[[u8; 16]]> = inputs
        .iter()
        .map(|i| i[..blocks * 16].as_chunks().0)
        .collect();
    for (rows, outputs) in rows.chunks(4).zip(outputs.chunks_mut(4)) {
        match rows.len() {
            1 => nibble_group::<L, 1>(rows, &in_blocks, outputs),
            2 => nibble_group::<L, 2>(rows, &in_blocks, outputs),
            3 => nibble_group::<L, 3>(rows, &in_blocks, outputs),
            _ => nibble_group::<L, 4>(rows, &in_blocks, outputs),
        }
        let tail_inputs: Vec<&[u8]> = inputs.iter().map(|i| &i[blocks * 16..]).collect();
        let mut tail_outputs: Vec<&mut [u8]> =
            outputs.iter_mut().map(|o| &mut o[blocks * 16..]).collect();
        code_reference(rows, &tail_inputs, &mut tail_outputs);
    }
}

/// `G` outputs at once over the whole 16-byte blocks.
#[inline(always)]
fn nibble_group<L: Bytes16, const G: usize>(
    rows: &[&[u8]],
    inputs: &[&[[u8; 16]]],
    outputs: &mut [&mut [u8]],
) {
    // tables[c][g] = the (low, high) nibble tables of coefficient rows[g][c].
    let tables: Vec<[[L; 2]; G]> = (0..inputs.len())
        .map(|c| {
            std::array::from_fn(|g| {
                let [low, high] = &NIBBLE_TABLES[rows[g][c] as usize];
                [L::load(low), L::load(high)]
            })
        })
        .collect();
    let mut outs: Vec<&mut [[u8; 16]]> = outputs.iter_mut().map(|o| o.as_chunks_mut().0).collect();
    // From the outputs, so that a matrix with no columns still writes its zeros.
    let blocks = outs.first().map_or(0, |o| o.len());
    for b in 0..blocks {
        let mut acc = [L::zero(); G];
        for (input, t) in inputs.iter().zip(&tables) {
            let (low, high) = L::load(&input[b]).nibbles();
            for g in 0..G {
                acc[g] = acc[g].xor(t[g][0].lookup(low)).xor(t[g][1].lookup(high));
            }
        }
        for (out, a) in outs.iter_mut().zip(acc) {
            a.store(&mut out[b]);
        }
    }
}
