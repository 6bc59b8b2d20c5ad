//! `cargo xtask bench observability`: the URL-shortener model with all three pillars
//! produced for every request (benches/core: `src/observability.rs`,
//! `src/bin/observability.rs`), natively and in headless Chromium: simulated requests per
//! second, each turned into its spans and JSON log lines, with the metric panels and the
//! exposition text computed every 100 ms of simulated time. A run whose counts differ
//! between native and wasm fails the command.

use super::{core_wasm, median, where_name, Options, Row};
use std::time::Duration;

const REQUESTS: &str = "distlab-obs-requests ";
/// Our goal, requests per second in Chromium: the widget at its fastest simulates
/// 2,000 requests a second, and that should take at most a tenth of one core.
const GOAL_REQUESTS_PER_S: f64 = 20_000.0;

/// What the bench programs printed: where, requests, spans, log bytes, ms per run.
pub(super) type Parsed = Vec<(String, u64, u64, u64, Vec<f64>)>;

pub(super) fn parse(output: &str) -> Parsed {
    let mut p = Vec::new();
    for line in output.lines() {
        if let Some(f) = super::report_fields(line, REQUESTS) {
            if let [w, r, s, b, t] = f[..] {
                if let (Ok(r), Ok(s), Ok(b), Some(t)) =
                    (r.parse(), s.parse(), b.parse(), super::parse_times(t))
                {
                    p.push((w.to_string(), r, s, b, t));
                }
            }
        }
    }
    p
}

pub(super) fn stage_native(o: &Options) -> Result<String, String> {
    super::core_native(
        o,
        "Observability pillars natively (release)",
        "observability",
        Duration::from_secs(15 * 60),
    )
}

pub(super) fn stage_wasm(o: &Options) -> Result<String, String> {
    println!();
    println!("== Observability pillars in headless Chromium (wasm32, +simd128)");
    core_wasm(o, "observability_pillars")
}

pub(super) fn report(p: &Parsed) -> (Vec<Row>, Vec<String>) {
    let mut rows = Vec::new();
    let mut problems = Vec::new();
    if p.is_empty() {
        return (rows, problems);
    }
    let counts: Vec<(u64, u64, u64)> = p.iter().map(|r| (r.1, r.2, r.3)).collect();
    if counts.iter().any(|c| *c != counts[0]) {
        problems.push(format!(
            "observability: native and wasm runs differ: {counts:?}"
        ));
    }
    println!();
    println!("== Observability: 60 s at 2,000 req/s, missing index for 20 s, 100 ms steps");
    for (w, requests, spans, bytes, times) in p {
        let Some(ms) = median(times) else { continue };
        let per_s = *requests as f64 / ms * 1000.0;
        println!(
            "{:<9} {requests} requests, {spans} spans, {:.1} MB of JSON logs in {ms:.0} ms = {per_s:.0} requests/s",
            where_name(w),
            *bytes as f64 / 1e6
        );
        rows.push(Row::per_second(
            "observability requests/s, all pillars",
            w,
            per_s,
            GOAL_REQUESTS_PER_S,
            "≥ 20,000",
        ));
    }
    (rows, problems)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_parsed_and_judged() {
        let out = "\
distlab-obs-requests native 119671 604358 35215696 400.0,420.0
distlab-obs-requests wasm 119671 604358 35215696 1000.0
junk";
        let p = parse(out);
        assert_eq!(p.len(), 2);
        let (rows, problems) = report(&p);
        assert!(problems.is_empty());
        assert_eq!(rows.iter().filter(|r| r.met == Some(true)).count(), 1);
        let slow = parse("distlab-obs-requests wasm 119671 604358 35215696 9000.0");
        assert_eq!(report(&slow).0[0].met, Some(false));
        let bad = parse(
            "distlab-obs-requests native 10 50 900 3.0\ndistlab-obs-requests wasm 11 50 900 3.0",
        );
        assert_eq!(report(&bad).1.len(), 1, "differing runs are a problem");
    }
}
