//! The three-pillars widget's state, pure: one [`Telemetry`] run forward a second per
//! step, the metric points read from its scrapes after every step, the faults the reader
//! switched on, and what to announce.

use crate::shared::{clock, counts_at, fault_name, ms, quantile_at, secs, FAULTS};
use distlab_core::observability::telemetry::{Config, FaultKind, Service, Telemetry};
use distlab_kit::options::WidgetOptions;

/// Simulated time per step: one scrape.
pub const STEP_US: u64 = 1_000_000;
/// The window of rates and percentiles (`[10s]` in PromQL).
pub const WINDOW_US: u64 = 10_000_000;
/// The alert rule on p99 (the post: "redirect p99 latency > 500ms").
pub const P99_ALERT_S: f64 = 0.5;
/// The alert rule on the error ratio (the post: "Error rate > 1%").
pub const ERROR_ALERT: f64 = 0.01;
/// Seconds simulated before the reader sees anything, so every window is full.
pub const WARMUP_STEPS: u64 = 15;
/// Metric points kept for the chart.
pub const HISTORY: usize = 60;
/// A trace at least this slow is marked slow (the alert threshold).
pub const SLOW_US: u64 = 500_000;

/// The simulation, shared between a model and its clone: stepping mutates it in place
/// (cloning thousands of kept requests per frame would cost more than drawing them).
/// Two models are equal only if they hold the same simulation at the same `version`.
pub type Sim = distlab_kit::shared::Shared<Telemetry>;

/// The metrics at one scrape, over the window ending there.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Point {
    /// Seconds since the start.
    pub t_s: f64,
    /// `rate(http_requests_total[10s])`.
    pub rate: f64,
    /// 5xx over all, in the window.
    pub errors: f64,
    /// Gateway p50, p95, p99 (seconds; NaN when nothing was observed).
    pub p: [f64; 3],
}

/// Which log lines the tail shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LogFilter {
    /// Everything.
    All,
    /// WARN and ERROR only.
    Problems,
}

/// What the reader can do.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Action {
    /// Play / pause.
    Toggle,
    /// A playback tick.
    Tick,
    /// One second.
    Step,
    /// Back to the start (same seed, no faults).
    Reset,
    /// Speed.
    Speed(f64),
    /// Switch a fault on or off (index into [`FAULTS`]).
    Fault(usize),
    /// Show or hide the exposition text.
    ToggleText,
    /// The log filter.
    Logs(LogFilter),
}

/// The widget's state (no `PartialEq`: every action re-renders, and comparing states
/// would only add code).
#[derive(Clone, Debug)]
pub struct Pillars {
    /// The seed.
    pub seed: u64,
    /// Requests per second.
    pub rps: u32,
    /// The simulation.
    pub sim: Sim,
    /// Bumped on every change of `sim`.
    pub version: u64,
    /// Which faults are on, like [`FAULTS`].
    pub active: [bool; 4],
    /// Fault intervals for the chart: (fault, from s, until s or still on).
    pub bands: Vec<(FaultKind, f64, Option<f64>)>,
    /// Metric points, oldest first.
    pub history: Vec<Point>,
    /// Whether it plays.
    pub playing: bool,
    /// Speed.
    pub speed: f64,
    /// Whether the exposition text is shown.
    pub show_text: bool,
    /// The log filter.
    pub logs: LogFilter,
    /// Whether the p99 alert fires.
    pub p99_alert: bool,
    /// Whether the error-ratio alert fires.
    pub error_alert: bool,
    /// The last announcement.
    pub said: String,
    /// Notes about bad `data-*` values.
    pub messages: Vec<String>,
}

impl Pillars {
    /// From the placeholder's options: `seed`, `rate` (requests per second, 50–5,000),
    /// `fault` (one of the four, switched on at the start).
    pub fn from_options(o: &WidgetOptions) -> Self {
        let mut r = o.reader();
        let seed = r.u64("seed", 1);
        let rps = r.int("rate", 50, 5000, 500) as u32;
        let fault = r.choice(
            "fault",
            &[
                "none",
                "missing-index",
                "cache-outage",
                "error-burst",
                "slow-downstream",
            ],
            "none",
        );
        let fault = FAULTS
            .iter()
            .position(|f| crate::shared::fault_key(*f) == fault);
        let mut m = Pillars::new(seed, rps);
        m.messages = r.into_messages();
        if let Some(i) = fault {
            m.apply(Action::Fault(i));
        }
        m
    }

    /// A fresh run, warmed up.
    pub fn new(seed: u64, rps: u32) -> Self {
        let config = Config {
            requests_per_second: rps.clamp(1, 20_000),
            recent_traces: 400,
            kept_traces: 300,
            max_scrapes: 120,
            ..Config::default()
        };
        // The config is within every bound; the default is the fallback all the same.
        let t = Telemetry::new(seed, config)
            .or_else(|_| Telemetry::new(seed, Config::default()))
            .unwrap_or_else(|_| unreachable!("the default config is valid"));
        let mut m = Pillars {
            seed,
            rps,
            sim: Sim::new(t),
            version: 0,
            active: [false; 4],
            bands: Vec::new(),
            history: Vec::new(),
            playing: false,
            speed: 1.0,
            show_text: false,
            logs: LogFilter::All,
            p99_alert: false,
            error_alert: false,
            said: String::new(),
            messages: Vec::new(),
        };
        for _ in 0..WARMUP_STEPS {
            m.advance();
        }
        m.said.clear();
        m
    }

    /// Simulated time, seconds.
    pub fn now_s(&self) -> f64 {
        self.sim.0.borrow().now_us() as f64 / 1e6
    }

    /// The latest metric point.
    pub fn latest(&self) -> Option<&Point> {
        self.history.last()
    }

    fn advance(&mut self) {
        let mut t = self.sim.0.borrow_mut();
        t.step(STEP_US);
        let scrapes = t.scrapes();
        let last_t = self.history.last().map_or(-1.0, |p| p.t_s);
        for i in 0..scrapes.len() {
            let t_s = scrapes[i].t_us as f64 / 1e6;
            if t_s <= last_t {
                continue;
            }
            let Some((all, err, dt)) = counts_at(scrapes, i, WINDOW_US) else {
                continue;
            };
            let q = |q| quantile_at(scrapes, i, Service::Gateway, q, WINDOW_US).unwrap_or(f64::NAN);
            self.history.push(Point {
                t_s,
                rate: if dt > 0.0 { all / dt } else { 0.0 },
                errors: if all > 0.0 { err / all } else { 0.0 },
                p: [q(0.5), q(0.95), q(0.99)],
            });
        }
        drop(t);
        if self.history.len() > HISTORY {
            self.history.drain(..self.history.len() - HISTORY);
        }
        self.version += 1;
        self.check_alerts();
    }

    fn check_alerts(&mut self) {
        let Some(p) = self.history.last().copied() else {
            return;
        };
        let now = clock((p.t_s * 1e6) as u64);
        let p99 = p.p[2] > P99_ALERT_S;
        if p99 != self.p99_alert {
            self.p99_alert = p99;
            self.said = if p99 {
                format!(
                    "{now}: alert firing: p99 latency {} over the last 10 s is above 500 ms. Look at the trace list for the slow requests.",
                    secs(p.p[2])
                )
            } else {
                format!("{now}: p99 alert resolved ({}).", secs(p.p[2]))
            };
        }
        let err = p.errors > ERROR_ALERT;
        if err != self.error_alert {
            self.error_alert = err;
            self.said = if err {
                format!(
                    "{now}: alert firing: error ratio {} is above 1 %.",
                    crate::shared::percent(p.errors)
                )
            } else {
                format!("{now}: error-ratio alert resolved.")
            };
        }
    }

    /// Apply one action.
    pub fn apply(&mut self, a: Action) {
        match a {
            Action::Toggle => self.playing = !self.playing,
            Action::Tick | Action::Step => {
                if a == Action::Tick && !self.playing {
                    return;
                }
                let before = self.said.clone();
                self.advance();
                if a == Action::Step && self.said == before {
                    self.said = self.status_text();
                }
            }
            Action::Reset => {
                let (speed, messages) = (self.speed, std::mem::take(&mut self.messages));
                *self = Pillars::new(self.seed, self.rps);
                self.speed = speed;
                self.messages = messages;
                self.said = "Back to the start: no faults, same seed.".into();
            }
            Action::Speed(s) => self.speed = s,
            Action::Fault(i) => {
                let Some(&kind) = FAULTS.get(i) else { return };
                self.active[i] = !self.active[i];
                let now_us = self.sim.0.borrow().now_us();
                let now = now_us as f64 / 1e6;
                {
                    let mut t = self.sim.0.borrow_mut();
                    t.clear_faults();
                    for (k, on) in FAULTS.iter().zip(self.active) {
                        if on {
                            t.inject(*k, now_us, u64::MAX / 4);
                        }
                    }
                }
                if self.active[i] {
                    self.bands.push((kind, now, None));
                    self.said = format!(
                        "{} injected at {}: {}. Step or play to see each pillar react.",
                        fault_name(kind),
                        clock(now_us),
                        crate::shared::fault_help(kind)
                    );
                } else {
                    for b in self
                        .bands
                        .iter_mut()
                        .filter(|b| b.0 == kind && b.2.is_none())
                    {
                        b.2 = Some(now);
                    }
                    self.said = format!(
                        "{} cleared at {}: requests arriving from now on are healthy.",
                        fault_name(kind),
                        clock(now_us)
                    );
                }
                self.version += 1;
            }
            Action::ToggleText => self.show_text = !self.show_text,
            Action::Logs(f) => self.logs = f,
        }
    }

    /// One sentence on the metrics now.
    pub fn status_text(&self) -> String {
        let t = self.sim.0.borrow();
        match self.history.last() {
            Some(p) => format!(
                "{}: {} requests/s, {} errors, p50 {}, p99 {}.",
                clock(t.now_us()),
                distlab_kit::numfmt::fixed(p.rate, 0),
                crate::shared::percent(p.errors),
                secs(p.p[0]),
                secs(p.p[2])
            ),
            None => clock(t.now_us()),
        }
    }

    /// The slowest kept trace's duration (µs), for tests.
    pub fn slowest_kept_us(&self) -> u64 {
        self.sim
            .0
            .borrow()
            .kept()
            .map(|r| r.duration_us())
            .max()
            .unwrap_or(0)
    }
}

/// The duration text of the slowest kept trace.
pub fn slowest_text(m: &Pillars) -> String {
    ms(m.slowest_kept_us())
}

distlab_kit::controls::reducible_by_apply!(Pillars, Action);

#[cfg(test)]
mod tests {
    use super::*;

    fn model(pairs: &[(&str, &str)]) -> Pillars {
        Pillars::from_options(&WidgetOptions::from_pairs(pairs.iter().copied()))
    }

    #[test]
    fn warm_start_has_healthy_metrics() {
        let m = model(&[]);
        let p = m.latest().unwrap();
        assert!((300.0..700.0).contains(&p.rate), "rate {}", p.rate);
        assert!(p.p[2] < 0.05, "p99 {}", p.p[2]);
        assert_eq!(p.errors, 0.0);
        assert!(!m.p99_alert);
    }

    #[test]
    fn missing_index_raises_p99_not_p50_and_keeps_slow_traces() {
        let mut m = model(&[]);
        m.apply(Action::Fault(0));
        for _ in 0..15 {
            m.apply(Action::Step);
        }
        let p = *m.latest().unwrap();
        assert!(p.p[2] > 1.0, "p99 {}", p.p[2]);
        assert!(p.p[0] < 0.025, "p50 {}", p.p[0]);
        assert!(m.p99_alert);
        assert!(m.slowest_kept_us() > 2_800_000);
        let logs = m.sim.0.borrow().recent_logs();
        assert!(logs
            .iter()
            .all(|l| l.level != distlab_core::observability::telemetry::Level::Error));
        // Clearing it lets p99 fall back once the window has passed.
        m.apply(Action::Fault(0));
        for _ in 0..20 {
            m.apply(Action::Step);
        }
        assert!(!m.p99_alert, "{}", m.said);
        assert_eq!(m.bands.len(), 1);
        assert!(m.bands[0].2.is_some());
    }

    #[test]
    fn error_burst_fires_the_error_alert() {
        let mut m = model(&[("fault", "error-burst")]);
        for _ in 0..12 {
            m.apply(Action::Step);
        }
        assert!(m.latest().unwrap().errors > 0.1);
        assert!(m.error_alert);
    }

    #[test]
    fn options_are_read_and_bad_ones_reported() {
        let m = model(&[("rate", "100000"), ("fault", "meteor")]);
        assert_eq!(m.rps, 500);
        assert_eq!(m.messages.len(), 2);
        assert_eq!(m.active, [false; 4]);
        let m = model(&[("rate", "200"), ("seed", "9"), ("fault", "cache-outage")]);
        assert_eq!((m.rps, m.seed), (200, 9));
        assert!(m.active[1]);
        assert!(m.messages.is_empty());
    }

    #[test]
    fn same_seed_same_run_and_reset_restarts() {
        let mut a = model(&[("seed", "5")]);
        let b = model(&[("seed", "5")]);
        assert_eq!(a.history, b.history);
        a.apply(Action::Fault(1));
        a.apply(Action::Step);
        a.apply(Action::Reset);
        assert_eq!(a.history, b.history);
        assert_eq!(a.active, [false; 4]);
    }
}
