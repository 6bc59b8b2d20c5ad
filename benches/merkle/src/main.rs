//! The native half of `cargo xtask bench`: times every implementation on every case
//! (release build, this machine's CPU) and prints report lines, the reference roots
//! and two facts xtask shows under the table.
//!
//! `cargo run --release --bin native -- [--runs N] [--warmups N]`

use distlab_bench_merkle::{
    reference_known_answers, rs_merkle_shape_matches_rfc6962, run_all, run_diagnostics,
};
use std::time::Instant;

fn flag(args: &[String], name: &str, default: usize) -> Result<usize, String> {
    match args.iter().position(|a| a == name) {
        None => Ok(default),
        Some(i) => args
            .get(i + 1)
            .and_then(|v| v.parse().ok())
            .ok_or_else(|| format!("{name} needs a number")),
    }
}

fn main() -> Result<(), String> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let runs = flag(&args, "--runs", 7)?;
    let warmups = flag(&args, "--warmups", 1)?;

    // The judge is checked before it judges.
    reference_known_answers()?;
    println!(
        "distlab-bench-note reference root = RFC 6962's published roots for its 1..=8 test leaves"
    );
    match rs_merkle_shape_matches_rfc6962(70) {
        Ok(()) => println!(
            "distlab-bench-note rs_merkle carries an unpaired node up unchanged, like RFC 6962 \
             (same root shape for every size 1..=70); it only lacks the 0x00/0x01 prefixes"
        ),
        Err(n) => println!(
            "distlab-bench-note rs_merkle's tree shape differs from RFC 6962's from {n} leaves on \
             (its unpaired-node rule), besides lacking the 0x00/0x01 prefixes"
        ),
    }

    let start = Instant::now();
    let now = move || start.elapsed().as_secs_f64() * 1e3;
    run_all("native", &now, warmups, runs, true, |line| {
        println!("{line}")
    });
    run_diagnostics("native", &now, runs, |line| println!("{line}"));
    Ok(())
}
