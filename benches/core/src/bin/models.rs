//! The native half of the CDC and Kubernetes benchmarks (`cargo xtask bench cdc` /
//! `kubernetes`); see `src/models.rs`.
//! `cargo run --release --bin models -- <cdc|kubernetes> [--runs N]`

use distlab_bench_core::{flag, models};
use std::time::Instant;

fn main() -> Result<(), String> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let runs = flag(&args, "--runs", 7usize)?.max(1);
    let wanted: Vec<&str> = models::MODELS
        .iter()
        .map(|(m, _)| *m)
        .filter(|m| args.iter().any(|a| a == m))
        .collect();
    if wanted.is_empty() {
        return Err("name a model: cdc or kubernetes".into());
    }
    let start = Instant::now();
    let now = move || start.elapsed().as_secs_f64() * 1000.0;
    for m in wanted {
        models::run(m, "native", &now, runs, |l| println!("{l}"));
    }
    Ok(())
}
