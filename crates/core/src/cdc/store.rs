//! The downstream stores and what "in step with the database" means for each.
//!
//! - Elasticsearch (search index) and the warehouse keep a copy of each row: in step
//!   when the copy equals the database's row (or both have none).
//! - Redis (cache): holds a redirect's `dest` when a read filled it; in step when every
//!   cached value is the database's current `dest` (a missing entry is just a miss).
//!
//! Each entry remembers the LSN of the change it reflects. A CDC consumer applies an
//! event only if its LSN is newer than the entry's ([`Store::apply_cdc`]): replayed
//! events (at-least-once delivery) change nothing. A dual-writing application has no
//! such order to check against, so its writes land in arrival order.

use super::event::{ChangeEvent, Op};
use super::lsn::Lsn;
use super::row::Row;
use super::wal::Database;
use std::collections::BTreeMap;

/// A downstream system.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sink {
    /// Elasticsearch: the search index.
    Search,
    /// Redis: the redirect cache.
    Cache,
    /// The analytics warehouse.
    Warehouse,
}

/// The three, in the order the dual-writing application writes them.
pub const SINKS: [Sink; 3] = [Sink::Search, Sink::Cache, Sink::Warehouse];

impl Sink {
    /// Its product name.
    pub fn name(self) -> &'static str {
        match self {
            Sink::Search => "Elasticsearch",
            Sink::Cache => "Redis",
            Sink::Warehouse => "Warehouse",
        }
    }

    /// Its index in [`SINKS`].
    pub fn index(self) -> usize {
        self as usize
    }
}

/// One key's state in a store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The change it reflects.
    pub lsn: Lsn,
    /// The row held (`None`: deleted, or not cached).
    pub row: Option<Row>,
}

/// A downstream store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Store {
    /// Which system.
    pub sink: Sink,
    /// Entries by key.
    pub data: BTreeMap<String, Entry>,
}

/// What applying a change event did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Applied {
    /// The store changed to reflect it.
    Applied,
    /// Already reflected (an equal or newer LSN): skipped.
    Duplicate,
}

impl Store {
    /// An empty store.
    pub fn new(sink: Sink) -> Store {
        Store {
            sink,
            data: BTreeMap::new(),
        }
    }

    /// What this store should hold for a row: the row itself, or for the cache the
    /// invalidation (nothing).
    fn image(&self, op: Op, after: Option<&Row>) -> Option<Row> {
        match (self.sink, op) {
            (Sink::Cache, _) => None,
            (_, Op::Delete) => None,
            _ => after.cloned(),
        }
    }

    /// Applies a change event idempotently: only if newer than what the key holds.
    pub fn apply_cdc(&mut self, ev: &ChangeEvent) -> Applied {
        if matches!(self.data.get(&ev.key), Some(e) if e.lsn >= ev.lsn) {
            return Applied::Duplicate;
        }
        let row = self.image(ev.op, ev.after.as_ref());
        self.data.insert(ev.key.clone(), Entry { lsn: ev.lsn, row });
        Applied::Applied
    }

    /// A write by the dual-writing application: lands whatever its order. For the cache
    /// an insert writes nothing (the application invalidates on update and delete). An
    /// update is a partial update (`UPDATE … WHERE id`, Elasticsearch's `_update`): a
    /// row the store never received stays missing.
    pub fn apply_direct(&mut self, key: &str, op: Op, after: Option<&Row>, lsn: Lsn) {
        if self.sink == Sink::Cache && op == Op::Create {
            return;
        }
        let held = matches!(self.data.get(key), Some(Entry { row: Some(_), .. }));
        if self.sink != Sink::Cache && op == Op::Update && !held {
            return;
        }
        let row = self.image(op, after);
        self.data.insert(key.to_string(), Entry { lsn, row });
    }

    /// A redirect read through the cache: a miss fills it from the database.
    pub fn read_through(&mut self, db: &Database, key: &str) {
        if self.sink != Sink::Cache {
            return;
        }
        let (Some(row), Some(lsn)) = (db.rows.get(key), db.row_lsn.get(key)) else {
            return;
        };
        let miss = !matches!(self.data.get(key), Some(Entry { row: Some(_), .. }));
        if miss {
            self.data.insert(
                key.to_string(),
                Entry {
                    lsn: *lsn,
                    row: Some(row.clone()),
                },
            );
        }
    }

    /// Whether `key` is in step with the database (see the module documentation).
    pub fn in_step(&self, db: &Database, key: &str) -> bool {
        let held = self.data.get(key).and_then(|e| e.row.as_ref());
        let truth = db.rows.get(key);
        match self.sink {
            Sink::Cache => match (held, truth) {
                (None, _) => true,
                (Some(h), Some(t)) => h.dest == t.dest,
                (Some(_), None) => false,
            },
            _ => held == truth,
        }
    }

    /// The keys out of step with the database, in key order.
    pub fn diverged(&self, db: &Database) -> Vec<String> {
        let mut keys: Vec<&String> = db.rows.keys().chain(self.data.keys()).collect();
        keys.sort();
        keys.dedup();
        keys.into_iter()
            .filter(|k| !self.in_step(db, k))
            .cloned()
            .collect()
    }
}
