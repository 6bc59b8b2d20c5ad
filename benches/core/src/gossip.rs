//! The gossip benchmark (`cargo xtask bench gossip`): what the gossip widget does at its
//! largest, timed natively and in Chromium.
//!
//! - **rounds**: one engine round at 1,000 nodes (push, k = 3, 5 % loss) from the start
//!   until everyone knows, every message an event: rounds per second and events per
//!   second (`distlab-gossip-rounds <where> <rounds> <events> <ms per run,…>`).
//! - **frame**: the widget's work per animation frame at 1,000 nodes: one round plus the
//!   per-node state vector the canvas draws from (the canvas drawing itself is not in
//!   it), each frame timed alone: median, p99, max in µs
//!   (`distlab-gossip-frame <where> <frames> <median> <p99> <max>`).
//! - **trials**: the summary the widget computes on every setting change, scaled to
//!   1,000 seeded fast-model runs of N = 1,000, k = 3
//!   (`distlab-gossip-trials <where> <runs> <median rounds> <ms,…>`).

use distlab_core::gossip::rounds::trials;
use distlab_core::gossip::{GossipConfig, GossipRun, Mode, Spread};

const SPREAD: Spread = Spread {
    nodes: 1000,
    fanout: 3,
    mode: Mode::Push,
    loss_permille: 50,
    dead: 0,
};

/// One engine run to full spread: (rounds, events).
pub fn engine_run(seed: u64) -> (u64, u64) {
    let mut r = GossipRun::new(&SPREAD, GossipConfig::default(), (5, 50), seed);
    while !r.done() && r.round() < 100 {
        r.next_round();
    }
    (u64::from(r.round()), r.world().steps())
}

/// Run everything, printing report lines with `print`.
pub fn run(where_: &str, now: &dyn Fn() -> f64, runs: usize, print: impl Fn(&str)) {
    // Rounds: whole runs, seeds 0.., timed one by one.
    let (rounds, events) = engine_run(0);
    let mut times = Vec::new();
    for _ in 0..runs.max(1) {
        let t = now();
        let (r, e) = engine_run(0);
        times.push(now() - t);
        assert_eq!(
            (r, e),
            (rounds, events),
            "the same seed must give the same run"
        );
    }
    print(&format!(
        "distlab-gossip-rounds {where_} {rounds} {events} {}",
        crate::join_times(&times)
    ));

    // Frames: each round of several runs, with the state vector, timed alone.
    let mut frames = Vec::new();
    for seed in 0..(runs.max(1) as u64 * 3) {
        let mut r = GossipRun::new(&SPREAD, GossipConfig::default(), (5, 50), seed);
        while !r.done() && r.round() < 100 {
            let t = now();
            r.next_round();
            let states: Vec<u8> = r
                .world()
                .nodes()
                .iter()
                .map(|n| n.as_ref().map_or(3, |n| u8::from(n.informed())))
                .collect();
            std::hint::black_box(&states);
            frames.push((now() - t) * 1000.0);
        }
    }
    frames.sort_by(f64::total_cmp);
    let pick =
        |q: f64| frames[((frames.len() as f64 * q).ceil() as usize).clamp(1, frames.len()) - 1];
    print(&format!(
        "distlab-gossip-frame {where_} {} {:.1} {:.1} {:.1}",
        frames.len(),
        pick(0.5),
        pick(0.99),
        pick(1.0)
    ));

    // Trials: 1,000 fast-model runs, the same seeds every time.
    let s = Spread {
        loss_permille: 0,
        ..SPREAD
    };
    let mut times = Vec::new();
    let mut median = 0;
    for _ in 0..runs.max(1) {
        let t = now();
        let tr = trials(&s, 1, 1000);
        times.push(now() - t);
        median = tr.full_quantile(0.5).unwrap_or(0);
    }
    print(&format!(
        "distlab-gossip-trials {where_} 1000 {median} {}",
        crate::join_times(&times)
    ));
}
