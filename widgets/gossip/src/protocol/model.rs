//! The widget's state, with no Yew in it: the reader's settings, the engine run of the
//! rumour advanced round by round, the many seeded runs of the same setting from the fast
//! model, and the heartbeat cluster with its phi-accrual detectors.
//!
//! Invariants:
//! - Everything on screen is a function of [`Settings`] (seed included) and how many
//!   rounds were stepped: the same settings give the same picture, here and natively.
//! - The run drawn and the runs summarised are the same protocol at the same setting;
//!   the drawn one runs on the engine (every message an event), the many on the fast
//!   round model (see `distlab_core::gossip::rounds`).

use distlab_core::gossip::rounds::{self, Trials};
use distlab_core::gossip::{
    expected_curve, post_estimate, GossipConfig, GossipRun, Heartbeat, Mode, PhiModel, Spread,
};
use distlab_core::sim::{NodeId, Time};
use std::rc::Rc;

/// Cluster sizes offered.
pub const SIZES: [usize; 9] = [10, 16, 25, 36, 50, 100, 200, 500, 1000];
/// Loss rates offered, ‰.
pub const LOSSES: [u16; 7] = [0, 10, 50, 100, 200, 300, 500];
/// Gossip intervals offered, ms (a tick is a millisecond).
pub const INTERVALS: [Time; 5] = [100, 200, 500, 1000, 2000];
/// Shares of nodes down from the start offered, %.
pub const DEAD_PCT: [usize; 6] = [0, 1, 5, 10, 20, 30];
/// Runs summarised per setting.
pub const TRIALS: usize = 200;
/// Largest cluster drawn as a ring with every message; larger ones are a grid of dots.
pub const RING_MAX: usize = 36;
/// Latency range of the drawn run, ticks (ms): well inside the 1 s round.
pub const LATENCY: (Time, Time) = (5, 50);

/// What the reader chose.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Settings {
    /// N.
    pub nodes: usize,
    /// k.
    pub fanout: usize,
    /// Push, pull or push-pull.
    pub mode: Mode,
    /// Loss, ‰.
    pub loss: u16,
    /// Nodes down from the start, % of N.
    pub dead_pct: usize,
    /// Time between rounds, ms (the post's T).
    pub interval: Time,
    /// The seed of the drawn run (the summary uses the next [`TRIALS`] seeds from it).
    pub seed: u64,
}

impl Default for Settings {
    /// The post's example: N = 100, k = 3.
    fn default() -> Self {
        Settings {
            nodes: 100,
            fanout: 3,
            mode: Mode::Push,
            loss: 0,
            dead_pct: 0,
            interval: 1000,
            seed: 1,
        }
    }
}

impl Settings {
    /// Nodes down from the start.
    pub fn dead(&self) -> usize {
        self.nodes * self.dead_pct / 100
    }
    /// The drawn run's protocol settings.
    pub fn config(&self) -> GossipConfig {
        GossipConfig {
            interval: self.interval,
            ..GossipConfig::default()
        }
    }

    /// `rounds` as time at this interval ("6 s", "1.2 s").
    pub fn seconds(&self, rounds: u32) -> String {
        duration(u64::from(rounds) * self.interval)
    }

    /// The core's description of the setting.
    pub fn spread(&self) -> Spread {
        Spread {
            nodes: self.nodes,
            fanout: self.fanout,
            mode: self.mode,
            loss_permille: self.loss,
            dead: self.dead(),
        }
    }
}

/// The rumour: one engine run, and the summary of many.
#[derive(Clone, Debug)]
pub struct Rumour {
    /// The setting.
    pub settings: Settings,
    /// The drawn run.
    pub run: GossipRun,
    /// [`TRIALS`] fast-model runs of the same setting (seeds after the drawn one's).
    pub trials: Rc<Trials>,
    /// The mean-field curve.
    pub expected: Rc<Vec<f64>>,
    /// The post's `log_k N`.
    pub post: f64,
}

impl PartialEq for Rumour {
    fn eq(&self, o: &Self) -> bool {
        self.settings == o.settings && self.run.round() == o.run.round()
    }
}

impl Rumour {
    /// A fresh run of `settings` at round 0.
    pub fn new(settings: Settings) -> Self {
        let s = settings.spread();
        Rumour {
            settings,
            run: GossipRun::new(&s, settings.config(), LATENCY, settings.seed),
            trials: Rc::new(rounds::trials(&s, settings.seed.wrapping_add(1), TRIALS)),
            expected: Rc::new(expected_curve(&s)),
            post: post_estimate(settings.nodes, settings.fanout),
        }
    }

    /// The same setting, back at round 0 (the summary is kept).
    pub fn reset(&mut self) {
        let s = self.settings.spread();
        self.run = GossipRun::new(&s, self.settings.config(), LATENCY, self.settings.seed);
    }

    /// Whether there is nothing left to step: everyone live knows, or the round limit.
    pub fn finished(&self) -> bool {
        self.run.done() || self.run.round() as usize >= rounds::MAX_ROUNDS
    }

    /// Run one more round (no effect when finished).
    pub fn step(&mut self) {
        if !self.finished() {
            self.run.next_round();
        }
    }

    /// Nodes up.
    pub fn live(&self) -> u32 {
        self.run.live()
    }

    /// What the round just run did, in one sentence (for the live region).
    pub fn round_text(&self) -> String {
        let r = self.run.round();
        let live = self.live();
        let Some(log) = self.run.log().last() else {
            return format!("Round 0: only node 0 knows the rumour. {live} nodes are up.");
        };
        let mut s = format!(
            "Round {r}: {} learnt it; {} of {live} know.",
            log.newly.len(),
            log.informed
        );
        if self.run.done() {
            s.push_str(&format!(
                " Everyone up knows after {r} rounds ({}).",
                self.settings.seconds(r)
            ));
        }
        s
    }

    /// Messages sent so far by the drawn run.
    pub fn messages(&self) -> u64 {
        self.run
            .log()
            .iter()
            .map(|l| u64::from(l.delivered + l.lost + l.to_dead))
            .sum()
    }

    /// The chart's x extent in rounds: everything drawn fits.
    pub fn x_max(&self) -> usize {
        let band = (0..=rounds::MAX_ROUNDS)
            .find(|&r| self.trials.quantile_at(r, 0.9) >= self.trials.live)
            .unwrap_or(self.trials.max_rounds());
        [
            band,
            self.run.round() as usize,
            self.expected.len().saturating_sub(1),
            self.post.ceil() as usize,
        ]
        .into_iter()
        .max()
        .unwrap_or(1)
        .clamp(4, rounds::MAX_ROUNDS)
    }

    /// The verdict on the post's estimate, in plain sentences.
    pub fn verdict(&self) -> String {
        let s = &self.settings;
        let t = &self.trials;
        let base = if s.fanout <= 1 {
            "log₂".to_string()
        } else {
            format!("log{}", subscript(s.fanout))
        };
        let est = format!("{base}({}) ≈ {}", s.nodes, one_decimal(self.post));
        let Some(median) = t.full_quantile(0.5) else {
            return format!(
                "None of {} runs reached every node within {} rounds: the post's {est} rounds assumes every message arrives.",
                t.runs.len(),
                rounds::MAX_ROUNDS
            );
        };
        let (lo, hi) = (
            t.full_quantile(0.05).unwrap_or(median),
            t.full_quantile(0.95).unwrap_or(median),
        );
        let mut v = format!(
            "Over {} seeded runs, every node up knew after {median} rounds, {} at one round every {} (median; 90 % of runs: {lo}–{hi} rounds).",
            t.runs.len(),
            s.seconds(median),
            s.seconds(1)
        );
        if t.unfinished() > 0 {
            v.push_str(&format!(
                " {} runs had not reached everyone after {} rounds.",
                t.unfinished(),
                rounds::MAX_ROUNDS
            ));
        }
        if f64::from(median) > self.post + 0.5 {
            v.push_str(&format!(
                " The post's {est} is optimistic: it counts only the fast start; once most nodes know, most messages reach nodes that already know, and the last few take about ln(N)/k more rounds."
            ));
        } else {
            v.push_str(&format!(" The post's {est} holds here."));
        }
        v
    }
}

/// Milliseconds in seconds: "6 s", "0.5 s" (tenths are enough here).
pub fn duration(ms: u64) -> String {
    if ms.is_multiple_of(1000) {
        format!("{} s", ms / 1000)
    } else {
        format!("{} s", one_decimal(ms as f64 / 1000.0))
    }
}

/// `n` in subscript digits (for log₃).
pub fn subscript(n: usize) -> String {
    n.to_string()
        .chars()
        .map(|c| char::from_u32(0x2080 + c.to_digit(10).unwrap_or(0)).unwrap_or(c))
        .collect()
}

/// `x` with one decimal ("4.2").
pub fn one_decimal(x: f64) -> String {
    distlab_kit::numfmt::fixed(x, 1)
}

/// Which published phi formula the detector uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Formula {
    /// Cassandra's exponential.
    Cassandra,
    /// Akka's normal, with its default 3 s acceptable pause.
    Akka,
}

impl Formula {
    /// Both, in menu order.
    pub const ALL: [Formula; 2] = [Formula::Cassandra, Formula::Akka];
    /// Menu text.
    pub fn name(self) -> &'static str {
        match self {
            Formula::Cassandra => "Cassandra",
            Formula::Akka => "Akka",
        }
    }
    /// The core's model.
    pub fn model(self) -> PhiModel {
        match self {
            Formula::Cassandra => PhiModel::Exponential,
            Formula::Akka => PhiModel::Normal {
                min_std_dev: 100.0,
                acceptable_pause: 3000.0,
            },
        }
    }
}

/// Nodes in the heartbeat cluster.
pub const FD_NODES: usize = 8;
/// Rounds of φ history the chart keeps.
pub const HISTORY: usize = 120;

/// Thresholds offered.
pub const THRESHOLDS: [u8; 5] = [1, 2, 4, 8, 12];

/// The heartbeat cluster: push-pull gossip of heartbeat counters, k = 2, one observer's
/// view of everyone, and φ of one watched node over time.
#[derive(Clone, Debug)]
pub struct Heartbeats {
    /// The formula.
    pub formula: Formula,
    /// Suspect at φ ≥ this.
    pub threshold: u8,
    /// Loss, ‰ (shared with the rumour's setting).
    pub loss: u16,
    /// Whose view is shown.
    pub observer: NodeId,
    /// Whose φ is charted.
    pub watched: NodeId,
    /// The run.
    pub run: GossipRun,
    /// φ of `watched` at `observer` after each round, from round `history_from` on (at
    /// most [`HISTORY`] rounds).
    pub history: Vec<f64>,
    /// The round of `history[0]`.
    pub history_from: u32,
    /// Rounds at which a node was killed or restarted, and which.
    pub events: Vec<(u32, NodeId, bool)>,
    seed: u64,
}

impl PartialEq for Heartbeats {
    fn eq(&self, o: &Self) -> bool {
        self.formula == o.formula
            && self.threshold == o.threshold
            && self.loss == o.loss
            && self.observer == o.observer
            && self.watched == o.watched
            && self.run.round() == o.run.round()
            && self.events == o.events
    }
}

impl Heartbeats {
    /// A fresh cluster: node 0 watches node 3.
    pub fn new(formula: Formula, threshold: u8, loss: u16, seed: u64) -> Self {
        let config = GossipConfig {
            membership: true,
            phi_model: formula.model(),
            threshold: f64::from(threshold),
            ..GossipConfig::default()
        };
        let s = Spread {
            nodes: FD_NODES,
            fanout: 2,
            mode: Mode::PushPull,
            loss_permille: loss,
            dead: 0,
        };
        let mut h = Heartbeats {
            formula,
            threshold,
            loss,
            observer: 0,
            watched: 3,
            run: GossipRun::new(&s, config, LATENCY, seed),
            history: Vec::new(),
            history_from: 0,
            events: Vec::new(),
            seed,
        };
        h.record();
        h
    }

    /// The same settings from round 0.
    pub fn reset(&mut self) {
        *self = Heartbeats::new(self.formula, self.threshold, self.loss, self.seed);
    }

    fn record(&mut self) {
        let phi = self.phi(self.watched);
        self.history.push(phi);
        if self.history.len() > HISTORY {
            self.history.remove(0);
            self.history_from += 1;
        }
    }

    /// φ of `peer` at the observer now (0 if the observer is down).
    pub fn phi(&self, peer: NodeId) -> f64 {
        let now = self.run.world().now();
        self.run
            .world()
            .node(self.observer)
            .map_or(0.0, |n| n.phi(peer, now, self.formula.model()))
    }

    /// Whether `node` is up.
    pub fn up(&self, node: NodeId) -> bool {
        self.run.world().node(node).is_some()
    }

    /// One round.
    pub fn step(&mut self) {
        self.run.next_round();
        self.record();
    }

    /// Kill `node` (never the observer: its view is what is shown).
    pub fn kill(&mut self, node: NodeId) {
        if node < FD_NODES && node != self.observer && self.up(node) {
            self.run.kill(node);
            self.events.push((self.run.round(), node, false));
            // Watching it already: keep the history, so the chart shows φ before and after.
            if node != self.watched {
                self.watch(node);
            }
        }
    }

    /// Restart `node`: its counter starts again from 1 and its peers hear it again.
    pub fn restart(&mut self, node: NodeId) {
        if node < FD_NODES && !self.up(node) {
            self.run.restart(node);
            self.events.push((self.run.round(), node, true));
        }
    }

    /// Watch another node's φ (its history starts now).
    pub fn watch(&mut self, node: NodeId) {
        if node < FD_NODES && node != self.observer {
            self.watched = node;
            self.history = vec![self.phi(node)];
            self.history_from = self.run.round();
        }
    }

    /// What one row of the observer's table shows: the newest heartbeat (generation,
    /// version) it has seen, ticks since that last changed (none before a first heartbeat
    /// was heard: generation 0, as a node's first start is generation 1), φ, suspected.
    pub fn row(&self, peer: NodeId) -> (Heartbeat, Option<Time>, f64, bool) {
        let now = self.run.world().now();
        let Some(obs) = self.run.world().node(self.observer) else {
            return ((0, 0), None, 0.0, false);
        };
        let hb = obs.heartbeats().get(peer).copied().unwrap_or((0, 0));
        let ago = (hb.0 > 0)
            .then(|| obs.window(peer))
            .flatten()
            .and_then(|w| w.last())
            .map(|t| now.saturating_sub(t));
        (hb, ago, self.phi(peer), obs.suspects(peer))
    }

    /// The watched node's state in one sentence.
    pub fn status_text(&self) -> String {
        let phi = self.phi(self.watched);
        let (_, ago, _, suspected) = self.row(self.watched);
        let w = self.watched;
        let heard = match ago {
            None => format!("has heard no heartbeat of node {w} yet"),
            Some(t) => format!(
                "last got a newer heartbeat of node {w} {} s ago",
                one_decimal(t as f64 / 1000.0)
            ),
        };
        format!(
            "Round {}: node {} {}; φ = {}{}",
            self.run.round(),
            self.observer,
            heard,
            one_decimal(phi),
            if suspected {
                format!(" ≥ {}: suspected.", self.threshold)
            } else {
                format!(" < {}: trusted.", self.threshold)
            }
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_posts_example_is_the_default_and_its_estimate_shows() {
        let r = Rumour::new(Settings::default());
        assert_eq!(one_decimal(r.post), "4.2");
        let v = r.verdict();
        assert!(v.contains("log₃(100) ≈ 4.2"), "{v}");
        assert!(v.contains("optimistic"), "{v}");
    }

    #[test]
    fn stepping_reaches_everyone_and_stops() {
        let mut r = Rumour::new(Settings::default());
        for _ in 0..200 {
            r.step();
        }
        assert!(r.finished());
        assert_eq!(*r.run.curve().last().unwrap(), r.live());
        assert!(r.round_text().contains("Everyone up knows"));
    }

    #[test]
    fn a_killed_node_is_suspected_and_its_phi_keeps_rising() {
        let mut h = Heartbeats::new(Formula::Cassandra, 8, 0, 4);
        for _ in 0..10 {
            h.step();
        }
        assert!(!h.row(3).3);
        h.kill(3);
        for _ in 0..30 {
            h.step();
        }
        assert!(h.row(3).3, "{}", h.status_text());
        // The watched node's history goes on through the kill: 11 rounds before, 30 after,
        // and φ only rises once it is dead.
        assert_eq!((h.history_from, h.history.len()), (0, 41));
        assert!(h.history[10..].windows(2).skip(2).all(|w| w[1] >= w[0]));
        assert!(h.status_text().contains("suspected"));
        for p in [1, 2, 4, 5, 6, 7] {
            assert!(!h.row(p).3);
        }
        // Back in its second generation: heard again at once, trusted again.
        h.restart(3);
        for _ in 0..5 {
            h.step();
        }
        assert!(!h.row(3).3, "{}", h.status_text());
        assert_eq!(h.row(3).0 .0, 2, "generation 2");
    }

    #[test]
    fn nothing_heard_yet_reads_never_not_zero_seconds_ago() {
        let mut h = Heartbeats::new(Formula::Cassandra, 8, 0, 4);
        assert_eq!(h.row(3).1, None);
        assert!(
            h.status_text()
                .contains("node 0 has heard no heartbeat of node 3 yet"),
            "{}",
            h.status_text()
        );
        for _ in 0..3 {
            h.step();
        }
        assert!(h.row(3).1.is_some());
        assert!(h.status_text().contains(" s ago"), "{}", h.status_text());
    }

    #[test]
    fn the_phi_history_is_bounded_and_restarts_when_another_node_is_watched() {
        let mut h = Heartbeats::new(Formula::Akka, 8, 100, 2);
        for _ in 0..HISTORY + 30 {
            h.step();
        }
        assert_eq!(h.history.len(), HISTORY);
        assert_eq!(h.history_from, 31);
        h.kill(5);
        assert_eq!((h.watched, h.history_from, h.history.len()), (5, 150, 1));
    }

    #[test]
    fn subscripts_and_decimals() {
        assert_eq!(subscript(3), "₃");
        assert_eq!(subscript(10), "₁₀");
        assert_eq!(one_decimal(4.19), "4.2");
        assert_eq!(one_decimal(0.04), "0.0");
    }
}
