//! Raft's five safety properties over many random seeds with crashes, restarts,
//! partitions, message loss and duplication; and a mutation check showing the checker
//! catches a broken rule.
//!
//! A failing seed prints itself and the scenario's text form; replay it with
//! `RAFT_SEED=<seed> cargo test -p distlab-core --test raft_safety replay -- --nocapture`.

use distlab_core::raft::{check_seed, Mutation};
use std::time::Instant;

/// Steps per seed ("a few thousand events each").
const STEPS: u64 = 3_000;

fn env_u64(name: &str) -> Option<u64> {
    std::env::var(name).ok().and_then(|v| v.parse().ok())
}

fn sweep(seeds: std::ops::Range<u64>) {
    let t0 = Instant::now();
    let mut steps = 0;
    let count = seeds.end - seeds.start;
    for seed in seeds {
        match check_seed(seed, STEPS, Mutation::None) {
            Ok(n) => steps += n,
            Err((v, scenario)) => panic!(
                "seed {seed}: {v}\n  scenario: {scenario}\n  replay: RAFT_SEED={seed} cargo test \
                 -p distlab-core --test raft_safety replay -- --nocapture"
            ),
        }
    }
    eprintln!(
        "{count} seeds, {steps} steps, all five properties after every step: {:.1?}",
        t0.elapsed()
    );
}

/// The sweep run by `cargo test`: 10,000 seeds (about 15 s in the dev profile, where the
/// core is built at opt-level 2), or `RAFT_SEEDS` of them.
#[test]
fn five_properties_hold_over_random_seeds() {
    sweep(0..env_u64("RAFT_SEEDS").unwrap_or(10_000));
}

/// 50,000 further seeds: `cargo test -p distlab-core --test raft_safety -- --ignored`.
#[test]
#[ignore = "five times the default sweep; run with --ignored"]
fn five_properties_hold_over_50000_more_seeds() {
    sweep(10_000..60_000);
}

/// Replays one seed (`RAFT_SEED`), printing its scenario.
#[test]
fn replay() {
    let Some(seed) = env_u64("RAFT_SEED") else {
        return;
    };
    let scenario = distlab_core::raft::chaos_scenario(seed, 10 * STEPS);
    eprintln!("seed {seed}: {}", scenario.encode());
    if let Err((v, _)) = check_seed(seed, STEPS, Mutation::None) {
        panic!("seed {seed}: {v}");
    }
}

fn first_caught(mutation: Mutation, max_seeds: u64) -> Option<(u64, String)> {
    (0..max_seeds).find_map(|seed| {
        check_seed(seed, STEPS, mutation)
            .err()
            .map(|(v, _)| (seed, v.to_string()))
    })
}

/// Granting votes without the up-to-date-log check lets a node with a stale log win an
/// election and overwrite committed entries: the checker must notice within 200 seeds.
#[test]
fn mutation_skip_up_to_date_check_is_caught() {
    let caught = first_caught(Mutation::SkipUpToDateCheck, 200);
    eprintln!("skip up-to-date check: {caught:?}");
    assert!(caught.is_some(), "no violation found in 200 seeds");
}

/// Committing earlier-term entries by counting replicas (figure 8 of the paper).
#[test]
fn mutation_commit_earlier_terms_is_caught() {
    let caught = first_caught(Mutation::CommitEarlierTerms, 5_000);
    eprintln!("commit earlier terms: {caught:?}");
    assert!(caught.is_some(), "no violation found in 5000 seeds");
}

/// The sweep is not vacuous: under all that chaos, leaders still get elected, entries
/// still commit, and the faults really happen.
#[test]
fn the_chaos_runs_make_progress_and_really_fail() {
    use distlab_core::sim::{DropReason, Event, Input, World};
    let (mut committed, mut terms, mut crashes, mut lost, mut cut) = (0, 0, 0, 0, 0);
    for seed in 0..100 {
        let mut w = World::new(&distlab_core::raft::chaos_scenario(seed, 10 * STEPS));
        while w.steps() < STEPS {
            let Some(step) = w.step() else { break };
            match step.event {
                Event::Input(Input::Crash(_)) => crashes += 1,
                Event::Drop {
                    reason: DropReason::Lost,
                    ..
                } => lost += 1,
                Event::Drop {
                    reason: DropReason::Partitioned,
                    ..
                } => cut += 1,
                _ => {}
            }
        }
        committed += w.history.committed().len();
        terms += w.history.leaders().len();
    }
    eprintln!("100 seeds: {committed} entries committed, {terms} leaders, {crashes} crashes, {lost} lost, {cut} cut off");
    assert!(committed > 100 * 10, "{committed}");
    assert!(terms > 100 * 3, "{terms}");
    assert!(crashes > 100 * 3 && lost > 100 * 10 && cut > 100 * 10);
}
