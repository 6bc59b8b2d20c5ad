//! A tiny seeded random number generator, so every "random" choice a widget makes (row
//! keys, values, which writes a partition drops, which node fails) is replayable from
//! `data-seed`. One generator for every widget. (The simulation engine in the core has
//! its own ChaCha stream; this one is for the widgets' scenery.)
//!
//! SplitMix64 (Steele, Lea & Flood, 2014): a 64-bit counter advanced by the golden-ratio
//! constant and scrambled by two multiply–xorshift rounds. It is not cryptographic, but
//! it is tiny, passes BigCrush, and gives the very same stream on wasm32 and x86_64.

/// SplitMix64 state: the next output is a scramble of `state + γ`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SplitMix64 {
    state: u64,
}

impl SplitMix64 {
    /// A generator whose stream is fixed by `seed`.
    pub fn new(seed: u64) -> Self {
        SplitMix64 { state: seed }
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (0 when `n` is 0). Uses the widening-multiply trick, whose bias
    /// is below 2⁻⁵⁶ for the small `n` used here.
    pub fn below(&mut self, n: usize) -> usize {
        ((u128::from(self.next_u64()) * n as u128) >> 64) as usize
    }

    /// One element of `items` (`None` for an empty slice).
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> Option<&'a T> {
        items.get(self.below(items.len()))
    }

    /// `k` distinct indexes of `0..n`, ascending (partial Fisher–Yates; `k` is capped at `n`).
    pub fn choose(&mut self, n: usize, k: usize) -> Vec<usize> {
        let mut all: Vec<usize> = (0..n).collect();
        let k = k.min(n);
        for i in 0..k {
            let j = i + self.below(n - i);
            all.swap(i, j);
        }
        // Ascending through a bitmap rather than a sort: the same result, and no sort
        // instance in every family's module (kilobytes each).
        let mut taken = vec![false; n];
        for &i in &all[..k] {
            taken[i] = true;
        }
        (0..n).filter(|&i| taken[i]).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_answer_for_seed_zero() {
        // First outputs of SplitMix64 seeded with 0, as published with the algorithm.
        let mut r = SplitMix64::new(0);
        assert_eq!(r.next_u64(), 0xe220_a839_7b1d_cdaf);
        assert_eq!(r.next_u64(), 0x6e78_9e6a_a1b9_65f4);
    }

    #[test]
    fn below_stays_in_range() {
        let mut r = SplitMix64::new(42);
        assert_eq!(r.below(0), 0);
        for n in 1..50 {
            assert!(r.below(n) < n);
        }
        assert_eq!(r.pick::<u8>(&[]), None);
    }

    #[test]
    fn choose_gives_k_distinct_ascending_indexes_and_is_uniform_enough() {
        let mut r = SplitMix64::new(7);
        let mut hits = [0u32; 10];
        for k in 0..=12 {
            let c = r.choose(10, k);
            assert_eq!(c.len(), k.min(10), "k = {k}");
            assert!(c.windows(2).all(|w| w[0] < w[1]), "not ascending: {c:?}");
            assert!(c.iter().all(|&i| i < 10));
        }
        for _ in 0..2000 {
            for i in r.choose(10, 3) {
                hits[i] += 1;
            }
        }
        // Each index is picked with probability 3/10: 600 of 2,000 expected.
        assert!(hits.iter().all(|&h| (480..720).contains(&h)), "{hits:?}");
        assert_eq!(r.choose(0, 3), Vec::<usize>::new());
    }
}
