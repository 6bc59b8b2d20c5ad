//! # The phi-accrual failure detector
//!
//! A heartbeat timeout answers "dead or alive?" with a fixed cut-off, and so it is either
//! slow (a long timeout) or jumpy (a short one). The phi-accrual detector (Hayashibara,
//! Défago, Yared and Katayama, 2004) answers with a *suspicion level* instead:
//!
//! ```text
//!   φ(t) = −log₁₀( P(the next heartbeat arrives later than t after the last one) )
//! ```
//!
//! where the probability comes from the intervals between the heartbeats seen so far.
//! φ = 1 means "a gap this long happens one time in 10", φ = 8 "one time in 10⁸". The
//! application picks a threshold; both Akka and Cassandra default to **8**. φ keeps rising
//! while no heartbeat comes, and falls back to 0 the moment one does.
//!
//! Two published ways to get that probability, both here ([`PhiModel`]):
//!
//! - **Normal** — Akka's `PhiAccrualFailureDetector`
//!   (`akka-remote/src/main/scala/akka/remote/PhiAccrualFailureDetector.scala`): the
//!   intervals are taken as normally distributed with the window's mean and standard
//!   deviation, the standard deviation floored at `min_std_dev`, and the mean raised by an
//!   `acceptable_pause` the detector forgives. The normal tail is computed with the
//!   logistic approximation Akka uses, `1 / (1 + e^{−y(1.5976 + 0.070566 y²)})`.
//! - **Exponential** — Cassandra's `FailureDetector.ArrivalWindow`
//!   (`src/java/org/apache/cassandra/gms/FailureDetector.java`): the intervals are taken as
//!   exponentially distributed, whose tail is `e^{−t/mean}`, so
//!   `φ = t / (mean · ln 10)` — a straight line in `t`. Cassandra seeds the window with
//!   one large interval (twice the gossip interval) so that a new peer is not convicted
//!   before anything is known, and ignores gaps longer than a maximum.
//!
//! Invariants: φ is never negative or NaN; with no heartbeat yet it is 0 (nothing is known,
//! nothing is suspected); it does not decrease while time passes without a heartbeat.

use crate::sim::Time;
use std::collections::VecDeque;

/// How the detector turns the gap since the last heartbeat into φ.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum PhiModel {
    /// Akka: normal distribution of intervals.
    Normal {
        /// Floor for the standard deviation (ticks), so a perfectly regular history does
        /// not make the smallest delay look like a death.
        min_std_dev: f64,
        /// Pause the detector forgives (ticks), added to the mean.
        acceptable_pause: f64,
    },
    /// Cassandra: exponential distribution of intervals.
    Exponential,
}

/// The heartbeat history one node keeps about one peer: the last arrival and a sliding
/// window of the intervals between arrivals, with running sums for mean and variance.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ArrivalWindow {
    last: Option<Time>,
    intervals: VecDeque<u64>,
    sum: f64,
    sum_sq: f64,
    capacity: usize,
}

impl ArrivalWindow {
    /// An empty window keeping the last `capacity` intervals (at least 1). Akka and
    /// Cassandra both keep 1,000.
    pub fn new(capacity: usize) -> Self {
        ArrivalWindow {
            capacity: capacity.max(1),
            ..Default::default()
        }
    }

    /// A window seeded with one interval, as Cassandra seeds a new peer's, for a peer
    /// known (from the membership list) since `known_at`: that counts as its first
    /// heartbeat, so a peer that never sends one is still suspected in time.
    pub fn seeded(capacity: usize, interval: u64, known_at: Time) -> Self {
        let mut w = Self::new(capacity);
        w.push_interval(interval);
        w.last = Some(known_at);
        w
    }

    fn push_interval(&mut self, dt: u64) {
        if self.intervals.len() == self.capacity {
            if let Some(old) = self.intervals.pop_front() {
                self.sum -= old as f64;
                self.sum_sq -= (old as f64) * (old as f64);
            }
        }
        self.intervals.push_back(dt);
        self.sum += dt as f64;
        self.sum_sq += (dt as f64) * (dt as f64);
    }

    /// A heartbeat arrived at `now`. The interval since the previous one joins the window
    /// (intervals above `max_interval`, if given, are left out, as Cassandra does).
    pub fn heartbeat(&mut self, now: Time, max_interval: Option<u64>) {
        if let Some(last) = self.last {
            let dt = now.saturating_sub(last);
            if max_interval.is_none_or(|m| dt <= m) {
                self.push_interval(dt);
            }
        }
        self.last = Some(now);
    }

    /// When the last heartbeat arrived.
    pub fn last(&self) -> Option<Time> {
        self.last
    }

    /// Intervals in the window.
    pub fn len(&self) -> usize {
        self.intervals.len()
    }

    /// Whether the window holds no interval yet.
    pub fn is_empty(&self) -> bool {
        self.intervals.is_empty()
    }

    /// Mean interval (ticks), 0 for an empty window.
    pub fn mean(&self) -> f64 {
        if self.intervals.is_empty() {
            0.0
        } else {
            self.sum / self.intervals.len() as f64
        }
    }

    /// Population standard deviation of the intervals (ticks).
    pub fn std_dev(&self) -> f64 {
        let n = self.intervals.len() as f64;
        if n == 0.0 {
            return 0.0;
        }
        let mean = self.sum / n;
        (self.sum_sq / n - mean * mean).max(0.0).sqrt()
    }

    /// φ at time `now` under `model`: 0 until a heartbeat and an interval are known.
    pub fn phi(&self, now: Time, model: PhiModel) -> f64 {
        let (Some(last), false) = (self.last, self.intervals.is_empty()) else {
            return 0.0;
        };
        let gap = now.saturating_sub(last) as f64;
        let v = match model {
            PhiModel::Normal {
                min_std_dev,
                acceptable_pause,
            } => phi_normal(
                gap,
                self.mean() + acceptable_pause,
                self.std_dev().max(min_std_dev),
            ),
            PhiModel::Exponential => phi_exponential(gap, self.mean()),
        };
        if v.is_finite() {
            v.max(0.0)
        } else if v.is_nan() {
            0.0
        } else {
            f64::MAX
        }
    }
}

/// Akka's φ: `−log10` of the normal tail beyond `gap`, by the logistic approximation.
///
/// Computed in the form that keeps precision on both sides of the mean, as Akka does:
/// for `gap > mean` the tail is `e / (1 + e)`, otherwise `1 − 1 / (1 + e)`.
pub fn phi_normal(gap: f64, mean: f64, std_dev: f64) -> f64 {
    let sd = if std_dev > 0.0 {
        std_dev
    } else {
        f64::MIN_POSITIVE
    };
    let y = (gap - mean) / sd;
    let e = (-y * (1.5976 + 0.070566 * y * y)).exp();
    if gap > mean {
        -(e / (1.0 + e)).log10()
    } else {
        -(1.0 - 1.0 / (1.0 + e)).log10()
    }
}

/// Cassandra's φ: `gap / (mean · ln 10)`, the `−log10` of the exponential tail.
pub fn phi_exponential(gap: f64, mean: f64) -> f64 {
    if mean <= 0.0 {
        return 0.0;
    }
    gap / (mean * std::f64::consts::LN_10)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exponential_is_the_log_of_the_tail() {
        // A gap of one mean: tail e^-1, φ = log10(e) ≈ 0.4343.
        assert!((phi_exponential(1000.0, 1000.0) - std::f64::consts::LOG10_E).abs() < 1e-12);
        // φ = 8 is reached after 8·ln10 ≈ 18.42 means.
        assert!((phi_exponential(18_420.68, 1000.0) - 8.0).abs() < 1e-3);
    }

    #[test]
    fn normal_is_half_at_the_mean_and_rises() {
        // At the mean the tail is 1/2: φ = log10 2.
        assert!((phi_normal(1000.0, 1000.0, 100.0) - 2f64.log10()).abs() < 1e-9);
        let mut prev = 0.0;
        for gap in (0..3000).step_by(50) {
            let p = phi_normal(gap as f64, 1000.0, 100.0);
            assert!(p >= prev, "phi must not fall as the gap grows");
            prev = p;
        }
        // Two standard deviations out, the true normal tail is 0.02275 (φ ≈ 1.643); the
        // logistic approximation is within a few per cent of it.
        assert!((phi_normal(1200.0, 1000.0, 100.0) - 1.643).abs() < 0.05);
    }

    #[test]
    fn window_slides_and_phi_resets_on_heartbeat() {
        let mut w = ArrivalWindow::new(3);
        assert_eq!(w.phi(5000, PhiModel::Exponential), 0.0);
        for t in [0, 100, 300, 600, 1000] {
            w.heartbeat(t, None);
        }
        // Intervals 100, 200, 300, 400; the window keeps the last three.
        assert_eq!(w.len(), 3);
        assert!((w.mean() - 300.0).abs() < 1e-9);
        assert!(w.phi(3000, PhiModel::Exponential) > w.phi(2000, PhiModel::Exponential));
        w.heartbeat(3000, Some(1000)); // a 2000-tick gap is over the maximum: ignored
        assert_eq!(w.len(), 3);
        assert_eq!(w.phi(3000, PhiModel::Exponential), 0.0);
    }
}
