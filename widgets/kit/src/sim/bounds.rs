//! A shared link (or a `data-scenario`) is input from anyone: a scenario with a billion
//! ticks of latency, ten thousand inputs or a crash at t = 10¹⁸ must not freeze the tab.
//! [`bound_scenario`] clamps every part of a [`Scenario`] the engine owns to [`Bounds`]
//! and says, in words, what it changed; the protocol widget bounds its own config the
//! same way and joins the notes into one line ([`note_line`]).

use distlab_core::sim::{Protocol, Scenario, Time};
use std::ops::RangeInclusive;

/// Limits for the engine's part of a scenario.
#[derive(Debug, Clone, PartialEq)]
pub struct Bounds {
    /// Cluster sizes the widget draws.
    pub nodes: RangeInclusive<usize>,
    /// Longest message latency, ticks.
    pub latency_max: Time,
    /// Highest loss chance, ‰.
    pub loss_max: u16,
    /// Highest duplication chance, ‰.
    pub dup_max: u16,
    /// Most inputs.
    pub inputs_max: usize,
    /// Latest input time, ticks.
    pub input_time_max: Time,
}

impl Default for Bounds {
    fn default() -> Self {
        Bounds {
            nodes: 3..=7,
            latency_max: 500,
            loss_max: 500,
            dup_max: 300,
            inputs_max: 200,
            input_time_max: 200_000,
        }
    }
}

/// Clamp `s` to `b`; one short note per change (empty if nothing changed). Inputs that
/// name a node beyond a reduced cluster are dropped.
pub fn bound_scenario<P: Protocol>(s: &mut Scenario<P>, b: &Bounds) -> Vec<String> {
    let mut notes = Vec::new();
    let (lo, hi) = (*b.nodes.start(), *b.nodes.end());
    if !b.nodes.contains(&s.nodes) {
        let n = s.nodes.clamp(lo, hi);
        notes.push(format!("{} nodes → {n}", s.nodes));
        s.nodes = n;
    }
    let net = &mut s.net;
    if net.latency_max > b.latency_max || net.latency_min > net.latency_max {
        let (a, z) = (net.latency_min, net.latency_max);
        net.latency_max = z.min(b.latency_max).max(1);
        net.latency_min = a.min(net.latency_max);
        notes.push(format!(
            "latency {a}–{z} → {}–{} ticks",
            net.latency_min, net.latency_max
        ));
    }
    if net.loss_permille > b.loss_max {
        notes.push(format!("loss {}‰ → {}‰", net.loss_permille, b.loss_max));
        net.loss_permille = b.loss_max;
    }
    if net.dup_permille > b.dup_max {
        notes.push(format!(
            "duplication {}‰ → {}‰",
            net.dup_permille, b.dup_max
        ));
        net.dup_permille = b.dup_max;
    }
    let n = s.nodes;
    let before = s.inputs.len();
    s.inputs
        .retain(|(t, i)| *t <= b.input_time_max && i.names_nodes_below(n));
    let late = before - s.inputs.len();
    if late > 0 {
        notes.push(format!(
            "{late} input{} after t={} or for missing nodes dropped",
            if late == 1 { "" } else { "s" },
            b.input_time_max
        ));
    }
    if s.inputs.len() > b.inputs_max {
        notes.push(format!(
            "{} inputs → the first {}",
            s.inputs.len(),
            b.inputs_max
        ));
        s.inputs.truncate(b.inputs_max);
    }
    notes
}

/// The notes as one plain line for the widget ("This link was adjusted to stay
/// responsive: …."), or `None` if there are none.
pub fn note_line(what: &str, notes: &[String]) -> Option<String> {
    (!notes.is_empty()).then(|| {
        format!(
            "{what} was adjusted to keep the page responsive: {}.",
            notes.join("; ")
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use distlab_core::raft::Raft;
    use distlab_core::sim::Input;

    #[test]
    fn a_hostile_scenario_is_bounded_and_said() {
        let mut s =
            Scenario::<Raft>::decode("v1~n7~l1-4000000000~x900~s1~c150-300-50~t5.k2~t999999999.k1")
                .expect("decodes");
        let notes = bound_scenario(&mut s, &Bounds::default());
        assert_eq!(s.net.latency_max, 500);
        assert_eq!(s.net.loss_permille, 500);
        assert_eq!(s.inputs.len(), 1);
        assert_eq!(notes.len(), 3, "{notes:?}");
        let line = note_line("This link", &notes).expect("a line");
        assert!(
            line.contains("latency 1–4000000000 → 1–500 ticks"),
            "{line}"
        );
        let mut fine = Scenario::<Raft>::new(5, 1);
        assert!(bound_scenario(&mut fine, &Bounds::default()).is_empty());
        let mut big = Scenario::<Raft>::new(30, 1);
        big.inputs = (0..500).map(|t| (t, Input::Crash(1))).collect();
        big.inputs.push((600, Input::Crash(20)));
        let notes = bound_scenario(&mut big, &Bounds::default());
        assert_eq!((big.nodes, big.inputs.len()), (7, 200));
        assert_eq!(notes.len(), 3, "{notes:?}");
    }

    #[test]
    fn any_scenario_ends_within_bounds() {
        let mut r = crate::rng::SplitMix64::new(5);
        let b = Bounds::default();
        for _ in 0..500 {
            let mut s = Scenario::<Raft>::new(1 + r.below(36), r.next_u64());
            s.net.latency_max = r.next_u64() >> r.below(64);
            s.net.latency_min = r.next_u64() >> r.below(64);
            s.net.loss_permille = r.below(1001) as u16;
            s.net.dup_permille = r.below(1001) as u16;
            for _ in 0..r.below(400) {
                let node = r.below(40);
                s.inputs
                    .push((r.next_u64() >> r.below(64), Input::Crash(node)));
            }
            let notes = bound_scenario(&mut s, &b);
            assert!(b.nodes.contains(&s.nodes));
            assert!(s.net.latency_min <= s.net.latency_max && s.net.latency_max <= b.latency_max);
            assert!(s.net.loss_permille <= b.loss_max && s.net.dup_permille <= b.dup_max);
            assert!(s.inputs.len() <= b.inputs_max);
            assert!(s
                .inputs
                .iter()
                .all(|(t, i)| *t <= b.input_time_max && i.names_nodes_below(s.nodes)));
            // Bounding twice changes nothing more.
            assert!(bound_scenario(&mut s, &b).is_empty(), "{notes:?}");
        }
    }
}
