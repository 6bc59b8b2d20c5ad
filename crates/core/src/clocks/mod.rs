//! # Logical clocks: ordering events without a global clock
//!
//! Physical clocks drift, so two machines' timestamps cannot say which of two events came
//! first. What *can* be known is causality: Lamport's **happened-before** relation `→`,
//! the smallest relation such that
//!
//! 1. if `a` and `b` are events of the same process and `a` comes first, `a → b`;
//! 2. if `a` sends a message and `b` receives it, `a → b`;
//! 3. if `a → b` and `b → c`, then `a → c`.
//!
//! Two distinct events with neither `a → b` nor `b → a` are **concurrent**, `a ‖ b`: no
//! chain of messages links them, and no observer could tell their order.
//!
//! This module holds a recorded run and three ways to stamp its events:
//!
//! - [`execution`]: the run itself, processes and their events and the messages between
//!   them, and the *oracle*: happened-before computed directly from the definition
//!   (transitive closure of program order and messages), with the chain of events that
//!   proves a relation. Every clock below is tested against it.
//! - [`lamport`]: Lamport timestamps, one counter per process (`C = C + 1` per event,
//!   `C = max(C, T) + 1` on a receive). Guarantee: `a → b ⇒ L(a) < L(b)`; the converse is
//!   false. Ordered by `(L, process)`, they give a total order that extends `→`.
//! - [`vector`]: vector clocks, one counter per process *per process*: merge by
//!   element-wise max on receive. Guarantee both ways: `a → b ⇔ V(a) < V(b)`, so
//!   concurrency is visible (`V(a)` and `V(b)` incomparable).
//! - [`version_vector`]: the same idea applied to *data*, as Dynamo and Riak use it: a key's
//!   concurrent writes are kept as siblings, and a write that carries the merged context
//!   resolves them.
//! - [`shiviz`]: import and export of ShiViz logs (an event line, then a host and its
//!   vector clock as JSON), so a real log can be pasted in and checked.
//!
//! A message here connects two events: the event that sent it and the event that
//! received it. A send is not a separate tick from the event it belongs to; in the
//! posts' examples "event a1, send to B (ts = 1)" is one event with timestamp 1.

pub mod execution;
pub mod lamport;
pub mod shiviz;
pub mod vector;
pub mod version_vector;

pub use execution::{Causality, ClockError, Event, EventId, Execution, MAX_PROCESSES};
pub use lamport::{lamport_timestamps, total_order};
pub use vector::{vector_clocks, VectorClock};
