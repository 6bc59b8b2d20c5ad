//! Change events in Debezium's envelope, decoded from WAL records.
//!
//! The value of a Debezium PostgreSQL change event (Debezium documentation, "PostgreSQL
//! connector: data change events"; JSON converter, schemas off) is
//!
//! ```json
//! {"before":…,"after":…,"source":{"connector":"postgresql","name":"postgres",
//!  "ts_ms":…,"snapshot":"false","db":"shortener","sequence":"[…]","schema":"public",
//!  "table":"links","txId":767,"lsn":291840,"xmin":null},"op":"c","ts_ms":…}
//! ```
//!
//! - `op`: `c` create, `u` update, `d` delete, `r` read (a snapshot row).
//! - `before`: the row before the change, as far as the WAL has it (see
//!   [`super::wal`]): `null` on create and snapshot reads; on update `null` under
//!   `REPLICA IDENTITY DEFAULT` (the key did not change) and the whole old row under
//!   `FULL`; on delete the key under `DEFAULT` (other columns `null`, as the JSON
//!   converter writes an optional field with no value) and the whole row under `FULL`.
//!   The post says a delete's `before` is the deleted row: only with `FULL`.
//! - `after`: the new row, `null` on delete.
//! - `source.ts_ms`: when the database committed it; the top-level `ts_ms`: when the
//!   connector processed it (later). `source.lsn` is the change's WAL position as an
//!   integer; `source.sequence` is `[last commit LSN, this LSN]` as strings, a JSON
//!   string holding JSON (so its quotes are escaped).
//!
//! A delete is followed on the topic by a *tombstone*: the same key with a `null` value,
//! so Kafka's log compaction can drop every record of that key.

use super::lsn::Lsn;
use super::row::{json_str, Row};
use super::wal::OldImage;

/// The `op` field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    /// `c`: INSERT.
    Create,
    /// `u`: UPDATE.
    Update,
    /// `d`: DELETE.
    Delete,
    /// `r`: a row read by the initial snapshot.
    Read,
}

impl Op {
    /// The one-letter code.
    pub fn code(self) -> &'static str {
        match self {
            Op::Create => "c",
            Op::Update => "u",
            Op::Delete => "d",
            Op::Read => "r",
        }
    }
}

/// One change event's value (the envelope's payload).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChangeEvent {
    /// The row's key (`id`), also the Kafka record key.
    pub key: String,
    /// What happened.
    pub op: Op,
    /// The old row as logged.
    pub before: OldImage,
    /// The new row.
    pub after: Option<Row>,
    /// `source.lsn`.
    pub lsn: Lsn,
    /// The previous commit's LSN (`source.sequence`'s first element), if any.
    pub last_commit: Option<Lsn>,
    /// `source.txId`.
    pub tx_id: u32,
    /// `source.ts_ms`: commit time.
    pub source_ts_ms: u64,
    /// Top-level `ts_ms`: when the connector processed it.
    pub ts_ms: u64,
}

impl ChangeEvent {
    /// `before` as JSON.
    pub fn before_json(&self) -> String {
        match &self.before {
            OldImage::None => "null".into(),
            OldImage::Full(r) => r.json(),
            OldImage::Key(k) => format!(
                "{{\"id\":{},\"dest\":null,\"user_id\":null,\"created_at\":null}}",
                json_str(k)
            ),
        }
    }

    /// The record key as JSON: `{"id":"x7Kp2"}`.
    pub fn key_json(&self) -> String {
        format!("{{\"id\":{}}}", json_str(&self.key))
    }

    /// The value as one line of JSON, fields in Debezium's order.
    pub fn json(&self) -> String {
        let seq = format!(
            "[{},\"{}\"]",
            self.last_commit
                .map_or("null".to_string(), |l| format!("\"{}\"", l.0)),
            self.lsn.0
        );
        format!(
            "{{\"before\":{},\"after\":{},\"source\":{{\"connector\":\"postgresql\",\"name\":\"postgres\",\"ts_ms\":{},\"snapshot\":\"{}\",\"db\":\"shortener\",\"sequence\":{},\"schema\":\"public\",\"table\":\"links\",\"txId\":{},\"lsn\":{},\"xmin\":null}},\"op\":\"{}\",\"ts_ms\":{}}}",
            self.before_json(),
            self.after.as_ref().map_or("null".to_string(), Row::json),
            self.source_ts_ms,
            if self.op == Op::Read { "true" } else { "false" },
            json_str(&seq),
            self.tx_id,
            self.lsn.0,
            self.op.code(),
            self.ts_ms
        )
    }

    /// [`ChangeEvent::json`] indented, one field a line, for reading.
    pub fn pretty(&self) -> String {
        pretty(&self.json(), usize::MAX)
    }
}

/// Indents compact JSON (two spaces a level) down to `depth` levels; deeper objects
/// stay on one line (with a space after `,` and `:`). Strings are copied untouched.
pub fn pretty(json: &str, depth_max: usize) -> String {
    let mut out = String::with_capacity(json.len() * 2);
    let mut depth = 0usize;
    let mut in_str = false;
    let mut escaped = false;
    let nl = |out: &mut String, d: usize| {
        out.push('\n');
        for _ in 0..d {
            out.push_str("  ");
        }
    };
    for c in json.chars() {
        if in_str {
            out.push(c);
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_str = false;
            }
            continue;
        }
        match c {
            '"' => {
                in_str = true;
                out.push(c);
            }
            '{' | '[' => {
                depth += 1;
                out.push(c);
                if depth <= depth_max {
                    nl(&mut out, depth);
                }
            }
            '}' | ']' => {
                depth = depth.saturating_sub(1);
                if depth < depth_max {
                    nl(&mut out, depth);
                }
                out.push(c);
            }
            ',' => {
                out.push(c);
                if depth <= depth_max {
                    nl(&mut out, depth);
                } else {
                    out.push(' ');
                }
            }
            ':' => out.push_str(": "),
            c => out.push(c),
        }
    }
    out
}
