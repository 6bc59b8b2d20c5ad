//! Prints the first property violation (or the step count) of the chaos runs with each
//! deliberately broken rule, for seeds 0..N: a fingerprint to compare before and after an
//! optimisation of the simulator or the property checks (same text = same behaviour).
//!
//! `cargo run --release -p distlab-core --example raft_violations -- [N]`

use distlab_core::raft::{check_seed, Mutation};

fn main() {
    let n: u64 = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(300);
    for mutation in [
        Mutation::None,
        Mutation::SkipUpToDateCheck,
        Mutation::CommitEarlierTerms,
    ] {
        for seed in 0..n {
            match check_seed(seed, 3_000, mutation) {
                Ok(steps) => println!("{mutation:?} {seed} ok {steps}"),
                Err((v, _)) => println!("{mutation:?} {seed} {v}"),
            }
        }
    }
}
