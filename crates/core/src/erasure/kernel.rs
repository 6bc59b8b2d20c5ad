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
//!   register, and a byte shuffle looks up 16 bytes at once. Where the build enables a
//!   shuffle instruction at compile time, that is what runs: in WebAssembly with
//!   `simd128` (the workspace's wasm build), `i8x16.swizzle` (`relaxed_swizzle` when
//!   `relaxed-simd` is enabled too: one `pshufb` on x86); on x86-64 with AVX2
//!   (`-C target-cpu=x86-64-v3`, which benches/core sets), `vpshufb` on 32 bytes at once,
//!   or with SSSE3 only (`x86-64-v2`), `pshufb` on 16 (through `safe_arch`: std's x86
//!   intrinsics need `unsafe` to call from here, see the `x86` module). Elsewhere,
//!   including the workspace's baseline x86-64 builds, the same code runs on plain
//!   `[u8; 16]` arrays, which is how native tests check its logic (slowly: without a
//!   shuffle instruction it is 16 scalar lookups).
//! - [`Kernel::BitMasks`]: linearity again, bit by bit: `c · x = ⊕ (c · 2^j)` over the
//!   set bits `j` of `x`. Eight bytes per `u64`: the mask of the bytes whose bit `j` is
//!   set, ANDed with `c · 2^j` repeated in every byte, XORed over the eight bits. No
//!   lookups, only shifts, ANDs, XORs and a multiplication by `0xFF` (to spread a bit
//!   over its byte) on whole words: about 2× one table lookup per byte, and the fast
//!   path of builds without a shuffle instruction (baseline x86-64 has only SSE2).
//!
//! Measured natively (benches/README.md, 10+4 encode, 16 KiB–1 MiB chunks, on a busy
//! shared machine): bit masks ~1 GB/s; the AVX2 nibble kernel 11–17.5 GB/s, 1.28–1.56×
//! `reed-solomon-erasure`'s C SIMD kernels (`-march=haswell`) timed in turns with it
//! (SSSE3 alone: ~0.7×, its shuffles are half as wide). Runtime feature detection
//! (one binary choosing AVX2 or not on the CPU it finds) would need `unsafe` at the call
//! into `#[target_feature]` code, so the choice is made when compiling instead.
//!
//! The nibble and bit-mask kernels accumulate up to four outputs per pass, so each
//! 16-byte block of input (AVX2: 32) is loaded and split once for all of them (on
//! x86-64 the nibble kernel takes two blocks per step, sharing the table loads); the last
//! `len % 16` (AVX2: `len % 32`) bytes go through the reference. [`Kernel::fastest`]
//! picks `Nibbles` where a shuffle is compiled in ([`SIMD`]) and `BitMasks` elsewhere.
//!
//! ## Invariants
//!
//! - Every kernel gives exactly the bytes of [`Kernel::Reference`], for any matrix and
//!   any chunk length (tests/erasure_codec.rs checks random ones).
//! - `nibble_tables(c) = [c·i, c·(i<<4)]` for `i < 16`; `T_c[16h + l] = c·l ⊕ c·(h<<4)`.

use super::gf256::{self, nibble_tables};
use super::matrix::Matrix;
use super::ErasureError;

/// Whether [`Kernel::Nibbles`] runs on SIMD shuffles in this build: WebAssembly
/// `simd128`, or x86-64 with SSSE3 (`pshufb`) or AVX2 enabled at compile time.
pub const SIMD: bool = cfg!(any(
    all(target_arch = "wasm32", target_feature = "simd128"),
    all(target_arch = "x86_64", target_feature = "ssse3")
));

/// How the bulk matrix-times-chunks product is computed (all give the same bytes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kernel {
    /// Byte by byte through the log/exp tables: readable, slow.
    Reference,
    /// One 256-entry product table per coefficient: one lookup per byte.
    Tables,
    /// Split-nibble tables, 16 bytes per step (32 with AVX2): SIMD byte shuffles where
    /// the build has them (WebAssembly `simd128`, x86-64 SSSE3/AVX2).
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

    /// The fastest kernel in this build: [`Kernel::Nibbles`] where byte shuffles are
    /// compiled in ([`SIMD`]), [`Kernel::BitMasks`] otherwise.
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
            Kernel::Nibbles if cfg!(target_arch = "wasm32") && SIMD => "nibble tables (wasm SIMD)",
            Kernel::Nibbles if cfg!(target_feature = "avx2") && SIMD => "nibble tables (AVX2)",
            Kernel::Nibbles if SIMD => "nibble tables (SSSE3)",
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
    let inputs: Vec<&[u8]> = inputs.iter().map(AsRef::as_ref).collect();
    let mut outputs: Vec<&mut [u8]> = outputs.iter_mut().map(AsMut::as_mut).collect();
    check_shapes(coefficients, &inputs, &outputs)?;
    let rows: Vec<&[u8]> = coefficients.iter_rows().collect();
    code(kernel, &rows, &inputs, &mut outputs);
    Ok(())
}

/// `coefficients × inputs` through [`Kernel::Reference`] only, as new chunks: the
/// readable path, for small data (a widget's few hundred bytes). Unlike [`mul_chunks`],
/// which can dispatch to any kernel, it names no fast kernel, so a WebAssembly build
/// that calls only this does not carry them. The chunks are as long as the inputs (empty
/// when there are no inputs). Errors as [`mul_chunks`].
pub fn mul_reference<I: AsRef<[u8]>>(
    coefficients: &Matrix,
    inputs: &[I],
) -> Result<Vec<Vec<u8>>, ErasureError> {
    let inputs: Vec<&[u8]> = inputs.iter().map(AsRef::as_ref).collect();
    let len = inputs.first().map_or(0, |c| c.len());
    let mut chunks = vec![vec![0u8; len]; coefficients.rows()];
    let mut outputs: Vec<&mut [u8]> = chunks.iter_mut().map(Vec::as_mut_slice).collect();
    check_shapes(coefficients, &inputs, &outputs)?;
    let rows: Vec<&[u8]> = coefficients.iter_rows().collect();
    code_reference(&rows, &inputs, &mut outputs);
    Ok(chunks)
}

/// The shapes [`mul_chunks`] and [`mul_reference`] need: one input per column, one output
/// per row, and every chunk of the same length.
fn check_shapes(
    coefficients: &Matrix,
    inputs: &[&[u8]],
    outputs: &[&mut [u8]],
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
    Ok(())
}

/// The unchecked core of [`mul_chunks`]: `rows.len() == outputs.len()`, every row has
/// `inputs.len()` coefficients, every chunk has the same length.
pub(crate) fn code(kernel: Kernel, rows: &[&[u8]], inputs: &[&[u8]], outputs: &mut [&mut [u8]]) {
    match kernel {
        Kernel::Reference => code_reference(rows, inputs, outputs),
        Kernel::Tables => code_tables(rows, inputs, outputs),
        Kernel::BitMasks => code_bit_masks(rows, inputs, outputs),
        Kernel::Nibbles => code_nibbles_best(rows, inputs, outputs),
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
    let [low, high] = &nibble_tables(c);
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

/// `N` bytes (one register) and the handful of operations the nibble kernel needs.
pub(crate) trait Bytes<const N: usize>: Copy {
    /// All zero.
    fn zero() -> Self;
    /// `N` bytes from memory.
    fn load(bytes: &[u8; N]) -> Self;
    /// A 16-entry table, repeated in every 16-byte lane (shuffles look up within a lane).
    fn table(entries: &[u8; 16]) -> Self;
    /// Writes the `N` bytes to memory.
    fn store(self, out: &mut [u8; N]);
    /// Byte-wise XOR.
    fn xor(self, other: Self) -> Self;
    /// `(x & 0x0F, x >> 4)` for every byte: the two nibbles, each now in `0..16`.
    fn nibbles(self) -> (Self, Self);
    /// `self` used as a 16-entry table (per 16-byte lane): byte `i` of the result is the
    /// entry `index[i]` of its lane's table (every `index[i] < 16`).
    fn lookup(self, index: Self) -> Self;
}

/// Plain arrays: portable Rust, the reference for the SIMD versions' logic.
#[derive(Clone, Copy)]
#[cfg_attr(
    any(
        all(target_arch = "wasm32", target_feature = "simd128"),
        all(target_arch = "x86_64", target_feature = "ssse3")
    ),
    allow(dead_code)
)]
pub(crate) struct Portable([u8; 16]);

impl Bytes<16> for Portable {
    #[inline(always)]
    fn zero() -> Self {
        Portable([0; 16])
    }
    #[inline(always)]
    fn load(bytes: &[u8; 16]) -> Self {
        Portable(*bytes)
    }
    #[inline(always)]
    fn table(entries: &[u8; 16]) -> Self {
        Portable(*entries)
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

/// WebAssembly SIMD: each [`Bytes`] operation is one or two `simd128` instructions.
///
/// The intrinsics are safe functions because `simd128` is enabled for the whole
/// compilation (the `cfg` below). Loads and stores go through `[u8; 16]` arrays (as a
/// `u128`, and as two `u64` halves) rather than `v128_load`/`v128_store`, which take raw
/// pointers and would need `unsafe`; LLVM folds each into one `v128.load` /
/// `v128.store` (checked in the generated code).
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
pub(crate) mod simd {
    use super::Bytes;
    use core::arch::wasm32::*;

    /// Sixteen bytes in one `v128` register.
    #[derive(Clone, Copy)]
    pub(crate) struct Simd(v128);

    impl Bytes<16> for Simd {
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
        fn table(entries: &[u8; 16]) -> Self {
            Self::load(entries)
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

/// x86-64 SIMD, when the build enables SSSE3 (`pshufb`, 16 bytes per shuffle) or AVX2
/// (`vpshufb`, 32 bytes: two 16-byte lanes, each looked up in its own copy of the table).
///
/// Unlike WebAssembly's, the `core::arch::x86_64` intrinsics are `#[target_feature]`
/// functions: on stable Rust a call is safe only inside a function that itself carries
/// `#[target_feature(enable = …)]`, and such a function needs `unsafe` to be called from
/// one that does not; enabling the feature for the whole build (`-C target-cpu=…`) does
/// not lift that (rustc 1.95 says so in its E0133 note). Trait methods cannot carry the
/// attribute either. So this crate, which forbids `unsafe`, goes through `safe_arch`: safe
/// wrappers that exist only under `cfg(target_feature = …)` (each one `#[inline(always)]`
/// around the intrinsic), plus by-value `[u8; N]` ↔ `m128i`/`m256i` conversions, which
/// compile to one unaligned `movdqu`/`vmovdqu` each.
#[cfg(all(target_arch = "x86_64", target_feature = "ssse3"))]
pub(crate) mod x86 {
    use super::Bytes;
    use safe_arch::*;

    /// Sixteen bytes in one `xmm` register (SSSE3).
    #[derive(Clone, Copy)]
    #[cfg_attr(target_feature = "avx2", allow(dead_code))]
    pub(crate) struct Ssse3(m128i);

    impl Bytes<16> for Ssse3 {
        #[inline(always)]
        fn zero() -> Self {
            Ssse3(zeroed_m128i())
        }
        #[inline(always)]
        fn load(b: &[u8; 16]) -> Self {
            Ssse3(m128i::from(*b))
        }
        #[inline(always)]
        fn table(entries: &[u8; 16]) -> Self {
            Self::load(entries)
        }
        #[inline(always)]
        fn store(self, out: &mut [u8; 16]) {
            *out = self.0.into();
        }
        #[inline(always)]
        fn xor(self, other: Self) -> Self {
            Ssse3(bitxor_m128i(self.0, other.0))
        }
        #[inline(always)]
        fn nibbles(self) -> (Self, Self) {
            // No 8-bit shift on x86: shift 16-bit lanes, then mask off what crossed over.
            let mask = set_splat_i8_m128i(0x0F);
            (
                Ssse3(bitand_m128i(self.0, mask)),
                Ssse3(bitand_m128i(shr_imm_u16_m128i::<4>(self.0), mask)),
            )
        }
        #[inline(always)]
        fn lookup(self, index: Self) -> Self {
            Ssse3(shuffle_av_i8z_all_m128i(self.0, index.0))
        }
    }

    /// Thirty-two bytes in one `ymm` register (AVX2).
    #[cfg(target_feature = "avx2")]
    #[derive(Clone, Copy)]
    pub(crate) struct Avx2(m256i);

    #[cfg(target_feature = "avx2")]
    impl Bytes<32> for Avx2 {
        #[inline(always)]
        fn zero() -> Self {
            Avx2(zeroed_m256i())
        }
        #[inline(always)]
        fn load(b: &[u8; 32]) -> Self {
            Avx2(m256i::from(*b))
        }
        #[inline(always)]
        fn table(entries: &[u8; 16]) -> Self {
            // The same table in both 128-bit lanes: `vpshufb` never crosses lanes.
            Avx2(m256i::from(std::array::from_fn::<u8, 32, _>(|i| {
                entries[i % 16]
            })))
        }
        #[inline(always)]
        fn store(self, out: &mut [u8; 32]) {
            *out = self.0.into();
        }
        #[inline(always)]
        fn xor(self, other: Self) -> Self {
            Avx2(bitxor_m256i(self.0, other.0))
        }
        #[inline(always)]
        fn nibbles(self) -> (Self, Self) {
            let mask = set_splat_i8_m256i(0x0F);
            (
                Avx2(bitand_m256i(self.0, mask)),
                Avx2(bitand_m256i(shr_imm_u16_m256i::<4>(self.0), mask)),
            )
        }
        #[inline(always)]
        fn lookup(self, index: Self) -> Self {
            Avx2(shuffle_av_i8z_half_m256i(self.0, index.0))
        }
    }
}

/// The nibble kernel on the best lanes this build has.
fn code_nibbles_best(rows: &[&[u8]], inputs: &[&[u8]], outputs: &mut [&mut [u8]]) {
    #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
    code_nibbles::<simd::Simd, 16>(rows, inputs, outputs);
    #[cfg(all(
        target_arch = "x86_64",
        target_feature = "ssse3",
        target_feature = "avx2"
    ))]
    code_nibbles::<x86::Avx2, 32>(rows, inputs, outputs);
    #[cfg(all(
        target_arch = "x86_64",
        target_feature = "ssse3",
        not(target_feature = "avx2")
    ))]
    code_nibbles::<x86::Ssse3, 16>(rows, inputs, outputs);
    #[cfg(not(any(
        all(target_arch = "wasm32", target_feature = "simd128"),
        all(target_arch = "x86_64", target_feature = "ssse3")
    )))]
    code_nibbles::<Portable, 16>(rows, inputs, outputs);
}

/// The nibble kernel: outputs in groups of up to four, each `N`-byte block of every
/// input loaded and split once per group; the last `len % N` bytes by the reference.
fn code_nibbles<L: Bytes<N>, const N: usize>(
    rows: &[&[u8]],
    inputs: &[&[u8]],
    outputs: &mut [&mut [u8]],
) {
    let len = outputs.first().map_or(0, |o| o.len());
    let blocks = len / N;
    let in_blocks: Vec<&[[u8; N]]> = inputs
        .iter()
        .map(|i| i[..blocks * N].as_chunks().0)
        .collect();
    for (rows, outputs) in rows.chunks(4).zip(outputs.chunks_mut(4)) {
        match rows.len() {
            1 => nibble_group::<L, N, 1>(rows, &in_blocks, outputs),
            2 => nibble_group::<L, N, 2>(rows, &in_blocks, outputs),
            3 => nibble_group::<L, N, 3>(rows, &in_blocks, outputs),
            _ => nibble_group::<L, N, 4>(rows, &in_blocks, outputs),
        }
        let tail_inputs: Vec<&[u8]> = inputs.iter().map(|i| &i[blocks * N..]).collect();
        let mut tail_outputs: Vec<&mut [u8]> =
            outputs.iter_mut().map(|o| &mut o[blocks * N..]).collect();
        code_reference(rows, &tail_inputs, &mut tail_outputs);
    }
}

/// `G` outputs at once over the whole `N`-byte blocks.
#[inline(always)]
fn nibble_group<L: Bytes<N>, const N: usize, const G: usize>(
    rows: &[&[u8]],
    inputs: &[&[[u8; N]]],
    outputs: &mut [&mut [u8]],
) {
    // tables[c][g] = the (low, high) nibble tables of coefficient rows[g][c].
    let tables: Vec<[[L; 2]; G]> = (0..inputs.len())
        .map(|c| {
            std::array::from_fn(|g| {
                let [low, high] = &nibble_tables(rows[g][c]);
                [L::table(low), L::table(high)]
            })
        })
        .collect();
    let mut outs: Vec<&mut [[u8; N]]> = outputs.iter_mut().map(|o| o.as_chunks_mut().0).collect();
    // From the outputs, so that a matrix with no columns still writes its zeros.
    let blocks = outs.first().map_or(0, |o| o.len());
    // On x86-64, two blocks per step: each table is loaded once for both, and the two
    // chains of shuffles and XORs are independent (AVX2 10+4 encode: ~1.3× faster). Not
    // in WebAssembly, whose code stays as measured in the browser (and as small).
    let pairs = if cfg!(target_arch = "x86_64") {
        blocks / 2
    } else {
        0
    };
    for p in 0..pairs {
        let b = 2 * p;
        let mut acc = [[L::zero(); G]; 2];
        for (input, t) in inputs.iter().zip(&tables) {
            let (low0, high0) = L::load(&input[b]).nibbles();
            let (low1, high1) = L::load(&input[b + 1]).nibbles();
            for g in 0..G {
                let [tl, th] = t[g];
                acc[0][g] = acc[0][g].xor(tl.lookup(low0)).xor(th.lookup(high0));
                acc[1][g] = acc[1][g].xor(tl.lookup(low1)).xor(th.lookup(high1));
            }
        }
        for (g, out) in outs.iter_mut().enumerate() {
            acc[0][g].store(&mut out[b]);
            acc[1][g].store(&mut out[b + 1]);
        }
    }
    for b in 2 * pairs..blocks {
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
