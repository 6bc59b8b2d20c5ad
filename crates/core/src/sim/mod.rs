//! # A deterministic simulation engine for distributed protocols
//!
//! A cluster of nodes, a network between them and a clock — all simulated, so that a run is
//! a pure function of its [`Scenario`]: the same scenario gives the same run, step for
//! step, natively and in WebAssembly. A widget can rewind it, a URL can carry it, and a
//! test can sweep thousands of them.
//!
//! ```text
//!   Scenario { config, seed, inputs }            (what the reader did, and when)
//!          │
//!          ▼
//!   ┌──────────── World ─────────────────────────────────────────────┐
//!   │ queue: (time, seq) → Pending (timing wheel) ◀── sends, timers   │
//!   │ rng:   ChaCha8Rng (seeded)               ─▶ latency, loss, dup,  │
//!   │                                              election timeouts  │
//!   │ nodes: Vec<Option<P>>  (None = crashed)                         │
//!   │ disks: Vec<Option<P::Persist>>  (what survives a crash)         │
//!   └──────┬──────────────────────────────────────────────────────────┘
//!          │ step(): pop the earliest event (or the next input)
//!          ▼
//!   protocol handler ──▶ Ctx ──▶ actions: Send / SetTimer / CancelTimer / Persist / Output
//! ```
//!
//! ## Sans-IO protocols
//!
//! A [`Protocol`] never reads a clock, sleeps or touches a socket. Its handlers
//! ([`Protocol::on_message`], [`Protocol::on_timer`], [`Protocol::on_client`]) receive one
//! event and push what they want to happen into a [`Ctx`]. The engine alone decides when a
//! message arrives, whether it is lost, and when a timer fires.
//!
//! ## Invariants of the engine
//!
//! - **Order.** Events run in `(time, seq)` order: `seq` is a counter bumped for every
//!   event scheduled, so two events at the same tick run in the order they were created.
//!   Scenario inputs at tick `t` run before queued events at tick `t`.
//! - **One source of chance.** Every random choice draws from one `ChaCha8Rng` seeded from
//!   the scenario's seed, in the order the events run. Nothing iterates a `HashMap`.
//! - **Crashes lose everything not persisted.** A crash drops the node's state and its
//!   pending timers; a restart rebuilds it from the last [`Action::Persist`] only.
//! - **Network.** A send is lost with probability `loss`, or duplicated with probability
//!   `dup`; each copy gets a latency drawn from `[latency_min, latency_max]`. Without
//!   `reorder`, a link delivers in send order (FIFO). A message crossing a partition or a
//!   blocked link *when it arrives* is dropped, as is one reaching a crashed node.
//! - **Timers.** Setting a timer replaces the node's earlier timer of the same kind;
//!   a replaced or cancelled timer never fires.
//! - **Trace digest.** Each step is written canonically (its `Debug` form, which is the
//!   same on every target for these plain data types) and chained into a SHA-256 digest:
//!   `d' = SHA-256(d ‖ step)`. Equal digests ⇔ equal runs (up to SHA-256 collisions).
//!
//! Named safety properties ([`Property`]) are plain functions of the [`World`], checked
//! after every step by tests and shown by widgets as live badges. Properties that talk
//! about the past ("no two leaders in one term, *ever*") read [`World::history`], which the
//! protocol's [`Protocol::observe`] hook keeps up to date after every step.
//!
//! [`Timeline`] adds rewinding: checkpoints plus replay, and an input given after a rewind
//! forks the future.

mod queue;
mod scenario;
mod timeline;

pub(crate) use scenario::num as scenario_num;
pub use scenario::{Scenario, ScenarioError, TextCodec};
pub use timeline::Timeline;

use crate::hash::{sha256_parts, Digest};
use rand_chacha::ChaCha8Rng;
use rand_core::{RngCore, SeedableRng};
use std::fmt::{Debug, Write as _};

/// A node's index in the cluster, `0..nodes`.
pub type NodeId = usize;
/// Logical time, in ticks. Never wall-clock time.
pub type Time = u64;

/// The most nodes a scenario may have (node ids are written as one base-36 digit).
pub const MAX_NODES: usize = 36;

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
    rng: &'a mut ChaCha8Rng,
    actions: &'a mut Vec<Action<P>>,
    /// The node's stable storage, for [`Ctx::persist_with`].
    disk: &'a mut Option<P::Persist>,
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
fn uniform(rng: &mut ChaCha8Rng, lo: u64, hi: u64) -> u64 {
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
fn chance(rng: &mut ChaCha8Rng, permille: u16) -> bool {
    permille > 0 && uniform(rng, 0, 999) < u64::from(permille)
}

/// The simulated network's behaviour. Probabilities are in thousandths (no floats, so
/// scenarios compare and encode exactly).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NetConfig {
    /// Fewest ticks a message takes.
    pub latency_min: Time,
    /// Most ticks a message takes.
    pub latency_max: Time,
    /// Chance a send is lost, ‰.
    pub loss_permille: u16,
    /// Chance a send is delivered twice, ‰.
    pub dup_permille: u16,
    /// Whether a link may deliver out of send order.
    pub reorder: bool,
}

impl Default for NetConfig {
    fn default() -> Self {
        NetConfig {
            latency_min: 10,
            latency_max: 30,
            loss_permille: 0,
            dup_permille: 0,
            reorder: true,
        }
    }
}

/// Something the outside world does to the cluster: the scenario's inputs.
#[derive(Clone, Debug, PartialEq)]
pub enum Input<R> {
    /// A client sends `R` to a node.
    Client {
        /// The node asked.
        node: NodeId,
        /// The request.
        request: R,
    },
    /// A node crashes (loses all but its persisted state). No effect if already down.
    Crash(NodeId),
    /// A crashed node restarts from its persisted state. No effect if it is up.
    Restart(NodeId),
    /// Split the cluster: nodes talk only within their group; unlisted nodes are alone.
    Partition(Vec<Vec<NodeId>>),
    /// Remove the partition and every link block.
    Heal,
    /// Drop every message from `from` to `to` until unblocked (one direction).
    Block {
        /// Sender side.
        from: NodeId,
        /// Receiver side.
        to: NodeId,
    },
    /// Undo a [`Input::Block`].
    Unblock {
        /// Sender side.
        from: NodeId,
        /// Receiver side.
        to: NodeId,
    },
    /// Drop the messages now in flight from `from` to `to`.
    DropInFlight {
        /// Sender side.
        from: NodeId,
        /// Receiver side.
        to: NodeId,
    },
}

/// Why a message was not delivered.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DropReason {
    /// The network lost it (the `loss` chance).
    Lost,
    /// A partition or a blocked link separated the two nodes when it arrived.
    Partitioned,
    /// The receiver was down.
    Crashed,
    /// An input dropped it while in flight.
    Dropped,
}

/// One step of the run: the event the engine applied.
#[derive(Clone, Debug, PartialEq)]
pub enum Event<P: Protocol> {
    /// A message reached `to`.
    Deliver {
        /// Sender.
        from: NodeId,
        /// Receiver.
        to: NodeId,
        /// The message.
        msg: P::Msg,
    },
    /// A message did not reach `to` (lost at send time, or dropped on arrival).
    Drop {
        /// Sender.
        from: NodeId,
        /// Receiver.
        to: NodeId,
        /// The message.
        msg: P::Msg,
        /// Why.
        reason: DropReason,
    },
    /// A timer fired on `node`.
    Timer {
        /// The node.
        node: NodeId,
        /// Which timer.
        timer: P::Timer,
    },
    /// A scenario input was applied.
    Input(Input<P::Request>),
}

/// A message or a timer waiting in the queue.
#[derive(Clone, Debug)]
pub enum Pending<P: Protocol> {
    /// A message in flight.
    Message {
        /// Sender.
        from: NodeId,
        /// Receiver.
        to: NodeId,
        /// The message.
        msg: P::Msg,
        /// When it was sent.
        sent: Time,
        /// The network lost it: it will be dropped instead of delivered.
        lost: bool,
    },
    /// A timer; it fires only if still current (`generation`) for this incarnation.
    Timer {
        /// The node.
        node: NodeId,
        /// Which timer.
        timer: P::Timer,
        /// The node's incarnation when armed (bumped by every crash).
        incarnation: u64,
        /// The timer's generation when armed (bumped by every set or cancel).
        generation: u64,
    },
}

/// What one [`World::step`] did.
#[derive(Clone, Debug)]
pub struct Step<P: Protocol> {
    /// 1-based index of this step in the run.
    pub index: u64,
    /// When it happened.
    pub time: Time,
    /// The event applied.
    pub event: Event<P>,
    /// Outputs the handler reported, with the reporting node.
    pub outputs: Vec<(NodeId, P::Output)>,
}

/// A named safety property: a check of the whole world, run after every step.
pub struct Property<P: Protocol> {
    /// Its name, as the widget's badge shows it.
    pub name: &'static str,
    /// `Ok` if it holds, else a human explanation.
    pub check: fn(&World<P>) -> Result<(), String>,
}

impl<P: Protocol> Clone for Property<P> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<P: Protocol> Copy for Property<P> {}

impl<P: Protocol> Debug for Property<P> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Property")
            .field("name", &self.name)
            .finish()
    }
}

/// A property that failed, and when.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Violation {
    /// The property's name.
    pub property: &'static str,
    /// The step after which it failed.
    pub step: u64,
    /// The time of that step.
    pub time: Time,
    /// What the check said.
    pub detail: String,
}

impl std::fmt::Display for Violation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} violated after step {} (t={}): {}",
            self.property, self.step, self.time, self.detail
        )
    }
}

/// Check every property; the first failure, if any.
pub fn check_properties<P: Protocol>(
    world: &World<P>,
    properties: &[Property<P>],
) -> Result<(), Violation> {
    for p in properties {
        if let Err(detail) = (p.check)(world) {
            return Err(Violation {
                property: p.name,
                step: world.steps(),
                time: world.now(),
                detail,
            });
        }
    }
    Ok(())
}

/// The whole simulated system: nodes, disks, network, queue, clock and RNG.
#[derive(Clone, Debug)]
pub struct World<P: Protocol> {
    config: P::Config,
    net: NetConfig,
    now: Time,
    seq: u64,
    steps: u64,
    rng: ChaCha8Rng,
    /// Messages and timers in `(time, seq)` order (a timing wheel: see queue.rs).
    queue: queue::Queue<P>,
    nodes: Vec<Option<P>>,
    disks: Vec<Option<P::Persist>>,
    incarnation: Vec<u64>,
    /// Current generation per (node, timer kind); a few entries, searched linearly.
    timers: Vec<((NodeId, P::Timer), u64)>,
    /// Partition group of each node; nodes talk only within a group.
    group: Vec<usize>,
    /// `blocked[from * n + to]`: a one-way link block.
    blocked: Vec<bool>,
    /// Last delivery time per link, for FIFO links.
    link_last: Vec<Time>,
    inputs: Vec<(Time, Input<P::Request>)>,
    next_input: usize,
    actions: Vec<Action<P>>,
    /// What the properties remember across time (kept by [`Protocol::observe`]).
    pub history: P::History,
    digest: Digest,
    tracing: bool,
    buf: String,
}

impl<P: Protocol> World<P> {
    /// A world at time 0 with every node freshly initialised, ready to run `scenario`.
    pub fn new(scenario: &Scenario<P>) -> Self {
        let n = scenario.nodes.clamp(1, MAX_NODES);
        let mut inputs = scenario.inputs.clone();
        inputs.sort_by_key(|(t, _)| *t); // stable: same-time inputs keep their order
        let mut w = World {
            config: scenario.config.clone(),
            net: scenario.net.clone(),
            now: 0,
            seq: 0,
            steps: 0,
            rng: ChaCha8Rng::seed_from_u64(scenario.seed),
            queue: queue::Queue::new(),
            nodes: Vec::with_capacity(n),
            disks: vec![None; n],
            incarnation: vec![0; n],
            timers: Vec::new(),
            group: vec![0; n],
            blocked: vec![false; n * n],
            link_last: vec![0; n * n],
            inputs,
            next_input: 0,
            actions: Vec::new(),
            history: P::History::default(),
            digest: [0; 32],
            tracing: true,
            buf: String::new(),
        };
        for id in 0..n {
            let mut ctx = Ctx {
                id,
                now: 0,
                nodes: n,
                rng: &mut w.rng,
                actions: &mut w.actions,
                disk: &mut w.disks[id],
            };
            let node = P::init(id, n, &w.config, &mut ctx);
            w.nodes.push(Some(node));
            w.apply_actions(id, &mut Vec::new());
        }
        for id in 0..n {
            P::observe(&mut w.history, id, w.nodes[id].as_ref(), 0);
        }
        w
    }

    /// Turn the trace digest off (it costs a formatted string and a hash per step; the
    /// seed sweep does not need it). On by default.
    pub fn set_tracing(&mut self, on: bool) {
        self.tracing = on;
    }

    /// The current logical time.
    pub fn now(&self) -> Time {
        self.now
    }
    /// How many steps have run.
    pub fn steps(&self) -> u64 {
        self.steps
    }
    /// Number of nodes.
    pub fn len(&self) -> usize {
        self.nodes.len()
    }
    /// Never true: a world has at least one node.
    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
    }
    /// The protocol configuration.
    pub fn config(&self) -> &P::Config {
        &self.config
    }
    /// The network configuration.
    pub fn net(&self) -> &NetConfig {
        &self.net
    }
    /// Node `id`'s state, or `None` if it is down (or out of range).
    pub fn node(&self, id: NodeId) -> Option<&P> {
        self.nodes.get(id).and_then(Option::as_ref)
    }
    /// Every node, `None` where crashed.
    pub fn nodes(&self) -> &[Option<P>] {
        &self.nodes
    }
    /// What node `id` last persisted.
    pub fn disk(&self, id: NodeId) -> Option<&P::Persist> {
        self.disks.get(id).and_then(Option::as_ref)
    }
    /// Whether `from` can currently reach `to` (same partition group, link not blocked).
    pub fn connected(&self, from: NodeId, to: NodeId) -> bool {
        let n = self.nodes.len();
        from < n && to < n && self.group[from] == self.group[to] && !self.blocked[from * n + to]
    }
    /// The partition group of each node.
    pub fn groups(&self) -> &[usize] {
        &self.group
    }
    /// Everything waiting in the queue, in the order it will run, with its time.
    pub fn pending(&self) -> impl Iterator<Item = (Time, &Pending<P>)> {
        self.queue.iter()
    }

    /// The time of the queue's head.
    fn next_event_time(&self) -> Option<Time> {
        self.queue.peek_time()
    }

    /// Take the queue's head.
    fn pop_event(&mut self) -> Option<(Time, Pending<P>)> {
        self.queue.pop()
    }

    /// The current generation of `node`'s `timer`.
    fn timer_generation(&self, node: NodeId, timer: &P::Timer) -> Option<u64> {
        self.timers
            .iter()
            .find(|((n, t), _)| *n == node && t == timer)
            .map(|(_, g)| *g)
    }

    /// Disarm `node`'s `timer` (cancelled, or it just fired): its generation moves on, so
    /// every copy still queued is stale. The counter is never reset while the node lives —
    /// restarting it at 1 would revive an old queued timer that also carried generation 1,
    /// firing it at its old, earlier time.
    fn remove_timer(&mut self, node: NodeId, timer: &P::Timer) {
        if let Some((_, g)) = self
            .timers
            .iter_mut()
            .find(|((n, t), _)| *n == node && t == timer)
        {
            *g += 1;
        }
    }
    /// The inputs this world will apply (past and future), sorted by time.
    pub fn inputs(&self) -> &[(Time, Input<P::Request>)] {
        &self.inputs
    }
    /// The SHA-256 chain over every step so far (all zeros before the first step).
    pub fn digest(&self) -> Digest {
        self.digest
    }

    /// When the next step will happen: the first queued event that is not a stale timer
    /// (those are skipped silently), or the next input. `None` when nothing is left.
    pub fn next_time(&self) -> Option<Time> {
        let next_event = self
            .queue
            .iter()
            .find(|(_, p)| match p {
                Pending::Message { .. } => true,
                Pending::Timer {
                    node,
                    timer,
                    incarnation,
                    generation,
                } => {
                    self.timer_generation(*node, timer) == Some(*generation)
                        && self.incarnation[*node] == *incarnation
                        && self.nodes[*node].is_some()
                }
            })
            .map(|(t, _)| t);
        let next_input = self.inputs.get(self.next_input).map(|(t, _)| *t);
        match (next_event, next_input) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    /// When node `id`'s current timer of this kind fires, if it is armed (a widget draws
    /// the election timeout running down from this).
    pub fn timer_due(&self, id: NodeId, timer: &P::Timer) -> Option<Time> {
        let current = self.timer_generation(id, timer)?;
        let inc = *self.incarnation.get(id)?;
        self.queue.iter().find_map(|(t, p)| match p {
            Pending::Timer {
                node,
                timer: k,
                incarnation,
                generation,
            } if *node == id && k == timer && *incarnation == inc && *generation == current => {
                Some(t)
            }
            _ => None,
        })
    }

    /// Add an input at time `at` (not before now: an earlier time is moved to now + 1, so
    /// that a replay of the recorded inputs reaches the very same state).
    pub fn inject(&mut self, at: Time, input: Input<P::Request>) -> Time {
        let at = at.max(self.now.saturating_add(1));
        let pos = self.inputs.partition_point(|(t, _)| *t <= at);
        self.inputs.insert(pos.max(self.next_input), (at, input));
        at
    }

    /// Forget inputs not yet applied (a rewind followed by a new action forks the future).
    pub fn drop_future_inputs(&mut self) {
        self.inputs.truncate(self.next_input);
    }

    fn replace_inputs(&mut self, inputs: Vec<(Time, Input<P::Request>)>) {
        self.inputs = inputs;
    }

    /// Run one event: the next input if it is due no later than the queue's head, else the
    /// queue's head. `None` when nothing is left to do.
    pub fn step(&mut self) -> Option<Step<P>> {
        let mut outputs = Vec::new();
        let event = loop {
            let next_event = self.next_event_time();
            let next_input = self.inputs.get(self.next_input).map(|(t, _)| *t);
            match (next_input, next_event) {
                (None, None) => return None,
                (Some(ti), te) if te.is_none_or(|te| ti <= te) => {
                    let input = self.inputs[self.next_input].1.clone();
                    self.next_input += 1;
                    self.now = self.now.max(ti);
                    self.apply_input(&input, &mut outputs);
                    break Event::Input(input);
                }
                _ => {
                    let (t, pending) = self.pop_event()?;
                    self.now = self.now.max(t);
                    if let Some(e) = self.run_pending(pending, &mut outputs) {
                        break e;
                    }
                }
            }
        };
        self.steps += 1;
        self.observe_after(&event);
        if self.tracing {
            self.buf.clear();
            let _ = write!(
                self.buf,
                "{} {} {:?} {:?}",
                self.steps, self.now, event, outputs
            );
            self.digest = sha256_parts(&[&self.digest, self.buf.as_bytes()]);
        }
        Some(Step {
            index: self.steps,
            time: self.now,
            event,
            outputs,
        })
    }

    /// Run up to `max` steps; how many ran.
    pub fn run(&mut self, max: u64) -> u64 {
        let mut k = 0;
        while k < max && self.step().is_some() {
            k += 1;
        }
        k
    }

    /// Run until time passes `until` (or nothing is left); how many steps ran.
    pub fn run_until(&mut self, until: Time) -> u64 {
        let mut k = 0;
        loop {
            let next_event = self.next_event_time();
            let next_input = self.inputs.get(self.next_input).map(|(t, _)| *t);
            let next = match (next_event, next_input) {
                (Some(a), Some(b)) => a.min(b),
                (Some(a), None) | (None, Some(a)) => a,
                (None, None) => return k,
            };
            if next > until || self.step().is_none() {
                return k;
            }
            k += 1;
        }
    }

    fn observe_after(&mut self, event: &Event<P>) {
        let touched = match event {
            Event::Deliver { to, .. } => Some(*to),
            Event::Timer { node, .. } => Some(*node),
            Event::Input(
                Input::Client { node, .. } | Input::Crash(node) | Input::Restart(node),
            ) => Some(*node),
            _ => None,
        };
        if let Some(id) = touched {
            P::observe(&mut self.history, id, self.nodes[id].as_ref(), self.now);
        }
    }

    /// Run a queued item; `None` if it was a stale timer (skipped silently).
    fn run_pending(
        &mut self,
        pending: Pending<P>,
        outputs: &mut Vec<(NodeId, P::Output)>,
    ) -> Option<Event<P>> {
        match pending {
            Pending::Message {
                from,
                to,
                msg,
                lost,
                ..
            } => {
                let reason = if lost {
                    Some(DropReason::Lost)
                } else if !self.connected(from, to) {
                    Some(DropReason::Partitioned)
                } else if self.nodes[to].is_none() {
                    Some(DropReason::Crashed)
                } else {
                    None
                };
                if let Some(reason) = reason {
                    return Some(Event::Drop {
                        from,
                        to,
                        msg,
                        reason,
                    });
                }
                self.with_node(to, outputs, |node, ctx| {
                    node.on_message(from, msg.clone(), ctx)
                });
                Some(Event::Deliver { from, to, msg })
            }
            Pending::Timer {
                node,
                timer,
                incarnation,
                generation,
            } => {
                let current = self.timer_generation(node, &timer) == Some(generation);
                if !current || self.incarnation[node] != incarnation || self.nodes[node].is_none() {
                    return None;
                }
                self.remove_timer(node, &timer);
                self.with_node(node, outputs, |n, ctx| n.on_timer(timer.clone(), ctx));
                Some(Event::Timer { node, timer })
            }
        }
    }

    fn with_node(
        &mut self,
        id: NodeId,
        outputs: &mut Vec<(NodeId, P::Output)>,
        f: impl FnOnce(&mut P, &mut Ctx<'_, P>),
    ) {
        let n = self.nodes.len();
        if let Some(node) = self.nodes[id].as_mut() {
            let mut ctx = Ctx {
                id,
                now: self.now,
                nodes: n,
                rng: &mut self.rng,
                actions: &mut self.actions,
                disk: &mut self.disks[id],
            };
            f(node, &mut ctx);
        }
        self.apply_actions(id, outputs);
    }

    fn apply_input(&mut self, input: &Input<P::Request>, outputs: &mut Vec<(NodeId, P::Output)>) {
        let n = self.nodes.len();
        match input {
            Input::Client { node, request } => {
                if *node < n {
                    self.with_node(*node, outputs, |p, ctx| p.on_client(request.clone(), ctx));
                }
            }
            Input::Crash(id) => {
                if *id < n && self.nodes[*id].is_some() {
                    self.nodes[*id] = None;
                    self.incarnation[*id] += 1;
                    let id = *id;
                    self.timers.retain(|((node, _), _)| *node != id);
                }
            }
            Input::Restart(id) => {
                if *id < n && self.nodes[*id].is_none() {
                    let id = *id;
                    // The handler reads the old disk; an in-place write goes to `written`.
                    let disk = self.disks[id].take();
                    let mut written = None;
                    let mut ctx = Ctx {
                        id,
                        now: self.now,
                        nodes: n,
                        rng: &mut self.rng,
                        actions: &mut self.actions,
                        disk: &mut written,
                    };
                    let node = P::restart(id, n, &self.config, disk.as_ref(), &mut ctx);
                    self.disks[id] = written.or(disk);
                    self.nodes[id] = Some(node);
                    self.apply_actions(id, outputs);
                }
            }
            Input::Partition(groups) => {
                // Listed groups get ids 0..; every unlisted node is alone in its own group.
                for (i, g) in self.group.iter_mut().enumerate() {
                    *g = groups.len() + i;
                }
                for (gi, members) in groups.iter().enumerate() {
                    for &m in members {
                        if m < n {
                            self.group[m] = gi;
                        }
                    }
                }
            }
            Input::Heal => {
                self.group.iter_mut().for_each(|g| *g = 0);
                self.blocked.iter_mut().for_each(|b| *b = false);
            }
            Input::Block { from, to } | Input::Unblock { from, to } => {
                if *from < n && *to < n {
                    self.blocked[from * n + to] = matches!(input, Input::Block { .. });
                }
            }
            Input::DropInFlight { from, to } => {
                self.queue.remove_where(|p| {
                    matches!(p, Pending::Message { from: f, to: t, .. } if f == from && t == to)
                });
            }
        }
    }

    fn schedule(&mut self, at: Time, pending: Pending<P>) {
        self.seq += 1;
        self.queue.push(at, self.seq, pending);
    }

    /// Turn the handler's actions into queued events, storage writes and outputs.
    fn apply_actions(&mut self, id: NodeId, outputs: &mut Vec<(NodeId, P::Output)>) {
        let n = self.nodes.len();
        let mut actions = std::mem::take(&mut self.actions);
        for action in actions.drain(..) {
            match action {
                Action::Send { to, msg } => {
                    if to >= n {
                        continue;
                    }
                    // A lost message still travels in the queue, to be shown as dropped at
                    // the moment it would have arrived.
                    let lost = chance(&mut self.rng, self.net.loss_permille);
                    let dup = !lost && chance(&mut self.rng, self.net.dup_permille);
                    let copies = if dup { 2 } else { 1 };
                    let mut msg = Some(msg);
                    for copy in 0..copies {
                        // The last copy takes the message itself.
                        let msg = if copy + 1 == copies {
                            msg.take()
                        } else {
                            msg.clone()
                        };
                        let Some(msg) = msg else { break };
                        let lat =
                            uniform(&mut self.rng, self.net.latency_min, self.net.latency_max)
                                .max(1);
                        let mut at = self.now.saturating_add(lat);
                        if !self.net.reorder {
                            let last = &mut self.link_last[id * n + to];
                            at = at.max(*last);
                            *last = at;
                        }
                        self.schedule(
                            at,
                            Pending::Message {
                                from: id,
                                to,
                                msg,
                                sent: self.now,
                                lost,
                            },
                        );
                    }
                }
                Action::SetTimer { timer, after } => {
                    // Generations only grow (see remove_timer); a crash clears the node's entries,
                    // and its new incarnation makes the old queued timers stale.
                    let generation = match self
                        .timers
                        .iter_mut()
                        .find(|((n, t), _)| *n == id && *t == timer)
                    {
                        Some((_, g)) => {
                            *g += 1;
                            *g
                        }
                        None => {
                            self.timers.push(((id, timer.clone()), 1));
                            1
                        }
                    };
                    let incarnation = self.incarnation[id];
                    self.schedule(
                        self.now.saturating_add(after.max(1)),
                        Pending::Timer {
                            node: id,
                            timer,
                            incarnation,
                            generation,
                        },
                    );
                }
                Action::CancelTimer(timer) => self.remove_timer(id, &timer),
                Action::Persist(state) => self.disks[id] = Some(state),
                Action::Output(out) => outputs.push((id, out)),
            }
        }
        self.actions = actions;
    }
}
