//! One gossip node on the engine: rumour spreading in push, pull or push-pull, and (for
//! small clusters) heartbeat gossip with a phi-accrual detector per peer.

use super::phi::{ArrivalWindow, PhiModel};
use crate::sim::{scenario_num, Ctx, NodeId, Protocol, ScenarioError, TextCodec, Time};

/// Who starts the exchange and which way the rumour flows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Mode {
    /// Informed nodes send what they know to `fanout` random peers each round.
    #[default]
    Push,
    /// Every node asks `fanout` random peers each round; informed peers answer.
    Pull,
    /// Every node sends what it knows to `fanout` random peers and each peer answers with
    /// what it knows: both directions in one exchange.
    PushPull,
}

impl Mode {
    /// All modes, in menu order.
    pub const ALL: [Mode; 3] = [Mode::Push, Mode::Pull, Mode::PushPull];

    /// Its name as a reader sees it.
    pub fn name(self) -> &'static str {
        match self {
            Mode::Push => "push",
            Mode::Pull => "pull",
            Mode::PushPull => "push-pull",
        }
    }

    fn code(self) -> char {
        match self {
            Mode::Push => 'p',
            Mode::Pull => 'l',
            Mode::PushPull => 'b',
        }
    }
}

/// Gossip settings (part of the scenario).
#[derive(Clone, Debug, PartialEq)]
pub struct GossipConfig {
    /// Push, pull or push-pull.
    pub mode: Mode,
    /// Peers contacted per round, `k` (1..=8).
    pub fanout: usize,
    /// Ticks between rounds (the post's T; a tick is a millisecond, so 1,000 is 1 s).
    pub interval: Time,
    /// Whether nodes also gossip heartbeat counters and run a phi-accrual detector per
    /// peer. Costs O(n) per message and O(n²) state: meant for clusters up to ~64 nodes.
    pub membership: bool,
    /// How φ is computed (Akka's normal or Cassandra's exponential).
    pub phi_model: PhiModel,
    /// φ at or above which a peer is suspected (Akka and Cassandra: 8).
    pub threshold: f64,
}

impl Default for GossipConfig {
    fn default() -> Self {
        GossipConfig {
            mode: Mode::Push,
            fanout: 3,
            interval: 1000,
            membership: false,
            phi_model: PhiModel::Exponential,
            threshold: 8.0,
        }
    }
}

impl GossipConfig {
    /// The window of intervals each detector keeps (Akka and Cassandra keep 1,000; a
    /// teaching cluster runs for minutes, so 100 is plenty and keeps state small).
    pub const WINDOW: usize = 100;
}

impl TextCodec for GossipConfig {
    /// `p3-1000-0-e-80`: mode (p/l/b), fanout, interval, membership (0/1), φ model
    /// (`e` exponential, or `n<min sd>_<pause>` normal), threshold × 10.
    fn encode(&self, out: &mut String) {
        out.push(self.mode.code());
        out.push_str(&format!(
            "{}-{}-{}-",
            self.fanout,
            self.interval,
            u8::from(self.membership)
        ));
        match self.phi_model {
            PhiModel::Exponential => out.push('e'),
            PhiModel::Normal {
                min_std_dev,
                acceptable_pause,
            } => out.push_str(&format!(
                "n{}_{}",
                min_std_dev.round() as u64,
                acceptable_pause.round() as u64
            )),
        }
        out.push_str(&format!("-{}", (self.threshold * 10.0).round() as u64));
    }

    fn decode(s: &str) -> Result<Self, ScenarioError> {
        let bad = || ScenarioError(format!("bad gossip config {s:?}"));
        let mut chars = s.chars();
        let mode = match chars.next() {
            Some('p') => Mode::Push,
            Some('l') => Mode::Pull,
            Some('b') => Mode::PushPull,
            _ => return Err(bad()),
        };
        let parts: Vec<&str> = chars.as_str().split('-').collect();
        let [fanout, interval, membership, model, threshold] = parts[..] else {
            return Err(bad());
        };
        let fanout: usize = scenario_num(fanout)?;
        let interval: Time = scenario_num(interval)?;
        let membership = match membership {
            "0" => false,
            "1" => true,
            _ => return Err(bad()),
        };
        let phi_model = if model == "e" {
            PhiModel::Exponential
        } else {
            let (sd, pause) = model
                .strip_prefix('n')
                .and_then(|m| m.split_once('_'))
                .ok_or_else(bad)?;
            PhiModel::Normal {
                min_std_dev: scenario_num::<u32>(sd)? as f64,
                acceptable_pause: scenario_num::<u32>(pause)? as f64,
            }
        };
        let threshold = scenario_num::<u16>(threshold)? as f64 / 10.0;
        if !(1..=8).contains(&fanout) || !(1..=1 << 24).contains(&interval) || threshold <= 0.0 {
            return Err(bad());
        }
        Ok(GossipConfig {
            mode,
            fanout,
            interval,
            membership,
            phi_model,
            threshold,
        })
    }
}

/// The one client request: "start a rumour here".
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rumour;

impl TextCodec for Rumour {
    /// `r`.
    fn encode(&self, out: &mut String) {
        out.push('r');
    }
    fn decode(s: &str) -> Result<Self, ScenarioError> {
        if s == "r" {
            Ok(Rumour)
        } else {
            Err(ScenarioError(format!("bad gossip request {s:?}")))
        }
    }
}

/// What nodes send each other.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Msg {
    /// The sender's state; in push-pull the receiver answers with a [`Msg::Reply`].
    Push {
        /// Whether the sender knows the rumour.
        rumour: bool,
        /// The sender's heartbeat table (empty without membership).
        heartbeats: Vec<Heartbeat>,
        /// Whether an answer is wanted (push-pull).
        reply: bool,
    },
    /// "What do you know?" (pull).
    Pull {
        /// The sender's heartbeat table (empty without membership).
        heartbeats: Vec<Heartbeat>,
    },
    /// The answer to a pull or a push-pull.
    Reply {
        /// Whether the sender knows the rumour.
        rumour: bool,
        /// The sender's heartbeat table (empty without membership).
        heartbeats: Vec<Heartbeat>,
    },
}

impl Msg {
    /// Whether this message carries the rumour.
    pub fn carries_rumour(&self) -> bool {
        matches!(
            self,
            Msg::Push { rumour: true, .. } | Msg::Reply { rumour: true, .. }
        )
    }
}

/// A node's heartbeat as its peers see it: `(generation, version)`, compared in that
/// order, as Cassandra's gossip does. The version counts the node's rounds; the
/// generation counts its starts (kept on disk), so a restarted node, whose version starts
/// again from 1, is still newer than anything its peers remember of its last life.
pub type Heartbeat = (u64, u64);

/// The one timer: the next gossip round.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Round;

/// What a node reports.
#[derive(Clone, Debug, PartialEq)]
pub enum Output {
    /// This node just learnt the rumour.
    Informed,
    /// This node's φ for `peer` reached the threshold. (No φ value here: outputs go
    /// into the trace digest by their `Debug` form, and a float there would cost every
    /// page the float-printing code; read φ from the node.)
    Suspect {
        /// The suspected peer.
        peer: NodeId,
    },
    /// This node heard from a peer it suspected (φ fell under the threshold).
    Trust {
        /// The peer heard from again.
        peer: NodeId,
    },
}

/// One gossip node.
#[derive(Clone, Debug)]
pub struct Gossip {
    id: NodeId,
    /// The settings it runs with (a copy of the scenario's).
    config: GossipConfig,
    /// When this node learnt the rumour (`None`: not yet).
    informed_at: Option<Time>,
    /// Whether it knew the rumour when its current round began: what its answers carry.
    knew_at_round: bool,
    /// How many times this node has started (1 for the first life).
    generation: u64,
    /// Rounds this node has run in this life (its own heartbeat version).
    rounds: u64,
    /// Newest heartbeat known per node (empty without membership).
    heartbeats: Vec<Heartbeat>,
    /// When each peer's counter last went up, and the intervals between (empty without
    /// membership).
    windows: Vec<ArrivalWindow>,
    /// Peers this node currently suspects.
    suspected: Vec<bool>,
}

impl Gossip {
    /// This node's id.
    pub fn id(&self) -> NodeId {
        self.id
    }
    /// Whether this node knows the rumour.
    pub fn informed(&self) -> bool {
        self.informed_at.is_some()
    }
    /// When it learnt it.
    pub fn informed_at(&self) -> Option<Time> {
        self.informed_at
    }
    /// Its heartbeat table (empty without membership).
    pub fn heartbeats(&self) -> &[Heartbeat] {
        &self.heartbeats
    }
    /// Its arrival window for `peer`, with membership.
    pub fn window(&self, peer: NodeId) -> Option<&ArrivalWindow> {
        self.windows.get(peer)
    }
    /// Its φ for `peer` at `now` (0 without membership or for itself).
    pub fn phi(&self, peer: NodeId, now: Time, model: PhiModel) -> f64 {
        if peer == self.id {
            return 0.0;
        }
        self.windows.get(peer).map_or(0.0, |w| w.phi(now, model))
    }
    /// Whether it suspects `peer`.
    pub fn suspects(&self, peer: NodeId) -> bool {
        self.suspected.get(peer).copied().unwrap_or(false)
    }

    fn fresh(
        id: NodeId,
        nodes: usize,
        config: &GossipConfig,
        generation: u64,
        ctx: &mut Ctx<'_, Self>,
    ) -> Self {
        let m = if config.membership { nodes } else { 0 };
        ctx.set_timer(Round, config.interval);
        ctx.persist(generation);
        Gossip {
            id,
            config: config.clone(),
            informed_at: None,
            knew_at_round: false,
            generation,
            rounds: 0,
            heartbeats: vec![(0, 0); m],
            // Seeded as Cassandra seeds a new peer: one interval of twice the period, so
            // nobody is suspected before anything is known; every member is known from
            // the start (the membership list), so one that never speaks is suspected too.
            windows: vec![
                ArrivalWindow::seeded(GossipConfig::WINDOW, 2 * config.interval, ctx.now);
                m
            ],
            suspected: vec![false; m],
        }
    }

    fn learn(&mut self, ctx: &mut Ctx<'_, Self>) {
        if self.informed_at.is_none() {
            self.informed_at = Some(ctx.now);
            ctx.output(Output::Informed);
        }
    }

    /// Take the newer heartbeat for every node; one that is newer than what this node
    /// knew is a heartbeat arriving from that node, however many hops it travelled.
    fn merge(&mut self, theirs: &[Heartbeat], ctx: &mut Ctx<'_, Self>) {
        let now = ctx.now;
        for (peer, (&t, mine)) in theirs.iter().zip(self.heartbeats.iter_mut()).enumerate() {
            if t > *mine && peer != self.id {
                *mine = t;
                if let Some(w) = self.windows.get_mut(peer) {
                    w.heartbeat(now, None);
                }
                if let Some(s) = self.suspected.get_mut(peer) {
                    if std::mem::replace(s, false) {
                        ctx.output(Output::Trust { peer });
                    }
                }
            }
        }
    }

    /// `fanout` distinct random peers, never itself.
    fn pick_peers(&self, fanout: usize, ctx: &mut Ctx<'_, Self>) -> Vec<NodeId> {
        let others = ctx.nodes.saturating_sub(1);
        let k = fanout.min(others);
        let mut peers = Vec::with_capacity(k);
        while peers.len() < k {
            let r = ctx.random_range(0, others as u64 - 1) as NodeId;
            let p = if r >= self.id { r + 1 } else { r };
            if !peers.contains(&p) {
                peers.push(p);
            }
        }
        peers
    }
}

impl Protocol for Gossip {
    type Msg = Msg;
    type Timer = Round;
    type Request = Rumour;
    /// The generation: how many times the node has started.
    type Persist = u64;
    type Output = Output;
    type Config = GossipConfig;
    type History = ();

    fn init(id: NodeId, nodes: usize, config: &GossipConfig, ctx: &mut Ctx<'_, Self>) -> Self {
        Self::fresh(id, nodes, config, 1, ctx)
    }

    /// A restarted node has forgotten everything, rumour included; only its generation
    /// survives on disk, and it starts the next one.
    fn restart(
        id: NodeId,
        nodes: usize,
        config: &GossipConfig,
        persisted: Option<&u64>,
        ctx: &mut Ctx<'_, Self>,
    ) -> Self {
        Self::fresh(id, nodes, config, persisted.copied().unwrap_or(0) + 1, ctx)
    }

    fn on_message(&mut self, _from: NodeId, msg: Msg, ctx: &mut Ctx<'_, Self>) {
        match msg {
            Msg::Push {
                rumour,
                heartbeats,
                reply,
            } => {
                if rumour {
                    self.learn(ctx);
                }
                self.merge(&heartbeats, ctx);
                // Without membership an answer is only worth sending if it teaches something.
                if reply && (!self.heartbeats.is_empty() || self.knew_at_round && !rumour) {
                    ctx.send(
                        _from,
                        Msg::Reply {
                            rumour: self.knew_at_round,
                            heartbeats: self.heartbeats.clone(),
                        },
                    );
                }
            }
            Msg::Pull { heartbeats } => {
                self.merge(&heartbeats, ctx);
                if !self.heartbeats.is_empty() || self.knew_at_round {
                    ctx.send(
                        _from,
                        Msg::Reply {
                            rumour: self.knew_at_round,
                            heartbeats: self.heartbeats.clone(),
                        },
                    );
                }
            }
            Msg::Reply { rumour, heartbeats } => {
                if rumour {
                    self.learn(ctx);
                }
                self.merge(&heartbeats, ctx);
            }
        }
    }

    fn on_timer(&mut self, _timer: Round, ctx: &mut Ctx<'_, Self>) {
        let config = self.config.clone();
        ctx.set_timer(Round, config.interval);
        self.rounds += 1;
        self.knew_at_round = self.informed();
        let membership = !self.heartbeats.is_empty();
        if membership {
            self.heartbeats[self.id] = (self.generation, self.rounds);
            for peer in 0..self.windows.len() {
                if peer == self.id || self.suspected[peer] {
                    continue;
                }
                let phi = self.windows[peer].phi(ctx.now, config.phi_model);
                if phi >= config.threshold {
                    self.suspected[peer] = true;
                    ctx.output(Output::Suspect { peer });
                }
            }
        }
        let informed = self.informed();
        // Push: the informed tell. Pull: the uninformed ask. Push-pull: everyone does both.
        // With membership everyone has heartbeats to share, so everyone sends.
        let sends = membership
            || match config.mode {
                Mode::Push => informed,
                Mode::Pull => !informed,
                Mode::PushPull => true,
            };
        if !sends {
            return;
        }
        for to in self.pick_peers(config.fanout, ctx) {
            let heartbeats = self.heartbeats.clone();
            let msg = match config.mode {
                Mode::Push => Msg::Push {
                    rumour: informed,
                    heartbeats,
                    reply: false,
                },
                Mode::Pull => Msg::Pull { heartbeats },
                Mode::PushPull => Msg::Push {
                    rumour: informed,
                    heartbeats,
                    reply: true,
                },
            };
            ctx.send(to, msg);
        }
    }

    fn on_client(&mut self, _request: Rumour, ctx: &mut Ctx<'_, Self>) {
        self.learn(ctx);
    }
}
