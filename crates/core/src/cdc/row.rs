//! The `links` table's rows and the JSON text they become.
//!
//! ```sql
//! CREATE TABLE links (id text PRIMARY KEY, dest text NOT NULL,
//!                     user_id bigint NOT NULL, created_at timestamptz NOT NULL);
//! ```
//!
//! JSON is written by hand (no serde in the wasm module): strings are escaped as RFC 8259
//! asks (`"` and `\` with a backslash, control characters as `\n`, `\t`, … or `\u00XX`),
//! and a `timestamptz` prints as Debezium's `ZonedTimestamp` does, an ISO-8601 string in
//! UTC (`2025-06-01T14:00:00Z`).

/// One row of `links`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// The short code, the primary key (`x7Kp2`).
    pub id: String,
    /// Where the short link redirects.
    pub dest: String,
    /// The owner.
    pub user_id: u64,
    /// Creation time, milliseconds since the Unix epoch (UTC).
    pub created_at_ms: u64,
}

impl Row {
    /// `{"id":…,"dest":…,"user_id":…,"created_at":…}`.
    pub fn json(&self) -> String {
        format!(
            "{{\"id\":{},\"dest\":{},\"user_id\":{},\"created_at\":{}}}",
            json_str(&self.id),
            json_str(&self.dest),
            self.user_id,
            json_str(&iso_utc(self.created_at_ms))
        )
    }
}

/// `s` as a JSON string literal, quotes included (the core's [`crate::json::string`]).
pub use crate::json::string as json_str;

/// Milliseconds since the epoch as `YYYY-MM-DDTHH:MM:SSZ` (whole seconds; a fraction is
/// added as `.mmm` when there is one). Days to a civil date by Howard Hinnant's
/// `civil_from_days`.
pub fn iso_utc(ms: u64) -> String {
    let secs = ms / 1000;
    let days = (secs / 86_400) as i64;
    let rem = secs % 86_400;
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    let frac = ms % 1000;
    let mut s = format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}",
        rem / 3600,
        rem / 60 % 60,
        rem % 60
    );
    if frac != 0 {
        s += &format!(".{frac:03}");
    }
    s.push('Z');
    s
}
