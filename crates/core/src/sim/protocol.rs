//! The protocol side of the engine: the [`Protocol`] trait a node implements, the
//! [`Action`]s its handlers ask for, and the [`Ctx`] handle they ask through.
//!
//! A handler never acts directly: it pushes actions into its [`Ctx`], and the engine
//! applies them after the handler returns (see `World::apply_actions`). So a handler is a
//! pure function of the node's state, the event, the time and the engine's RNG draws.

use super::{NodeId, TextCodec, Time};
use rand_chacha::ChaCha8Rng;
use rand_core::RngCore;
use std::fmt::Debug;

/// A protocol the engine can run: one instance per node, driven by events.
pub trait Protocol: Clone + Debug + Sized {
    /// Messages between nodes.
    type Msg: Clone + Debug;
    /// Timer kinds; setting a timer replaces the earlier one of the same kind.
    type Timer: Clone + Debug + Ord;
    /// A client's request to one node (scenario inputs carry these).
    type Request: Clone + Debug + PartialEq + TextCodec;
    /// What the protocol writes to stable storage; all that survives a crash.
    type Persist: Clone + Debug;
    /// Things a node reports to the outside (replies to clients, role changes, ...).
    type Output: Clone + Debug;
    /// Protocol parameters (timeouts, ...), part of the scenario.
    type Config: Clone + Debug + Default + PartialEq + TextCodec;
    /// What the safety properties need to remember across time.
    type History: Clone + Debug + Default;

    /// A fresh node at time 0.
    fn init(id: NodeId, nodes: usize, config: &Self::Config, ctx: &mut Ctx<'_, Self>) -> Self;
    /// A node coming back after a crash, with whatever it last persisted.
    fn restart(
        id: NodeId,
        nodes: usize,
        config: &Self::Config,
        persisted: Option<&Self::Persist>,
        ctx: &mut Ctx<'_, Self>,
    ) -> Self;
    /// A message arrived.
    fn on_message(&mut self, from: NodeId, msg: Self::Msg, ctx: &mut Ctx<'_, Self>);
    /// A timer fired.
    fn on_timer(&mut self, timer: Self::Timer, ctx: &mut Ctx<'_, Self>);
    /// A client asked this node for something.
    fn on_client(&mut self, request: Self::Request, ctx: &mut Ctx<'_, Self>);
    /// Called after every step for the node it touched (`None` if that node is down), to
    /// update the history the properties read. The default remembers nothing.
    fn observe(_history: &mut Self::History, _id: NodeId, _node: Option<&Self>, _now: Time) {}
}

/// What a handler asks the engine to do.
#[derive(Clone, Debug, PartialEq)]
pub enum Action<P: Protocol> {
    /// Send a message to a node (through the simulated network).
    Send {
        /// Destination.
        to: NodeId,
        /// The message.
        msg: P::Msg,
    },
    /// Fire `timer` `after` ticks from now, replacing any pending timer of that kind.
    SetTimer {
        /// Which timer.
        timer: P::Timer,
        /// Delay in ticks (at least 1 is used).
        after: Time,
    },
    /// Forget a pending timer of this kind.
    CancelTimer(P::Timer),
    /// Write this state to stable storage (replacing what was there).
    Persist(P::Persist),
    /// Report something to the outside world.
    Output(P::Output),
}

/// The handle a protocol handler gets: who and when it is, randomness, and an action buffer.
pub struct Ctx<'a, P: Protocol> {
    /// The node running the handler.
    pub id: NodeId,
    /// The current time.
    pub now: Time,
    /// Cluster size.
    pub nodes: usize,
    pub(super) rng: &'a mut ChaCha8Rng,
    pub(super) actions: &'a mut Vec<Action<P>>,
    /// The node's stable storage, for [`Ctx::persist_with`].
    pub(super) disk: &'a mut Option<P::Persist>,
}

impl<P: Protocol> Ctx<'_, P> {
    /// Queue a message to `to`.
    pub fn send(&mut self, to: NodeId, msg: P::Msg) {
        self.actions.push(Action::Send { to, msg });
    }
    /// Queue `msg` to every other node, in id order.
    pub fn broadcast(&mut self, msg: P::Msg) {
        for to in (0..self.nodes).filter(|&to| to != self.id) {
            self.actions.push(Action::Send {
                to,
                msg: msg.clone(),
            });
        }
    }
    /// Arm (or re-arm) a timer.
    pub fn set_timer(&mut self, timer: P::Timer, after: Time) {
        self.actions.push(Action::SetTimer { timer, after });
    }
    /// Disarm a timer.
    pub fn cancel_timer(&mut self, timer: P::Timer) {
        self.actions.push(Action::CancelTimer(timer));
    }
    /// Write to stable storage.
    pub fn persist(&mut self, state: P::Persist) {
        self.actions.push(Action::Persist(state));
    }
    /// Update stable storage in place (same effect as [`Ctx::persist`] with the state `f`
    /// leaves there, without building a whole new one: a long log is appended to rather
    /// than copied). Nothing reads the disk while a handler runs, so writing now or when
    /// the handler's actions are applied is the same.
    pub(crate) fn persist_with(&mut self, f: impl FnOnce(&mut Option<P::Persist>)) {
        f(self.disk);
    }
    /// Report something.
    pub fn output(&mut self, out: P::Output) {
        self.actions.push(Action::Output(out));
    }
    /// A uniform random number in `lo..=hi` from the engine's seeded RNG.
    pub fn random_range(&mut self, lo: u64, hi: u64) -> u64 {
        uniform(self.rng, lo, hi)
    }
}

/// Uniform in `lo..=hi` (by rejection, so every target draws the same numbers).
#[inline]
pub(super) fn uniform(rng: &mut ChaCha8Rng, lo: u64, hi: u64) -> u64 {
    if hi <= lo {
        return lo;
    }
    let span = hi - lo + 1;
    if span == 0 {
        return rng.next_u64();
    }
    // `zone = u64::MAX - (u64::MAX % span + 1) % span`, with one division: the remainder
    // `r < span`, so `(r + 1) % span` is `r + 1` unless that equals `span`.
    let r = u64::MAX % span;
    let zone = u64::MAX - if r + 1 == span { 0 } else { r + 1 };
    loop {
        let x = rng.next_u64();
        if x <= zone {
            return lo + x % span;
        }
    }
}

/// `true` with probability `permille / 1000`.
#[inline]
pub(super) fn chance(rng: &mut ChaCha8Rng, permille: u16) -> bool {
    permille > 0 && uniform(rng, 0, 999) < u64::from(permille)
}
