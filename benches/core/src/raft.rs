//! Raft simulation speed: a fixed 5-node workload (client writes, message loss and
//! duplication, rotating partitions), run by `distlab_core::sim::World`.
//!
//! Report lines:
//!
//! ```text
//! distlab-raft <where> <case> <deliveries> <events> <digest> <ms,…>
//! distlab-raft-frame <where> <ticks per frame> <frames> <µs per frame: median> <p99> <max>
//! ```
//!
//! - `case`: `props-off` (engine + protocol alone: no properties, no trace digest),
//!   `props-on` (the five properties checked after every step, as the tests and the widget
//!   do), `widget` (properties on and the trace digest too, which the widget keeps on);
//! - `deliveries`: message deliveries in the run (the `Deliver` events); `events`: every
//!   step (deliveries, drops, timers, inputs); `digest`: the trace digest of the run with
//!   tracing on (the same for every case and target, or the runs differ).

use crate::join_times;
use distlab_core::raft::{Command, Raft, PROPERTIES};
use distlab_core::sim::{
    check_properties, Event, Input, NetConfig, Scenario, Time, Timeline, World,
};

/// Simulated ticks of the workload.
pub const HORIZON: Time = 60_000;
/// Nodes.
pub const NODES: usize = 5;

/// The workload: 5 nodes, latency 10–30 ticks, 5 % loss, 1 % duplication, reordering;
/// a client write every 4 ticks to the nodes in turn (the non-leaders redirect); every
/// 3,000 ticks two nodes (rotating) are cut off for 1,000 ticks, then healed.
pub fn workload(horizon: Time) -> Scenario<Raft> {
    let mut inputs = Vec::new();
    let mut t = 0;
    let mut k = 0u32;
    while t + 4 < horizon {
        t += 4;
        k += 1;
        inputs.push((
            t,
            Input::Client {
                node: k as usize % NODES,
                request: Command::Set {
                    key: b'a' + (k % 26) as u8,
                    value: k,
                },
            },
        ));
        if t % 3_000 == 0 {
            let r = (t / 3_000) as usize;
            let cut = vec![r % NODES, (r + 1) % NODES];
            let rest = (0..NODES).filter(|n| !cut.contains(n)).collect();
            inputs.push((t, Input::Partition(vec![cut, rest])));
        }
        if t % 3_000 == 1_000 && t > 1_000 {
            inputs.push((t, Input::Heal));
        }
    }
    Scenario {
        nodes: NODES,
        net: NetConfig {
            latency_min: 10,
            latency_max: 30,
            loss_permille: 50,
            dup_permille: 10,
            reorder: true,
        },
        config: Default::default(),
        seed: 42,
        inputs,
    }
}

/// What a run did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Counts {
    /// `Deliver` events.
    pub deliveries: u64,
    /// Every step.
    pub events: u64,
}

/// Runs `world` until its time reaches `until` (the step that gets there included), counting; `props`: check the five after every step.
/// Panics on a violation (the bench must not time a broken run).
pub fn run_until(world: &mut World<Raft>, until: Time, props: bool) -> Counts {
    let mut c = Counts {
        deliveries: 0,
        events: 0,
    };
    while world.now() < until {
        let Some(step) = world.step() else { break };
        c.events += 1;
        if matches!(step.event, Event::Deliver { .. }) {
            c.deliveries += 1;
        }
        if props {
            if let Err(v) = check_properties(world, &PROPERTIES) {
                panic!("benchmark workload broke a property: {v}");
            }
        }
    }
    c
}

/// One full run of the workload; returns its counts and trace digest (hex).
pub fn full_run(scenario: &Scenario<Raft>, props: bool, trace: bool) -> (Counts, String) {
    let mut w = World::new(scenario);
    w.set_tracing(trace);
    let c = run_until(&mut w, HORIZON, props);
    let d: String = if trace {
        w.digest().iter().map(|b| format!("{b:02x}")).collect()
    } else {
        String::new()
    };
    (c, d)
}

/// The three cases, timed in turns over `runs` runs after one warm-up each.
pub fn run(where_: &str, now: &dyn Fn() -> f64, runs: usize, mut out: impl FnMut(String)) {
    let scenario = workload(HORIZON);
    // The digest, from a traced run (the timed cases without tracing compute no digest).
    let (traced, digest) = full_run(&scenario, false, true);
    let cases: [(&str, bool, bool); 3] = [
        ("props-off", false, false),
        ("props-on", true, false),
        ("widget", true, true),
    ];
    let mut times = vec![Vec::new(); cases.len()];
    let mut counts = vec![traced; cases.len()];
    for round in 0..=runs {
        for (i, &(_, props, trace)) in cases.iter().enumerate() {
            let t = now();
            let (c, _) = full_run(&scenario, props, trace);
            let ms = now() - t;
            counts[i] = c;
            if round > 0 {
                times[i].push(ms);
            }
        }
    }
    for (i, (name, _, _)) in cases.iter().enumerate() {
        let c = counts[i];
        // A run that differs from the traced one (other counts) is a broken benchmark.
        let d = if c == traced {
            digest.as_str()
        } else {
            "MISMATCH"
        };
        out(format!(
            "distlab-raft {where_} {name} {} {} {d} {}",
            c.deliveries,
            c.events,
            join_times(&times[i])
        ));
    }
    frame(where_, now, &scenario, &mut out);
}

/// Simulated ticks per animation frame assumed: 16 (a 60 Hz frame at 1 tick = 1 ms, i.e.
/// the simulation shown in real time — faster than a reader follows; slower speeds do less).
pub const FRAME_TICKS: Time = 16;

/// The work of one animation frame, as a widget does it: a [`Timeline`] (checkpoints every
/// 256 steps), trace digest on, the five properties after every step, advancing
/// [`FRAME_TICKS`] of simulated time; measured for every frame from t = 10,000 to 20,000.
pub fn frame(
    where_: &str,
    now: &dyn Fn() -> f64,
    scenario: &Scenario<Raft>,
    out: &mut impl FnMut(String),
) {
    let mut tl = Timeline::new(scenario.clone());
    let start: Time = 10_000;
    let end: Time = 20_000;
    while tl.world().now() < start {
        if tl.step().is_none() {
            break;
        }
    }
    let mut us = Vec::new();
    let mut target = start;
    while target < end {
        target += FRAME_TICKS;
        let t = now();
        while tl.world().now() < target {
            if tl.step().is_none() {
                break;
            }
            if let Err(v) = check_properties(tl.world(), &PROPERTIES) {
                panic!("benchmark workload broke a property: {v}");
            }
        }
        us.push((now() - t) * 1e3);
    }
    // A checkpoint (every 256 steps) is a clone of the world: what does one cost here?
    let mut clone_us = Vec::new();
    for _ in 0..51 {
        let t = now();
        let w = std::hint::black_box(tl.world().clone());
        clone_us.push((now() - t) * 1e3);
        drop(w);
    }
    clone_us.sort_by(f64::total_cmp);
    out(format!(
        "distlab-raft-clone {where_} {} {:.2}",
        tl.world().steps(),
        clone_us[clone_us.len() / 2]
    ));
    let over = us.iter().filter(|&&u| u > 1e3).count();
    out(format!("distlab-raft-slow {where_} {over}"));
    us.sort_by(f64::total_cmp);
    let pick = |q: f64| us[((us.len() - 1) as f64 * q) as usize];
    out(format!(
        "distlab-raft-frame {where_} {FRAME_TICKS} {} {:.2} {:.2} {:.2}",
        us.len(),
        pick(0.5),
        pick(0.99),
        pick(1.0)
    ));
}
