//! # A small Kubernetes: containers, images as layers, and the desired-state loop
//!
//! A **container** is a process the kernel isolates (its own filesystem view, process
//! table, network, and cgroup limits) while sharing the host's kernel; a virtual machine
//! boots a kernel of its own on virtual hardware. A container's filesystem comes from an
//! **image**: a stack of read-only layers, one per Dockerfile instruction that changes
//! files, each named by the SHA-256 of its content ([`image`], [`tar`]).
//!
//! **Kubernetes** runs containers (in **Pods**) on a set of **Nodes** without anyone
//! saying *how*: you write the desired state (a **Deployment**: "3 replicas of
//! `web:v2`, each requesting 500 m CPU and 512 MiB") and controllers, each watching the
//! store, repeatedly compare what they observe with what is desired and act on the
//! difference:
//!
//! 1. every **kubelet** heartbeats, starts the pods bound to its node and reports when a
//!    pod's readiness probe passes;
//! 2. the **node controller** marks a node NotReady when its heartbeats stop (its pods
//!    stop being Ready, so the Service stops sending them traffic) and, after a
//!    toleration, evicts its pods;
//! 3. the **deployment controller** keeps one **ReplicaSet** per pod template (named by
//!    the template's hash) and sets how many pods each should have: all for the current
//!    template, or, during a rolling update, a shifting split bounded by `maxSurge` and
//!    `maxUnavailable` ([`rollout`]);
//! 4. the **ReplicaSet controller** creates or deletes pods to match;
//! 5. the **scheduler** binds each pending pod to a node that fits it, preferring the
//!    least allocated ([`scheduler`]).
//!
//! Nobody tells a controller what happened: it only sees current state, so a lost event,
//! a crashed node or a changed mind are all handled by the same loop. The state is
//! **converged** when observed equals desired ([`Cluster::converged`]). A **Service**
//! spreads requests over the Ready pods only ([`Cluster::send`]).
//!
//! ## The model: a seeded, logical-time loop, not the message engine
//!
//! Time is a tick; each tick runs the five components once, in the order above, against
//! one shared store (the API server and etcd). This is a seeded logical-time control loop
//! rather than the [`crate::sim`] engine: Kubernetes' controllers are level-triggered
//! readers of one store, not peers exchanging messages, so the engine's network (delays,
//! loss, partitions between peers) would add a layer whose every message is "the store
//! changed" without changing what the loop converges to. A seed ([`SplitMix64`]) decides
//! every random choice: pod name suffixes, a 0–1 tick jitter on readiness, the Service's
//! random balancing. Same seed, same run, natively and in WebAssembly.
//!
//! Simplifications, each said where it matters: deletion is immediate (no graceful
//! termination), the NotReady grace and the eviction toleration are a few ticks instead
//! of 40 s and 300 s, scheduler ties go to the lowest node index instead of a random
//! one, and pods never move back when a node recovers (Kubernetes does not rebalance
//! either).
//!
//! ## Invariants (checked in `tests/kubernetes.rs`)
//!
//! - With enough capacity, any sequence of node failures, recoveries and scalings ends
//!   converged once the reader stops.
//! - During a rolling update, all pods ≤ replicas + maxSurge and Ready pods ≥
//!   replicas − maxUnavailable, on every tick.

pub mod cluster;
pub mod image;
pub mod resources;
pub mod rollout;
pub mod scheduler;
pub mod tar;

pub use cluster::{Balance, Cluster, Config, Event, Stats};
pub use resources::{Node, Phase, Pod, Resources};
pub use rollout::{resolve_fenceposts, IntOrPercent};

/// SplitMix64: a small seeded generator (Steele, Lea and Flood, 2014).
#[derive(Debug, Clone)]
pub struct SplitMix64(u64);

impl SplitMix64 {
    /// A generator from `seed`.
    pub fn new(seed: u64) -> Self {
        Self(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next_u64() % n as u64) as usize
        }
    }
}

/// For a benchmark: runs the control loop from `seed` with a seeded stream of reader
/// actions (kill or restore a node, scale between 1 and 12, roll out v1 or v2, five
/// requests a tick) until at least `events` control-loop events happened (or 1,000,000
/// ticks), and returns the totals and the ticks taken.
pub fn run_events(seed: u64, events: u64) -> (Stats, u64) {
    let mut c = Cluster::new(
        Config {
            seed,
            ..Config::default()
        },
        4,
    );
    c.traffic = 5;
    let mut rng = SplitMix64::new(seed ^ 0x006b_3873);
    while c.stats.events < events && c.tick < 1_000_000 {
        match rng.below(12) {
            0 => c.kill_node(rng.below(c.nodes.len())),
            1 => c.restore_node(rng.below(c.nodes.len())),
            2 => c.scale(1 + rng.below(12) as u32),
            3 => {
                let v = c.deployment.template.version % 2 + 1;
                c.roll_out(v, false);
            }
            _ => {}
        }
        c.step();
    }
    (c.stats, c.tick)
}
