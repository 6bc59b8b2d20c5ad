//! The CDC and Kubernetes benchmarks (`cargo xtask bench cdc` / `kubernetes`): each
//! model's seeded run, timed natively and in Chromium, as simulated events per second
//! (`distlab-model-events <model> <where> <events> <fingerprint> <ms per run,…>`).
//!
//! A run returns its event count and a fingerprint of its end state; both must be the
//! same on every run and on both targets (xtask compares them), so a faster run cannot
//! be one that did less.

/// One model's run: events handled, and a fingerprint of the state it ended in.
pub type ModelRun = fn(u64) -> (u64, u64);

/// The models, by the name the command line uses.
pub const MODELS: [(&str, ModelRun); 2] = [("cdc", cdc_run), ("kubernetes", kubernetes_run)];

/// Application operations per CDC run.
pub const CDC_OPS: u64 = 50_000;
/// Control-loop events per Kubernetes run.
pub const KUBERNETES_EVENTS: u64 = 200_000;

/// CDC: [`CDC_OPS`] application operations (inserts, updates, deletes of short links),
/// each dual-written by the application and committed to the WAL, decoded through the slot into Debezium events, published to
/// the partitioned topic and applied by the three consumers, with a consumer crash every
/// 100 operations and a connector crash every 250 (replays skipped by the idempotent
/// apply). Events: the operations; the fingerprint folds in every count.
pub fn cdc_run(seed: u64) -> (u64, u64) {
    use distlab_core::cdc::pipeline::{bench, Model};
    let c = bench(Model::Cdc, seed, CDC_OPS);
    let fp = fold(&[c.commits, c.published, c.applied, c.duplicates, c.diverged]);
    (c.ops, fp)
}

/// Kubernetes: the control loop (kubelets, node controller, Deployment and ReplicaSet
/// controllers, the scheduler, the Service) driven by a seeded stream of reader actions
/// (kill or restore a node, scale, roll out) until [`KUBERNETES_EVENTS`] control-loop
/// events happened. Events: those; the fingerprint folds in the totals and the ticks.
pub fn kubernetes_run(seed: u64) -> (u64, u64) {
    let (s, ticks) = distlab_core::kubernetes::run_events(seed, KUBERNETES_EVENTS);
    let fp = fold(&[
        s.created, s.deleted, s.evicted, s.bound, s.requests, s.failed, ticks,
    ]);
    (s.events, fp)
}

/// FNV-1a over the counts: equal runs give equal fingerprints.
fn fold(xs: &[u64]) -> u64 {
    let mut h = 0xcbf2_9ce4_8422_2325u64;
    for x in xs {
        for b in x.to_le_bytes() {
            h = (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    h
}

/// Time `model`'s run `runs` times after one warm-up, printing the report line.
pub fn run(model: &str, where_: &str, now: &dyn Fn() -> f64, runs: usize, print: impl Fn(&str)) {
    let Some((_, f)) = MODELS.iter().find(|(m, _)| *m == model) else {
        print(&format!(
            "distlab-bench-note {where_} unknown model {model}"
        ));
        return;
    };
    let first = f(0);
    let mut times = Vec::new();
    for _ in 0..runs.max(1) {
        let t = now();
        let r = f(0);
        times.push(now() - t);
        assert_eq!(r, first, "the same seed must give the same run");
    }
    print(&format!(
        "distlab-model-events {model} {where_} {} {} {}",
        first.0,
        first.1,
        crate::join_times(&times)
    ));
}
