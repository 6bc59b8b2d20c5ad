//! Lamport timestamps (Lamport, "Time, Clocks, and the Ordering of Events in a Distributed
//! System", 1978).
//!
//! Each process keeps one counter `C`:
//!
//! - every event (local, or the one that sends a message) does `C = C + 1` and is stamped
//!   with `C`; a message carries its sending event's stamp;
//! - an event that receives messages with stamps `T…` does `C = max(C, T…) + 1`.
//!
//! **Clock condition**: `a → b ⇒ L(a) < L(b)`, because every step along a causal chain
//! (next event on a process, or a receive) strictly increases the stamp. The converse
//! fails: `L(a) < L(b)` also happens for concurrent events, so Lamport stamps cannot
//! detect concurrency (vector clocks can).
//!
//! **Total order**: ordering events by `(L, process number)` compares any two events, and
//! extends happened-before (no event comes before one of its causes). It is what a
//! distributed mutex or a merged debug log uses; between concurrent events it is
//! arbitrary.

use super::execution::{EventId, Execution};

/// Every event's Lamport timestamp, indexed by [`EventId`].
pub fn lamport_timestamps(x: &Execution) -> Vec<u64> {
    let mut counter = vec![0u64; x.processes()];
    let mut stamp = Vec::with_capacity(x.events().len());
    for e in x.events() {
        let heard = e.received.iter().map(|&f| stamp[f]).max().unwrap_or(0);
        let c = counter[e.process].max(heard) + 1;
        counter[e.process] = c;
        stamp.push(c);
    }
    stamp
}

/// The events in Lamport's total order: by timestamp, ties broken by process number.
pub fn total_order(x: &Execution) -> Vec<EventId> {
    let stamp = lamport_timestamps(x);
    let mut order: Vec<EventId> = (0..x.events().len()).collect();
    order.sort_by_key(|&e| (stamp[e], x.events()[e].process));
    order
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The Lamport post's example: a1 sends to B; B receives, then b1 sends to C; C
    /// receives, then c1; meanwhile a2 on A. Its numbers: a1 = 1, B's receive 2, b1 = 3,
    /// C's receive 4, c1 = 5, a2 = 2.
    #[test]
    fn the_posts_example() {
        let mut x = Execution::with_names(vec!["A".into(), "B".into(), "C".into()]).unwrap();
        let a1 = x.local(0, "a1").unwrap();
        let rb = x.receive(1, &[a1], "recv").unwrap();
        let b1 = x.local(1, "b1").unwrap();
        let rc = x.receive(2, &[b1], "recv").unwrap();
        let c1 = x.local(2, "c1").unwrap();
        let a2 = x.local(0, "a2").unwrap();
        let l = lamport_timestamps(&x);
        assert_eq!(
            [l[a1], l[rb], l[b1], l[rc], l[c1], l[a2]],
            [1, 2, 3, 4, 5, 2]
        );
        // a2 (2) < b1 (3), yet they are concurrent.
        assert_eq!(
            x.relation(a2, b1),
            Some(super::super::Causality::Concurrent)
        );
        // Total order: ties at 2 broken by process: a2 (A) before B's receive.
        assert_eq!(total_order(&x), vec![a1, a2, rb, b1, rc, c1]);
    }
}
