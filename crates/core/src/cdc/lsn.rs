//! Log sequence numbers: a byte position in the write-ahead log.
//!
//! PostgreSQL's `pg_lsn` is a 64-bit integer printed as two hexadecimal numbers of up to
//! eight digits, the high and the low 32 bits, separated by a slash (`%X/%X`, upper
//! case, no zero padding): byte 291,840 is `0/47400`, and the PostgreSQL manual's example
//! `16/B374D848` is byte 0x16_B374_D848. Subtracting two LSNs gives a distance in bytes,
//! which is how slot lag and retained WAL are measured (`pg_wal_lsn_diff`).

use std::fmt;

/// A WAL position in bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default, Hash)]
pub struct Lsn(pub u64);

impl fmt::Display for Lsn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:X}/{:X}", self.0 >> 32, self.0 & 0xFFFF_FFFF)
    }
}

impl Lsn {
    /// Parses PostgreSQL's text form (`16/B374D848`); `None` unless both halves are 1–8
    /// hex digits.
    pub fn parse(s: &str) -> Option<Lsn> {
        let (hi, lo) = s.split_once('/')?;
        let half = |h: &str| {
            if h.is_empty() || h.len() > 8 || !h.bytes().all(|b| b.is_ascii_hexdigit()) {
                None
            } else {
                u64::from_str_radix(h, 16).ok()
            }
        };
        Some(Lsn(half(hi)? << 32 | half(lo)?))
    }

    /// Bytes from `earlier` to `self` (0 if `earlier` is ahead), as `pg_wal_lsn_diff`.
    pub fn since(self, earlier: Lsn) -> u64 {
        self.0.saturating_sub(earlier.0)
    }
}
