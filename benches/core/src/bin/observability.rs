//! The native half of the observability benchmark (`cargo xtask bench observability`);
//! see `src/observability.rs`. `cargo run --release --bin observability -- [--runs N]`

use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let runs = args
        .iter()
        .position(|a| a == "--runs")
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(7);
    let start = Instant::now();
    let now = move || start.elapsed().as_secs_f64() * 1000.0;
    distlab_bench_core::observability::run("native", &now, runs, |l| println!("{l}"));
}
