//! The observability benchmark (`cargo xtask bench observability`): the URL-shortener
//! model with all three pillars produced, timed natively and in Chromium.
//!
//! One run simulates 60 s at 2,000 requests per second with the post's missing index
//! injected for 20 s, in 100 ms steps (the widget's frame at its fastest). After each
//! step every newly completed request is turned into its spans and its JSON log lines,
//! and at each step the metric panels are computed (request rate, error ratio, p50/p95/p99
//! of the redirect service over 30 s) with the Prometheus exposition text: requests per
//! second with every pillar produced for every request
//! (`distlab-obs-requests <where> <requests> <spans> <log bytes> <ms per run,…>`).

use distlab_core::observability::telemetry::{Config, FaultKind, Service, Telemetry};

/// Simulated seconds per run.
const SECONDS: u64 = 60;
/// Step, µs: the widget's frame at its fastest.
const STEP_US: u64 = 100_000;

/// One run: (requests, spans, log bytes, exposition bytes). Panics if a step completes
/// more requests than the model keeps (the bench would skip some).
pub fn pillars_run(seed: u64) -> (u64, u64, u64, u64) {
    let config = Config {
        requests_per_second: 2000,
        recent_traces: 2000,
        ..Config::default()
    };
    let mut t = Telemetry::new(seed, config).expect("bench config is in range");
    t.inject(FaultKind::MissingIndex, 20_000_000, 20_000_000);
    let (mut spans, mut log_bytes, mut expo_bytes) = (0u64, 0u64, 0u64);
    let mut seen = 0u64;
    while t.now_us() < SECONDS * 1_000_000 {
        t.step(STEP_US);
        let new = t.completed() - seen;
        seen = t.completed();
        let recent: Vec<_> = t.recent().collect();
        assert!(
            new as usize <= recent.len(),
            "a step outran the recent buffer"
        );
        for r in &recent[recent.len() - new as usize..] {
            spans += r.spans().len() as u64;
            for l in r.logs() {
                log_bytes += l.to_json().len() as u64;
            }
        }
        let panels = [
            t.request_rate(30_000_000),
            t.error_ratio(30_000_000),
            t.latency_quantile(Service::RedirectService, 0.5, 30_000_000),
            t.latency_quantile(Service::RedirectService, 0.95, 30_000_000),
            t.latency_quantile(Service::RedirectService, 0.99, 30_000_000),
        ];
        std::hint::black_box(panels);
        expo_bytes += t.exposition().len() as u64;
    }
    (t.completed(), spans, log_bytes, expo_bytes)
}

/// Run everything, printing report lines with `print`.
pub fn run(where_: &str, now: &dyn Fn() -> f64, runs: usize, print: impl Fn(&str)) {
    let first = pillars_run(0);
    let mut times = Vec::new();
    for _ in 0..runs.max(1) {
        let t = now();
        let r = pillars_run(0);
        times.push(now() - t);
        assert_eq!(r, first, "the same seed must give the same run");
    }
    print(&format!(
        "distlab-obs-requests {where_} {} {} {} {}",
        first.0,
        first.1,
        first.2,
        crate::join_times(&times)
    ));
}
