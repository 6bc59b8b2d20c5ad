//! Vector clocks (Fidge 1988, Mattern 1989).
//!
//! Process `i` keeps a vector `V` with one counter per process: `V[j]` is how many of
//! process `j`'s events `i` knows about.
//!
//! - every event does `V[i] += 1` (a message carries its sending event's vector);
//! - an event that receives vectors `W…` first merges: `V[j] = max(V[j], W[j]…)` for all
//!   `j`, then does `V[i] += 1`.
//!
//! Comparison: `A ≤ B` if `A[j] ≤ B[j]` for every `j`; `A < B` if also `A ≠ B`. Then
//! **`a → b ⇔ V(a) < V(b)`**: `V(e)[j]` counts exactly the events of `j` in `e`'s causal
//! past (plus `e` itself on its own process), so one event's past contains another's
//! exactly when its vector dominates. Two incomparable vectors (each larger somewhere)
//! mean the events are concurrent; that is what Lamport stamps cannot show.

use super::execution::{Causality, Execution};
use std::fmt;

/// A vector of counters, one per process.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct VectorClock(pub Vec<u64>);

impl VectorClock {
    /// All zeros, for `n` processes.
    pub fn zero(n: usize) -> Self {
        Self(vec![0; n])
    }

    /// Count one event of process `i` (no effect if `i` is out of range).
    pub fn tick(&mut self, i: usize) {
        if let Some(c) = self.0.get_mut(i) {
            *c += 1;
        }
    }

    /// Element-wise maximum with `other` (a shorter vector counts as zeros).
    pub fn merge(&mut self, other: &VectorClock) {
        if self.0.len() < other.0.len() {
            self.0.resize(other.0.len(), 0);
        }
        for (a, b) in self.0.iter_mut().zip(&other.0) {
            *a = (*a).max(*b);
        }
    }

    /// How `self` relates to `other`: [`Causality::Before`] if `self < other`, and so on.
    /// Vectors of different lengths compare as if padded with zeros.
    pub fn compare(&self, other: &VectorClock) -> Causality {
        let n = self.0.len().max(other.0.len());
        let (mut less, mut more) = (false, false);
        for j in 0..n {
            let a = self.0.get(j).copied().unwrap_or(0);
            let b = other.0.get(j).copied().unwrap_or(0);
            less |= a < b;
            more |= a > b;
        }
        match (less, more) {
            (false, false) => Causality::Equal,
            (true, false) => Causality::Before,
            (false, true) => Causality::After,
            (true, true) => Causality::Concurrent,
        }
    }
}

impl fmt::Display for VectorClock {
    /// `[2,0,0]`, as the posts write them.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[")?;
        for (i, c) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str(",")?;
            }
            write!(f, "{c}")?;
        }
        f.write_str("]")
    }
}

/// Every event's vector clock, indexed by event id.
pub fn vector_clocks(x: &Execution) -> Vec<VectorClock> {
    let n = x.processes();
    let mut current = vec![VectorClock::zero(n); n];
    let mut out: Vec<VectorClock> = Vec::with_capacity(x.events().len());
    for e in x.events() {
        let mut v = current[e.process].clone();
        for &f in &e.received {
            v.merge(&out[f]);
        }
        v.tick(e.process);
        current[e.process] = v.clone();
        out.push(v);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The vector-clock post's example: A's event [1,0,0] sent to B; B receives [1,1,0],
    /// then an event [1,2,0]; A's next event [2,0,0] is concurrent with it.
    #[test]
    fn the_posts_example() {
        let mut x = Execution::new(3).unwrap();
        let a1 = x.local(0, "a1").unwrap();
        let b1 = x.receive(1, &[a1], "b1").unwrap();
        let b2 = x.local(1, "b2").unwrap();
        let a2 = x.local(0, "a2").unwrap();
        let v = vector_clocks(&x);
        let s = |e: usize| v[e].to_string();
        assert_eq!(
            [s(a1), s(b1), s(b2), s(a2)],
            ["[1,0,0]", "[1,1,0]", "[1,2,0]", "[2,0,0]"]
        );
        assert_eq!(v[a2].compare(&v[b2]), Causality::Concurrent);
        assert_eq!(v[a1].compare(&v[b2]), Causality::Before);
        assert_eq!(v[b2].compare(&v[a1]), Causality::After);
        assert_eq!(v[a1].compare(&v[a1]), Causality::Equal);
    }

    #[test]
    fn merge_and_compare_pad_with_zeros() {
        let mut a = VectorClock(vec![1]);
        a.merge(&VectorClock(vec![0, 3]));
        assert_eq!(a, VectorClock(vec![1, 3]));
        assert_eq!(
            VectorClock(vec![1]).compare(&VectorClock(vec![1, 0])),
            Causality::Equal
        );
        a.tick(9);
        assert_eq!(a, VectorClock(vec![1, 3]));
    }
}
