//! `cargo xtask bench cdc` / `cargo xtask bench kubernetes`: the two models of the last
//! posts (benches/core: `src/cdc.rs`, `src/kubernetes.rs`, `src/bin/models.rs`), natively
//! and in headless Chromium: simulated events per second. An event is one step of the
//! model: for CDC a database change carried through both pipelines (dual write and WAL →
//! slot → topic → consumers), for Kubernetes one control-loop event (a watch event handled
//! by the scheduler, a controller or a kubelet). A run whose counts differ between
//! native and wasm fails the command: the models are deterministic.

use super::{core_wasm, median, where_name, Options, Row};
use std::time::Duration;

const EVENTS: &str = "distlab-model-events ";
/// Our goal, events per second in Chromium, for both models: the widgets step a few
/// events a second, so speed matters only when a run is rebuilt at once (a reset and
/// replay, a test driving a long run): a 1,000-event run, a quarter of an hour of a
/// reader's playing, must replay in at most 100 ms.
const GOAL_EVENTS_PER_S: f64 = 10_000.0;

/// What the bench programs printed: model, where, events, fingerprint, ms per run.
pub(super) type Parsed = Vec<(String, String, u64, u64, Vec<f64>)>;

pub(super) fn parse(output: &str) -> Parsed {
    let mut p = Vec::new();
    for line in output.lines() {
        if let Some(f) = super::report_fields(line, EVENTS) {
            if let [m, w, e, fp, t] = f[..] {
                if let (Ok(e), Ok(fp), Some(t)) = (e.parse(), fp.parse(), super::parse_times(t)) {
                    p.push((m.to_string(), w.to_string(), e, fp, t));
                }
            }
        }
    }
    p
}

/// `model` is `cdc` or `kubernetes`.
pub(super) fn stage_native(o: &Options, model: &str) -> Result<String, String> {
    println!();
    println!("== The {model} model natively (release)");
    let runs = o.runs.to_string();
    super::captured(
        &mut super::core_cargo(&[
            "run",
            "--release",
            "--bin",
            "models",
            "--",
            model,
            "--runs",
            &runs,
        ]),
        Duration::from_secs(15 * 60),
    )
}

pub(super) fn stage_wasm(o: &Options, model: &str) -> Result<String, String> {
    println!();
    println!("== The {model} model in headless Chromium (wasm32, +simd128)");
    core_wasm(o, &format!("{model}_model"))
}

pub(super) fn report(p: &Parsed) -> (Vec<Row>, Vec<String>) {
    let mut rows = Vec::new();
    let mut problems = Vec::new();
    for model in ["cdc", "kubernetes"] {
        let runs: Vec<_> = p.iter().filter(|r| r.0 == model).collect();
        if runs.is_empty() {
            continue;
        }
        if runs.iter().any(|r| (r.2, r.3) != (runs[0].2, runs[0].3)) {
            let counts: Vec<_> = runs.iter().map(|r| (&r.1, r.2, r.3)).collect();
            problems.push(format!("{model}: native and wasm runs differ: {counts:?}"));
        }
        println!();
        println!("== {model}: simulated events per second");
        for (_, w, events, _, times) in runs {
            let Some(ms) = median(times) else { continue };
            let per_s = *events as f64 / ms * 1000.0;
            println!(
                "{:<9} {events} events in {ms:.1} ms = {per_s:.0} events/s",
                where_name(w)
            );
            rows.push(Row::per_second(
                &format!("{model} model events/s"),
                w,
                per_s,
                GOAL_EVENTS_PER_S,
                "≥ 10,000",
            ));
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
distlab-model-events cdc native 50000 1234 40.0,42.0
distlab-model-events cdc wasm 50000 1234 100.0
distlab-model-events kubernetes wasm 20000 99 4000.0
junk";
        let p = parse(out);
        assert_eq!(p.len(), 3);
        let (rows, problems) = report(&p);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(rows.len(), 3);
        // cdc in Chromium: 500,000/s, met; kubernetes: 5,000/s, not met.
        assert_eq!(rows[1].met, Some(true));
        assert_eq!(rows[2].met, Some(false));
        let bad = parse(
            "distlab-model-events cdc native 10 7 3.0\ndistlab-model-events cdc wasm 10 8 3.0",
        );
        assert_eq!(report(&bad).1.len(), 1, "differing runs are a problem");
    }
}
