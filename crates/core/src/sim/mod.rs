//! # A deterministic simulation engine for distributed protocols
//!
//! A cluster of nodes, a network between them and a clock — all simulated, so that a run is
//! a pure function of its [`Scenario`]: the same scenario gives the same run, step for
//! step, natively and in WebAssembly. A widget can rewind it, a URL can carry it, and a
//! test can sweep thousands of them.
//!
//! ```text
//!   Scenario { config, seed, inputs }            (what the reader did, and when)
//!          │
//!          ▼
//!   ┌──────────── World ─────────────────────────────────────────────┐
//!   │ queue: (time, seq) → Pending (timing wheel) ◀── sends, timers   │
//!   │ rng:   ChaCha8Rng (seeded)               ─▶ latency, loss, dup,  │
//!   │                                              election timeouts  │
//!   │ nodes: Vec<Option<P>>  (None = crashed)                         │
//!   │ disks: Vec<Option<P::Persist>>  (what survives a crash)         │
//!   └──────┬──────────────────────────────────────────────────────────┘
//!          │ step(): pop the earliest event (or the next input)
//!          ▼
//!   protocol handler ──▶ Ctx ──▶ actions: Send / SetTimer / CancelTimer / Persist / Output
//! ```
//!
//! ## Cluster size
//!
//! Up to [`MAX_NODES`] = 1,296 nodes. A scenario's text form writes node ids 0..=35 as one
//! base-36 digit and 36..=1295 as `_` plus two base-36 digits (`_10` = 36, `_rr` = 999), so
//! links written for small clusters are unchanged. A world's memory grows with the nodes,
//! the queued events and the links in use, never with nodes²: blocked links and the FIFO
//! bookkeeping of links are sparse, and a node's timers are kept beside it.
//!
//! ## Sans-IO protocols
//!
//! A [`Protocol`] never reads a clock, sleeps or touches a socket. Its handlers
//! ([`Protocol::on_message`], [`Protocol::on_timer`], [`Protocol::on_client`]) receive one
//! event and push what they want to happen into a [`Ctx`]. The engine alone decides when a
//! message arrives, whether it is lost, and when a timer fires.
//!
//! ## Invariants of the engine
//!
//! - **Order.** Events run in `(time, seq)` order: `seq` is a counter bumped for every
//!   event scheduled, so two events at the same tick run in the order they were created.
//!   Scenario inputs at tick `t` run before queued events at tick `t`.
//! - **One source of chance.** Every random choice draws from one `ChaCha8Rng` seeded from
//!   the scenario's seed, in the order the events run. Nothing iterates a `HashMap`.
//! - **Crashes lose everything not persisted.** A crash drops the node's state and its
//!   pending timers; a restart rebuilds it from the last [`Action::Persist`] only.
//! - **Network.** A send is lost with probability `loss`, or duplicated with probability
//!   `dup`; each copy gets a latency drawn from `[latency_min, latency_max]`. Without
//!   `reorder`, a link delivers in send order (FIFO). A message crossing a partition or a
//!   blocked link *when it arrives* is dropped, as is one reaching a crashed node.
//! - **Timers.** Setting a timer replaces the node's earlier timer of the same kind;
//!   a replaced or cancelled timer never fires.
//! - **Trace digest.** Each step is written canonically (its `Debug` form, which is the
//!   same on every target for these plain data types) and chained into a SHA-256 digest:
//!   `d' = SHA-256(d ‖ step)`. Equal digests ⇔ equal runs (up to SHA-256 collisions).
//!   Off by default ([`World::set_tracing`]): tests and benches that compare runs by
//!   their digests turn it on; a widget never does, and carries none of its code.
//!
//! Named safety properties ([`Property`]) are plain functions of the [`World`], checked
//! after every step by tests and shown by widgets as live badges. Properties that talk
//! about the past ("no two leaders in one term, *ever*") read [`World::history`], which the
//! protocol's [`Protocol::observe`] hook keeps up to date after every step.
//!
//! [`Timeline`] adds rewinding: checkpoints plus replay, and an input given after a rewind
//! forks the future.
//!
//! [`Fixture`] sets up what no real run of a scenario reaches: nodes that start from a
//! given disk (for Raft: a term, a vote, a log), and [`Crafted`] messages handed to a node
//! at a given time. Crafted messages are recorded beside the inputs, so a timeline rewinds
//! and forks through them the same way.
//!
//! ## Where things are
//!
//! Everything is re-exported here, so callers write `distlab_core::sim::X` whatever file
//! `X` lives in:
//!
//! | File | Holds |
//! |---|---|
//! | `protocol.rs` | [`Protocol`], the [`Action`]s a handler asks for, the [`Ctx`] it asks through |
//! | `net.rs` | [`NetConfig`]: latency, loss, duplication, reordering |
//! | `events.rs` | [`Input`] (from outside), [`Event`] and [`Step`] (what a step did), [`Pending`] (queued), [`DropReason`] |
//! | `properties.rs` | [`Property`], [`Violation`], [`check_properties`] |
//! | `world.rs` | [`World`]: the state of a run and its step function |
//! | `queue.rs` | the timing wheel behind the world's event queue |
//! | `scenario.rs` | [`Scenario`] and its URL-safe text form ([`TextCodec`]) |
//! | `timeline.rs` | [`Timeline`]: checkpoints, seek, fork |
//! | `fixture.rs` | [`Fixture`]: a scenario plus starting disks and [`Crafted`] messages, for set-ups no real run reaches |

mod events;
mod fixture;
mod net;
mod properties;
mod protocol;
mod queue;
mod scenario;
mod timeline;
mod world;

pub use events::{DropReason, Event, Input, Pending, Step};
pub use fixture::{Crafted, Fixture};
pub use net::NetConfig;
pub use properties::{check_properties, Property, Violation};
pub use protocol::{Action, Ctx, Protocol};
pub(crate) use scenario::num as scenario_num;
pub use scenario::{Scenario, ScenarioError, TextCodec};
pub use timeline::Timeline;
pub use world::World;

/// A node's index in the cluster, `0..nodes`.
pub type NodeId = usize;
/// Logical time, in ticks. Never wall-clock time.
pub type Time = u64;

/// The most nodes a scenario may have: the text form writes ids 0..=35 as one base-36
/// digit and ids 36..=1295 as `_` plus two base-36 digits (see `scenario.rs`), so every
/// link written when the cap was 36 still reads the same.
pub const MAX_NODES: usize = 1296;
