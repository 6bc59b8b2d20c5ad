//! The widget's state: the core's [`Sim`] behind a shared cell (a tick changes it in
//! place; the version number tells Yew something changed), the playback, the selected
//! event, and what was last announced. Every reader action is an [`Action`] applied by
//! [`Cdc::apply`], so the whole widget can be driven natively in tests.

use distlab_core::cdc::{Config, ReplicaIdentity, Sim, Sink, Who, SINKS};
use distlab_kit::options::WidgetOptions;

/// The simulation stops after this many ticks (a tab left playing stays bounded).
pub const MAX_TICKS: u64 = 2_000;

/// The shared simulation; equal when it is the same cell (see [`Cdc::version`]).
pub type Shared = distlab_kit::shared::Shared<Sim>;

/// What the reader can do.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Action {
    /// Play or pause.
    Toggle,
    /// A timer tick while playing.
    Tick,
    /// One step.
    Step,
    /// Back to the first event.
    Reset,
    /// Playback speed.
    Speed(f64),
    /// The next write to store `i` fails.
    Fail(usize),
    /// The application crashes between its next writes.
    CrashApp,
    /// The next update becomes two concurrent ones, reordered at Elasticsearch.
    Reorder,
    /// Stall or resume: 0 the connector, 1–3 a consumer.
    Stall(usize),
    /// Crash and restart: 0 the connector, 1–3 a consumer.
    Crash(usize),
    /// Replica identity FULL (true) or DEFAULT.
    Full(bool),
    /// Show event `i` (index in publish order) as JSON.
    Select(usize),
}

/// The widget state.
#[derive(Clone, Debug, PartialEq)]
pub struct Cdc {
    /// The seed.
    pub seed: u64,
    /// Topic partitions.
    pub partitions: usize,
    /// Replica identity chosen at the start.
    pub full0: bool,
    /// The simulation.
    pub sim: Shared,
    /// Bumped on every change of `sim`.
    pub version: u64,
    /// Playing.
    pub playing: bool,
    /// Speed multiplier.
    pub speed: f64,
    /// The event shown as JSON.
    pub selected: usize,
    /// The CDC side was converged after the last tick.
    pub converged: bool,
    /// The live region's text.
    pub said: String,
    /// Messages about bad options.
    pub messages: Vec<String>,
}

/// Who an index names (0 the connector, 1–3 the consumers).
pub fn who(i: usize) -> Who {
    match i {
        0 => Who::Connector,
        i => Who::Consumer(SINKS[(i - 1).min(2)]),
    }
}

/// Its name.
pub fn who_name(i: usize) -> &'static str {
    match i {
        0 => "Debezium",
        i => SINKS[(i - 1).min(2)].name(),
    }
}

impl Cdc {
    /// From the placeholder's options: `seed`, `partitions` (1–8), `identity`
    /// (`default` or `full`).
    pub fn from_options(o: &WidgetOptions) -> Cdc {
        let mut r = o.reader();
        let seed = r.u64("seed", 1);
        let partitions = r.int("partitions", 1, 8, 3) as usize;
        let full = r.choice("identity", &["default", "full"], "default") == "full";
        let messages = r.into_messages();
        Cdc::new(seed, partitions, full, messages)
    }

    fn new(seed: u64, partitions: usize, full: bool, messages: Vec<String>) -> Cdc {
        let mut sim = Sim::new(Config {
            seed,
            partitions,
            ..Config::default()
        });
        if full {
            sim.db.replica_identity = ReplicaIdentity::Full;
        }
        // The post's insert: committed at 0/47400, decoded and delivered.
        sim.step();
        Cdc {
            seed,
            partitions,
            full0: full,
            sim: Shared::new(sim),
            version: 0,
            playing: false,
            speed: 1.0,
            selected: 0,
            converged: true,
            said: String::new(),
            messages,
        }
    }

    /// Whether the run reached [`MAX_TICKS`].
    pub fn finished(&self) -> bool {
        self.sim.0.borrow().tick >= MAX_TICKS
    }

    fn tick(&mut self) {
        if self.finished() {
            self.playing = false;
            self.said = "The run ended; Reset starts again.".into();
            return;
        }
        let mut s = self.sim.0.borrow_mut();
        s.step();
        let conv = s.cdc_converged();
        let last = s.last.clone();
        drop(s);
        self.said = if last.contains(" · ") || last.starts_with("2 concurrent") {
            last
        } else if conv && !self.converged {
            "CDC converged: every store matches PostgreSQL.".into()
        } else {
            String::new()
        };
        self.converged = conv;
    }

    /// Applies one action.
    pub fn apply(&mut self, a: Action) {
        self.version += 1;
        match a {
            Action::Toggle => {
                self.playing = !self.playing && !self.finished();
                self.said = if self.playing { "Playing" } else { "Paused" }.into();
            }
            Action::Tick => {
                if self.playing {
                    self.tick();
                }
            }
            Action::Step => {
                self.playing = false;
                self.tick();
            }
            Action::Reset => {
                let m = std::mem::take(&mut self.messages);
                *self = Cdc::new(self.seed, self.partitions, self.full0, m);
                self.said = "Reset to the post's first insert.".into();
            }
            Action::Speed(s) => self.speed = s,
            Action::Fail(i) => {
                let sink = SINKS[i.min(2)];
                self.sim.0.borrow_mut().fail_next_write(sink);
                self.said = format!("The next write to {} will fail.", sink.name());
            }
            Action::CrashApp => {
                self.sim.0.borrow_mut().crash_app_between_writes();
                self.said =
                    "The app will crash after its next PostgreSQL and Elasticsearch writes.".into();
            }
            Action::Reorder => {
                self.sim.0.borrow_mut().reorder_next_update();
                self.said = "The next update becomes two concurrent updates.".into();
            }
            Action::Stall(i) => {
                let w = who(i.min(3));
                let mut s = self.sim.0.borrow_mut();
                let now = !s.stalled(w);
                s.set_stalled(w, now);
                self.said = format!(
                    "{} {}.",
                    who_name(i.min(3)),
                    if now { "stalled" } else { "resumed" }
                );
            }
            Action::Crash(i) => {
                self.sim.0.borrow_mut().crash(who(i.min(3)));
                self.said = format!(
                    "{} crashed and restarted from its last {}.",
                    who_name(i.min(3)),
                    if i == 0 {
                        "confirmed LSN"
                    } else {
                        "committed offsets"
                    }
                );
            }
            Action::Full(f) => {
                self.sim.0.borrow_mut().db.replica_identity = if f {
                    ReplicaIdentity::Full
                } else {
                    ReplicaIdentity::Default
                };
                self.said = format!(
                    "ALTER TABLE links REPLICA IDENTITY {};",
                    if f { "FULL" } else { "DEFAULT" }
                );
            }
            Action::Select(i) => {
                let n = self.sim.0.borrow().published.len();
                if i < n {
                    self.selected = i;
                }
            }
        }
    }
}

distlab_kit::reducible_by_apply!(Cdc, Action);

/// The sink of a consumer index 1–3.
pub fn sink_of(i: usize) -> Sink {
    SINKS[(i.max(1) - 1).min(2)]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn opts(pairs: &[(&str, &str)]) -> WidgetOptions {
        WidgetOptions::from_pairs(pairs.iter().copied())
    }

    #[test]
    fn starts_on_the_posts_insert() {
        let m = Cdc::from_options(&opts(&[]));
        let s = m.sim.0.borrow();
        let e = s.event(m.selected).unwrap();
        assert_eq!(e.key, "x7Kp2");
        assert_eq!(e.lsn.to_string(), "0/47400");
        assert!(m.messages.is_empty());
    }

    #[test]
    fn bad_options_are_reported_and_defaults_used() {
        let m = Cdc::from_options(&opts(&[("partitions", "99"), ("identity", "weird")]));
        assert_eq!(m.partitions, 3);
        assert_eq!(m.messages.len(), 2);
    }

    #[test]
    fn a_failed_write_diverges_dual_write_and_a_stall_grows_the_slot() {
        let mut m = Cdc::from_options(&opts(&[]));
        m.apply(Action::Fail(0));
        m.apply(Action::Stall(0));
        for _ in 0..40 {
            m.apply(Action::Step);
        }
        let s = m.sim.0.borrow();
        assert!(s.db.retained_wal() > 2000);
        drop(s);
        m.apply(Action::Stall(0));
        for _ in 0..20 {
            m.apply(Action::Step);
        }
        let s = m.sim.0.borrow();
        assert!(s.cdc_converged());
        assert!(s.dual.failed == 1);
    }

    #[test]
    fn any_action_order_is_safe() {
        let mut m = Cdc::from_options(&opts(&[]));
        for k in 0..400usize {
            let a = match k % 13 {
                0 => Action::Fail(k % 5),
                1 => Action::CrashApp,
                2 => Action::Reorder,
                3 => Action::Stall(k % 6),
                4 => Action::Crash(k % 6),
                5 => Action::Full(k % 2 == 0),
                6 => Action::Select(k * 7),
                7 => Action::Toggle,
                8 => Action::Tick,
                12 if k % 100 == 12 => Action::Reset,
                _ => Action::Step,
            };
            m.apply(a);
        }
    }
}
