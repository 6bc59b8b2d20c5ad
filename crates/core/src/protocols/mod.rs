//! # Protocols on the simulation engine
//!
//! Every distributed protocol that runs on [`crate::sim`] lives here, one module each.
//! Each one is a [`Protocol`](crate::sim::Protocol): a sans-IO state machine per node that
//! receives one event at a time (a message, a timer, a client request) and answers with
//! actions (send, arm a timer, persist, report). The engine alone owns time, chance and the
//! network, so every protocol here is deterministic and can be rewound, shared as a link,
//! and swept over thousands of seeds by a test.
//!
//! What each module brings, beside the protocol itself:
//!
//! - its **safety properties** as [`Property`](crate::sim::Property) values (plain functions
//!   of the world, checked after every step), with the `History` they need to talk about
//!   the past;
//! - its **scenarios**: guided runs a widget replays, and a chaos generator for sweeps;
//! - its **text codecs** for requests and configuration, so its scenarios fit in a URL.
//!
//! Now:
//!
//! - [`raft`]: Raft consensus (leader election, log replication, commitment), with the five
//!   safety properties of the Raft paper's figure 3.
//!
//! - [`gossip`]: epidemic broadcast (push, pull, push-pull) with heartbeat gossip and a
//!   phi-accrual failure detector.
//!
//! Planned, on the same engine and the same pattern: Paxos,
//! two- and three-phase commit, quorum reads and writes, and delivery semantics (at most /
//! at least / exactly once).
//!
//! The crate root re-exports each protocol (`distlab_core::raft`), so outside callers name
//! a protocol without this module in the path.

pub mod gossip;
pub mod raft;
