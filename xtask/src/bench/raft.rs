//! `cargo xtask bench raft`: the Raft simulation's speed (benches/core: `src/raft.rs`,
//! `src/bin/raft.rs`), natively and in headless Chromium: message deliveries and events per
//! second on a fixed 5-node workload with the properties off and on, one animation frame's
//! work, allocations per delivery (native, counting allocator) and the 10,000-seed sweep.
//!
//! A run whose counts differ from the traced run, or whose trace digest differs between
//! native and wasm, fails the command.

use super::{core_wasm, median, Options, Row};
use std::time::Duration;

const RUN: &str = "distlab-raft ";
const FRAME: &str = "distlab-raft-frame ";
const ALLOC: &str = "distlab-raft-alloc ";
const SWEEP: &str = "distlab-raft-sweep ";
const CLONE: &str = "distlab-raft-clone ";
const SLOW: &str = "distlab-raft-slow ";
const GOAL_NATIVE: f64 = 5e6;
const GOAL_WASM: f64 = 2e6;
const GOAL_FRAME_US: f64 = 1_000.0;

#[derive(Debug, Clone, PartialEq)]
pub(super) struct RunLine {
    where_: String,
    case: String,
    deliveries: u64,
    events: u64,
    digest: String,
    times: Vec<f64>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub(super) struct Parsed {
    runs: Vec<RunLine>,
    /// where, ticks, frames, median, p99, max (µs)
    frames: Vec<(String, u64, u64, f64, f64, f64)>,
    /// where, case, deliveries, allocations, bytes
    allocs: Vec<(String, String, u64, u64, u64)>,
    /// seeds, threads, steps, ms
    sweeps: Vec<(u64, u64, u64, f64)>,
    /// where, at step, µs of one World clone (a Timeline checkpoint)
    clones: Vec<(String, u64, f64)>,
    /// where, frames over 1 ms
    slow: Vec<(String, u64)>,
}

pub(super) fn parse(output: &str) -> Parsed {
    let mut p = Parsed::default();
    for line in output.lines() {
        if let Some(f) = super::report_fields(line, RUN) {
            if let [w, case, d, e, digest, times] = f[..] {
                if let (Ok(d), Ok(e), Some(times)) =
                    (d.parse(), e.parse(), super::parse_times(times))
                {
                    p.runs.push(RunLine {
                        where_: w.into(),
                        case: case.into(),
                        deliveries: d,
                        events: e,
                        digest: digest.into(),
                        times,
                    });
                }
            }
        } else if let Some(f) = super::report_fields(line, FRAME) {
            if let [w, t, n, a, b, c] = f[..] {
                if let (Ok(t), Ok(n), Ok(a), Ok(b), Ok(c)) =
                    (t.parse(), n.parse(), a.parse(), b.parse(), c.parse())
                {
                    p.frames.push((w.into(), t, n, a, b, c));
                }
            }
        } else if let Some(f) = super::report_fields(line, ALLOC) {
            if let [w, case, d, a, b] = f[..] {
                if let (Ok(d), Ok(a), Ok(b)) = (d.parse(), a.parse(), b.parse()) {
                    p.allocs.push((w.into(), case.into(), d, a, b));
                }
            }
        } else if let Some(f) = super::report_fields(line, CLONE) {
            if let [w, st, us] = f[..] {
                if let (Ok(st), Ok(us)) = (st.parse(), us.parse()) {
                    p.clones.push((w.into(), st, us));
                }
            }
        } else if let Some(f) = super::report_fields(line, SLOW) {
            if let [w, n] = f[..] {
                if let Ok(n) = n.parse() {
                    p.slow.push((w.into(), n));
                }
            }
        } else if let Some(f) = super::report_fields(line, SWEEP) {
            if let [_, s, t, st, ms] = f[..] {
                if let (Ok(s), Ok(t), Ok(st), Ok(ms)) =
                    (s.parse(), t.parse(), st.parse(), ms.parse())
                {
                    p.sweeps.push((s, t, st, ms));
                }
            }
        }
    }
    p
}

pub(super) fn stage_native(o: &Options) -> Result<String, String> {
    super::core_native(
        o,
        "Raft simulation natively (release; includes the 10,000-seed sweep)",
        "raft",
        Duration::from_secs(30 * 60),
    )
}

pub(super) fn stage_wasm(o: &Options) -> Result<String, String> {
    println!();
    println!("== Raft simulation in headless Chromium (wasm32, +simd128)");
    core_wasm(o, "raft_simulation")
}

fn where_name(w: &str) -> &'static str {
    match w {
        "wasm" => "Chromium",
        "native-cpu" => "native, CPU time",
        _ => "native",
    }
}

fn case_name(c: &str) -> &'static str {
    match c {
        "props-off" => "properties off, no trace",
        "props-on" => "5 properties after every step",
        "widget" => "properties + trace digest",
        _ => "?",
    }
}

fn rate(x: f64) -> String {
    if x >= 1e6 {
        format!("{:.2} M", x / 1e6)
    } else {
        format!("{:.0} k", x / 1e3)
    }
}

pub(super) fn report(p: &Parsed) -> (Vec<Row>, Vec<String>) {
    let mut problems = Vec::new();
    let mut rows = Vec::new();
    if p.runs.is_empty() && p.sweeps.is_empty() {
        return (rows, problems);
    }
    let digests: Vec<&str> = p.runs.iter().map(|r| r.digest.as_str()).collect();
    if digests.iter().any(|d| *d != digests[0]) {
        problems.push(format!(
            "raft: runs differ (trace digests or counts): {}",
            p.runs
                .iter()
                .map(|r| format!("{} {} {}", r.where_, r.case, r.digest))
                .collect::<Vec<_>>()
                .join("; ")
        ));
    }
    println!();
    println!(
        "== Raft simulation: 5 nodes, 60,000 ticks, client write every 4 ticks, 5% loss, 1% dup, rotating partitions"
    );
    println!(
        "{:<9} {:<32} {:>10} {:>9} {:>9} {:>12} {:>12} {:>8} {:>12}",
        "where",
        "case",
        "deliveries",
        "events",
        "median ms",
        "deliveries/s",
        "events/s",
        "best ms",
        "best deliv/s"
    );
    for r in &p.runs {
        let Some(ms) = median(&r.times) else { continue };
        let best = r.times.iter().copied().fold(f64::INFINITY, f64::min);
        println!(
            "{:<9} {:<32} {:>10} {:>9} {:>9.1} {:>12} {:>12} {:>8.1} {:>12}",
            where_name(&r.where_),
            case_name(&r.case),
            r.deliveries,
            r.events,
            ms,
            rate(r.deliveries as f64 / (ms / 1e3)),
            rate(r.events as f64 / (ms / 1e3)),
            best,
            rate(r.deliveries as f64 / (best / 1e3)),
        );
        let goal = if r.where_ == "wasm" {
            GOAL_WASM
        } else {
            GOAL_NATIVE
        };
        if r.case != "widget" {
            let d = r.deliveries as f64 / (ms / 1e3);
            rows.push(Row::new(
                &format!("Raft deliveries/s, {}, {}", where_name(&r.where_), r.case),
                Some(format!(
                    "{}/s (best {})",
                    rate(d),
                    rate(r.deliveries as f64 / (best / 1e3))
                )),
                None,
                None,
                format!("≥ {}/s", rate(goal)),
                Some(d >= goal),
            ));
        }
    }
    if let Some(d) = p.runs.first() {
        println!("trace digest (every case, every target): {}", d.digest);
    }
    for (w, ticks, n, med, p99, max) in &p.frames {
        let slow = p.slow.iter().find(|s| s.0 == *w).map_or(0, |s| s.1);
        println!(
            "{:<16} one frame = {ticks} ticks, Timeline + properties + trace, {n} frames: median {med:.1} µs, p99 {p99:.1} µs, max {max:.1} µs; {slow} over 1 ms",
            where_name(w)
        );
        rows.push(Row::new(
            &format!("Raft frame ({ticks} ticks) median, {}", where_name(w)),
            Some(format!("{med:.0} µs")),
            None,
            None,
            format!("< {GOAL_FRAME_US:.0} µs"),
            Some(*med < GOAL_FRAME_US),
        ));
        rows.push(Row::new(
            &format!("Raft frame ({ticks} ticks) p99, {}", where_name(w)),
            Some(format!("{p99:.0} µs")),
            None,
            None,
            format!("< {GOAL_FRAME_US:.0} µs"),
            Some(*p99 < GOAL_FRAME_US),
        ));
    }
    for (w, step, us) in &p.clones {
        println!(
            "{:<16} one Timeline checkpoint (World clone) at step {step}: {us:.1} µs",
            where_name(w)
        );
    }
    for (w, case, d, a, b) in &p.allocs {
        let per = *a as f64 / (*d).max(1) as f64;
        println!(
            "{:<9} steady state (t 20,000..60,000), {}: {a} allocations, {:.1} MB, per delivery {per:.2} allocations / {:.0} B",
            where_name(w),
            case_name(case),
            *b as f64 / 1e6,
            *b as f64 / (*d).max(1) as f64
        );
        rows.push(Row::new(
            &format!("Raft allocations/delivery, {}, {case}", where_name(w)),
            Some(format!("{per:.2}")),
            None,
            None,
            "0".into(),
            Some(*a == 0),
        ));
    }
    for (seeds, threads, steps, ms) in &p.sweeps {
        println!(
            "native    {seeds}-seed sweep (3,000 steps each, properties every step) on {threads} thread(s): {steps} steps in {:.2} s ({}/s steps)",
            ms / 1e3,
            rate(*steps as f64 / (ms / 1e3))
        );
        rows.push(Row::new(
            &format!("Raft {seeds}-seed sweep, {threads} thread(s)"),
            Some(format!("{:.2} s", ms / 1e3)),
            None,
            None,
            "-".into(),
            None,
        ));
    }
    (rows, problems)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_parse() {
        let out = "distlab-raft native props-off 100 200 ab 1.0,2.0,3.0\n\
                   distlab-raft-frame native 16 625 10.5 20.5 30.5\n\
                   distlab-raft-alloc native props-on 100 0 0\n\
                   distlab-raft-sweep native 10000 2 300 1500.0\n\
                   distlab-raft wasm props-off 100 200 cd 4.0";
        let p = parse(out);
        assert_eq!(p.runs.len(), 2);
        assert_eq!(p.frames.len(), 1);
        assert_eq!(p.allocs.len(), 1);
        assert_eq!(p.sweeps.len(), 1);
        let (rows, problems) = report(&p);
        assert_eq!(problems.len(), 1, "digests differ");
        assert_eq!(rows[0].met, Some(false)); // 100 per 2 ms = 50 k/s
    }
}
