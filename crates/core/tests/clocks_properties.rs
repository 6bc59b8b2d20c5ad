//! The clocks against the definition of happened-before, over many random executions:
//!
//! - `a → b ⇔ V(a) < V(b)` (and concurrency ⇔ incomparable vectors), for every pair;
//! - `a → b ⇒ L(a) < L(b)`;
//! - Lamport's total order (by timestamp, then process) extends happened-before;
//! - a ShiViz export reads back as the same run (same clocks, event for event);
//! - version vectors: after replicas exchange everything, all hold exactly the writes
//!   no other write's context covered.

use distlab_core::clocks::shiviz::{from_shiviz, to_shiviz};
use distlab_core::clocks::version_vector::Replica;
use distlab_core::clocks::{
    lamport_timestamps, total_order, vector_clocks, Causality, Execution, VectorClock,
};
use proptest::prelude::*;

/// A random run: `ops` of (process, how many earlier events to receive from, picks).
fn execution(processes: usize, ops: &[(usize, usize, Vec<usize>)]) -> Execution {
    let mut x = Execution::new(processes).unwrap();
    for (p, k, picks) in ops {
        let p = p % processes;
        let n = x.events().len();
        let mut from = Vec::new();
        for pick in picks.iter().take(*k) {
            if n == 0 {
                break;
            }
            let f = pick % n;
            if x.events()[f].process != p && !from.contains(&f) {
                from.push(f);
            }
        }
        let seq = x.lane(p).len() + 1;
        x.receive(p, &from, &format!("p{p}e{seq}")).unwrap();
    }
    x
}

fn ops() -> impl Strategy<Value = (usize, Vec<(usize, usize, Vec<usize>)>)> {
    (
        1usize..=6,
        prop::collection::vec(
            (
                0usize..6,
                0usize..3,
                prop::collection::vec(0usize..10_000, 2),
            ),
            0..60,
        ),
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn vector_clocks_are_exactly_happened_before((n, ops) in ops()) {
        let x = execution(n, &ops);
        let past = x.causal_pasts();
        let v = vector_clocks(&x);
        for a in 0..x.events().len() {
            for b in 0..x.events().len() {
                let truth = distlab_core::clocks::execution::relation_in(&past, a, b);
                prop_assert_eq!(v[a].compare(&v[b]), truth, "events {} and {}", a, b);
            }
        }
    }

    #[test]
    fn lamport_respects_happened_before_and_its_total_order_extends_it((n, ops) in ops()) {
        let x = execution(n, &ops);
        let l = lamport_timestamps(&x);
        let order = total_order(&x);
        let mut pos = vec![0; order.len()];
        for (i, &e) in order.iter().enumerate() {
            pos[e] = i;
        }
        for a in 0..x.events().len() {
            for b in 0..x.events().len() {
                if x.relation(a, b) == Some(Causality::Before) {
                    prop_assert!(l[a] < l[b]);
                    prop_assert!(pos[a] < pos[b]);
                    // The chain that proves it exists and is made of real steps.
                    let chain = x.chain(a, b).expect("a chain");
                    prop_assert_eq!(chain.first(), Some(&a));
                    prop_assert_eq!(chain.last(), Some(&b));
                    for w in chain.windows(2) {
                        let step = x.previous(w[1]) == Some(w[0])
                            || x.events()[w[1]].received.contains(&w[0]);
                        prop_assert!(step);
                    }
                } else if a != b {
                    prop_assert!(x.chain(a, b).is_none());
                }
            }
        }
    }

    #[test]
    fn a_shiviz_export_reads_back_as_the_same_run((n, ops) in ops()) {
        let x = execution(n, &ops);
        prop_assume!(!x.events().is_empty());
        let back = from_shiviz(&to_shiviz(&x)).expect("our own log reads back");
        // Hosts appear in the log in order of first mention, so compare by name.
        let clock_of = |y: &Execution, label: &str| -> Option<Vec<(String, u64)>> {
            let v = vector_clocks(y);
            let e = y.events().iter().position(|e| e.label == label)?;
            let mut named: Vec<(String, u64)> = y
                .names()
                .iter()
                .cloned()
                .zip(v[e].0.iter().copied())
                .filter(|(_, c)| *c > 0)
                .collect();
            named.sort();
            Some(named)
        };
        for e in x.events() {
            prop_assert_eq!(clock_of(&x, &e.label), clock_of(&back, &e.label));
        }
        prop_assert_eq!(back.events().len(), x.events().len());
    }

    #[test]
    fn random_text_never_panics_the_log_reader(s in "[AB{}\":, 0-9\\n]{0,80}") {
        let _ = from_shiviz(&s);
    }

    #[test]
    fn replicas_that_exchange_everything_hold_exactly_the_uncovered_writes(
        ops in prop::collection::vec((0usize..3, 0usize..4, 0usize..8), 1..40)
    ) {
        let mut r: Vec<Replica<u32>> = (0..3).map(|i| Replica::new(i, 3)).collect();
        let mut contexts: Vec<VectorClock> = vec![VectorClock::zero(3)];
        // Every write: its dot and the context it carried.
        let mut writes: Vec<((usize, u64), VectorClock, u32)> = Vec::new();
        for (i, (at, kind, pick)) in ops.iter().enumerate() {
            match kind {
                // Read here, then write with what was read.
                0 | 1 => {
                    let (_, ctx) = r[*at].read();
                    r[*at].write(i as u32, &ctx);
                    let s = r[*at].siblings.last().unwrap();
                    writes.push((s.dot, ctx.clone(), i as u32));
                    contexts.push(ctx);
                }
                // Write with an old context (a slow client).
                2 => {
                    let ctx = contexts[pick % contexts.len()].clone();
                    r[*at].write(i as u32, &ctx);
                    let s = r[*at].siblings.last().unwrap();
                    writes.push((s.dot, ctx, i as u32));
                }
                // Anti-entropy from another replica.
                _ => {
                    let from = r[pick % 3].clone();
                    r[*at].sync_from(&from);
                }
            }
        }
        for _ in 0..2 {
            for a in 0..3 {
                for b in 0..3 {
                    let from = r[b].clone();
                    r[a].sync_from(&from);
                }
            }
        }
        let covered = |dot: (usize, u64)| {
            writes.iter().any(|(d, ctx, _)| *d != dot && ctx.0[dot.0] >= dot.1)
        };
        let mut expected: Vec<u32> = writes
            .iter()
            .filter(|(d, _, _)| !covered(*d))
            .map(|(_, _, v)| *v)
            .collect();
        expected.sort();
        for replica in &r {
            let mut got = replica.read().0;
            got.sort();
            prop_assert_eq!(&got, &expected);
        }
    }
}
