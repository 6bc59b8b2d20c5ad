//! Version vectors for one key of a Dynamo-style store: concurrent writes become
//! siblings, and a write that carries the merged context resolves them.
//!
//! A read returns the key's values and a **context**: the version vector that summarises
//! every write the reader has seen. A write sends the new value *with the context it was
//! based on*. The replica that takes the write (its coordinator) gives it a **dot**, its
//! own next counter `(replica, n)`; the write's version is its context plus that dot.
//!
//! - A stored value whose dot the new write's context covers is one the writer had seen:
//!   the write **supersedes** it and it is dropped.
//! - A stored value the context does not cover was written concurrently, without the
//!   writer knowing: it is kept beside the new value as a **sibling**. The store does not
//!   pick a winner (last-write-wins would silently lose one of the two writes).
//! - When replicas exchange state (anti-entropy, read repair), a value survives unless
//!   another value's context covers its dot.
//! - A reader that sees siblings merges them (application logic: take one, or combine)
//!   and writes back with the merged context, which covers every sibling's dot: one
//!   value remains.
//!
//! Giving each write a dot from the coordinator's own counter, and deciding "superseded"
//! from the *context* rather than by comparing the versions, is what Riak calls dotted
//! version vectors. The plain scheme (version = context with the coordinator's entry
//! incremented) breaks when a client writes with a stale context to a replica that has
//! moved on: the new version can then dominate a value the client never saw, which is
//! silently lost. With dots that case keeps both values.

use super::execution::Causality;
use super::vector::VectorClock;

/// One stored value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sibling<V> {
    /// The value.
    pub value: V,
    /// The coordinator and its counter for this write.
    pub dot: (usize, u64),
    /// What the writer had seen.
    pub context: VectorClock,
}

impl<V> Sibling<V> {
    /// The write's version vector: its context with its dot added.
    pub fn version(&self) -> VectorClock {
        let mut v = self.context.clone();
        let (r, n) = self.dot;
        if v.0.len() <= r {
            v.0.resize(r + 1, 0);
        }
        v.0[r] = v.0[r].max(n);
        v
    }

    /// Whether `context` covers this write (its writer had seen it).
    pub fn covered_by(&self, context: &VectorClock) -> bool {
        context.0.get(self.dot.0).is_some_and(|&c| c >= self.dot.1)
    }
}

/// One replica's copy of the key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Replica<V> {
    /// Its index among the key's replicas.
    pub id: usize,
    /// How many replicas the key has (every version vector has this length).
    pub replicas: usize,
    /// How many writes it has coordinated (its dots' counter).
    pub counter: u64,
    /// The values it holds: one, or siblings.
    pub siblings: Vec<Sibling<V>>,
}

impl<V: Clone + PartialEq> Replica<V> {
    /// An empty copy for replica `id` of `replicas`.
    pub fn new(id: usize, replicas: usize) -> Self {
        Self {
            id,
            replicas: replicas.max(id + 1),
            counter: 0,
            siblings: Vec::new(),
        }
    }

    /// A read: every value and the context (the merge of their versions).
    pub fn read(&self) -> (Vec<V>, VectorClock) {
        let mut ctx = VectorClock::zero(self.replicas);
        for s in &self.siblings {
            ctx.merge(&s.version());
        }
        (self.siblings.iter().map(|s| s.value.clone()).collect(), ctx)
    }

    /// A write coordinated here, based on `context`; returns the new value's version.
    pub fn write(&mut self, value: V, context: &VectorClock) -> VectorClock {
        // Own counter: past any dot of ours seen here or in the context.
        let seen = context.0.get(self.id).copied().unwrap_or(0);
        self.counter = self.counter.max(seen) + 1;
        self.siblings.retain(|s| !s.covered_by(context));
        let mut context = context.clone();
        context.0.resize(self.replicas.max(context.0.len()), 0);
        let new = Sibling {
            value,
            dot: (self.id, self.counter),
            context,
        };
        let version = new.version();
        self.siblings.push(new);
        version
    }

    /// Take in another replica's values (anti-entropy): keep every value that no other
    /// value's context covers, once.
    pub fn sync_from(&mut self, other: &Replica<V>) {
        let mut all: Vec<Sibling<V>> = self.siblings.clone();
        for s in &other.siblings {
            if !all.iter().any(|t| t.dot == s.dot) {
                all.push(s.clone());
            }
        }
        let keep: Vec<Sibling<V>> = all
            .iter()
            .filter(|s| {
                !all.iter()
                    .any(|t| t.dot != s.dot && s.covered_by(&t.context))
            })
            .cloned()
            .collect();
        self.siblings = keep;
        for s in &self.siblings {
            if s.dot.0 == self.id {
                self.counter = self.counter.max(s.dot.1);
            }
        }
    }

    /// Whether the replica holds more than one value (a conflict the reader must resolve).
    pub fn in_conflict(&self) -> bool {
        self.siblings.len() > 1
    }

    /// How the versions of its first two siblings compare (for the widgets' "why").
    pub fn sibling_relation(&self) -> Option<Causality> {
        let (a, b) = (self.siblings.first()?, self.siblings.get(1)?);
        Some(a.version().compare(&b.version()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vv(a: u64, b: u64) -> VectorClock {
        VectorClock(vec![a, b])
    }

    /// The vector-clock post's Dynamo example: the key starts at [A:1, B:0]; two clients
    /// read that and write concurrently, one through A, one through B.
    #[test]
    fn the_posts_dynamo_example_becomes_siblings_and_a_merged_write_resolves_them() {
        let (mut a, mut b) = (Replica::new(0, 2), Replica::new(1, 2));
        a.write("https://old.com", &VectorClock::default());
        b.sync_from(&a);
        let (_, ctx) = a.read();
        assert_eq!(ctx, vv(1, 0));
        assert_eq!(a.write("https://v2.com", &ctx), vv(2, 0));
        assert_eq!(b.write("https://v3.com", &ctx), vv(1, 1));
        a.sync_from(&b);
        assert!(a.in_conflict());
        assert_eq!(a.sibling_relation(), Some(Causality::Concurrent));
        let (values, merged) = a.read();
        assert_eq!(values, ["https://v2.com", "https://v3.com"]);
        assert_eq!(merged, vv(2, 1));
        // The application resolves and writes back with the merged context.
        assert_eq!(a.write("https://v3.com", &merged), vv(3, 1));
        assert!(!a.in_conflict());
        b.sync_from(&a);
        assert_eq!(b.read(), (vec!["https://v3.com"], vv(3, 1)));
    }

    #[test]
    fn a_stale_context_on_a_replica_that_moved_on_keeps_both_values() {
        let mut a = Replica::new(0, 2);
        a.write(1, &VectorClock::default());
        let (_, old) = a.read();
        a.write(2, &old);
        // Another client still holds the old context and writes through the same replica.
        a.write(3, &old);
        assert_eq!(a.read().0, vec![2, 3], "the write it never saw is kept");
    }

    #[test]
    fn sequential_writes_never_conflict() {
        let (mut a, mut b) = (Replica::new(0, 2), Replica::new(1, 2));
        for i in 0..10u32 {
            let r = if i % 2 == 0 { &mut a } else { &mut b };
            let (_, ctx) = r.read();
            r.write(i, &ctx);
            let snapshot = r.clone();
            a.sync_from(&snapshot);
            b.sync_from(&snapshot);
        }
        assert_eq!(a.read().0, vec![9]);
        assert_eq!(b.read(), a.read());
    }
}
