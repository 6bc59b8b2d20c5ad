//! The widget's state as a reducer: the reader's settings and actions applied to the
//! rumour and the heartbeat cluster ([`super::model`]).

use super::model::{
    Formula, Heartbeats, Rumour, Settings, DEAD_PCT, INTERVALS, LOSSES, SIZES, THRESHOLDS,
};
use distlab_core::gossip::Mode;
use distlab_core::sim::NodeId;
use distlab_kit::options::WidgetOptions;

/// A setting of the rumour changed (each starts a new run).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Setting {
    /// N.
    Nodes(usize),
    /// k.
    Fanout(usize),
    /// Push, pull, push-pull.
    Mode(Mode),
    /// Loss ‰.
    Loss(u16),
    /// Down at start, %.
    Dead(usize),
    /// Gossip interval, ms.
    Interval(u64),
}

/// What the reader does to the heartbeat cluster.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Hb {
    /// Play / pause.
    Toggle,
    /// A playback tick.
    Tick,
    /// One round.
    Step,
    /// From round 0.
    Reset,
    /// Speed.
    Speed(f64),
    /// Kill a node.
    Kill(NodeId),
    /// Restart a node.
    Restart(NodeId),
    /// The φ formula.
    Formula(Formula),
    /// The threshold.
    Threshold(u8),
    /// Loss ‰.
    Loss(u16),
}

/// What the reader can do.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Action {
    /// A rumour setting.
    Set(Setting),
    /// Another seed for the drawn run.
    NewSeed,
    /// Play / pause the rumour.
    Toggle,
    /// A playback tick of the rumour.
    Tick,
    /// One round of the rumour.
    Step,
    /// The rumour from round 0.
    Reset,
    /// Rumour playback speed.
    Speed(f64),
    /// The heartbeat cluster.
    Hb(Hb),
}

/// The whole widget's state.
#[derive(Clone, Debug, PartialEq)]
pub struct Model {
    /// The rumour.
    pub rumour: Rumour,
    /// Whether the rumour plays.
    pub playing: bool,
    /// Its speed.
    pub speed: f64,
    /// The heartbeat cluster.
    pub hb: Heartbeats,
    /// Whether it plays.
    pub hb_playing: bool,
    /// Its speed.
    pub hb_speed: f64,
    /// The last announcement.
    pub said: String,
    /// Notes about bad `data-*` values.
    pub messages: Vec<String>,
}

impl Model {
    /// From the placeholder's options: `nodes`, `fanout` (1–8), `mode` (push, pull,
    /// push-pull), `loss` (‰), `dead` (% down), `interval` (ms, 100–2000), `seed`.
    pub fn from_options(o: &WidgetOptions) -> Self {
        let mut r = o.reader();
        let d = Settings::default();
        let nodes = r.int("nodes", 10, 1000, d.nodes as i64) as usize;
        let fanout = r.int("fanout", 1, 8, d.fanout as i64) as usize;
        let mode = match r.choice("mode", &["push", "pull", "push-pull"], "push") {
            "pull" => Mode::Pull,
            "push-pull" => Mode::PushPull,
            _ => Mode::Push,
        };
        let loss = r.int("loss", 0, 1000, 0) as u16;
        let dead_pct = r.int("dead", 0, 50, 0) as usize;
        let interval = r.int("interval", 100, 2000, d.interval as i64) as u64;
        let seed = r.u64("seed", d.seed);
        let settings = Settings {
            nodes,
            fanout,
            mode,
            loss,
            dead_pct,
            interval,
            seed,
        };
        Model {
            rumour: Rumour::new(settings),
            playing: false,
            speed: 1.0,
            hb: Heartbeats::new(Formula::Cassandra, 8, 100, seed),
            hb_playing: false,
            hb_speed: 1.0,
            said: String::new(),
            messages: r.into_messages(),
        }
    }

    /// Apply one action.
    pub fn apply(&mut self, a: Action) {
        match a {
            Action::Set(s) => {
                let mut st = self.rumour.settings;
                match s {
                    Setting::Nodes(n) => st.nodes = n.clamp(SIZES[0], SIZES[SIZES.len() - 1]),
                    Setting::Fanout(k) => st.fanout = k.clamp(1, 8),
                    Setting::Mode(m) => st.mode = m,
                    Setting::Loss(l) => st.loss = l.min(1000),
                    Setting::Dead(d) => st.dead_pct = d.min(DEAD_PCT[DEAD_PCT.len() - 1]),
                    Setting::Interval(t) if INTERVALS.contains(&t) => st.interval = t,
                    Setting::Interval(_) => {}
                }
                self.restart(st);
            }
            Action::NewSeed => {
                let mut st = self.rumour.settings;
                st.seed = st.seed.wrapping_add(1);
                self.restart(st);
            }
            Action::Toggle => {
                if self.rumour.finished() && !self.playing {
                    self.rumour.reset();
                }
                self.playing = !self.playing;
            }
            Action::Tick | Action::Step => {
                if a == Action::Tick && !self.playing {
                    return;
                }
                self.rumour.step();
                self.said = self.rumour.round_text();
                if self.rumour.finished() {
                    self.playing = false;
                }
            }
            Action::Reset => {
                self.playing = false;
                self.rumour.reset();
                self.said = self.rumour.round_text();
            }
            Action::Speed(s) => self.speed = s,
            Action::Hb(h) => self.apply_hb(h),
        }
    }

    fn restart(&mut self, st: Settings) {
        self.playing = false;
        self.rumour = Rumour::new(st);
        self.said = format!(
            "New run: {} nodes, k = {}, {}. {}",
            st.nodes,
            st.fanout,
            st.mode.name(),
            self.rumour.round_text()
        );
    }

    fn apply_hb(&mut self, h: Hb) {
        let hb = &mut self.hb;
        match h {
            Hb::Toggle => self.hb_playing = !self.hb_playing,
            Hb::Tick | Hb::Step => {
                if h == Hb::Tick && !self.hb_playing {
                    return;
                }
                let was = hb.row(hb.watched).3;
                hb.step();
                let now = hb.row(hb.watched).3;
                if now != was || h == Hb::Step {
                    self.said = hb.status_text();
                }
                if now && !was {
                    self.hb_playing = false; // a key moment: stop and say it
                }
            }
            Hb::Reset => {
                self.hb_playing = false;
                hb.reset();
                self.said = hb.status_text();
            }
            Hb::Speed(s) => self.hb_speed = s,
            Hb::Kill(n) => {
                hb.kill(n);
                self.said = format!(
                    "Node {n} is down: its heartbeat counter stops rising; watch φ climb at node {}.",
                    hb.observer
                );
            }
            Hb::Restart(n) => {
                hb.restart(n);
                self.said = format!("Node {n} restarts; its heartbeats resume.");
            }
            Hb::Formula(f) => {
                *hb = Heartbeats::new(f, hb.threshold, hb.loss, self.rumour.settings.seed)
            }
            Hb::Threshold(t) if THRESHOLDS.contains(&t) => {
                *hb = Heartbeats::new(hb.formula, t, hb.loss, self.rumour.settings.seed)
            }
            Hb::Loss(l) if LOSSES.contains(&l) => {
                *hb = Heartbeats::new(hb.formula, hb.threshold, l, self.rumour.settings.seed)
            }
            Hb::Threshold(_) | Hb::Loss(_) => {}
        }
    }
}

distlab_kit::controls::reducible_by_apply!(Model, Action);

#[cfg(test)]
mod tests {
    use super::*;

    fn model(pairs: &[(&str, &str)]) -> Model {
        Model::from_options(&WidgetOptions::from_pairs(pairs.iter().copied()))
    }

    #[test]
    fn options_are_read_and_bad_ones_reported() {
        let m = model(&[
            ("nodes", "1000"),
            ("fanout", "2"),
            ("mode", "pull"),
            ("seed", "9"),
        ]);
        assert_eq!(m.rumour.settings.nodes, 1000);
        assert_eq!(m.rumour.settings.mode, Mode::Pull);
        assert!(m.messages.is_empty());
        let m = model(&[("nodes", "5000"), ("mode", "shout")]);
        assert_eq!(m.rumour.settings, Settings::default());
        assert_eq!(m.messages.len(), 2);
    }

    #[test]
    fn play_runs_to_the_end_and_stops() {
        let mut m = model(&[]);
        m.apply(Action::Toggle);
        for _ in 0..200 {
            m.apply(Action::Tick);
        }
        assert!(!m.playing);
        assert!(m.rumour.finished());
        assert!(m.said.contains("Everyone up knows"), "{}", m.said);
    }

    #[test]
    fn killing_a_node_gets_it_suspected_and_pauses_there() {
        let mut m = model(&[]);
        for _ in 0..5 {
            m.apply(Action::Hb(Hb::Step));
        }
        m.apply(Action::Hb(Hb::Kill(5)));
        assert_eq!(m.hb.watched, 5);
        m.apply(Action::Hb(Hb::Toggle));
        for _ in 0..100 {
            m.apply(Action::Hb(Hb::Tick));
        }
        assert!(!m.hb_playing, "stops when the node is suspected");
        assert!(m.hb.row(5).3);
        assert!(m.said.contains("suspected"), "{}", m.said);
    }
}
