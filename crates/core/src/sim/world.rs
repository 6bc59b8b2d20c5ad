//! The [`World`]: every node, disk, link, timer and queued message of one run, and the
//! step function that moves it on. The invariants it keeps are listed in the engine's
//! module documentation ([`crate::sim`]).

use super::protocol::{chance, uniform};
use super::{
    queue, Action, Crafted, Ctx, DropReason, Event, Fixture, Input, NetConfig, NodeId, Pending,
    Protocol, Scenario, Step, Time, MAX_NODES,
};
use crate::hash::{sha256_parts, Digest};
use rand_chacha::ChaCha8Rng;
use rand_core::SeedableRng;
use std::fmt::Write as _;

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
    /// `timers[node]`: the current generation of each timer kind the node has set, in
    /// the order the kinds were first set (a few entries, searched linearly). The order is
    /// the order in which [`Input::Expire`] re-queues them, so it is part of the run.
    timers: Vec<Vec<(P::Timer, u64)>>,
    /// Partition group of each node; nodes talk only within a group.
    group: Vec<usize>,
    /// The blocked links `(from, to)` (one-way), sorted: a reader blocks a handful.
    blocked: Vec<(NodeId, NodeId)>,
    /// FIFO links: `link_last[from]` holds `(to, last delivery time)` for each link of
    /// `from` whose last delivery may still be ahead. An entry at or before `now` cannot
    /// delay a new send (that arrives at `now + 1` or later), so a sender's entries like
    /// that are dropped when it next sends: each list follows the sender's messages in
    /// flight, never nodes. (Plain vectors rather than a map keyed by link: the same
    /// speed at these sizes, and several KB less code in every protocol widget's module.)
    link_last: Vec<Vec<(NodeId, Time)>>,
    inputs: Vec<(Time, Input<P::Request>)>,
    next_input: usize,
    /// Messages handed straight to nodes (a fixture's, or [`World::deliver`]'s), sorted by
    /// time; like `inputs`, the first `next_crafted` have been applied.
    crafted: Vec<(Time, Crafted<P::Msg>)>,
    next_crafted: usize,
    actions: Vec<Action<P>>,
    /// What the properties remember across time (kept by [`Protocol::observe`]).
    pub history: P::History,
    digest: Digest,
    /// The step tracer when the digest is on ([`World::set_tracing`]); `None` by default.
    /// A function pointer that only `set_tracing` names, so a module that never turns the
    /// digest on (a widget) carries none of its code (formatting, SHA-256).
    tracer: Option<fn(&mut Self, &Step<P>)>,
    buf: String,
}

impl<P: Protocol> World<P> {
    /// A world at time 0 with every node freshly initialised, ready to run `scenario`.
    pub fn new(scenario: &Scenario<P>) -> Self {
        Self::start(scenario, &[], Vec::new())
    }

    /// A world at time 0 ready to run `fixture`: nodes with a starting disk begin as if
    /// restarting from it ([`Protocol::restart`]), the others fresh; the crafted messages
    /// wait beside the inputs (see [`Fixture`]). A plain fixture gives exactly
    /// [`World::new`]'s world.
    pub fn from_fixture(fixture: &Fixture<P>) -> Self {
        Self::start(&fixture.scenario, &fixture.disks, fixture.messages.clone())
    }

    fn start(
        scenario: &Scenario<P>,
        starting_disks: &[(NodeId, P::Persist)],
        mut crafted: Vec<(Time, Crafted<P::Msg>)>,
    ) -> Self {
        let n = scenario.nodes.clamp(1, MAX_NODES);
        let mut inputs = scenario.inputs.clone();
        by_time(&mut inputs); // stable: same-time inputs keep their order
        by_time(&mut crafted);
        crafted.retain(|(_, c)| c.from < n && c.to < n);
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
            timers: vec![Vec::new(); n],
            group: vec![0; n],
            blocked: Vec::new(),
            link_last: vec![Vec::new(); n],
            inputs,
            next_input: 0,
            crafted,
            next_crafted: 0,
            actions: Vec::new(),
            history: P::History::default(),
            digest: [0; 32],
            tracer: None,
            buf: String::new(),
        };
        // The last starting disk given for each node, if any.
        let mut starts: Vec<Option<&P::Persist>> = vec![None; n];
        for (d, p) in starting_disks {
            if let Some(s) = starts.get_mut(*d) {
                *s = Some(p);
            }
        }
        for (id, start) in starts.into_iter().enumerate() {
            let start = start.cloned();
            // As for a restart: the handler reads the starting disk, a write goes to `written`.
            let mut written = None;
            let mut ctx = Ctx {
                id,
                now: 0,
                nodes: n,
                rng: &mut w.rng,
                actions: &mut w.actions,
                disk: &mut written,
            };
            let node = match &start {
                Some(disk) => P::restart(id, n, &w.config, Some(disk), &mut ctx),
                None => P::init(id, n, &w.config, &mut ctx),
            };
            w.disks[id] = written.or(start);
            w.nodes.push(Some(node));
            w.apply_actions(id, &mut Vec::new());
        }
        for id in 0..n {
            P::observe(&mut w.history, id, w.nodes[id].as_ref(), 0);
        }
        w
    }

    /// Turn the trace digest on or off. Off by default: it costs a formatted string and a
    /// hash per step, and only a test or a bench that compares runs by their digests
    /// needs it (turn it on before the first step).
    pub fn set_tracing(&mut self, on: bool) {
        self.tracer = if on { Some(Self::trace) } else { None };
    }

    /// Chain `step` into the digest: `d' = SHA-256(d ‖ "index time event outputs")`.
    fn trace(&mut self, step: &Step<P>) {
        self.buf.clear();
        let _ = write!(
            self.buf,
            "{} {} {:?} {:?}",
            step.index, step.time, step.event, step.outputs
        );
        self.digest = sha256_parts(&[&self.digest, self.buf.as_bytes()]);
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
        from < n
            && to < n
            && self.group[from] == self.group[to]
            && self.blocked.binary_search(&(from, to)).is_err()
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

    /// How many links the world keeps state for: blocked links, and FIFO links whose
    /// last delivery time is remembered (per sender, those with a delivery ahead at its
    /// last send). Neither grows with nodes²: for tests and memory diagnostics.
    pub fn tracked_links(&self) -> (usize, usize) {
        (
            self.blocked.len(),
            self.link_last.iter().map(Vec::len).sum(),
        )
    }

    /// The current generation of `node`'s `timer`.
    fn timer_generation(&self, node: NodeId, timer: &P::Timer) -> Option<u64> {
        self.timers
            .get(node)?
            .iter()
            .find(|(t, _)| t == timer)
            .map(|(_, g)| *g)
    }

    /// Disarm `node`'s `timer` (cancelled, or it just fired): its generation moves on, so
    /// every copy still queued is stale. The counter is never reset while the node lives —
    /// restarting it at 1 would revive an old queued timer that also carried generation 1,
    /// firing it at its old, earlier time.
    fn remove_timer(&mut self, node: NodeId, timer: &P::Timer) {
        if let Some((_, g)) = self
            .timers
            .get_mut(node)
            .and_then(|ts| ts.iter_mut().find(|(t, _)| t == timer))
        {
            *g += 1;
        }
    }
    /// The inputs this world will apply (past and future), sorted by time.
    pub fn inputs(&self) -> &[(Time, Input<P::Request>)] {
        &self.inputs
    }
    /// The crafted messages this world will hand to nodes (past and future), sorted by
    /// time (see [`Fixture`]).
    pub fn crafted(&self) -> &[(Time, Crafted<P::Msg>)] {
        &self.crafted
    }
    /// The SHA-256 chain over every step so far (all zeros before the first step). Only
    /// kept while tracing is on ([`World::set_tracing`]; a debug build checks that it is).
    pub fn digest(&self) -> Digest {
        debug_assert!(self.tracer.is_some(), "digest of an untraced world");
        self.digest
    }

    /// When the next step will happen: the first queued event that is not a stale timer
    /// (those are skipped silently), or the next input. `None` when nothing is left.
    pub fn next_time(&self) -> Option<Time> {
        let next_event = self
            .queue
            .find(|p| match p {
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
        [next_event, self.next_input_time(), self.next_crafted_time()]
            .into_iter()
            .flatten()
            .min()
    }

    /// The time of the next input not yet applied.
    fn next_input_time(&self) -> Option<Time> {
        self.inputs.get(self.next_input).map(|(t, _)| *t)
    }

    /// The time of the next crafted message not yet handed over.
    fn next_crafted_time(&self) -> Option<Time> {
        self.crafted.get(self.next_crafted).map(|(t, _)| *t)
    }

    /// When node `id`'s current timer of this kind fires, if it is armed (a widget draws
    /// the election timeout running down from this).
    pub fn timer_due(&self, id: NodeId, timer: &P::Timer) -> Option<Time> {
        let current = self.timer_generation(id, timer)?;
        let inc = *self.incarnation.get(id)?;
        self.queue
            .find(|p| match p {
                Pending::Timer {
                    node,
                    timer: k,
                    incarnation,
                    generation,
                } => *node == id && k == timer && *incarnation == inc && *generation == current,
                Pending::Message { .. } => false,
            })
            .map(|(t, _)| t)
    }

    /// Add an input at time `at` (not before now: an earlier time is moved to now + 1, so
    /// that a replay of the recorded inputs reaches the very same state).
    pub fn inject(&mut self, at: Time, input: Input<P::Request>) -> Time {
        let at = at.max(self.now.saturating_add(1));
        let pos = self.inputs.partition_point(|(t, _)| *t <= at);
        self.inputs.insert(pos.max(self.next_input), (at, input));
        at
    }

    /// Hand `msg` to node `to` at time `at`, as if `from` had sent it: recorded beside the
    /// inputs, with the same rule for `at` as [`World::inject`] (see [`Fixture`] for what
    /// a crafted message does). Returns the time it will be handed over. A message naming
    /// a node out of range is ignored (not recorded).
    pub fn deliver(&mut self, at: Time, from: NodeId, to: NodeId, msg: P::Msg) -> Time {
        let at = at.max(self.now.saturating_add(1));
        if from >= self.nodes.len() || to >= self.nodes.len() {
            return at;
        }
        let pos = self.crafted.partition_point(|(t, _)| *t <= at);
        self.crafted
            .insert(pos.max(self.next_crafted), (at, Crafted { from, to, msg }));
        at
    }

    /// Forget inputs and crafted messages not yet applied (a rewind followed by a new
    /// action forks the future).
    pub fn drop_future_inputs(&mut self) {
        self.inputs.truncate(self.next_input);
        self.crafted.truncate(self.next_crafted);
    }

    pub(super) fn replace_inputs(&mut self, inputs: Vec<(Time, Input<P::Request>)>) {
        self.inputs = inputs;
    }

    pub(super) fn replace_crafted(&mut self, crafted: Vec<(Time, Crafted<P::Msg>)>) {
        self.crafted = crafted;
    }

    /// Run one event: the next input if it is due no later than the queue's head, else the
    /// queue's head. `None` when nothing is left to do.
    pub fn step(&mut self) -> Option<Step<P>> {
        let mut outputs = Vec::new();
        let event = loop {
            let next_event = self.next_event_time();
            let next_input = self.next_input_time();
            let next_crafted = self.next_crafted_time();
            // At one tick: inputs, then crafted messages, then the queue.
            let not_after = |t: Time, other: Option<Time>| other.is_none_or(|o| t <= o);
            match (next_input, next_crafted, next_event) {
                (None, None, None) => return None,
                (Some(ti), tc, te) if not_after(ti, tc) && not_after(ti, te) => {
                    let input = self.inputs[self.next_input].1.clone();
                    self.next_input += 1;
                    self.now = self.now.max(ti);
                    self.apply_input(&input, &mut outputs);
                    break Event::Input(input);
                }
                (_, Some(tc), te) if not_after(tc, te) => {
                    let crafted = self.crafted[self.next_crafted].1.clone();
                    self.next_crafted += 1;
                    self.now = self.now.max(tc);
                    if let Some(e) = self.hand_over(crafted, &mut outputs) {
                        break e;
                    }
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
        let step = Step {
            index: self.steps,
            time: self.now,
            event,
            outputs,
        };
        if let Some(trace) = self.tracer {
            trace(self, &step);
        }
        Some(step)
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
            let next = [
                self.next_event_time(),
                self.next_input_time(),
                self.next_crafted_time(),
            ]
            .into_iter()
            .flatten()
            .min();
            let Some(next) = next else { return k };
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

    /// Hand a crafted message to its receiver, bypassing the network; dropped if the
    /// receiver is down. `None` (skipped silently) if a node is out of range, which the
    /// list never holds (see [`World::deliver`]), but a step must not panic.
    fn hand_over(
        &mut self,
        crafted: Crafted<P::Msg>,
        outputs: &mut Vec<(NodeId, P::Output)>,
    ) -> Option<Event<P>> {
        let Crafted { from, to, msg } = crafted;
        if from >= self.nodes.len() || to >= self.nodes.len() {
            return None;
        }
        if self.nodes[to].is_none() {
            return Some(Event::Drop {
                from,
                to,
                msg,
                reason: DropReason::Crashed,
            });
        }
        self.with_node(to, outputs, |node, ctx| {
            node.on_message(from, msg.clone(), ctx)
        });
        Some(Event::Deliver { from, to, msg })
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
                    self.timers[*id].clear();
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
            Input::Expire(id) => {
                if *id < n && self.nodes[*id].is_some() {
                    self.expire_timers(*id);
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
                self.blocked.clear();
            }
            Input::Block { from, to } | Input::Unblock { from, to } => {
                if *from < n && *to < n {
                    let link = (*from, *to);
                    match (self.blocked.binary_search(&link), input) {
                        (Err(i), Input::Block { .. }) => self.blocked.insert(i, link),
                        (Ok(i), Input::Unblock { .. }) => {
                            self.blocked.remove(i);
                        }
                        _ => {}
                    }
                }
            }
            Input::DropInFlight { from, to } => {
                self.queue.remove_where(|p| {
                    matches!(p, Pending::Message { from: f, to: t, .. } if f == from && t == to)
                });
            }
        }
    }

    /// Re-queue every timer `id` has armed (with a live queued copy) at the next tick. The
    /// copies keep their generation, so whichever copy fires first disarms the other.
    fn expire_timers(&mut self, id: NodeId) {
        let incarnation = self.incarnation[id];
        let armed: Vec<(P::Timer, u64)> = self.timers[id]
            .iter()
            .filter(|(t, _)| self.timer_due(id, t).is_some())
            .cloned()
            .collect();
        for (timer, generation) in armed {
            self.schedule(
                self.now.saturating_add(1),
                Pending::Timer {
                    node: id,
                    timer,
                    incarnation,
                    generation,
                },
            );
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
                            let now = self.now;
                            let links = &mut self.link_last[id];
                            if copy == 0 {
                                links.retain(|(_, t)| *t > now);
                            }
                            match links.iter_mut().find(|(t, _)| *t == to) {
                                Some((_, last)) => {
                                    at = at.max(*last);
                                    *last = at;
                                }
                                None => links.push((to, at)),
                            }
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
                    let timers = &mut self.timers[id];
                    let generation = match timers.iter_mut().find(|(t, _)| *t == timer) {
                        Some((_, g)) => {
                            *g += 1;
                            *g
                        }
                        None => {
                            timers.push((timer.clone(), 1));
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

/// Sorts timed items by time, keeping the order of same-time ones (see [`crate::sort`]:
/// scenarios hold few inputs, and the standard library's stable sort costs the widgets'
/// wasm modules several KB of code per item type).
fn by_time<T>(v: &mut [(Time, T)]) {
    crate::sort::insertion_sort_by(v, |a, b| a.0.cmp(&b.0));
}
