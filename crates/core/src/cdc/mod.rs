//! # Change data capture versus dual writes
//!
//! A URL shortener keeps its `links` table in PostgreSQL, and three other systems must
//! follow it: Elasticsearch (search), Redis (the redirect cache) and a warehouse. Two
//! ways to keep them in step, both simulated here under one seeded workload:
//!
//! **Dual write** ([`pipeline::DualWrite`]): the application commits to PostgreSQL and
//! then writes each downstream itself. Nothing ties those writes together: a failed
//! write, a crash between two writes, or two concurrent updates whose writes arrive in
//! the opposite order each leave a store different from the database, and nothing ever
//! notices or repairs it ([`store::Store::diverged`] counts the rows).
//!
//! **Change data capture**: the application writes only to PostgreSQL. Every commit is
//! already in the write-ahead log ([`wal`]), addressed by LSNs printed as PostgreSQL does
//! ([`lsn`]). A logical replication slot keeps that WAL until its consumer, the Debezium
//! connector, confirms it; the connector turns each change into an event in Debezium's
//! envelope ([`event`]: `op`, `before`, `after`, `source.lsn`, …) and publishes it to a
//! Kafka topic whose partition is chosen by the row's key ([`topic`]), so one row's
//! changes stay in WAL order. Each downstream is a consumer group with committed
//! offsets ([`pipeline::Consumer`]).
//!
//! The invariants the tests check:
//! - **Convergence**: whatever the stalls and crashes of the connector and consumers,
//!   once they run again every CDC-fed store equals the database. Nothing is lost,
//!   because the slot retains the WAL and the topic retains the events.
//! - **At-least-once, applied once**: a crash re-reads from the last confirmed LSN or
//!   committed offset, so events arrive again; a store applies an event only if its LSN
//!   is newer than what it holds for that key, so a replay changes nothing.
//! - **The price**: while the connector stalls, retained WAL (current − `restart_lsn`)
//!   and slot lag (current − `confirmed_flush_lsn`) grow, and `wal_status` goes from
//!   `reserved` to `extended` (and with `max_slot_wal_keep_size` set, to `unreserved`
//!   and `lost`).
//! - **Dual write diverges**: each injected fault leaves rows out of step, counted.
//!
//! Everything is deterministic: [`workload::Rng`] (SplitMix64) draws every choice from
//! the seed. [`pipeline::bench`] runs either model for a benchmark.

pub mod event;
pub mod lsn;
pub mod pipeline;
pub mod row;
pub mod store;
pub mod topic;
pub mod wal;
pub mod workload;

pub use event::{ChangeEvent, Op};
pub use lsn::Lsn;
pub use pipeline::{bench, BenchCounts, Config, Model, Sim, Who};
pub use row::Row;
pub use store::{Sink, SINKS};
pub use wal::{Database, ReplicaIdentity, WalLimits, WalStatus};
