//! The native half of the gossip benchmark (`cargo xtask bench gossip`); see
//! `src/gossip.rs`. `cargo run --release --bin gossip -- [--runs N]`

use distlab_bench_core::flag;
use std::time::Instant;

fn main() -> Result<(), String> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let runs = flag(&args, "--runs", 7usize)?.max(1);
    let start = Instant::now();
    let now = move || start.elapsed().as_secs_f64() * 1000.0;
    distlab_bench_core::gossip::run("native", &now, runs, |l| println!("{l}"));
    Ok(())
}
