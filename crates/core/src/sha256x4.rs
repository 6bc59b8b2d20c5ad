//! # Four SHA-256 hashes at once: multi-buffer hashing for Merkle trees
//!
//! Building a Merkle tree means hashing many *independent*, equally long messages: a
//! level of 2^19 nodes is 2^19 separate SHA-256 runs over 65 bytes each. SHA-256 itself
//! is sequential (each round needs the previous one), but nothing stops us from running
//! **four messages side by side**, one per lane of a 128-bit SIMD register:
//!
//! ```text
//!             lane 0      lane 1      lane 2      lane 3
//!   a   =  [ a(msg 0),   a(msg 1),   a(msg 2),   a(msg 3) ]   one v128 register
//!   ...       (the eight state words a..h, each a register of four lanes)
//!   W[t] = [ word t of message 0, …, word t of message 3 ]
//! ```
//!
//! Every round does exactly the scalar round's additions, XORs, ANDs and rotations, but
//! on four lanes per instruction. There is no data-dependent branching in SHA-256, so the
//! lanes never diverge, provided the four messages have the same length (they do, in a
//! tree level).
//!
//! The round code is written once, generic over [`Lanes`]:
//!
//! - [`Portable`] (`[u32; 4]`, plain Rust, every target): the readable reference, tested
//!   natively against the `sha2` crate;
//! - `Simd` (`core::arch::wasm32::v128`, only on `wasm32` with the `simd128` target
//!   feature enabled at compile time): the same code on WebAssembly SIMD, which is what
//!   makes the browser build fast. It is a thin mapping of each [`Lanes`] operation to
//!   one intrinsic, so the portable tests cover its logic; the browser tests cover it.
//!
//! Where SIMD is not compiled in, [`hash4`] falls back to one message at a time with the
//! `sha2` crate's compression function (which uses the CPU's SHA instructions natively).

use crate::hash::Digest;

/// SHA-256's initial hash value (FIPS 180-4 §5.3.3).
const IV: [u32; 8] = [
    0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
];

/// SHA-256's round constants (FIPS 180-4 §4.2.2).
const K: [u32; 64] = [
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
];

/// Four 32-bit lanes and the few operations SHA-256 needs on them.
pub trait Lanes: Copy {
    /// The same value in every lane.
    fn splat(x: u32) -> Self;
    /// Lanes from an array (lane i = `a[i]`).
    fn from_array(a: [u32; 4]) -> Self;
    /// The lanes as an array.
    fn to_array(self) -> [u32; 4];
    /// Lane-wise wrapping addition.
    fn add(self, o: Self) -> Self;
    /// Lane-wise XOR.
    fn xor(self, o: Self) -> Self;
    /// Lane-wise AND.
    fn and(self, o: Self) -> Self;
    /// Lane-wise OR.
    fn or(self, o: Self) -> Self;
    /// Lane-wise logical shift right by `n` (< 32).
    fn shr(self, n: u32) -> Self;
    /// Lane-wise shift left by `n` (< 32).
    fn shl(self, n: u32) -> Self;
    /// Four big-endian words from each of four lanes' 16 bytes, transposed: result `k`
    /// holds word `k` of `rows[0]`, …, `rows[3]` (a byte swap and a 4×4 transpose).
    #[inline(always)]
    fn load_be(rows: [&[u8; 16]; 4]) -> [Self; 4] {
        core::array::from_fn(|k| {
            Self::from_array(
                rows.map(|r| {
                    u32::from_be_bytes([r[4 * k], r[4 * k + 1], r[4 * k + 2], r[4 * k + 3]])
                }),
            )
        })
    }
    /// The digests of the four lanes of a state (the inverse of [`load_be`](Self::load_be)
    /// twice over).
    #[inline(always)]
    fn digests(state: &[Self; 8]) -> [Digest; 4] {
        let lanes = state.map(Self::to_array);
        core::array::from_fn(|lane| words_to_digest(&core::array::from_fn(|j| lanes[j][lane])))
    }
    /// Lane-wise bit select: bits of `if_one` where `self` has 1, of `if_zero` elsewhere.
    /// One instruction on WebAssembly (`v128.bitselect`); here as three.
    #[inline(always)]
    fn select(self, if_one: Self, if_zero: Self) -> Self {
        if_zero.xor(self.and(if_one.xor(if_zero)))
    }
    /// Lane-wise rotation right by `n` (0 < n < 32). WebAssembly SIMD has no rotate,
    /// so it is two shifts and an OR.
    #[inline(always)]
    fn rotr(self, n: u32) -> Self {
        self.shr(n).or(self.shl(32 - n))
    }
}

/// Four lanes as a plain array: portable Rust, the reference for the SIMD version.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Portable(pub [u32; 4]);

impl Portable {
    #[inline(always)]
    fn map2(self, o: Self, f: impl Fn(u32, u32) -> u32) -> Self {
        let (a, b) = (self.0, o.0);
        Portable([f(a[0], b[0]), f(a[1], b[1]), f(a[2], b[2]), f(a[3], b[3])])
    }
}

impl Lanes for Portable {
    #[inline(always)]
    fn splat(x: u32) -> Self {
        Portable([x; 4])
    }
    #[inline(always)]
    fn from_array(a: [u32; 4]) -> Self {
        Portable(a)
    }
    #[inline(always)]
    fn to_array(self) -> [u32; 4] {
        self.0
    }
    #[inline(always)]
    fn add(self, o: Self) -> Self {
        self.map2(o, u32::wrapping_add)
    }
    #[inline(always)]
    fn xor(self, o: Self) -> Self {
        self.map2(o, |a, b| a ^ b)
    }
    #[inline(always)]
    fn and(self, o: Self) -> Self {
        self.map2(o, |a, b| a & b)
    }
    #[inline(always)]
    fn or(self, o: Self) -> Self {
        self.map2(o, |a, b| a | b)
    }
    #[inline(always)]
    fn shr(self, n: u32) -> Self {
        Portable(self.0.map(|a| a >> n))
    }
    #[inline(always)]
    fn shl(self, n: u32) -> Self {
        Portable(self.0.map(|a| a << n))
    }
}

/// WebAssembly SIMD lanes: each [`Lanes`] operation is one `simd128` instruction.
///
/// The intrinsics used here are safe functions because `simd128` is enabled for the
/// whole compilation (the `cfg` below), so no `unsafe` is needed.
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
mod simd {
    use super::Lanes;
    use core::arch::wasm32::*;

    /// Four lanes in one `v128` register.
    #[derive(Clone, Copy)]
    pub struct Simd(pub v128);

    impl Lanes for Simd {
        #[inline(always)]
        fn splat(x: u32) -> Self {
            Simd(u32x4_splat(x))
        }
        #[inline(always)]
        fn from_array(a: [u32; 4]) -> Self {
            Simd(u32x4(a[0], a[1], a[2], a[3]))
        }
        #[inline(always)]
        fn to_array(self) -> [u32; 4] {
            [
                u32x4_extract_lane::<0>(self.0),
                u32x4_extract_lane::<1>(self.0),
                u32x4_extract_lane::<2>(self.0),
                u32x4_extract_lane::<3>(self.0),
            ]
        }
        #[inline(always)]
        fn add(self, o: Self) -> Self {
            Simd(u32x4_add(self.0, o.0))
        }
        #[inline(always)]
        fn xor(self, o: Self) -> Self {
            Simd(v128_xor(self.0, o.0))
        }
        #[inline(always)]
        fn and(self, o: Self) -> Self {
            Simd(v128_and(self.0, o.0))
        }
        #[inline(always)]
        fn or(self, o: Self) -> Self {
            Simd(v128_or(self.0, o.0))
        }
        #[inline(always)]
        fn select(self, if_one: Self, if_zero: Self) -> Self {
            Simd(v128_bitselect(if_one.0, if_zero.0, self.0))
        }
        #[inline(always)]
        fn shr(self, n: u32) -> Self {
            Simd(u32x4_shr(self.0, n))
        }
        #[inline(always)]
        fn shl(self, n: u32) -> Self {
            Simd(u32x4_shl(self.0, n))
        }
        #[inline(always)]
        fn load_be(rows: [&[u8; 16]; 4]) -> [Self; 4] {
            // One v128 load per lane, a byte swap within each word, then a 4×4 transpose.
            let [a, b, c, d] = rows.map(|r| bswap(load(r)));
            let ab_lo = i32x4_shuffle::<0, 4, 1, 5>(a, b);
            let ab_hi = i32x4_shuffle::<2, 6, 3, 7>(a, b);
            let cd_lo = i32x4_shuffle::<0, 4, 1, 5>(c, d);
            let cd_hi = i32x4_shuffle::<2, 6, 3, 7>(c, d);
            [
                Simd(i64x2_shuffle::<0, 2>(ab_lo, cd_lo)),
                Simd(i64x2_shuffle::<1, 3>(ab_lo, cd_lo)),
                Simd(i64x2_shuffle::<0, 2>(ab_hi, cd_hi)),
                Simd(i64x2_shuffle::<1, 3>(ab_hi, cd_hi)),
            ]
        }
        #[inline(always)]
        fn digests(state: &[Self; 8]) -> [crate::hash::Digest; 4] {
            // Transpose words 0..4 and 4..8 back to lanes, swap bytes, store.
            let half = |w: &[Self]| {
                let (a, b, c, d) = (w[0].0, w[1].0, w[2].0, w[3].0);
                let ab_lo = i32x4_shuffle::<0, 4, 1, 5>(a, b);
                let ab_hi = i32x4_shuffle::<2, 6, 3, 7>(a, b);
                let cd_lo = i32x4_shuffle::<0, 4, 1, 5>(c, d);
                let cd_hi = i32x4_shuffle::<2, 6, 3, 7>(c, d);
                [
                    i64x2_shuffle::<0, 2>(ab_lo, cd_lo),
                    i64x2_shuffle::<1, 3>(ab_lo, cd_lo),
                    i64x2_shuffle::<0, 2>(ab_hi, cd_hi),
                    i64x2_shuffle::<1, 3>(ab_hi, cd_hi),
                ]
                .map(bswap)
            };
            let (lo, hi) = (half(&state[..4]), half(&state[4..]));
            core::array::from_fn(|lane| {
                let mut d = [0u8; 32];
                store(&mut d[..16], lo[lane]);
                store(&mut d[16..], hi[lane]);
                d
            })
        }
    }

    /// 16 bytes as a v128 (little-endian lanes; LLVM makes it one `v128.load`).
    #[inline(always)]
    fn load(r: &[u8; 16]) -> v128 {
        let lo = u64::from_le_bytes([r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7]]);
        let hi = u64::from_le_bytes([r[8], r[9], r[10], r[11], r[12], r[13], r[14], r[15]]);
        u64x2(lo, hi)
    }

    /// A v128's 16 bytes into `out` (two 64-bit lane stores).
    #[inline(always)]
    fn store(out: &mut [u8], v: v128) {
        out[..8].copy_from_slice(&u64x2_extract_lane::<0>(v).to_le_bytes());
        out[8..16].copy_from_slice(&u64x2_extract_lane::<1>(v).to_le_bytes());
    }

    /// Byte swap within each 32-bit lane (big-endian words ↔ little-endian lanes).
    #[inline(always)]
    fn bswap(v: v128) -> v128 {
        i8x16_shuffle::<3, 2, 1, 0, 7, 6, 5, 4, 11, 10, 9, 8, 15, 14, 13, 12>(v, v)
    }
}

#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
pub use simd::Simd;

/// The SHA-256 compression function on four independent states and blocks at once.
///
/// `state[j]` holds state word j of the four messages; `block[t]` holds message word t
/// (big-endian) of the four blocks. This is FIPS 180-4 §6.2.2 written with lanes.
///
/// Always inlined: where some block words are constants (the padding block of a 65-byte
/// node message, the zero words of a 33-byte leaf), the compiler folds them and their
/// part of the message schedule away.
#[inline(always)]
pub fn compress4<L: Lanes>(state: &mut [L; 8], block: &[L; 16]) {
    let mut w = *block;
    let [mut a, mut b, mut c, mut d, mut e, mut f, mut g, mut h] = *state;
    // `b XOR c` of the current round: the previous round's `a XOR b`.
    let mut bc = b.xor(c);
    macro_rules! round {
        ($t:expr, $wt:expr) => {{
            let s1 = e.rotr(6).xor(e.rotr(11)).xor(e.rotr(25));
            // Ch(e, f, g): f where e has a 1 bit, g where it has a 0.
            let ch = e.select(f, g);
            let t1 = h.add(s1).add(ch).add(L::splat(K[$t])).add($wt);
            let s0 = a.rotr(2).xor(a.rotr(13)).xor(a.rotr(22));
            // Maj(a, b, c) = b XOR ((a XOR b) AND (b XOR c)): the majority is b unless
            // a and c agree against it.
            let ab = a.xor(b);
            let maj = b.xor(ab.and(bc));
            bc = ab;
            h = g;
            g = f;
            f = e;
            e = d.add(t1);
            d = c;
            c = b;
            b = a;
            a = t1.add(s0.add(maj));
        }};
    }
    for (t, &wt) in block.iter().enumerate() {
        round!(t, wt);
    }
    for t in 16..64 {
        // The message schedule, kept as a rolling window of 16 words.
        let w15 = w[(t - 15) % 16];
        let w2 = w[(t - 2) % 16];
        let s0 = w15.rotr(7).xor(w15.rotr(18)).xor(w15.shr(3));
        let s1 = w2.rotr(17).xor(w2.rotr(19)).xor(w2.shr(10));
        let wt = w[t % 16].add(s0).add(w[(t - 7) % 16]).add(s1);
        w[t % 16] = wt;
        round!(t, wt);
    }
    for (s, v) in state.iter_mut().zip([a, b, c, d, e, f, g, h]) {
        *s = s.add(v);
    }
}

/// A message given as up to three consecutive parts, so `0x01 ‖ left ‖ right` needs no
/// copy into one buffer first.
pub type Parts<'a> = [&'a [u8]; 3];

/// Total length of a message's parts.
pub fn parts_len(parts: &Parts<'_>) -> usize {
    parts.iter().map(|p| p.len()).sum()
}

/// Number of 64-byte blocks of a padded message of `len` bytes (the message, a 0x80
/// byte, zeros, and the 8-byte bit length).
fn block_count(len: usize) -> usize {
    (len + 8) / 64 + 1
}

/// Writes padded block `k` of the message `parts` (of total length `len`) into `out`.
fn fill_block(parts: &Parts<'_>, len: usize, k: usize, out: &mut [u8; 64]) {
    let start = 64 * k;
    *out = [0; 64];
    let mut offset = 0;
    for p in parts {
        let (lo, hi) = (offset.max(start), (offset + p.len()).min(start + 64));
        if lo < hi {
            out[lo - start..hi - start].copy_from_slice(&p[lo - offset..hi - offset]);
        }
        offset += p.len();
    }
    if (start..start + 64).contains(&len) {
        out[len - start] = 0x80;
    }
    if k + 1 == block_count(len) {
        out[56..].copy_from_slice(&((len as u64) * 8).to_be_bytes());
    }
}

/// SHA-256 of one message with the `sha2` crate's compression function (no buffering).
pub fn hash1(parts: &Parts<'_>) -> Digest {
    let len = parts_len(parts);
    let mut state = IV;
    let mut block = [0u8; 64];
    for k in 0..block_count(len) {
        fill_block(parts, len, k, &mut block);
        sha2::block_api::compress256(&mut state, core::slice::from_ref(&block));
    }
    words_to_digest(&state)
}

fn words_to_digest(words: &[u32; 8]) -> Digest {
    let mut d = [0u8; 32];
    for (chunk, w) in d.chunks_exact_mut(4).zip(words) {
        chunk.copy_from_slice(&w.to_be_bytes());
    }
    d
}

/// SHA-256 of four messages of equal length, side by side in the lanes of `L`.
///
/// Returns `None` if the lengths differ (the lanes would have to diverge).
pub fn hash4_with<L: Lanes>(msgs: [Parts<'_>; 4]) -> Option<[Digest; 4]> {
    let len = parts_len(&msgs[0]);
    if msgs.iter().any(|m| parts_len(m) != len) {
        return None;
    }
    let mut state = IV.map(L::splat);
    let mut blocks = [[0u8; 64]; 4];
    for k in 0..block_count(len) {
        for (m, b) in msgs.iter().zip(&mut blocks) {
            fill_block(m, len, k, b);
        }
        // Transpose: word t of the four blocks side by side.
        let mut tw = [[0u32; 4]; 16];
        for (lane, b) in blocks.iter().enumerate() {
            for (t, bytes) in b.chunks_exact(4).enumerate() {
                tw[t][lane] = u32::from_be_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]);
            }
        }
        let words: [L; 16] = tw.map(L::from_array);
        compress4(&mut state, &words);
    }
    let lanes = state.map(L::to_array);
    Some(core::array::from_fn(|lane| {
        words_to_digest(&core::array::from_fn(|j| lanes[j][lane]))
    }))
}

/// Whether [`hash4`] runs the four messages in SIMD lanes on this build (WebAssembly
/// with `simd128`), rather than one after another.
pub const SIMD: bool = cfg!(all(target_arch = "wasm32", target_feature = "simd128"));

/// SHA-256 of four messages: in SIMD lanes where compiled in ([`SIMD`]), else one by
/// one with [`hash1`]. Messages of different lengths are hashed one by one.
#[inline]
pub fn hash4(msgs: [Parts<'_>; 4]) -> [Digest; 4] {
    #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
    if let Some(d) = hash4_with::<Simd>(msgs) {
        return d;
    }
    msgs.map(|m| hash1(&m))
}

/// `prefix ‖ x` as message words, where `x` holds big-endian words: word `t` is the last
/// byte of `x[t - 1]` (or `prefix`) then the first three of `x[t]`.
#[inline(always)]
fn after_prefix<L: Lanes, const N: usize>(prefix: u8, x: &[L; N]) -> [L; N] {
    core::array::from_fn(|t| {
        let before = if t == 0 {
            L::splat(u32::from(prefix) << 24)
        } else {
            x[t - 1].shl(24)
        };
        before.or(x[t].shr(8))
    })
}

/// The big-endian words of four 32-byte strings, word-major (`x[t]` = word t of each).
#[inline(always)]
fn words32<L: Lanes>(d: [&[u8; 32]; 4]) -> [L; 8] {
    let half = |i: usize| d.map(|x| <&[u8; 16]>::try_from(&x[16 * i..16 * i + 16]).unwrap());
    let (lo, hi) = (L::load_be(half(0)), L::load_be(half(1)));
    core::array::from_fn(|t| if t < 4 { lo[t] } else { hi[t - 4] })
}

/// RFC 6962 inner nodes `SHA-256(0x01 ‖ pair)` of four 64-byte pairs (left ‖ right).
///
/// The 65-byte message is two blocks: the first is `0x01 ‖ pair[..63]` (the words
/// shifted by one byte), the second `pair[63] ‖ 0x80 ‖ zeros ‖ length 520`: one varying
/// word, the other fifteen constants that the compiler folds into the rounds.
#[inline(always)]
pub fn rfc6962_nodes4_with<L: Lanes>(pairs: [&[u8; 64]; 4]) -> [Digest; 4] {
    let half = |i: usize| pairs.map(|p| <&[u8; 32]>::try_from(&p[32 * i..32 * i + 32]).unwrap());
    let (l, r) = (words32::<L>(half(0)), words32::<L>(half(1)));
    let x: [L; 16] = core::array::from_fn(|t| if t < 8 { l[t] } else { r[t - 8] });
    let mut state = IV.map(L::splat);
    compress4(&mut state, &after_prefix(0x01, &x));
    let mut last = [L::splat(0); 16];
    last[0] = x[15].shl(24).or(L::splat(0x0080_0000));
    last[15] = L::splat(65 * 8);
    compress4(&mut state, &last);
    L::digests(&state)
}

/// RFC 6962 leaves `SHA-256(0x00 ‖ data)` of four 32-byte blocks: one 64-byte block,
/// words 9..15 constant.
#[inline(always)]
pub fn rfc6962_leaves4_with<L: Lanes>(data: [&[u8; 32]; 4]) -> [Digest; 4] {
    let x = words32::<L>(data);
    let shifted = after_prefix(0x00, &x);
    let mut block = [L::splat(0); 16];
    block[..8].copy_from_slice(&shifted);
    block[8] = x[7].shl(24).or(L::splat(0x0080_0000));
    block[15] = L::splat(33 * 8);
    let mut state = IV.map(L::splat);
    compress4(&mut state, &block);
    L::digests(&state)
}

/// `SHA-256(pair)` of four 64-byte pairs (the Plain scheme's nodes): the data block,
/// then a padding block that is all constants (its whole schedule folds away).
#[inline(always)]
pub fn plain_nodes4_with<L: Lanes>(pairs: [&[u8; 64]; 4]) -> [Digest; 4] {
    let half = |i: usize| pairs.map(|p| <&[u8; 32]>::try_from(&p[32 * i..32 * i + 32]).unwrap());
    let (l, r) = (words32::<L>(half(0)), words32::<L>(half(1)));
    let x: [L; 16] = core::array::from_fn(|t| if t < 8 { l[t] } else { r[t - 8] });
    let mut state = IV.map(L::splat);
    compress4(&mut state, &x);
    let mut last = [L::splat(0); 16];
    last[0] = L::splat(0x8000_0000);
    last[15] = L::splat(64 * 8);
    compress4(&mut state, &last);
    L::digests(&state)
}

/// Hashes every 64-byte chunk of `pairs` (two digests side by side) into `out`, four at
/// a time with `four`, the rest with `one`.
#[inline(always)]
fn pairs_with(
    pairs: &[Digest],
    out: &mut Vec<Digest>,
    four: impl Fn([&[u8; 64]; 4]) -> [Digest; 4],
    one: impl Fn(&[u8; 64]) -> Digest,
) {
    let bytes = pairs.as_flattened();
    let bytes = &bytes[..bytes.len() / 64 * 64];
    out.reserve(bytes.len() / 64);
    let mut quads = bytes.chunks_exact(256);
    for q in &mut quads {
        let p = |i: usize| <&[u8; 64]>::try_from(&q[64 * i..64 * i + 64]).unwrap();
        out.extend(four([p(0), p(1), p(2), p(3)]));
    }
    for p in quads.remainder().chunks_exact(64) {
        out.push(one(p.try_into().unwrap()));
    }
}

/// RFC 6962 parents of the pairs `(below[2i], below[2i + 1])`, appended to `out` (an
/// unpaired last node of `below` is left to the caller).
///
/// Not generic and never inlined, so it is compiled (and optimized) in this crate even
/// when the caller is built for size.
#[inline(never)]
pub fn rfc6962_nodes(below: &[Digest], out: &mut Vec<Digest>) {
    let one = |p: &[u8; 64]| hash1(&[&[0x01], &p[..32], &p[32..]]);
    #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
    pairs_with(below, out, rfc6962_nodes4_with::<Simd>, one);
    #[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
    pairs_with(below, out, |q| q.map(one), one);
}

/// Plain-scheme parents `SHA-256(below[2i] ‖ below[2i + 1])`, appended to `out`.
#[inline(never)]
pub fn plain_nodes(below: &[Digest], out: &mut Vec<Digest>) {
    let one = |p: &[u8; 64]| hash1(&[p, &[], &[]]);
    #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
    pairs_with(below, out, plain_nodes4_with::<Simd>, one);
    #[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
    pairs_with(below, out, |q| q.map(one), one);
}

/// RFC 6962 leaf hashes of four 32-byte blocks (not inlined; see [`rfc6962_nodes`]).
#[inline(never)]
pub fn rfc6962_leaves4(data: [&[u8; 32]; 4]) -> [Digest; 4] {
    #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
    return rfc6962_leaves4_with::<Simd>(data);
    #[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
    data.map(|d| hash1(&[&[0x00], d, &[]]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use sha2::{Digest as _, Sha256};

    fn reference(parts: &Parts<'_>) -> Digest {
        let mut h = Sha256::new();
        for p in parts {
            h.update(p);
        }
        h.finalize().into()
    }

    #[test]
    fn one_and_four_lanes_agree_with_sha2_at_every_length() {
        let data: Vec<u8> = (0..300u32).map(|i| (i * 7 + 3) as u8).collect();
        // Every length around the padding boundaries (55/56, 63/64, 119/120) and more.
        for len in 0..=200 {
            let msgs: [Parts<'_>; 4] = core::array::from_fn(|lane| {
                let m = &data[lane..lane + len];
                let cut = len / 3;
                [&m[..cut], &m[cut..2 * cut], &m[2 * cut..]]
            });
            let expected = msgs.map(|m| reference(&m));
            assert_eq!(msgs.map(|m| hash1(&m)), expected, "hash1, len {len}");
            assert_eq!(hash4_with::<Portable>(msgs), Some(expected), "lanes, {len}");
            assert_eq!(hash4(msgs), expected, "hash4, len {len}");
        }
    }

    #[test]
    fn fixed_shape_kernels_agree_with_sha2() {
        let data: Vec<u8> = (0..1024u32).map(|i| (i * 131 + 7) as u8).collect();
        for off in 0..5 {
            let p64: [&[u8; 64]; 4] =
                core::array::from_fn(|i| data[off + 64 * i..][..64].try_into().unwrap());
            let p32: [&[u8; 32]; 4] =
                core::array::from_fn(|i| data[off + 32 * i..][..32].try_into().unwrap());
            assert_eq!(
                rfc6962_nodes4_with::<Portable>(p64),
                p64.map(|p| reference(&[&[1], p, &[]]))
            );
            assert_eq!(
                plain_nodes4_with::<Portable>(p64),
                p64.map(|p| reference(&[p, &[], &[]]))
            );
            let leaves = p32.map(|p| reference(&[&[0], p, &[]]));
            assert_eq!(rfc6962_leaves4_with::<Portable>(p32), leaves);
            assert_eq!(rfc6962_leaves4(p32), leaves);
            let digests: Vec<Digest> = (0..11).map(|i| p32[i % 4].to_owned()).collect();
            let (mut rfc, mut plain) = (Vec::new(), Vec::new());
            rfc6962_nodes(&digests, &mut rfc);
            plain_nodes(&digests, &mut plain);
            let pair = |i: usize| [&[1u8][..], &digests[2 * i], &digests[2 * i + 1]];
            let expected: Vec<Digest> = (0..5).map(|i| reference(&pair(i))).collect();
            assert_eq!(rfc, expected);
            let expected: Vec<Digest> = (0..5)
                .map(|i| reference(&[pair(i)[1], pair(i)[2], &[]]))
                .collect();
            assert_eq!(plain, expected);
        }
    }

    #[test]
    fn unequal_lengths_are_refused_by_lanes_and_handled_by_hash4() {
        let msgs: [Parts<'_>; 4] = [
            [b"a", b"", b""],
            [b"bb", b"", b""],
            [b"", b"", b""],
            [b"c", b"", b""],
        ];
        assert_eq!(hash4_with::<Portable>(msgs), None);
        assert_eq!(hash4(msgs), msgs.map(|m| reference(&m)));
    }
}
