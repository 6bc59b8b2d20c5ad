//! Random fault-injection scenarios, for the seed sweep (and a widget's "chaos" button).

use super::{Command, Mutation, Raft, PROPERTIES};
use crate::sim::{check_properties, Input, NetConfig, Scenario, Time, Violation, World};
use rand_chacha::ChaCha8Rng;
use rand_core::{RngCore, SeedableRng};

/// A random scenario from `seed`: 3 to 5 nodes, a lossy, duplicating network, and until
/// `horizon` ticks a stream of client writes, crashes, restarts, partitions, heals and
/// link blocks. The same seed always gives the same scenario.
pub fn chaos_scenario(seed: u64, horizon: Time) -> Scenario<Raft> {
    // A separate stream from the run's own RNG (which is seeded with `seed` too).
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0x5eed_c4a0_5eed_c4a0);
    let mut pick = |n: u64| rng.next_u64() % n;
    let nodes = 3 + pick(3) as usize;
    let net = NetConfig {
        latency_min: 1 + pick(10),
        latency_max: 20 + pick(60),
        loss_permille: pick(150) as u16,
        dup_permille: pick(50) as u16,
        reorder: pick(4) != 0,
    };
    let mut inputs = Vec::new();
    let mut t = 0;
    loop {
        t += 20 + pick(180);
        if t >= horizon {
            break;
        }
        let node = pick(nodes as u64) as usize;
        let input = match pick(100) {
            0..=54 => Input::Client {
                node,
                request: Command::Set {
                    key: b'a' + pick(4) as u8,
                    value: pick(100) as u32,
                },
            },
            55..=61 => Input::Crash(node),
            // A forced election timeout: elections race each other more often.
            62..=64 => Input::Expire(node),
            65..=76 => Input::Restart(node),
            77..=84 => {
                let cut = 1 + pick(nodes as u64 - 1) as usize;
                let mut order: Vec<usize> = (0..nodes).collect();
                for i in (1..nodes).rev() {
                    order.swap(i, pick(i as u64 + 1) as usize);
                }
                Input::Partition(vec![order[..cut].to_vec(), order[cut..].to_vec()])
            }
            85..=93 => Input::Heal,
            94..=96 => Input::Block {
                from: node,
                to: pick(nodes as u64) as usize,
            },
            _ => Input::Unblock {
                from: node,
                to: pick(nodes as u64) as usize,
            },
        };
        inputs.push((t, input));
    }
    Scenario {
        nodes,
        net,
        config: Default::default(),
        seed,
        inputs,
    }
}

/// Run `scenario` for up to `max_steps`, checking the five properties after every step.
/// `Ok(steps run)`, or the first violation.
pub fn check_run(scenario: &Scenario<Raft>, max_steps: u64) -> Result<u64, Violation> {
    let mut world = World::new(scenario);
    check_properties(&world, &PROPERTIES)?;
    while world.steps() < max_steps && world.step().is_some() {
        check_properties(&world, &PROPERTIES)?;
    }
    Ok(world.steps())
}

/// [`check_run`] on [`chaos_scenario`]`(seed, ..)`, optionally with a rule broken on
/// purpose. A failure comes back with the scenario's text form, to replay it.
pub fn check_seed(
    seed: u64,
    max_steps: u64,
    mutation: Mutation,
) -> Result<u64, (Violation, String)> {
    let mut scenario = chaos_scenario(seed, 10 * max_steps);
    scenario.config.mutation = mutation;
    check_run(&scenario, max_steps).map_err(|v| (v, scenario.encode()))
}
