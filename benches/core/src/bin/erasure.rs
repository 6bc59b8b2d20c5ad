//! The native half of the erasure benchmark (`cargo xtask bench erasure`): ours against
//! reed-solomon-erasure, pure Rust, or with `--features simd` its C SIMD kernels.
//!
//! `cargo run --release --bin erasure [--features simd] -- [--runs N] [--batch-ms MS]`

use distlab_bench_core::flag;
use std::time::Instant;

fn main() -> Result<(), String> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let runs = flag(&args, "--runs", 7usize)?.max(1);
    let batch_ms: f64 = flag(&args, "--batch-ms", 30.0)?;
    let peer = if cfg!(feature = "simd") {
        "rse-simd"
    } else {
        "rse"
    };
    // Which kernel `ours` is in this build: with benches/core/.cargo/config.toml's
    // x86-64-v3, the AVX2 nibble kernel.
    println!("ours: {}", distlab_core::erasure::Kernel::fastest().name());
    let start = Instant::now();
    let now = move || start.elapsed().as_secs_f64() * 1e3;
    distlab_bench_core::erasure::run("native", peer, &now, runs, batch_ms, |l| println!("{l}"));
    Ok(())
}
