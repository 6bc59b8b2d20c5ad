//! A seeded workload of short links: inserts, updates of `dest`, deletes, and redirect
//! reads. The first operation is always the post's example: `x7Kp2` →
//! `https://example.com` for user 123 at 2025-06-01T14:00:00Z.

use super::row::Row;
use std::collections::BTreeMap;

/// SplitMix64: a small seeded generator; the same seed gives the same stream on every
/// target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rng(pub u64);

impl Rng {
    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (`n` ≥ 1).
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n.max(1)
    }
}

/// One operation of the application.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WorkOp {
    /// Create a short link.
    Insert(Row),
    /// Point a link elsewhere.
    Update {
        /// The link.
        id: String,
        /// Its new destination.
        dest: String,
    },
    /// Remove a link.
    Delete(String),
    /// A redirect: read the link (through the cache).
    Read(String),
}

/// The post's example row.
pub fn post_example_row() -> Row {
    Row {
        id: "x7Kp2".into(),
        dest: "https://example.com".into(),
        user_id: 123,
        created_at_ms: POST_TS_MS,
    }
}

/// 2025-06-01T14:00:00Z in milliseconds.
pub const POST_TS_MS: u64 = 1_748_786_400_000;

const DESTS: [&str; 8] = [
    "https://example.com",
    "https://example.org/docs",
    "https://shop.example/sale",
    "https://blog.example/cdc",
    "https://news.example/today",
    "https://example.net/a?b=1&c=2",
    "https://maps.example/x",
    "https://video.example/v/42",
];

const BASE62: &[u8; 62] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/// The workload generator.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Workload {
    rng: Rng,
    /// Simulated clock, ms since the epoch.
    pub now_ms: u64,
    started: bool,
}

impl Workload {
    /// A generator for `seed`, its clock at the post's 14:00:00.
    pub fn new(seed: u64) -> Workload {
        Workload {
            rng: Rng(seed),
            now_ms: POST_TS_MS,
            started: false,
        }
    }

    /// A random value in `0..n` from the workload's stream.
    pub fn pick(&mut self, n: u64) -> u64 {
        self.rng.below(n)
    }

    /// The next operation given the current rows; advances the clock 50–1,000 ms.
    pub fn next(&mut self, rows: &BTreeMap<String, Row>) -> WorkOp {
        if !self.started {
            self.started = true;
            return WorkOp::Insert(post_example_row());
        }
        self.now_ms += 50 + self.rng.below(951);
        let n = rows.len() as u64;
        let roll = self.rng.below(100);
        let existing = |rng: &mut Rng| -> String {
            let i = rng.below(n) as usize;
            rows.keys().nth(i).cloned().unwrap_or_default()
        };
        if n == 0 || roll < 35 || (n < 4 && roll < 60) {
            let mut id = String::with_capacity(5);
            loop {
                id.clear();
                for _ in 0..5 {
                    id.push(BASE62[self.rng.below(62) as usize] as char);
                }
                if !rows.contains_key(&id) {
                    break;
                }
            }
            WorkOp::Insert(Row {
                id,
                dest: DESTS[self.rng.below(DESTS.len() as u64) as usize].into(),
                user_id: 100 + self.rng.below(900),
                created_at_ms: self.now_ms,
            })
        } else if roll < 65 {
            let id = existing(&mut self.rng);
            let now = rows.get(&id).map(|r| r.dest.clone()).unwrap_or_default();
            let mut dest = self.dest();
            while dest == now {
                dest = self.dest();
            }
            WorkOp::Update { id, dest }
        } else if roll < 80 {
            WorkOp::Read(existing(&mut self.rng))
        } else {
            WorkOp::Delete(existing(&mut self.rng))
        }
    }

    /// A random destination.
    pub fn dest(&mut self) -> String {
        DESTS[self.rng.below(DESTS.len() as u64) as usize].into()
    }
}
