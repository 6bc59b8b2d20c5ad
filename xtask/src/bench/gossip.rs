//! `cargo xtask bench gossip`: the gossip widget's work at 1,000 nodes (benches/core:
//! `src/gossip.rs`, `src/bin/gossip.rs`), natively and in headless Chromium: engine
//! rounds per second, one frame's work (median, p99, max) and 1,000 seeded fast-model
//! runs of N = 1,000. A run whose counts differ between native and wasm fails the command.

use super::{core_wasm, median, where_name, Options, Row};
use std::time::Duration;

const ROUNDS: &str = "distlab-gossip-rounds ";
const FRAME: &str = "distlab-gossip-frame ";
const TRIALS: &str = "distlab-gossip-trials ";
/// Frame p99 goal, µs (performance.md: ≤ 4 ms).
const GOAL_FRAME_P99_US: f64 = 4_000.0;
/// 1,000 trials of N = 1,000, ms in Chromium (performance.md: ≤ 500 ms).
const GOAL_TRIALS_MS: f64 = 500.0;

/// What the bench programs printed.
#[derive(Debug, Clone, PartialEq, Default)]
pub(super) struct Parsed {
    /// where, rounds, events, ms per run
    rounds: Vec<(String, u64, u64, Vec<f64>)>,
    /// where, frames, median, p99, max (µs)
    frames: Vec<(String, u64, f64, f64, f64)>,
    /// where, runs, median rounds, ms per batch
    trials: Vec<(String, u64, u64, Vec<f64>)>,
}

pub(super) fn parse(output: &str) -> Parsed {
    let mut p = Parsed::default();
    for line in output.lines() {
        if let Some(f) = super::report_fields(line, ROUNDS) {
            if let [w, r, e, t] = f[..] {
                if let (Ok(r), Ok(e), Some(t)) = (r.parse(), e.parse(), super::parse_times(t)) {
                    p.rounds.push((w.into(), r, e, t));
                }
            }
        } else if let Some(f) = super::report_fields(line, FRAME) {
            if let [w, n, m, p99, max] = f[..] {
                if let (Ok(n), Ok(m), Ok(p99), Ok(max)) =
                    (n.parse(), m.parse(), p99.parse(), max.parse())
                {
                    p.frames.push((w.into(), n, m, p99, max));
                }
            }
        } else if let Some(f) = super::report_fields(line, TRIALS) {
            if let [w, n, med, t] = f[..] {
                if let (Ok(n), Ok(med), Some(t)) = (n.parse(), med.parse(), super::parse_times(t)) {
                    p.trials.push((w.into(), n, med, t));
                }
            }
        }
    }
    p
}

pub(super) fn stage_native(o: &Options) -> Result<String, String> {
    super::core_native(
        o,
        "Gossip at 1,000 nodes natively (release)",
        "gossip",
        Duration::from_secs(15 * 60),
    )
}

pub(super) fn stage_wasm(o: &Options) -> Result<String, String> {
    println!();
    println!("== Gossip at 1,000 nodes in headless Chromium (wasm32, +simd128)");
    core_wasm(o, "gossip_simulation")
}

pub(super) fn report(p: &Parsed) -> (Vec<Row>, Vec<String>) {
    let mut rows = Vec::new();
    let mut problems = Vec::new();
    if p.rounds.is_empty() && p.frames.is_empty() && p.trials.is_empty() {
        return (rows, problems);
    }
    let runs: Vec<(u64, u64)> = p.rounds.iter().map(|r| (r.1, r.2)).collect();
    if runs.iter().any(|r| *r != runs[0]) {
        problems.push(format!("gossip: native and wasm runs differ: {runs:?}"));
    }
    let trials: Vec<(u64, u64)> = p.trials.iter().map(|t| (t.1, t.2)).collect();
    if trials.iter().any(|t| *t != trials[0]) {
        problems.push(format!("gossip: native and wasm trials differ: {trials:?}"));
    }
    println!();
    println!("== Gossip: 1,000 nodes, push, k = 3, 5% loss, latency 5-50 ticks, 1 s rounds");
    for (w, rounds, events, times) in &p.rounds {
        if let Some(ms) = median(times) {
            println!(
                "{:<9} engine run to full spread: {rounds} rounds, {events} events, {ms:.1} ms = {:.0} rounds/s, {:.2} M events/s",
                where_name(w),
                *rounds as f64 / ms * 1000.0,
                *events as f64 / ms / 1000.0
            );
            rows.push(Row::new(
                &format!("gossip rounds/s at 1,000 nodes ({})", where_name(w)),
                Some(format!("{:.0}", *rounds as f64 / ms * 1000.0)),
                None,
                None,
                "-".into(),
                None,
            ));
        }
    }
    for (w, n, m, p99, max) in &p.frames {
        println!(
            "{:<9} frame (one round + state vector) over {n} frames: median {m:.0} µs, p99 {p99:.0} µs, max {max:.0} µs",
            where_name(w)
        );
        if w == "wasm" {
            rows.push(Row::new(
                "gossip frame p99 at 1,000 nodes (Chromium, without canvas drawing)",
                Some(format!("{:.2} ms", p99 / 1000.0)),
                None,
                None,
                "≤ 4 ms".into(),
                Some(*p99 <= GOAL_FRAME_P99_US),
            ));
        }
    }
    for (w, n, med, times) in &p.trials {
        if let Some(ms) = median(times) {
            println!(
                "{:<9} {n} fast-model runs of N = 1,000, k = 3: {ms:.0} ms (median full spread {med} rounds)",
                where_name(w)
            );
            if w == "wasm" {
                rows.push(Row::new(
                    "gossip 1,000 trials of N = 1,000 (Chromium)",
                    Some(format!("{ms:.0} ms")),
                    None,
                    None,
                    "≤ 500 ms".into(),
                    Some(ms <= GOAL_TRIALS_MS),
                ));
            }
        }
    }
    (rows, problems)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_parsed_and_judged() {
        let out = "\
distlab-gossip-rounds native 9 27000 3.0,4.0,5.0
distlab-gossip-rounds wasm 9 27000 9.0
distlab-gossip-frame wasm 30 500.0 3900.0 4200.0
distlab-gossip-trials wasm 1000 8 450.0,460.0
junk";
        let p = parse(out);
        assert_eq!(p.rounds.len(), 2);
        let (rows, problems) = report(&p);
        assert!(problems.is_empty());
        assert_eq!(rows.iter().filter(|r| r.met == Some(true)).count(), 2);
        let bad = parse(
            "distlab-gossip-rounds native 9 27000 3.0\ndistlab-gossip-rounds wasm 10 27000 3.0",
        );
        assert_eq!(report(&bad).1.len(), 1, "differing runs are a problem");
    }
}
