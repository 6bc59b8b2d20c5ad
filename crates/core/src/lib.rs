//! # distlab-core
//!
//! The algorithms behind every distlab widget, for real and with no browser types:
//! a widget is only a picture of the state kept here.
//!
//! - [`hash`]: SHA-256 digests and the hex helpers every widget uses to show them.
//! - [`json`]: JSON string literals written by hand, for logs and change events.
//! - [`merkle`]: Merkle trees (plain, RFC 6962, Bitcoin), top-down diffs, inclusion proofs.
//! - [`git`]: git object ids (`blob`, `tree`, `commit`) exactly as git computes them.
//! - [`bitcoin`]: Bitcoin's transaction Merkle root and proofs, with real blocks as data.
//! - [`sha256x4`]: four SHA-256 hashes at once (WebAssembly SIMD), for building big trees fast.
//! - [`cdc`]: change data capture against dual writes: a WAL with LSNs, a logical
//!   replication slot, Debezium change events, a partitioned topic and idempotent consumers.
//! - [`sim`]: a deterministic simulation engine for distributed protocols: logical time,
//!   one seeded RNG, a lossy partitionable network, crashes, rewind, shareable scenarios.
//! - [`protocols`]: every protocol that runs on that engine, one module each:
//!   - [`raft`] (re-exported at the root): Raft consensus, with its five safety
//!     properties checked after every step.
//! - [`clocks`]: happened-before, Lamport timestamps, vector clocks, version vectors, and
//!   ShiViz logs.
//! - [`erasure`]: Reed-Solomon erasure coding over GF(2^8): any k of n chunks rebuild the data.
//! - [`kubernetes`]: containers and images as layers (Docker's `diff_id`, its build cache)
//!   and a small Kubernetes control plane converging observed state to desired state.
//! - [`observability`]: logs, metrics and traces: the W3C `traceparent` header, Prometheus
//!   histograms and exposition text, and a seeded URL-shortener that emits all three.
//! - [`sort`]: a stable insertion sort for the short lists widgets sort (smaller wasm).
//!
//! Everything here is deterministic: the same inputs give the same outputs natively and
//! in WebAssembly, so a widget's picture can be checked by a native test.
#![forbid(unsafe_code)]

pub mod bitcoin;
pub mod cdc;
pub mod clocks;
pub mod erasure;
pub mod git;
pub mod hash;
pub mod json;
pub mod kubernetes;
pub mod merkle;
pub mod observability;
pub mod protocols;
pub mod sha256x4;
pub mod sim;
pub mod sort;

/// Raft, at the crate root as well as under [`protocols`], so `distlab_core::raft::...`
/// keeps working for widgets, benches and tools.
pub use protocols::gossip;
pub use protocols::raft;
