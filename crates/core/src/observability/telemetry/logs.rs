//! Structured JSON log records, built from a [`Request`]'s events.
//!
//! Every record carries the `trace_id` and `span_id` of the operation that wrote it (as
//! 32 and 16 lowercase hex digits, OpenTelemetry's form), so a query by trace id finds
//! the request's logs and a log line leads back to its span. The fields follow the
//! post's example: `timestamp`, `level`, `service`, `trace_id`, `span_id`, `message`,
//! then the event's own fields.
//!
//! Which records a request writes (all from `redirect-service`):
//!
//! - cache outage: `WARN "Cache unavailable, reading from database"` on the cache span;
//! - a query slower than [`SLOW_QUERY_US`]: `WARN "Slow query"` on the database span,
//!   with the query, its duration and the rows scanned;
//! - then one record for the outcome on the service's server span: `INFO "Redirect
//!   completed"` (the post's example), `WARN "Short code not found"`, `ERROR "Redirect
//!   failed"`, or `INFO "Link created"`.

use super::request::{CacheOutcome, Request, Route};
use super::spans::{REDIRECT_SERVICE, SELECT_QUERY};
use crate::hash::to_hex;
use std::fmt::Write as _;

/// A database call at least this slow (µs) is logged as a slow query.
pub const SLOW_QUERY_US: u32 = 500_000;

/// The wall-clock time the simulation starts at, as seconds since the Unix epoch:
/// 2025-06-01T14:00:00Z, the post's example timestamp.
pub const EPOCH_UNIX_S: u64 = 1_748_786_400;

/// Severity.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    /// Normal operation.
    Info,
    /// Recoverable trouble.
    Warn,
    /// A failure.
    Error,
}

impl Level {
    /// As written in the record.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Info => "INFO",
            Level::Warn => "WARN",
            Level::Error => "ERROR",
        }
    }
}

/// A field value in a log record.
#[derive(Clone, Debug, PartialEq)]
pub enum LogValue {
    /// A string.
    Str(String),
    /// An integer.
    Int(i64),
    /// A boolean.
    Bool(bool),
}

/// One structured log record.
#[derive(Clone, Debug, PartialEq)]
pub struct LogRecord {
    /// µs since the simulation began.
    pub time_us: u64,
    /// Severity.
    pub level: Level,
    /// The service that wrote it.
    pub service: &'static str,
    /// Its trace.
    pub trace_id: [u8; 16],
    /// The span it was written in.
    pub span_id: [u8; 8],
    /// What happened.
    pub message: &'static str,
    /// The event's own fields, in order.
    pub fields: Vec<(&'static str, LogValue)>,
}

impl LogRecord {
    /// The record as one line of JSON (keys in a fixed order, strings escaped).
    pub fn to_json(&self) -> String {
        let mut s = String::with_capacity(256);
        s.push_str("{\"timestamp\":\"");
        write_timestamp(&mut s, self.time_us);
        s.push_str("\",\"level\":\"");
        s.push_str(self.level.as_str());
        s.push_str("\",\"service\":");
        json_string(&mut s, self.service);
        let _ = write!(
            s,
            ",\"trace_id\":\"{}\",\"span_id\":\"{}\",\"message\":",
            to_hex(&self.trace_id),
            to_hex(&self.span_id)
        );
        json_string(&mut s, self.message);
        for (k, v) in &self.fields {
            s.push(',');
            json_string(&mut s, k);
            s.push(':');
            match v {
                LogValue::Str(v) => json_string(&mut s, v),
                LogValue::Int(v) => {
                    let _ = write!(s, "{v}");
                }
                LogValue::Bool(v) => s.push_str(if *v { "true" } else { "false" }),
            }
        }
        s.push('}');
        s
    }
}

/// Appends `v` as a JSON string (the core's [`crate::json::push_string`]).
pub use crate::json::push_string as json_string;

/// RFC 3339 UTC with milliseconds: `2025-06-01T14:00:00.123Z` for `time_us` after
/// [`EPOCH_UNIX_S`].
pub fn write_timestamp(out: &mut String, time_us: u64) {
    let secs = EPOCH_UNIX_S + time_us / 1_000_000;
    let ms = (time_us / 1000) % 1000;
    let days = secs / 86_400;
    let rem = secs % 86_400;
    let (y, m, d) = civil_from_days(days);
    let _ = write!(
        out,
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}.{ms:03}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    );
}

/// Days since 1970-01-01 to (year, month, day), proleptic Gregorian (Howard Hinnant's
/// `civil_from_days`, for non-negative days).
fn civil_from_days(days: u64) -> (u64, u64, u64) {
    let z = days + 719_468;
    let era = z / 146_097;
    let doe = z % 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + u64::from(m <= 2);
    (y, m, d)
}

/// The destination every code redirects to (the post's example).
pub const DESTINATION: &str = "https://example.com";

impl Request {
    /// The request's log records, in time order.
    pub fn logs(&self) -> Vec<LogRecord> {
        let mut out = Vec::with_capacity(2);
        let svc_start = self.start_us + u64::from(self.gw_pre_us) + u64::from(self.net_out_us);
        let cache_start = svc_start + u64::from(self.app_pre_us) + u64::from(self.dns_us);
        let db_end = cache_start + u64::from(self.cache_us) + u64::from(self.db_us);
        let svc_end = svc_start + self.service_us();
        let record = |time_us, level, span_id, message, fields| LogRecord {
            time_us,
            level,
            service: REDIRECT_SERVICE,
            trace_id: self.trace_id,
            span_id,
            message,
            fields,
        };
        let code = || LogValue::Str(self.code.as_str().to_string());
        if self.cache == CacheOutcome::Down {
            out.push(record(
                cache_start + u64::from(self.cache_us),
                Level::Warn,
                self.cache_span_id(),
                "Cache unavailable, reading from database",
                vec![
                    ("error", LogValue::Str("redis: connection refused".into())),
                    ("short_code", code()),
                ],
            ));
        }
        if self.db_us >= SLOW_QUERY_US {
            out.push(record(
                db_end,
                Level::Warn,
                self.db_span_id(),
                "Slow query",
                vec![
                    ("query", LogValue::Str(SELECT_QUERY.into())),
                    ("short_code", code()),
                    ("duration_ms", LogValue::Int(i64::from(self.db_us / 1000))),
                    (
                        "rows_scanned",
                        LogValue::Int(i64::try_from(self.rows_scanned).unwrap_or(i64::MAX)),
                    ),
                    (
                        "index_used",
                        LogValue::Str(
                            if self.index_used {
                                "links_short_code_key"
                            } else {
                                "none"
                            }
                            .into(),
                        ),
                    ),
                ],
            ));
        }
        let duration_ms =
            LogValue::Int(i64::try_from(self.service_us() / 1000).unwrap_or(i64::MAX));
        let (level, message, mut fields) = match (self.route, self.status) {
            (_, s) if s >= 500 => (
                Level::Error,
                "Redirect failed",
                vec![
                    ("short_code", code()),
                    (
                        "error",
                        LogValue::Str("unhandled error resolving short code".into()),
                    ),
                ],
            ),
            (Route::CreateLink, _) => (
                Level::Info,
                "Link created",
                vec![
                    ("short_code", code()),
                    ("destination", LogValue::Str(DESTINATION.into())),
                ],
            ),
            (Route::Redirect, 404) => (
                Level::Warn,
                "Short code not found",
                vec![("short_code", code())],
            ),
            (Route::Redirect, _) => (
                Level::Info,
                "Redirect completed",
                vec![
                    ("short_code", code()),
                    ("destination", LogValue::Str(DESTINATION.into())),
                ],
            ),
        };
        fields.push(("duration_ms", duration_ms));
        if self.route == Route::Redirect {
            fields.push(("cache_hit", LogValue::Bool(self.cache == CacheOutcome::Hit)));
        }
        fields.push(("status", LogValue::Int(i64::from(self.status))));
        out.push(record(
            svc_end,
            level,
            self.service_span_id(),
            message,
            fields,
        ));
        out
    }
}
