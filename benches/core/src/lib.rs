//! Erasure-coding, Raft, gossip, observability, CDC and Kubernetes benchmarks shared by the native binaries
//! (`src/bin/*.rs`) and the browser test (`tests/browser.rs`).
//!
//! Every function takes a clock (`now()` in milliseconds: `Instant` natively,
//! `performance.now()` in the browser) and a printer for report lines; xtask parses the
//! lines (see xtask/src/bench/{erasure,raft}.rs for their format).

pub mod erasure;
pub mod gossip;
pub mod models;
pub mod observability;
pub mod raft;

/// The value after `name` on a command line (`--runs 5`, `--batch-ms 30.5`), or `default`
/// without it.
pub fn flag<T: std::str::FromStr>(args: &[String], name: &str, default: T) -> Result<T, String> {
    match args.iter().position(|a| a == name) {
        None => Ok(default),
        Some(i) => args
            .get(i + 1)
            .and_then(|v| v.parse().ok())
            .ok_or_else(|| format!("{name} needs a number")),
    }
}

/// Times `ops` (each a closure doing one operation) in `runs` rounds after one warm-up
/// round: in each round every op runs a batch of calls sized so the batch takes about
/// `batch_ms` (sized at warm-up). The ops take turns round by round, so a burst of machine
/// load hits them alike. Returns, per op, the milliseconds per call of each round.
pub fn time_turns(
    now: &dyn Fn() -> f64,
    runs: usize,
    batch_ms: f64,
    ops: &mut [&mut dyn FnMut()],
) -> Vec<Vec<f64>> {
    // Warm-up and batch sizing: call each op until `batch_ms / 4` passed (at least twice).
    let mut reps = Vec::with_capacity(ops.len());
    for op in ops.iter_mut() {
        let t = now();
        let mut k = 0u64;
        while k < 2 || now() - t < batch_ms / 4.0 {
            op();
            k += 1;
        }
        let per = ((now() - t) / k as f64).max(1e-6);
        reps.push(((batch_ms / per).ceil() as u64).clamp(1, 10_000_000));
    }
    let mut times = vec![Vec::with_capacity(runs); ops.len()];
    for _ in 0..runs {
        for (i, op) in ops.iter_mut().enumerate() {
            let t = now();
            for _ in 0..reps[i] {
                op();
            }
            times[i].push((now() - t) / reps[i] as f64);
        }
    }
    times
}

/// `1.5,2.25,…` for a report line.
pub fn join_times(times: &[f64]) -> String {
    if times.is_empty() {
        return "-".into();
    }
    times
        .iter()
        .map(|t| format!("{t:.6}"))
        .collect::<Vec<_>>()
        .join(",")
}
