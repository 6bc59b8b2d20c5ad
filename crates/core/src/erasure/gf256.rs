//! # GF(2^8): the 256-element field Reed-Solomon computes in
//!
//! A byte is read as a polynomial of degree < 8 with coefficients in {0, 1}: bit `i` is
//! the coefficient of `x^i`, so `0x13 = x^4 + x + 1`. Then:
//!
//! - **Addition is XOR.** Coefficients add modulo 2, with no carries. Every element is
//!   its own negative (`a + a = 0`), so subtraction is XOR too.
//! - **Multiplication is polynomial multiplication modulo [`POLY`]** `= 0x11D =
//!   x^8 + x^4 + x^3 + x^2 + 1`, an irreducible polynomial, so every non-zero byte has
//!   an inverse and division works: the bytes form a *field*, where the linear algebra
//!   a decoder needs (solving equations, inverting matrices) is exact. No rounding,
//!   no overflow: every result is again one byte.
//!
//! ## Multiplying with logarithms
//!
//! [`GENERATOR`] `= 2` (the polynomial `x`) is a *primitive* element: its powers
//! `2^0, 2^1, …, 2^254` run through all 255 non-zero bytes exactly once. So every
//! non-zero `a` has a logarithm `log(a)` with `2^log(a) = a`, and
//!
//! ```text
//! a · b = 2^(log a + log b)            (a, b ≠ 0; exponents taken mod 255)
//! a / b = 2^(log a − log b)
//! ```
//!
//! [`EXP`] and [`LOG`] are those two tables, built at compile time (a `const fn`), so
//! there is no setup cost at run time, natively or in WebAssembly. [`EXP`] holds 512
//! entries (the 255 powers repeated) so that `EXP[LOG[a] + LOG[b]]` needs no `% 255`.
//!
//! This is the field of Backblaze's JavaReedSolomon, klauspost/reedsolomon, the
//! `reed-solomon-erasure` crate, Linux RAID-6 and many others: same polynomial, same
//! generator, hence byte-compatible parity.
//!
//! ## Invariants (tested over all elements in `tests/erasure_field.rs`)
//!
//! - `LOG[EXP[i]] = i` for `0 ≤ i < 255`, and `EXP[LOG[a]] = a` for `a ≠ 0`.
//! - [`mul`] (tables) equals [`mul_slow`] (shift-and-XOR, no tables) for all 65,536 pairs.
//! - Field axioms: `+` and `·` are associative and commutative, `·` distributes over
//!   `+`, `0` and `1` are the identities, `a + a = 0`, and `a · inv(a) = 1` for `a ≠ 0`.

/// The reducing polynomial `x^8 + x^4 + x^3 + x^2 + 1`, with its `x^8` bit.
pub const POLY: u16 = 0x11D;

/// The generator (primitive element) whose powers are every non-zero byte: `x`, i.e. 2.
pub const GENERATOR: u8 = 2;

/// Builds `(EXP, LOG)` at compile time by repeated multiplication by the generator.
const fn build_exp_log() -> ([u8; 512], [u8; 256]) {
    let mut exp = [0u8; 512];
    let mut log = [0u8; 256];
    let mut x: u16 = 1;
    let mut i = 0;
    while i < 255 {
        exp[i] = x as u8;
        log[x as usize] = i as u8;
        // Multiply by x: shift left, and reduce modulo POLY if degree 8 appeared.
        x <<= 1;
        if x & 0x100 != 0 {
            x ^= POLY;
        }
        i += 1;
    }
    // 2^255 = 2^0: repeat the cycle so that sums of two logarithms (≤ 508) index directly.
    while i < 512 {
        exp[i] = exp[i - 255];
        i += 1;
    }
    (exp, log)
}

const EXP_LOG: ([u8; 512], [u8; 256]) = build_exp_log();

/// `EXP[i] = 2^i` in the field, for `0 ≤ i < 512` (period 255).
pub static EXP: [u8; 512] = EXP_LOG.0;

/// `LOG[a]` = the `i < 255` with `2^i = a`, for `a ≠ 0`. `LOG[0]` is 0 but meaningless:
/// zero has no logarithm, and every function here checks for zero first.
pub static LOG: [u8; 256] = EXP_LOG.1;

/// `a + b` in GF(2^8): XOR.
#[inline(always)]
pub const fn add(a: u8, b: u8) -> u8 {
    a ^ b
}

/// `a − b` in GF(2^8): also XOR, since every element is its own negative.
#[inline(always)]
pub const fn sub(a: u8, b: u8) -> u8 {
    a ^ b
}

/// `a · b` through the log/exp tables.
#[inline]
pub fn mul(a: u8, b: u8) -> u8 {
    if a == 0 || b == 0 {
        0
    } else {
        EXP[LOG[a as usize] as usize + LOG[b as usize] as usize]
    }
}

/// `a · b` without tables, the way the tables were defined: for each set bit `i` of `b`
/// add `a · x^i`, reducing by [`POLY`] whenever a shift overflows 8 bits.
/// The independent check of [`mul`]; a `const fn`, so tables can be built from it.
pub const fn mul_slow(a: u8, b: u8) -> u8 {
    let (mut a, mut b, mut product) = (a, b, 0u8);
    while b != 0 {
        if b & 1 != 0 {
            product ^= a;
        }
        let overflow = a & 0x80 != 0;
        a <<= 1;
        if overflow {
            a ^= (POLY & 0xFF) as u8;
        }
        b >>= 1;
    }
    product
}

/// `a / b`, or `None` when `b = 0` (division by zero is undefined in any field).
#[inline]
pub fn div(a: u8, b: u8) -> Option<u8> {
    if b == 0 {
        None
    } else if a == 0 {
        Some(0)
    } else {
        Some(EXP[LOG[a as usize] as usize + 255 - LOG[b as usize] as usize])
    }
}

/// The multiplicative inverse `1 / a`, or `None` for `a = 0`.
#[inline]
pub fn inv(a: u8) -> Option<u8> {
    div(1, a)
}

/// `a^n` (with `0^0 = 1`, as the Vandermonde matrix needs).
pub fn pow(a: u8, n: usize) -> u8 {
    if n == 0 {
        1
    } else if a == 0 {
        0
    } else {
        EXP[(LOG[a as usize] as usize * (n % 255)) % 255]
    }
}

/// One product `a · b` taken apart the way [`mul`] computes it, for a widget to show.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct MulStep {
    /// The left factor.
    pub a: u8,
    /// The right factor.
    pub b: u8,
    /// `LOG[a]`, or `None` when `a = 0`.
    pub log_a: Option<u8>,
    /// `LOG[b]`, or `None` when `b = 0`.
    pub log_b: Option<u8>,
    /// `(log a + log b) mod 255`, the exponent looked up in [`EXP`]; `None` if a factor is 0.
    pub log_product: Option<u8>,
    /// `a · b`.
    pub product: u8,
}

/// `a · b` with its logarithms: `product = EXP[(LOG[a] + LOG[b]) mod 255]`, or 0.
pub fn explain_mul(a: u8, b: u8) -> MulStep {
    let (log_a, log_b) = (
        (a != 0).then(|| LOG[a as usize]),
        (b != 0).then(|| LOG[b as usize]),
    );
    let log_product = match (log_a, log_b) {
        (Some(x), Some(y)) => Some(((x as u16 + y as u16) % 255) as u8),
        _ => None,
    };
    MulStep {
        a,
        b,
        log_a,
        log_b,
        log_product,
        product: log_product.map_or(0, |e| EXP[e as usize]),
    }
}

/// One term of a dot product `Σ coefficient_c · value_c`, as a widget shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct DotStep {
    /// Which input (chunk) this term reads: its position in the row.
    pub input: usize,
    /// The matrix coefficient and the data byte, multiplied with logarithms.
    pub mul: MulStep,
    /// The running XOR sum before this term.
    pub acc_before: u8,
    /// The running XOR sum after it: `acc_before ⊕ mul.product`.
    pub acc_after: u8,
}

/// A dot product over GF(2^8), step by step: how one output byte of a matrix-times-data
/// product (one parity byte, or one rebuilt byte) comes about.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct DotProduct {
    /// One step per term, in input order.
    pub steps: Vec<DotStep>,
    /// The sum: the last step's `acc_after` (0 for an empty product).
    pub result: u8,
}

/// `Σ coefficients[c] · values[c]` with every product and partial sum recorded. Pairs up
/// the two slices as far as the shorter one goes.
pub fn dot_product(coefficients: &[u8], values: &[u8]) -> DotProduct {
    let mut acc = 0u8;
    let steps = coefficients
        .iter()
        .zip(values)
        .enumerate()
        .map(|(input, (&c, &v))| {
            let mul = explain_mul(c, v);
            let acc_before = acc;
            acc ^= mul.product;
            DotStep {
                input,
                mul,
                acc_before,
                acc_after: acc,
            }
        })
        .collect();
    DotProduct { steps, result: acc }
}

/// `nibble_tables(c) = [low, high]` with `low[i] = c · i` and `high[i] = c · (i << 4)`
/// for `i < 16`: since multiplication by `c` is linear over XOR,
/// `c · x = low[x & 15] ⊕ high[x >> 4]`. Two 16-byte tables per coefficient fit one SIMD
/// register each, where a byte shuffle (`i8x16.swizzle`) does 16 lookups at once.
/// Computed when asked (32 products, once per coefficient per matrix product) rather
/// than kept as an 8 KiB static: the widgets' wasm module would carry 8 KiB of table
/// that does not compress, and the kernels call this once per coefficient, not per byte.
pub(crate) fn nibble_tables(c: u8) -> [[u8; 16]; 2] {
    let mut t = [[0u8; 16]; 2];
    for i in 0..16u8 {
        t[0][i as usize] = mul(c, i);
        t[1][i as usize] = mul(c, i << 4);
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generator_reaches_every_nonzero_byte_once() {
        let mut seen = [false; 256];
        for &e in &EXP[..255] {
            assert!(!seen[e as usize]);
            seen[e as usize] = true;
        }
        assert!(!seen[0]);
    }

    #[test]
    fn nibble_tables_agree_with_mul() {
        for c in 0..=255u8 {
            for x in 0..=255u8 {
                let [lo, hi] = nibble_tables(c);
                assert_eq!(lo[(x & 15) as usize] ^ hi[(x >> 4) as usize], mul(c, x));
            }
        }
    }

    #[test]
    fn known_products() {
        // 0x80 · 2 overflows: x^8 ≡ x^4 + x^3 + x^2 + 1 = 0x1D.
        assert_eq!(mul(0x80, 2), 0x1D);
        assert_eq!(mul_slow(0x80, 2), 0x1D);
        assert_eq!(EXP[8], 0x1D);
        assert_eq!(explain_mul(3, 7).product, mul(3, 7));
    }
}
