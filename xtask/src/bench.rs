//! `cargo xtask bench`: benchmark figures (bundle size, Merkle throughput).
//!
//! Placeholder until the benchmark command lands.

/// Runs the benchmarks with the arguments after `bench`.
pub fn run(args: &[String]) -> Result<(), String> {
    let _ = args;
    Err("bench not implemented yet".into())
}
