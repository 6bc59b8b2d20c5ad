//! The engine's event queue: items keyed by `(time, seq)`, popped in that order.
//!
//! A calendar (a *timing wheel*): `WHEEL` buckets cover the times `[cur, cur + WHEEL)`,
//! one time per bucket, where `cur` is the time of the last item popped. Almost every
//! event is scheduled a few ticks to a few hundred ticks ahead, so pushing is appending
//! to a bucket and popping is taking from the front of the first non-empty one: O(1),
//! where a binary heap spent most of its time sifting. Items further ahead wait in a
//! binary heap (`far`) and move into their bucket as soon as `cur` brings them into range.
//!
//! ## Invariants
//!
//! - Every item's time is `≥ cur` (the engine schedules at `now + 1` or later, and
//!   `cur ≤ now`).
//! - A bucket holds items of one time only, in increasing `seq`: an item goes to `far`
//!   only while its time is out of range, and once a time is in range it stays so (`cur`
//!   only grows), so all of a time's far items are older (smaller `seq`) than its direct
//!   pushes — and they are moved in, in order, the moment their time comes into range,
//!   before any direct push can happen.
//! - The items themselves stay in `slots` (reused through `free`); buckets and `far`
//!   hold small `(time, seq, slot)` keys.

use super::{Pending, Protocol, Time};
use std::cmp::Reverse;
use std::collections::{BinaryHeap, VecDeque};

/// Buckets in the wheel (a power of two).
const WHEEL: usize = 512;

type Key = (Time, u64, usize);

/// See the module documentation.
#[derive(Clone, Debug)]
pub(super) struct Queue<P: Protocol> {
    cur: Time,
    wheel: Vec<VecDeque<Key>>,
    /// Bit `b` set: bucket `b` is not empty.
    occupied: [u64; WHEEL / 64],
    far: BinaryHeap<Reverse<Key>>,
    slots: Vec<Option<Pending<P>>>,
    free: Vec<usize>,
}

impl<P: Protocol> Queue<P> {
    pub(super) fn new() -> Self {
        Queue {
            cur: 0,
            wheel: vec![VecDeque::new(); WHEEL],
            occupied: [0; WHEEL / 64],
            far: BinaryHeap::new(),
            slots: Vec::new(),
            free: Vec::new(),
        }
    }

    fn in_range(&self, t: Time) -> bool {
        t.saturating_sub(self.cur) < WHEEL as Time
    }

    fn bucket(t: Time) -> usize {
        (t % WHEEL as Time) as usize
    }

    /// Queue `item` at `(t, seq)`; `seq` must grow from call to call.
    pub(super) fn push(&mut self, t: Time, seq: u64, item: Pending<P>) {
        debug_assert!(t >= self.cur);
        let slot = match self.free.pop() {
            Some(i) => {
                self.slots[i] = Some(item);
                i
            }
            None => {
                self.slots.push(Some(item));
                self.slots.len() - 1
            }
        };
        let t = t.max(self.cur);
        if self.in_range(t) {
            self.put_near((t, seq, slot));
        } else {
            self.far.push(Reverse((t, seq, slot)));
        }
    }

    fn put_near(&mut self, k: Key) {
        let b = Self::bucket(k.0);
        self.wheel[b].push_back(k);
        self.occupied[b / 64] |= 1 << (b % 64);
    }

    /// The first non-empty bucket at or after `cur`'s (circularly), if any.
    fn first_bucket(&self) -> Option<usize> {
        let start = Self::bucket(self.cur);
        let words = WHEEL / 64;
        let (w0, bit) = (start / 64, start % 64);
        // The start word from `bit` on, the other words, then the start word below `bit`.
        let high = self.occupied[w0] & (u64::MAX << bit);
        if high != 0 {
            return Some(w0 * 64 + high.trailing_zeros() as usize);
        }
        for i in 1..words {
            let w = (w0 + i) % words;
            if self.occupied[w] != 0 {
                return Some(w * 64 + self.occupied[w].trailing_zeros() as usize);
            }
        }
        let low = self.occupied[w0] & !(u64::MAX << bit);
        (low != 0).then(|| w0 * 64 + low.trailing_zeros() as usize)
    }

    /// The earliest item's key and its bucket (`None`: it is in `far`).
    fn head(&self) -> Option<(Key, Option<usize>)> {
        if let Some(b) = self.first_bucket() {
            return self.wheel[b].front().map(|&k| (k, Some(b)));
        }
        self.far.peek().map(|k| (k.0, None))
    }

    /// The earliest item's time.
    pub(super) fn peek_time(&self) -> Option<Time> {
        self.head().map(|(k, _)| k.0)
    }

    /// Take the earliest item.
    pub(super) fn pop(&mut self) -> Option<(Time, Pending<P>)> {
        let ((t, _, slot), bucket) = self.head()?;
        match bucket {
            Some(b) => {
                self.wheel[b].pop_front();
                if self.wheel[b].is_empty() {
                    self.occupied[b / 64] &= !(1 << (b % 64));
                }
            }
            None => {
                self.far.pop();
            }
        }
        self.advance(t);
        let item = self.slots.get_mut(slot)?.take()?;
        self.free.push(slot);
        Some((t, item))
    }

    /// Move `cur` to `t` and bring the far items now in range into the wheel.
    fn advance(&mut self, t: Time) {
        self.cur = self.cur.max(t);
        while let Some(&Reverse(k)) = self.far.peek() {
            if !self.in_range(k.0) {
                break;
            }
            self.far.pop();
            self.put_near(k);
        }
    }

    /// Every item, in the order it will be popped: the wheel's buckets from `cur`'s on
    /// (each holds one time, in `seq` order), then `far`'s items, all later, as popping a
    /// copy of the heap gives them. (No sort: one less sort instance in every module.)
    pub(super) fn iter(&self) -> impl Iterator<Item = (Time, &Pending<P>)> {
        let start = Self::bucket(self.cur);
        let mut keys: Vec<Key> = (0..WHEEL)
            .flat_map(|i| self.wheel[(start + i) % WHEEL].iter().copied())
            .collect();
        let mut far = self.far.clone();
        while let Some(Reverse(k)) = far.pop() {
            keys.push(k);
        }
        keys.into_iter()
            .filter_map(|(t, _, slot)| Some((t, self.slots.get(slot)?.as_ref()?)))
    }

    /// The first item, in the order they will be popped, that `pred` accepts: what
    /// `iter().find(..)` gives, without gathering and sorting every key. Wheel buckets are
    /// visited from `cur`'s on (each holds one time, in `seq` order), and every item in
    /// `far` comes after every item in the wheel (far times are out of range, `cur +
    /// WHEEL` or later), so the first match in the wheel is the answer; only when there is
    /// none are the far items searched, for their smallest matching key.
    pub(super) fn find(
        &self,
        mut pred: impl FnMut(&Pending<P>) -> bool,
    ) -> Option<(Time, &Pending<P>)> {
        let item = |k: &Key| Some((k.0, self.slots.get(k.2)?.as_ref()?));
        let start = Self::bucket(self.cur);
        for i in 0..WHEEL {
            let b = (start + i) % WHEEL;
            if self.occupied[b / 64] & (1 << (b % 64)) == 0 {
                continue;
            }
            if let Some(hit) = self.wheel[b].iter().filter_map(item).find(|(_, p)| pred(p)) {
                return Some(hit);
            }
        }
        self.far
            .iter()
            .map(|k| k.0)
            .filter(|k| item(k).is_some_and(|(_, p)| pred(p)))
            .min()
            .and_then(|k| item(&k))
    }

    /// Drop every item `drop` says so of; whether any was.
    pub(super) fn remove_where(&mut self, drop: impl Fn(&Pending<P>) -> bool) -> bool {
        let mut any = false;
        for (i, slot) in self.slots.iter_mut().enumerate() {
            if slot.as_ref().is_some_and(&drop) {
                *slot = None;
                self.free.push(i);
                any = true;
            }
        }
        if any {
            let slots = &self.slots;
            for (b, items) in self.wheel.iter_mut().enumerate() {
                items.retain(|k| slots[k.2].is_some());
                if items.is_empty() {
                    self.occupied[b / 64] &= !(1 << (b % 64));
                }
            }
            self.far.retain(|k| slots[k.0 .2].is_some());
        }
        any
    }
}

#[cfg(test)]
mod tests {
    use super::{Pending, Queue, Time, WHEEL};
    use crate::raft::{Raft, Timer};

    /// `iter` lists the items in exactly the order `pop` takes them: wheel items across
    /// the wrap-around, same-time items in `seq` order, and far items after them.
    #[test]
    fn iter_gives_the_pop_order() {
        let mut q = Queue::<Raft>::new();
        let timer = |n: u64| Pending::Timer {
            node: 0,
            timer: Timer::Election,
            incarnation: 0,
            generation: n,
        };
        let mut seq = 0;
        let mut push = |q: &mut Queue<Raft>, t: Time| {
            seq += 1;
            q.push(t, seq, timer(seq));
        };
        // Move `cur` near the end of the wheel so that in-range times wrap around.
        push(&mut q, WHEEL as Time - 3);
        q.pop();
        let w = WHEEL as Time;
        for t in [
            w + 5,
            w - 2,
            3 * w,
            w + 5,
            w - 1,
            2 * w + 7,
            w - 2,
            5 * w,
            3 * w,
            w + 300,
        ] {
            push(&mut q, t);
        }
        let gen = |p: &Pending<Raft>| match p {
            Pending::Timer { generation, .. } => *generation,
            Pending::Message { .. } => 0,
        };
        let listed: Vec<(Time, u64)> = q.iter().map(|(t, p)| (t, gen(p))).collect();
        let mut popped = Vec::new();
        while let Some((t, p)) = q.pop() {
            popped.push((t, gen(&p)));
        }
        assert_eq!(popped.len(), 10);
        assert!(popped.windows(2).all(|x| x[0] <= x[1]), "{popped:?}");
        assert_eq!(listed, popped);
    }
}
