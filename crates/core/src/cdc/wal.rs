//! The database: the `links` table, its write-ahead log, and a logical replication slot.
//!
//! Every committed change is first appended to the WAL: one record for the row change
//! (its LSN is the `source.lsn` Debezium reports) and one commit record, each taking
//! bytes, so LSNs grow by the record sizes (a 24-byte `XLogRecord` header plus the tuple,
//! rounded up to 8 bytes as PostgreSQL's `MAXALIGN`; sizes are approximate, the ordering
//! and the arithmetic are the point). There is no begin record: PostgreSQL assigns an xid
//! at a transaction's first write.
//!
//! What an UPDATE or DELETE record carries of the *old* row is the table's
//! `REPLICA IDENTITY`: with `DEFAULT` the primary key only, and only when the key
//! changed (an UPDATE that keeps its key logs no old tuple); with `FULL` the whole old
//! row. (PostgreSQL's `ALTER TABLE … REPLICA IDENTITY`; Debezium's PostgreSQL connector
//! documentation, "Replica identity".)
//!
//! ## The slot
//! A logical replication slot remembers how far its one consumer (here the Debezium
//! connector) has got: `confirmed_flush_lsn`, what the consumer confirmed it has safely
//! received, and `restart_lsn`, the oldest WAL decoding must restart from. PostgreSQL
//! may not recycle WAL at or after `restart_lsn`, so **retained WAL = current LSN −
//! restart_lsn** and grows without bound while the consumer stalls. `restart_lsn` only
//! moves to a point where decoding can begin, a `RUNNING_XACTS` record (logged at
//! checkpoints and every 15 s by the background writer), so it trails
//! `confirmed_flush_lsn`.
//!
//! The slot's `wal_status` (PostgreSQL documentation, view `pg_replication_slots`):
//! `reserved` (the claimed files are within `max_wal_size`), `extended` (`max_wal_size`
//! is exceeded but the files are still retained by the slot), `unreserved` (the slot no
//! longer retains the required WAL, some of it is removed at the next checkpoint; it can
//! still return to reserved or extended), `lost` (the slot is no longer usable). The
//! last two happen only when `max_slot_wal_keep_size` is set; its default, −1, keeps WAL
//! for a slot without limit, which is how a stalled pipeline fills a disk.

use super::lsn::Lsn;
use super::row::Row;
use std::collections::BTreeMap;

/// How much of the old row UPDATE and DELETE records carry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReplicaIdentity {
    /// The primary key columns (and on UPDATE only if the key changed).
    Default,
    /// The whole old row.
    Full,
}

/// The old row as logged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OldImage {
    /// Nothing logged (an UPDATE under `DEFAULT` that kept its key).
    None,
    /// The key only.
    Key(String),
    /// The whole row.
    Full(Row),
}

/// What a WAL record holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RecordKind {
    /// A new row.
    Insert(Row),
    /// A changed row: its old image (per replica identity) and the new row.
    Update(OldImage, Row),
    /// A removed row: its old image.
    Delete(OldImage),
    /// The transaction `xid` committed.
    Commit,
    /// A snapshot of running transactions: where logical decoding can restart.
    RunningXacts,
}

/// One WAL record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WalRecord {
    /// Where it starts.
    pub lsn: Lsn,
    /// Where the next record starts.
    pub end: Lsn,
    /// Its transaction (0 for `RunningXacts`).
    pub xid: u32,
    /// Commit time of its transaction, ms since the epoch.
    pub ts_ms: u64,
    /// The change.
    pub kind: RecordKind,
}

/// A committed transaction's positions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Commit {
    /// Its transaction id.
    pub xid: u32,
    /// The row change's LSN (`source.lsn`).
    pub lsn: Lsn,
    /// The end of its commit record.
    pub end: Lsn,
}

/// The slot's `wal_status`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WalStatus {
    /// Within `max_wal_size`.
    Reserved,
    /// Beyond `max_wal_size`, still retained for the slot.
    Extended,
    /// Beyond `max_slot_wal_keep_size`: removed at the next checkpoint.
    Unreserved,
    /// Removed: the slot can no longer be used.
    Lost,
}

impl WalStatus {
    /// As `pg_replication_slots.wal_status` prints it.
    pub fn name(self) -> &'static str {
        match self {
            WalStatus::Reserved => "reserved",
            WalStatus::Extended => "extended",
            WalStatus::Unreserved => "unreserved",
            WalStatus::Lost => "lost",
        }
    }
}

/// The two settings that decide `wal_status` (bytes; scaled down for a simulation).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WalLimits {
    /// `max_wal_size`.
    pub max_wal_size: u64,
    /// `max_slot_wal_keep_size`; `None` is −1, no limit (PostgreSQL's default).
    pub max_slot_wal_keep_size: Option<u64>,
    /// A checkpoint (and a `RUNNING_XACTS` record) after this many commits.
    pub checkpoint_every: u32,
}

impl Default for WalLimits {
    fn default() -> Self {
        WalLimits {
            max_wal_size: 4096,
            max_slot_wal_keep_size: None,
            checkpoint_every: 4,
        }
    }
}

/// A logical replication slot (`pg_create_logical_replication_slot('debezium_slot',
/// 'pgoutput')`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Slot {
    /// What the consumer confirmed receiving.
    pub confirmed_flush_lsn: Lsn,
    /// The oldest WAL the slot still needs.
    pub restart_lsn: Lsn,
    /// Invalidated: its WAL was removed.
    pub lost: bool,
}

/// The database: rows, WAL, one slot.
#[derive(Debug, Clone)]
pub struct Database {
    /// The `links` table by primary key.
    pub rows: BTreeMap<String, Row>,
    /// LSN of each row's last change (for consistency checks).
    pub row_lsn: BTreeMap<String, Lsn>,
    /// Every WAL record since the slot was created, in LSN order.
    pub wal: Vec<WalRecord>,
    /// The insert position (`pg_current_wal_lsn()`).
    pub current: Lsn,
    /// The next transaction id.
    pub next_xid: u32,
    /// The table's replica identity.
    pub replica_identity: ReplicaIdentity,
    /// The slot.
    pub slot: Slot,
    /// Its limits.
    pub limits: WalLimits,
    commits: u32,
}

/// The WAL position of the post's example insert (291,840 = `0/47400`).
pub const FIRST_LSN: Lsn = Lsn(291_840);
/// The first transaction id.
pub const FIRST_XID: u32 = 767;

fn align8(n: u64) -> u64 {
    (n + 7) & !7
}

/// Approximate bytes a heap tuple takes in a record: a 23-byte tuple header plus data.
fn tuple_len(r: &Row) -> u64 {
    23 + r.id.len() as u64 + 1 + r.dest.len() as u64 + 1 + 8 + 8
}

impl Database {
    /// An empty `links` table whose WAL (and slot) start at [`FIRST_LSN`].
    pub fn new(limits: WalLimits) -> Database {
        Database {
            rows: BTreeMap::new(),
            row_lsn: BTreeMap::new(),
            wal: Vec::new(),
            current: FIRST_LSN,
            next_xid: FIRST_XID,
            replica_identity: ReplicaIdentity::Default,
            slot: Slot {
                confirmed_flush_lsn: FIRST_LSN,
                restart_lsn: FIRST_LSN,
                lost: false,
            },
            limits,
            commits: 0,
        }
    }

    fn append(&mut self, xid: u32, ts_ms: u64, kind: RecordKind, payload: u64) -> Lsn {
        let lsn = self.current;
        let end = Lsn(lsn.0 + align8(24 + payload));
        self.wal.push(WalRecord {
            lsn,
            end,
            xid,
            ts_ms,
            kind,
        });
        self.current = end;
        lsn
    }

    fn old_image(&self, old: &Row, key_changed: bool) -> OldImage {
        match self.replica_identity {
            ReplicaIdentity::Full => OldImage::Full(old.clone()),
            ReplicaIdentity::Default if key_changed => OldImage::Key(old.id.clone()),
            ReplicaIdentity::Default => OldImage::None,
        }
    }

    fn commit(&mut self, kind: RecordKind, payload: u64, ts_ms: u64) -> Commit {
        let xid = self.next_xid;
        self.next_xid += 1;
        let lsn = self.append(xid, ts_ms, kind, payload);
        // xl_xact_commit: header, timestamp, flags.
        let end_lsn = self.append(xid, ts_ms, RecordKind::Commit, 16);
        let _ = end_lsn;
        self.commits += 1;
        if self
            .commits
            .is_multiple_of(self.limits.checkpoint_every.max(1))
        {
            self.checkpoint(ts_ms);
        }
        Commit {
            xid,
            lsn,
            end: self.current,
        }
    }

    /// `INSERT INTO links …`; `None` if the key exists.
    pub fn insert(&mut self, row: Row, ts_ms: u64) -> Option<Commit> {
        if self.rows.contains_key(&row.id) {
            return None;
        }
        let len = tuple_len(&row);
        let c = self.commit(RecordKind::Insert(row.clone()), len, ts_ms);
        self.row_lsn.insert(row.id.clone(), c.lsn);
        self.rows.insert(row.id.clone(), row);
        Some(c)
    }

    /// `UPDATE links SET dest = … WHERE id = …`; `None` if there is no such row.
    pub fn update(&mut self, id: &str, dest: &str, ts_ms: u64) -> Option<Commit> {
        let old = self.rows.get(id)?.clone();
        let new = Row {
            dest: dest.to_string(),
            ..old.clone()
        };
        let image = self.old_image(&old, false);
        let len = tuple_len(&new)
            + match &image {
                OldImage::Full(r) => tuple_len(r),
                _ => 0,
            };
        let c = self.commit(RecordKind::Update(image, new.clone()), len, ts_ms);
        self.row_lsn.insert(id.to_string(), c.lsn);
        self.rows.insert(id.to_string(), new);
        Some(c)
    }

    /// `DELETE FROM links WHERE id = …`; `None` if there is no such row.
    pub fn delete(&mut self, id: &str, ts_ms: u64) -> Option<Commit> {
        let old = self.rows.get(id)?.clone();
        // A DELETE always identifies its row: under DEFAULT by the key.
        let image = match self.replica_identity {
            ReplicaIdentity::Full => OldImage::Full(old.clone()),
            ReplicaIdentity::Default => OldImage::Key(old.id.clone()),
        };
        let len = match &image {
            OldImage::Full(r) => tuple_len(r),
            _ => 8 + old.id.len() as u64,
        };
        let c = self.commit(RecordKind::Delete(image), len, ts_ms);
        self.row_lsn.insert(id.to_string(), c.lsn);
        self.rows.remove(id);
        Some(c)
    }

    /// A checkpoint: logs `RUNNING_XACTS`, and removes WAL an `unreserved` slot no longer
    /// holds (the slot becomes `lost`).
    fn checkpoint(&mut self, ts_ms: u64) {
        if self.wal_status() == WalStatus::Unreserved {
            self.slot.lost = true;
        }
        self.append(0, ts_ms, RecordKind::RunningXacts, 24);
    }

    /// The consumer confirms it has everything up to `lsn` (clamped to the insert
    /// position): `confirmed_flush_lsn` moves there, and `restart_lsn` to the last
    /// `RUNNING_XACTS` record at or before it (no transaction spans one here).
    pub fn confirm(&mut self, lsn: Lsn) {
        if self.slot.lost {
            return;
        }
        let lsn = lsn.min(self.current);
        if lsn <= self.slot.confirmed_flush_lsn {
            return;
        }
        self.slot.confirmed_flush_lsn = lsn;
        if let Some(r) = self
            .wal
            .iter()
            .rev()
            .find(|r| r.kind == RecordKind::RunningXacts && r.lsn <= lsn)
        {
            self.slot.restart_lsn = self.slot.restart_lsn.max(r.lsn);
        }
    }

    /// Bytes of WAL kept for the slot: current − `restart_lsn`.
    pub fn retained_wal(&self) -> u64 {
        self.current.since(self.slot.restart_lsn)
    }

    /// Slot lag: current − `confirmed_flush_lsn` (what monitoring alerts on).
    pub fn slot_lag(&self) -> u64 {
        self.current.since(self.slot.confirmed_flush_lsn)
    }

    /// The slot's `wal_status` now.
    pub fn wal_status(&self) -> WalStatus {
        let kept = self.retained_wal();
        if self.slot.lost {
            WalStatus::Lost
        } else if matches!(self.limits.max_slot_wal_keep_size, Some(k) if kept > k) {
            WalStatus::Unreserved
        } else if kept > self.limits.max_wal_size {
            WalStatus::Extended
        } else {
            WalStatus::Reserved
        }
    }

    /// The index of the first WAL record at or after `lsn`.
    pub fn wal_from(&self, lsn: Lsn) -> usize {
        self.wal.partition_point(|r| r.lsn < lsn)
    }
}
