//! The two pipelines under one workload: the dual-writing application, and CDC
//! (WAL → slot → Debezium → topic → consumers), with the faults a reader injects.
//!
//! One [`Sim::step`] is one tick: the application performs one operation (two for a
//! reorder), committing it to PostgreSQL; the dual-writing side then writes each
//! downstream in turn; the connector decodes up to [`CONNECTOR_BATCH`] transactions
//! from the slot and publishes them; each consumer polls up to [`CONSUMER_BATCH`]
//! records a partition. Offsets are committed every [`COMMIT_EVERY`] ticks and the
//! connector confirms to the slot every [`CONFIRM_EVERY`] ticks, so a crash always
//! has something to re-read: at-least-once delivery, made harmless by applying each
//! change only if it is newer than what the store holds (see [`super::store`]).

use super::event::{ChangeEvent, Op};
use super::lsn::Lsn;
use super::row::Row;
use super::store::{Applied, Sink, Store, SINKS};
use super::topic::{Record, Topic};
use super::wal::{Commit, Database, OldImage, RecordKind, WalLimits};
use super::workload::{WorkOp, Workload};

/// Transactions the connector decodes per tick.
pub const CONNECTOR_BATCH: usize = 4;
/// Records a consumer takes per partition per tick.
pub const CONSUMER_BATCH: usize = 6;
/// Ticks between a consumer's offset commits.
pub const COMMIT_EVERY: u64 = 3;
/// Ticks between the connector's confirmations to the slot.
pub const CONFIRM_EVERY: u64 = 3;

/// Who consumes on the CDC side.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Who {
    /// The Debezium connector: the slot's consumer.
    Connector,
    /// The consumer group writing one downstream.
    Consumer(Sink),
}

/// The Debezium connector.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Connector {
    /// Decoded up to here.
    pub read_lsn: Lsn,
    /// Stopped by the reader.
    pub stalled: bool,
    /// Crashes so far.
    pub crashes: u32,
    last_commit: Option<Lsn>,
}

/// A consumer group writing one downstream store from the topic.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Consumer {
    /// Its store.
    pub store: Store,
    /// Next offset to read, per partition.
    pub position: Vec<usize>,
    /// Last committed offset, per partition (where a restart resumes).
    pub committed: Vec<usize>,
    /// Stopped by the reader.
    pub stalled: bool,
    /// Crashes so far.
    pub crashes: u32,
    /// Changes applied.
    pub applied: u64,
    /// Replayed changes skipped (already applied).
    pub duplicates: u64,
    /// Failed writes retried.
    pub retries: u64,
    /// The next write to the store fails.
    pub fail_next: bool,
}

/// The dual-writing application's downstream state and faults.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DualWrite {
    /// Elasticsearch, Redis, warehouse.
    pub stores: Vec<Store>,
    /// The next write to each fails.
    pub fail_next: [bool; 3],
    /// The application crashes after its next PostgreSQL and Elasticsearch writes.
    pub crash_next: bool,
    /// Writes made, writes lost to failures, crashes, reorders.
    pub writes: u64,
    /// Downstream writes that failed.
    pub failed: u64,
    /// Crashes between writes.
    pub crashes: u64,
}

/// Settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Config {
    /// Decides every random choice.
    pub seed: u64,
    /// Topic partitions.
    pub partitions: usize,
    /// WAL sizes.
    pub limits: WalLimits,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            seed: 1,
            partitions: 3,
            limits: WalLimits::default(),
        }
    }
}

/// Both pipelines.
#[derive(Debug, Clone)]
pub struct Sim {
    /// PostgreSQL.
    pub db: Database,
    /// The application's operations.
    pub workload: Workload,
    /// The dual-write side.
    pub dual: DualWrite,
    /// Debezium.
    pub connector: Connector,
    /// `postgres.public.links`.
    pub topic: Topic,
    /// Search, cache, warehouse consumers.
    pub consumers: Vec<Consumer>,
    /// (partition, offset) of every record in publish order.
    pub published: Vec<(usize, usize)>,
    /// Ticks so far.
    pub tick: u64,
    /// The next update becomes two concurrent updates of one row.
    pub reorder_next: bool,
    /// Reorders done.
    pub reorders: u64,
    /// What the last tick did, for people.
    pub last: String,
}

/// A short text for a row change.
fn describe(op: &WorkOp) -> String {
    match op {
        WorkOp::Insert(r) => format!("INSERT {} → {}", r.id, r.dest),
        WorkOp::Update { id, dest } => format!("UPDATE {id} → {dest}"),
        WorkOp::Delete(id) => format!("DELETE {id}"),
        WorkOp::Read(id) => format!("redirect {id} (read)"),
    }
}

impl Sim {
    /// A new run: empty table, slot created at the WAL's start.
    pub fn new(cfg: Config) -> Sim {
        let db = Database::new(cfg.limits);
        let n = cfg.partitions.clamp(1, 16);
        let consumer = |sink| Consumer {
            store: Store::new(sink),
            position: vec![0; n],
            committed: vec![0; n],
            stalled: false,
            crashes: 0,
            applied: 0,
            duplicates: 0,
            retries: 0,
            fail_next: false,
        };
        Sim {
            connector: Connector {
                read_lsn: db.current,
                stalled: false,
                crashes: 0,
                last_commit: None,
            },
            db,
            workload: Workload::new(cfg.seed),
            dual: DualWrite {
                stores: SINKS.iter().map(|s| Store::new(*s)).collect(),
                fail_next: [false; 3],
                crash_next: false,
                writes: 0,
                failed: 0,
                crashes: 0,
            },
            topic: Topic::new(n),
            consumers: SINKS.iter().map(|s| consumer(*s)).collect(),
            published: Vec::new(),
            tick: 0,
            reorder_next: false,
            reorders: 0,
            last: String::new(),
        }
    }

    /// Arms a failed write to `sink`: on the dual-write side the application's next
    /// write to it is lost; on the CDC side its consumer's next write fails and is
    /// retried (the offset does not move past it).
    pub fn fail_next_write(&mut self, sink: Sink) {
        self.dual.fail_next[sink.index()] = true;
        self.consumers[sink.index()].fail_next = true;
    }

    /// Arms an application crash right after its next PostgreSQL and Elasticsearch
    /// writes (Redis and the warehouse never get that change).
    pub fn crash_app_between_writes(&mut self) {
        self.dual.crash_next = true;
    }

    /// Arms two concurrent updates of one row whose Elasticsearch writes arrive in the
    /// opposite order of their commits.
    pub fn reorder_next_update(&mut self) {
        self.reorder_next = true;
    }

    /// Stalls or resumes the connector or a consumer.
    pub fn set_stalled(&mut self, who: Who, stalled: bool) {
        match who {
            Who::Connector => self.connector.stalled = stalled,
            Who::Consumer(s) => self.consumers[s.index()].stalled = stalled,
        }
    }

    /// Whether `who` is stalled.
    pub fn stalled(&self, who: Who) -> bool {
        match who {
            Who::Connector => self.connector.stalled,
            Who::Consumer(s) => self.consumers[s.index()].stalled,
        }
    }

    /// Crashes and restarts `who`: the connector resumes from the slot's
    /// `confirmed_flush_lsn`, a consumer from its committed offsets. Whatever it had
    /// done since is done again.
    pub fn crash(&mut self, who: Who) {
        match who {
            Who::Connector => {
                self.connector.crashes += 1;
                self.connector.read_lsn = self.db.slot.confirmed_flush_lsn;
                self.connector.last_commit = None;
            }
            Who::Consumer(s) => {
                let c = &mut self.consumers[s.index()];
                c.crashes += 1;
                c.position = c.committed.clone();
            }
        }
    }

    /// One tick (see the module documentation).
    pub fn step(&mut self) {
        self.tick += 1;
        let op = self.workload.next(&self.db.rows);
        self.last = describe(&op);
        self.run_op(op);
        self.run_connector();
        for i in 0..self.consumers.len() {
            self.run_consumer(i);
        }
    }

    /// Only the application and the dual writes (for a benchmark of that model).
    pub fn step_dual_only(&mut self) {
        self.tick += 1;
        let op = self.workload.next(&self.db.rows);
        self.run_op(op);
    }

    fn ts(&self) -> u64 {
        self.workload.now_ms
    }

    fn run_op(&mut self, op: WorkOp) {
        let ts = self.ts();
        match op {
            WorkOp::Insert(row) => {
                if let Some(c) = self.db.insert(row.clone(), ts) {
                    self.dual_write(&row.id, Op::Create, Some(&row), c);
                }
            }
            WorkOp::Update { id, dest } => {
                if self.reorder_next {
                    self.reorder_next = false;
                    self.reorders += 1;
                    let mut other = self.workload.dest();
                    while other == dest {
                        other = self.workload.dest();
                    }
                    let first = self.db.update(&id, &dest, ts);
                    let second = self.db.update(&id, &other, ts);
                    if let (Some(c1), Some(c2), Some(r2)) =
                        (first, second, self.db.rows.get(&id).cloned())
                    {
                        self.last = format!(
                            "2 concurrent UPDATEs of {id}: → {dest}, then → {other}; Elasticsearch gets them in reverse"
                        );
                        let r1 = Row { dest, ..r2.clone() };
                        // Thread 2 overtakes thread 1 at Elasticsearch; the others
                        // get them in commit order.
                        let es = &mut self.dual.stores[Sink::Search.index()];
                        es.apply_direct(&id, Op::Update, Some(&r2), c2.lsn);
                        es.apply_direct(&id, Op::Update, Some(&r1), c1.lsn);
                        for sink in [Sink::Cache, Sink::Warehouse] {
                            let st = &mut self.dual.stores[sink.index()];
                            st.apply_direct(&id, Op::Update, Some(&r1), c1.lsn);
                            st.apply_direct(&id, Op::Update, Some(&r2), c2.lsn);
                        }
                        self.dual.writes += 6;
                    }
                } else if let Some(c) = self.db.update(&id, &dest, ts) {
                    let row = self.db.rows.get(&id).cloned();
                    self.dual_write(&id, Op::Update, row.as_ref(), c);
                }
            }
            WorkOp::Delete(id) => {
                if let Some(c) = self.db.delete(&id, ts) {
                    self.dual_write(&id, Op::Delete, None, c);
                }
            }
            WorkOp::Read(id) => {
                self.dual.stores[Sink::Cache.index()].read_through(&self.db, &id);
                self.consumers[Sink::Cache.index()]
                    .store
                    .read_through(&self.db, &id);
            }
        }
    }

    /// The application writes each downstream in turn after its commit.
    fn dual_write(&mut self, key: &str, op: Op, after: Option<&Row>, c: Commit) {
        for sink in SINKS {
            if self.dual.crash_next && sink == Sink::Cache {
                self.dual.crash_next = false;
                self.dual.crashes += 1;
                self.last += " · app crashed after the Elasticsearch write";
                return;
            }
            let i = sink.index();
            let writes = !(sink == Sink::Cache && op == Op::Create);
            if writes && self.dual.fail_next[i] {
                self.dual.fail_next[i] = false;
                self.dual.failed += 1;
                self.last += &format!(" · {} write failed", sink.name());
                continue;
            }
            if writes {
                self.dual.writes += 1;
            }
            self.dual.stores[i].apply_direct(key, op, after, c.lsn);
        }
    }

    fn run_connector(&mut self) {
        if self.connector.stalled || self.db.slot.lost {
            return;
        }
        let mut i = self.db.wal_from(self.connector.read_lsn);
        let mut txs = 0;
        let mut pending: Option<ChangeEvent> = None;
        let now = self.ts();
        while i < self.db.wal.len() && txs < CONNECTOR_BATCH {
            let r = &self.db.wal[i];
            let make = |op, before, after| ChangeEvent {
                key: String::new(),
                op,
                before,
                after,
                lsn: r.lsn,
                last_commit: self.connector.last_commit,
                tx_id: r.xid,
                source_ts_ms: r.ts_ms,
                ts_ms: now.max(r.ts_ms) + 4,
            };
            match &r.kind {
                RecordKind::Insert(row) => {
                    let mut e = make(Op::Create, OldImage::None, Some(row.clone()));
                    e.key = row.id.clone();
                    pending = Some(e);
                }
                RecordKind::Update(old, row) => {
                    let mut e = make(Op::Update, old.clone(), Some(row.clone()));
                    e.key = row.id.clone();
                    pending = Some(e);
                }
                RecordKind::Delete(old) => {
                    let key = match old {
                        OldImage::Key(k) => k.clone(),
                        OldImage::Full(row) => row.id.clone(),
                        OldImage::None => String::new(),
                    };
                    let mut e = make(Op::Delete, old.clone(), None);
                    e.key = key;
                    pending = Some(e);
                }
                RecordKind::Commit => {
                    let (lsn, end) = (r.lsn, r.end);
                    if let Some(e) = pending.take() {
                        let tomb = (e.op == Op::Delete).then(|| e.key.clone());
                        let key = e.key.clone();
                        let at = self.topic.publish(Record {
                            key,
                            value: Some(e),
                        });
                        self.published.push(at);
                        if let Some(key) = tomb {
                            let at = self.topic.publish(Record { key, value: None });
                            self.published.push(at);
                        }
                    }
                    self.connector.last_commit = Some(lsn);
                    self.connector.read_lsn = end;
                    txs += 1;
                }
                RecordKind::RunningXacts => self.connector.read_lsn = r.end,
            }
            i += 1;
        }
        if self.tick.is_multiple_of(CONFIRM_EVERY) {
            self.db.confirm(self.connector.read_lsn);
        }
    }

    fn run_consumer(&mut self, i: usize) {
        let c = &mut self.consumers[i];
        if c.stalled {
            return;
        }
        'parts: for (p, part) in self.topic.partitions.iter().enumerate() {
            for _ in 0..CONSUMER_BATCH {
                let Some(rec) = part.get(c.position[p]) else {
                    break;
                };
                if let Some(ev) = &rec.value {
                    if c.fail_next {
                        c.fail_next = false;
                        c.retries += 1;
                        continue 'parts;
                    }
                    match c.store.apply_cdc(ev) {
                        Applied::Applied => c.applied += 1,
                        Applied::Duplicate => c.duplicates += 1,
                    }
                }
                c.position[p] += 1;
            }
        }
        if self.tick.is_multiple_of(COMMIT_EVERY) {
            c.committed = c.position.clone();
        }
    }

    /// Keys each dual-written store holds differently from PostgreSQL.
    pub fn dual_diverged(&self, sink: Sink) -> Vec<String> {
        self.dual.stores[sink.index()].diverged(&self.db)
    }

    /// Keys a CDC-fed store does not yet reflect.
    pub fn cdc_behind(&self, sink: Sink) -> Vec<String> {
        self.consumers[sink.index()].store.diverged(&self.db)
    }

    /// Records a consumer has not read yet.
    pub fn consumer_lag(&self, sink: Sink) -> usize {
        let c = &self.consumers[sink.index()];
        self.topic
            .partitions
            .iter()
            .zip(&c.position)
            .map(|(p, o)| p.len().saturating_sub(*o))
            .sum()
    }

    /// Every CDC-fed store equals the database, and nothing is left to read.
    pub fn cdc_converged(&self) -> bool {
        self.connector.read_lsn >= self.last_commit_end()
            && SINKS
                .iter()
                .all(|s| self.consumer_lag(*s) == 0 && self.cdc_behind(*s).is_empty())
    }

    fn last_commit_end(&self) -> Lsn {
        self.db
            .wal
            .iter()
            .rev()
            .find(|r| r.kind == RecordKind::Commit)
            .map_or(self.db.current, |r| r.end)
    }

    /// The change event at `published[i]`, if it is not a tombstone.
    pub fn event(&self, i: usize) -> Option<&ChangeEvent> {
        let (p, o) = *self.published.get(i)?;
        self.topic.partitions.get(p)?.get(o)?.value.as_ref()
    }

    /// The rows a snapshot would send before streaming (`op` `r`, `before` null),
    /// positioned at the current LSN.
    pub fn snapshot_events(&self) -> Vec<ChangeEvent> {
        self.db
            .rows
            .values()
            .map(|r| ChangeEvent {
                key: r.id.clone(),
                op: Op::Read,
                before: OldImage::None,
                after: Some(r.clone()),
                lsn: self.db.current,
                last_commit: None,
                tx_id: self.db.next_xid,
                source_ts_ms: self.ts(),
                ts_ms: self.ts(),
            })
            .collect()
    }
}

/// What a benchmark run did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct BenchCounts {
    /// Application operations simulated.
    pub ops: u64,
    /// Transactions committed to PostgreSQL.
    pub commits: u64,
    /// Dual writes made (dual-write model).
    pub dual_writes: u64,
    /// Records published to the topic (CDC model).
    pub published: u64,
    /// Changes applied by consumers (CDC model).
    pub applied: u64,
    /// Replays skipped by consumers (CDC model).
    pub duplicates: u64,
    /// Rows out of step at the end, summed over the three stores.
    pub diverged: u64,
}

/// Which model a benchmark runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Model {
    /// The application writes PostgreSQL then each downstream; a write fails every 50
    /// operations.
    DualWrite,
    /// WAL → slot → connector → topic → three consumers; a consumer crash every 100
    /// operations and a connector crash every 250.
    Cdc,
}

/// Simulates `n` application operations of `model` from `seed` and returns the counts
/// (for a benchmark: time it and divide). Runs in chunks of 5,000 operations on fresh
/// databases so memory stays bounded.
pub fn bench(model: Model, seed: u64, n: u64) -> BenchCounts {
    let mut out = BenchCounts::default();
    let mut done = 0;
    let mut chunk = 0u64;
    while done < n {
        let m = (n - done).min(5_000);
        let mut sim = Sim::new(Config {
            seed: seed.wrapping_add(chunk),
            ..Config::default()
        });
        for k in 0..m {
            match model {
                Model::DualWrite => {
                    if k % 50 == 49 {
                        sim.fail_next_write(SINKS[(k / 50 % 3) as usize]);
                    }
                    sim.step_dual_only();
                }
                Model::Cdc => {
                    if k % 100 == 99 {
                        sim.crash(Who::Consumer(SINKS[(k / 100 % 3) as usize]));
                    }
                    if k % 250 == 249 {
                        sim.crash(Who::Connector);
                    }
                    sim.step();
                }
            }
        }
        out.ops += m;
        out.commits += sim
            .db
            .wal
            .iter()
            .filter(|r| r.kind == RecordKind::Commit)
            .count() as u64;
        out.dual_writes += sim.dual.writes;
        out.published += sim.topic.len() as u64;
        for s in SINKS {
            let c = &sim.consumers[s.index()];
            out.applied += c.applied;
            out.duplicates += c.duplicates;
            out.diverged += match model {
                Model::DualWrite => sim.dual_diverged(s).len(),
                Model::Cdc => sim.cdc_behind(s).len(),
            } as u64;
        }
        done += m;
        chunk += 1;
    }
    out
}
