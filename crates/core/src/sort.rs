//! A stable insertion sort, for the short lists the widgets sort.
//!
//! The standard library's stable sort (driftsort) is fast on long inputs, but every item
//! type it sorts becomes several kilobytes of code in a widget's wasm module. The lists a
//! widget sorts while it draws (a few hundred traces or log lines at most, usually almost
//! in order already) need none of that: an insertion sort is `O(n)` on sorted input,
//! `O(n²)` at worst, and a few dozen bytes.
//!
//! Invariant: items that compare equal keep their order (stable), like `slice::sort_by`.

use core::cmp::Ordering;

/// Sorts `v` by `cmp`, keeping the order of equal items (like [`slice::sort_by`]).
pub fn insertion_sort_by<T>(v: &mut [T], mut cmp: impl FnMut(&T, &T) -> Ordering) {
    for i in 1..v.len() {
        let mut j = i;
        while j > 0 && cmp(&v[j - 1], &v[j]) == Ordering::Greater {
            v.swap(j - 1, j);
            j -= 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::insertion_sort_by;

    #[test]
    fn agrees_with_the_standard_stable_sort() {
        // Pairs (key, original position) from a small LCG, with many equal keys, so a
        // sort that is not stable would put some positions out of order.
        let mut x: u32 = 12345;
        for len in [0usize, 1, 2, 3, 10, 100, 257] {
            let v: Vec<(u32, usize)> = (0..len)
                .map(|i| {
                    x = x.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                    ((x >> 16) % 7, i)
                })
                .collect();
            let mut ours = v.clone();
            insertion_sort_by(&mut ours, |a, b| a.0.cmp(&b.0));
            let mut std = v;
            std.sort_by_key(|a| a.0);
            assert_eq!(ours, std, "len {len}");
        }
    }
}
