//! # A gossip run on the engine, round by round
//!
//! [`GossipRun`] wraps a [`World`] of [`Gossip`] nodes and advances it one gossip round at
//! a time, recording what each round did: how many messages went out, how many were lost
//! or sent to a dead node, who learnt the rumour, and (for small clusters) every message,
//! so a widget can draw the round.
//!
//! Time: every node's round timer fires at `r·T` (r = 1, 2, …); a round's messages arrive
//! within the latency, which is kept below `T`, so "after round r" is the state at
//! `(r + 1)·T − 1`. Round 0 is the start: the origin knows, nobody else does.

use super::node::{Gossip, GossipConfig, Msg, Output, Rumour};
use super::rounds::{dead_nodes, Spread};
use crate::sim::{Event, Input, NetConfig, NodeId, Scenario, Time, World};

/// Most nodes for which every message of a round is kept (to draw it).
pub const EDGE_CAP: usize = 64;

/// One message of a round, for drawing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Edge {
    /// Sender.
    pub from: NodeId,
    /// Receiver.
    pub to: NodeId,
    /// Whether it carried the rumour.
    pub rumour: bool,
    /// Whether it was an answer (pull or push-pull).
    pub reply: bool,
    /// Whether it arrived (not lost, receiver up).
    pub delivered: bool,
    /// Whether its receiver learnt the rumour from it.
    pub informed: bool,
}

/// What one round did.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RoundLog {
    /// The round (1, 2, …).
    pub round: u32,
    /// Messages that arrived.
    pub delivered: u32,
    /// Messages lost by the network.
    pub lost: u32,
    /// Messages to a node that was down.
    pub to_dead: u32,
    /// Nodes that learnt the rumour this round, in the order they learnt it.
    pub newly: Vec<NodeId>,
    /// Live informed nodes after the round.
    pub informed: u32,
    /// Every message, for clusters up to [`EDGE_CAP`] nodes.
    pub edges: Vec<Edge>,
    /// Suspicions raised this round: (observer, suspected peer).
    pub suspicions: Vec<(NodeId, NodeId)>,
}

/// A gossip run on the engine.
#[derive(Clone, Debug)]
pub struct GossipRun {
    world: World<Gossip>,
    interval: Time,
    round: u32,
    curve: Vec<u32>,
    log: Vec<RoundLog>,
}

impl GossipRun {
    /// A run of setting `s` with `seed`: the rumour starts at node 0 at time 0, the
    /// [`dead_nodes`] of the seed are down from the start. Latency is drawn from
    /// `latency` (clamped below the interval), loss from `s.loss_permille`.
    pub fn new(s: &Spread, config: GossipConfig, latency: (Time, Time), seed: u64) -> Self {
        let n = s.nodes.max(1);
        let interval = config.interval.max(2);
        let hi = latency.1.clamp(1, interval - 1);
        let lo = latency.0.clamp(1, hi);
        let mut inputs = vec![(
            0,
            Input::Client {
                node: Spread::ORIGIN,
                request: Rumour,
            },
        )];
        for (i, down) in dead_nodes(n, s.dead, seed).into_iter().enumerate() {
            if down {
                inputs.push((0, Input::Crash(i)));
            }
        }
        let scenario = Scenario {
            nodes: n,
            net: NetConfig {
                latency_min: lo,
                latency_max: hi,
                loss_permille: s.loss_permille.min(1000),
                dup_permille: 0,
                reorder: true,
            },
            config: GossipConfig {
                fanout: s.fanout,
                mode: s.mode,
                interval,
                ..config
            },
            seed,
            inputs,
        };
        let world = World::new(&scenario);
        let mut run = GossipRun {
            world,
            interval,
            round: 0,
            curve: Vec::new(),
            log: Vec::new(),
        };
        run.advance_to(interval - 1, &mut RoundLog::default());
        let c = run.live_informed();
        run.curve.push(c);
        run
    }

    /// The world as it stands.
    pub fn world(&self) -> &World<Gossip> {
        &self.world
    }
    /// Rounds run so far.
    pub fn round(&self) -> u32 {
        self.round
    }
    /// Informed live nodes after each round so far (`curve()[0]` is the start).
    pub fn curve(&self) -> &[u32] {
        &self.curve
    }
    /// What each round did (`log()[r - 1]` is round `r`).
    pub fn log(&self) -> &[RoundLog] {
        &self.log
    }
    /// Ticks per round.
    pub fn interval(&self) -> Time {
        self.interval
    }

    /// Nodes up now.
    pub fn live(&self) -> u32 {
        self.world.nodes().iter().filter(|n| n.is_some()).count() as u32
    }
    /// Nodes up now that know the rumour.
    pub fn live_informed(&self) -> u32 {
        self.world
            .nodes()
            .iter()
            .flatten()
            .filter(|n| n.informed())
            .count() as u32
    }
    /// Whether every node up knows the rumour.
    pub fn done(&self) -> bool {
        self.live_informed() == self.live()
    }

    /// Crash `node` now.
    pub fn kill(&mut self, node: NodeId) {
        self.act(Input::Crash(node));
    }
    /// Restart `node` now: it comes back knowing nothing.
    pub fn restart(&mut self, node: NodeId) {
        self.act(Input::Restart(node));
    }

    /// Apply `input` at once. The engine places it at the next tick; everything up to
    /// the round's end has run, so the next step is this input (inputs run before queued
    /// events of the same tick), and nothing else runs with it.
    fn act(&mut self, input: Input<Rumour>) {
        let now = self.world.now();
        self.world.inject(now, input);
        self.world.step();
    }

    /// Run one round and return what it did.
    pub fn next_round(&mut self) -> &RoundLog {
        self.round += 1;
        let mut log = RoundLog {
            round: self.round,
            ..Default::default()
        };
        let end = (Time::from(self.round) + 1) * self.interval - 1;
        self.advance_to(end, &mut log);
        log.informed = self.live_informed();
        self.curve.push(log.informed);
        self.log.push(log);
        self.log.last().expect("just pushed")
    }

    fn advance_to(&mut self, end: Time, log: &mut RoundLog) {
        let keep_edges = self.world.len() <= EDGE_CAP;
        while self.world.next_time().is_some_and(|t| t <= end) {
            let Some(step) = self.world.step() else { break };
            let mut learnt = false;
            for (node, out) in &step.outputs {
                match out {
                    Output::Informed => {
                        learnt = true;
                        log.newly.push(*node);
                    }
                    Output::Suspect { peer, .. } => log.suspicions.push((*node, *peer)),
                    Output::Trust { .. } => {}
                }
            }
            let (from, to, msg, delivered) = match &step.event {
                Event::Deliver { from, to, msg } => (*from, *to, msg, true),
                Event::Drop {
                    from,
                    to,
                    msg,
                    reason,
                } => {
                    if *reason == crate::sim::DropReason::Lost {
                        log.lost += 1;
                    } else {
                        log.to_dead += 1;
                    }
                    (*from, *to, msg, false)
                }
                _ => continue,
            };
            if delivered {
                log.delivered += 1;
            }
            if keep_edges {
                log.edges.push(Edge {
                    from,
                    to,
                    rumour: msg.carries_rumour(),
                    reply: matches!(msg, Msg::Reply { .. }),
                    delivered,
                    informed: learnt,
                });
            }
        }
    }
}
