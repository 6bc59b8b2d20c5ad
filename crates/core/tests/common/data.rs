//! Deterministic test data: the same seed gives the same bytes on every platform.

/// Deterministic pseudo-random bytes (xorshift64).
pub fn bytes(len: usize, seed: u64) -> Vec<u8> {
    let mut x = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 24) as u8
        })
        .collect()
}

/// `k` data chunks of `len` bytes each, all different, decided by `seed`.
pub fn data_chunks(k: usize, len: usize, seed: u64) -> Vec<Vec<u8>> {
    (0..k)
        .map(|i| bytes(len, seed.wrapping_mul(1000).wrapping_add(i as u64)))
        .collect()
}
