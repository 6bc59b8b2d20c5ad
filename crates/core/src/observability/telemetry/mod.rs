//! # The URL shortener, instrumented
//!
//! A seeded, deterministic model of the series' URL shortener producing all three
//! pillars from the same events. A request arrives at the **api-gateway**, which
//! forwards it (with a `traceparent` header) to the **redirect-service**; that resolves
//! the short code through the **Redis** cache and, on a miss, **PostgreSQL**, then
//! fills the cache. Each request is recorded once, as a [`Request`] (its route, cache
//! outcome, status and the duration of every part), and everything else is read from
//! that record:
//!
//! - traces: [`Request::spans`], OpenTelemetry-shaped spans;
//! - logs: [`Request::logs`], JSON records carrying the trace and span ids;
//! - metrics: [`Metrics`], updated when the request completes; Prometheus text from
//!   [`Telemetry::exposition`]; scraped every [`Config::scrape_interval_us`] into
//!   [`Scrape`]s for rates and windowed percentiles.
//!
//! Faults the reader injects for a time window ([`FaultKind`]):
//!
//! - **missing index**: the post's story. `SELECT … WHERE short_code = $1` scans all
//!   50,000,000 rows: 2.8–3.7 s instead of a few ms. Only cache misses reach the
//!   database, so p50 barely moves while p99 explodes: exactly the "dashboard green, user
//!   unhappy" of the post.
//! - **cache outage**: Redis refuses connections; every redirect goes to the database,
//!   whose latency grows with its utilisation (saturation, the fourth golden signal):
//!   `latency × 1/(1 − u)`, capped at ×20, where `u` is the last second's queries over
//!   [`Config::db_capacity_qps`].
//! - **error burst**: a quarter of the redirect-service's requests fail with 500.
//! - **slow downstream**: the redirect-service stalls 150–450 ms per request before doing
//!   any work: the gateway sees its downstream slow while Redis and PostgreSQL are fine.
//!
//! Which traces are kept: the last [`Config::recent_traces`] requests, and, as *adaptive
//! sampling* does, every error or slow (≥ [`Config::keep_slow_us`]) trace plus
//! [`Config::sample_permille`] of the rest, up to [`Config::kept_traces`].
//!
//! Determinism: one ChaCha8 RNG seeded from the seed draws every choice in arrival order,
//! and only integer arithmetic decides times (no `ln`, no float rounding that could differ
//! between native and WebAssembly). Metrics are kept in fixed, sorted order (no hash maps).
//! Cost: O(requests simulated); the widget bounds `rate × time` per frame.

pub mod logs;
pub mod request;
pub mod spans;

pub use logs::{Level, LogRecord, LogValue};
pub use request::{CacheOutcome, Request, Route, ShortCode};
pub use spans::{AttrValue, Span, SpanKind, SpanStatus};

use crate::observability::prometheus::{self, Counter, Histogram, MetricType, Sample, TextWriter};
use rand_chacha::ChaCha8Rng;
use rand_core::{RngCore, SeedableRng};
use std::cmp::Reverse;
use std::collections::{BinaryHeap, VecDeque};
use std::fmt;

/// Settings, each bounded (see [`Config::check`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Config {
    /// Mean arrival rate, 1..=20,000 requests per second.
    pub requests_per_second: u32,
    /// Share of redirects whose code is in the cache, in ‰ (post: 1,401,234 of
    /// 1,423,904 ≈ 984‰).
    pub cache_hit_permille: u16,
    /// Share of requests that create a link instead of redirecting, in ‰.
    pub create_permille: u16,
    /// Share of cache misses for codes that do not exist (404), in ‰.
    pub not_found_permille: u16,
    /// Queries per second the database serves before it saturates (100..=1,000,000).
    pub db_capacity_qps: u32,
    /// How often metrics are scraped, µs (100 ms..=60 s).
    pub scrape_interval_us: u64,
    /// How many scrapes are kept (2..=100,000).
    pub max_scrapes: usize,
    /// How many of the latest requests are kept whole (1..=100,000).
    pub recent_traces: usize,
    /// How many sampled traces are kept (1..=100,000).
    pub kept_traces: usize,
    /// Traces at least this slow are always kept, µs.
    pub keep_slow_us: u64,
    /// Share of other traces kept, in ‰.
    pub sample_permille: u16,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            requests_per_second: 500,
            cache_hit_permille: 984,
            create_permille: 20,
            not_found_permille: 50,
            db_capacity_qps: 2000,
            scrape_interval_us: 1_000_000,
            max_scrapes: 3600,
            recent_traces: 200,
            kept_traces: 1000,
            keep_slow_us: 500_000,
            sample_permille: 10,
        }
    }
}

/// A refused [`Config`]: which setting and its allowed range.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigError(pub String);

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ConfigError {}

impl Config {
    /// Checks every bound; the first setting out of range is named.
    pub fn check(&self) -> Result<(), ConfigError> {
        let bad = |name: &str, range: &str, v: String| {
            Err(ConfigError(format!("{name} must be in {range}, got {v}")))
        };
        if !(1..=20_000).contains(&self.requests_per_second) {
            return bad(
                "requests_per_second",
                "1..=20000",
                self.requests_per_second.to_string(),
            );
        }
        for (name, v) in [
            ("cache_hit_permille", self.cache_hit_permille),
            ("create_permille", self.create_permille),
            ("not_found_permille", self.not_found_permille),
            ("sample_permille", self.sample_permille),
        ] {
            if v > 1000 {
                return bad(name, "0..=1000", v.to_string());
            }
        }
        if !(100..=1_000_000).contains(&self.db_capacity_qps) {
            return bad(
                "db_capacity_qps",
                "100..=1000000",
                self.db_capacity_qps.to_string(),
            );
        }
        if !(100_000..=60_000_000).contains(&self.scrape_interval_us) {
            return bad(
                "scrape_interval_us",
                "100000..=60000000",
                self.scrape_interval_us.to_string(),
            );
        }
        for (name, v, lo) in [
            ("max_scrapes", self.max_scrapes, 2),
            ("recent_traces", self.recent_traces, 1),
            ("kept_traces", self.kept_traces, 1),
        ] {
            if !(lo..=100_000).contains(&v) {
                return bad(name, &format!("{lo}..=100000"), v.to_string());
            }
        }
        Ok(())
    }
}

/// A problem the reader can inject.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum FaultKind {
    /// The `short_code` index is missing: full-table scans.
    MissingIndex,
    /// Redis is down: every lookup goes to the database.
    CacheOutage,
    /// A quarter of redirect-service requests fail with 500.
    ErrorBurst,
    /// The redirect-service stalls 150–450 ms per request.
    SlowDownstream,
}

/// A fault active for arrivals in `[start_us, end_us)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Fault {
    /// Which problem.
    pub kind: FaultKind,
    /// From (µs).
    pub start_us: u64,
    /// Until (µs, exclusive).
    pub end_us: u64,
}

/// The four services, for per-service latency.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Service {
    /// End to end, as the gateway saw it.
    Gateway,
    /// The redirect-service's server span.
    RedirectService,
    /// Redis calls.
    Redis,
    /// PostgreSQL queries.
    Postgres,
}

impl Service {
    /// All four, in exposition order.
    pub const ALL: [Service; 4] = [
        Service::Gateway,
        Service::RedirectService,
        Service::Redis,
        Service::Postgres,
    ];
    fn index(self) -> usize {
        self as usize
    }
    /// The `service` label.
    pub fn label(self) -> &'static str {
        match self {
            Service::Gateway => spans::GATEWAY,
            Service::RedirectService => spans::REDIRECT_SERVICE,
            Service::Redis => "redis",
            Service::Postgres => "postgresql",
        }
    }
}

/// The live metrics (what a `/metrics` endpoint would serve).
#[derive(Clone, Debug, PartialEq)]
pub struct Metrics {
    /// `http_requests_total` by (route, status), sorted by that key.
    pub requests: Vec<((Route, u16), Counter)>,
    /// Latency histograms (seconds), indexed like [`Service::ALL`].
    pub latency: [Histogram; 4],
    /// `redirect_cache_hits_total`.
    pub cache_hits: Counter,
    /// `redirect_cache_misses_total` (outage lookups count as misses).
    pub cache_misses: Counter,
    /// Database utilisation over the last second (a gauge, 0..).
    pub db_utilization: f64,
}

impl Metrics {
    fn new() -> Self {
        let h = Histogram::with_default_buckets;
        Metrics {
            requests: Vec::new(),
            latency: [h(), h(), h(), h()],
            cache_hits: Counter::new(),
            cache_misses: Counter::new(),
            db_utilization: 0.0,
        }
    }
    /// The latency histogram of one service.
    pub fn latency(&self, s: Service) -> &Histogram {
        &self.latency[s.index()]
    }
    /// All requests counted.
    pub fn requests_total(&self) -> f64 {
        self.requests.iter().map(|(_, c)| c.get()).sum()
    }
    /// Requests answered 5xx.
    pub fn errors_total(&self) -> f64 {
        self.requests
            .iter()
            .filter(|((_, s), _)| *s >= 500)
            .map(|(_, c)| c.get())
            .sum()
    }
    fn record(&mut self, r: &Request) {
        let key = (r.route, r.status);
        match self.requests.binary_search_by(|(k, _)| k.cmp(&key)) {
            Ok(i) => self.requests[i].1.inc(),
            Err(i) => {
                let mut c = Counter::new();
                c.inc();
                self.requests.insert(i, (key, c));
            }
        }
        let s = |us: u64| us as f64 / 1e6;
        self.latency[0].observe(s(r.duration_us()));
        self.latency[1].observe(s(r.service_us()));
        if r.cache_us > 0 {
            self.latency[2].observe(s(u64::from(r.cache_us)));
        }
        if r.cache_set_us > 0 {
            self.latency[2].observe(s(u64::from(r.cache_set_us)));
        }
        if r.db_us > 0 {
            self.latency[3].observe(s(u64::from(r.db_us)));
        }
        match r.cache {
            CacheOutcome::Hit => self.cache_hits.inc(),
            CacheOutcome::Miss | CacheOutcome::Down => self.cache_misses.inc(),
            CacheOutcome::NotRead => {}
        }
    }
}

/// One scrape: the counters and histograms at an instant.
#[derive(Clone, Debug, PartialEq)]
pub struct Scrape {
    /// When, µs.
    pub t_us: u64,
    /// All requests so far.
    pub requests_total: f64,
    /// 5xx so far.
    pub errors_total: f64,
    /// The latency histograms, like [`Metrics::latency`].
    pub latency: [Histogram; 4],
}

/// A completed-later request, ordered by (end, seq) for the completion heap.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Pending(Request);
impl Ord for Pending {
    fn cmp(&self, o: &Self) -> std::cmp::Ordering {
        (self.0.end_us(), self.0.seq).cmp(&(o.0.end_us(), o.0.seq))
    }
}
impl PartialOrd for Pending {
    fn partial_cmp(&self, o: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(o))
    }
}

/// Database query starts per 100 ms slot over the last second: (slot number, count).
const DB_SLOTS: usize = 10;
const DB_SLOT_US: u64 = 100_000;

/// The whole simulation.
#[derive(Clone, Debug)]
pub struct Telemetry {
    config: Config,
    rng: ChaCha8Rng,
    now_us: u64,
    next_arrival_us: u64,
    next_scrape_us: u64,
    seq: u64,
    faults: Vec<Fault>,
    pending: BinaryHeap<Reverse<Pending>>,
    db_slots: [(u64, u32); DB_SLOTS],
    completed: u64,
    recent: VecDeque<Request>,
    kept: VecDeque<Request>,
    metrics: Metrics,
    scrapes: VecDeque<Scrape>,
}

impl Telemetry {
    /// A fresh simulation at time 0; `Err` names a setting out of range.
    pub fn new(seed: u64, config: Config) -> Result<Self, ConfigError> {
        config.check()?;
        let mut t = Telemetry {
            config,
            rng: ChaCha8Rng::seed_from_u64(seed),
            now_us: 0,
            next_arrival_us: 0,
            next_scrape_us: 0,
            seq: 0,
            faults: Vec::new(),
            pending: BinaryHeap::new(),
            db_slots: [(u64::MAX, 0); DB_SLOTS],
            completed: 0,
            recent: VecDeque::new(),
            kept: VecDeque::new(),
            metrics: Metrics::new(),
            scrapes: VecDeque::new(),
        };
        t.next_arrival_us = t.interarrival();
        Ok(t)
    }

    /// The settings.
    pub fn config(&self) -> &Config {
        &self.config
    }
    /// Simulated time, µs.
    pub fn now_us(&self) -> u64 {
        self.now_us
    }

    /// Injects a fault for arrivals in `[start_us, start_us + duration_us)`.
    pub fn inject(&mut self, kind: FaultKind, start_us: u64, duration_us: u64) {
        self.faults.push(Fault {
            kind,
            start_us,
            end_us: start_us.saturating_add(duration_us),
        });
    }
    /// Removes every fault (requests already in flight keep theirs).
    pub fn clear_faults(&mut self) {
        self.faults.clear();
    }
    /// The injected faults, in injection order.
    pub fn faults(&self) -> &[Fault] {
        &self.faults
    }
    /// Whether a fault of this kind is active at `t_us`.
    pub fn fault_active(&self, kind: FaultKind, t_us: u64) -> bool {
        self.faults
            .iter()
            .any(|f| f.kind == kind && (f.start_us..f.end_us).contains(&t_us))
    }

    /// Advances time by `dt_us`.
    pub fn step(&mut self, dt_us: u64) {
        self.run_until(self.now_us.saturating_add(dt_us));
    }

    /// Runs every arrival, completion and scrape up to and including `t_us`.
    pub fn run_until(&mut self, t_us: u64) {
        loop {
            let next_done = self.pending.peek().map(|Reverse(p)| p.0.end_us());
            // Order at equal times: completions, then the scrape, then arrivals.
            let done_first =
                next_done.is_some_and(|d| d <= self.next_scrape_us && d <= self.next_arrival_us);
            if done_first && next_done.is_some_and(|d| d <= t_us) {
                if let Some(Reverse(Pending(r))) = self.pending.pop() {
                    self.now_us = self.now_us.max(r.end_us());
                    self.complete(r);
                }
            } else if self.next_scrape_us <= self.next_arrival_us && self.next_scrape_us <= t_us {
                self.now_us = self.next_scrape_us;
                self.scrape();
                self.next_scrape_us += self.config.scrape_interval_us;
            } else if self.next_arrival_us <= t_us {
                self.now_us = self.next_arrival_us;
                let r = self.arrive(self.now_us);
                self.pending.push(Reverse(Pending(r)));
                self.next_arrival_us = self.now_us + self.interarrival();
            } else {
                break;
            }
        }
        self.now_us = self.now_us.max(t_us);
    }

    fn uniform(&mut self, lo: u64, hi: u64) -> u64 {
        if hi <= lo {
            return lo;
        }
        let span = hi - lo + 1;
        let zone = u64::MAX - (u64::MAX % span + 1) % span;
        loop {
            let x = self.rng.next_u64();
            if x <= zone {
                return lo + x % span;
            }
        }
    }
    fn chance(&mut self, permille: u16) -> bool {
        permille > 0 && self.uniform(0, 999) < u64::from(permille)
    }
    /// Skewed towards `lo`: the product of two uniforms (mean a quarter of the way up).
    fn skewed(&mut self, lo: u64, hi: u64) -> u32 {
        let span = hi.saturating_sub(lo);
        let a = self.uniform(0, span);
        let b = self.uniform(0, span);
        let v = lo + (a * b).checked_div(span).unwrap_or(0);
        u32::try_from(v).unwrap_or(u32::MAX)
    }
    fn interarrival(&mut self) -> u64 {
        let mean = 1_000_000 / u64::from(self.config.requests_per_second);
        self.uniform(1, 2 * mean)
    }

    /// Database utilisation over the last second at `t`.
    fn db_utilization(&self, t: u64) -> f64 {
        let slot = t / DB_SLOT_US;
        let n: u32 = self
            .db_slots
            .iter()
            .filter(|(s, _)| *s != u64::MAX && *s + DB_SLOTS as u64 > slot && *s <= slot)
            .map(|(_, c)| c)
            .sum();
        f64::from(n) / f64::from(self.config.db_capacity_qps)
    }
    fn db_started(&mut self, t: u64) {
        let slot = t / DB_SLOT_US;
        let e = &mut self.db_slots[(slot % DB_SLOTS as u64) as usize];
        if e.0 != slot {
            *e = (slot, 0);
        }
        e.1 += 1;
    }

    /// Draws one request arriving at `t`.
    fn arrive(&mut self, t: u64) -> Request {
        let seq = self.seq;
        self.seq += 1;
        let mut trace_id = [0u8; 16];
        while trace_id == [0; 16] {
            self.rng.fill_bytes(&mut trace_id);
        }
        let mut code = [0u8; 5];
        for c in &mut code {
            *c = request::ALPHABET[self.uniform(0, 61) as usize];
        }
        let route = if self.chance(self.config.create_permille) {
            Route::CreateLink
        } else {
            Route::Redirect
        };
        let missing_index = self.fault_active(FaultKind::MissingIndex, t);
        let cache_down = self.fault_active(FaultKind::CacheOutage, t);
        let error_burst = self.fault_active(FaultKind::ErrorBurst, t);
        let slow = self.fault_active(FaultKind::SlowDownstream, t);
        let mut r = Request {
            seq,
            trace_id,
            start_us: t,
            route,
            code: ShortCode(code),
            cache: CacheOutcome::NotRead,
            found: true,
            status: 302,
            rows_scanned: 0,
            index_used: true,
            gw_pre_us: self.skewed(100, 400),
            net_out_us: self.skewed(50, 300),
            app_pre_us: self.skewed(200, 1200),
            dns_us: self.skewed(100, 1000),
            cache_us: 0,
            db_us: 0,
            cache_set_us: 0,
            app_post_us: self.skewed(100, 600),
            net_back_us: self.skewed(50, 300),
            gw_post_us: self.skewed(50, 200),
        };
        if slow {
            r.app_pre_us += self.skewed(150_000, 450_000);
        }
        let fails = error_burst && self.chance(250);
        let util = self.db_utilization(t);
        // Queueing at the database: ×1/(1 − u), at most ×20.
        let load = |us: u32| -> u32 {
            let factor = if util >= 0.95 {
                20.0
            } else {
                (1.0 / (1.0 - util)).min(20.0)
            };
            (f64::from(us) * factor) as u32
        };
        match route {
            Route::Redirect => {
                let hit = !cache_down && self.chance(self.config.cache_hit_permille);
                r.cache = if cache_down {
                    CacheOutcome::Down
                } else if hit {
                    CacheOutcome::Hit
                } else {
                    CacheOutcome::Miss
                };
                r.cache_us = if cache_down {
                    self.skewed(100, 500)
                } else {
                    self.skewed(200, 2000)
                };
                if !hit && !fails {
                    self.db_started(t);
                    r.found = !self.chance(self.config.not_found_permille);
                    if missing_index {
                        r.index_used = false;
                        r.rows_scanned = 50_000_000;
                        r.db_us = self.skewed(2_800_000, 3_700_000);
                    } else {
                        r.rows_scanned = 1;
                        r.db_us = self.skewed(1000, 6000);
                    }
                    r.db_us = load(r.db_us);
                    if r.found && !cache_down {
                        r.cache_set_us = self.skewed(200, 1500);
                    }
                    if !r.found {
                        r.status = 404;
                    }
                }
            }
            Route::CreateLink => {
                self.db_started(t);
                r.rows_scanned = 1;
                r.db_us = load(self.skewed(2000, 8000));
                r.status = 201;
                if !cache_down {
                    r.cache_set_us = self.skewed(200, 1500);
                }
            }
        }
        if fails {
            r.status = 500;
        }
        r
    }

    fn complete(&mut self, r: Request) {
        self.completed += 1;
        self.metrics.record(&r);
        self.metrics.db_utilization = self.db_utilization(r.end_us());
        push_bounded(&mut self.recent, r, self.config.recent_traces);
        let sampled = u64::from_be_bytes([
            r.trace_id[8],
            r.trace_id[9],
            r.trace_id[10],
            r.trace_id[11],
            r.trace_id[12],
            r.trace_id[13],
            r.trace_id[14],
            r.trace_id[15],
        ]) % 1000
            < u64::from(self.config.sample_permille);
        if r.is_error() || r.duration_us() >= self.config.keep_slow_us || sampled {
            push_bounded(&mut self.kept, r, self.config.kept_traces);
        }
    }

    fn scrape(&mut self) {
        let s = Scrape {
            t_us: self.now_us,
            requests_total: self.metrics.requests_total(),
            errors_total: self.metrics.errors_total(),
            latency: self.metrics.latency.clone(),
        };
        if self.scrapes.len() == self.config.max_scrapes {
            self.scrapes.pop_front();
        }
        self.scrapes.push_back(s);
    }

    /// Requests completed so far.
    pub fn completed(&self) -> u64 {
        self.completed
    }
    /// Requests arrived but not yet answered.
    pub fn in_flight(&self) -> usize {
        self.pending.len()
    }
    /// The latest completed requests, oldest first.
    pub fn recent(&self) -> impl Iterator<Item = &Request> {
        self.recent.iter()
    }
    /// The sampled traces (errors, slow ones, and a share of the rest), oldest first.
    pub fn kept(&self) -> impl Iterator<Item = &Request> {
        self.kept.iter()
    }
    /// A kept or recent request by trace id.
    pub fn find_trace(&self, trace_id: &[u8; 16]) -> Option<&Request> {
        self.kept
            .iter()
            .chain(self.recent.iter())
            .find(|r| &r.trace_id == trace_id)
    }
    /// Kept traces that started in `[from_us, to_us)`, slowest first (ties: earlier first).
    pub fn slow_traces(&self, from_us: u64, to_us: u64) -> Vec<&Request> {
        let mut v: Vec<&Request> = self
            .kept
            .iter()
            .filter(|r| (from_us..to_us).contains(&r.start_us))
            .collect();
        crate::sort::insertion_sort_by(&mut v, |a, b| {
            b.duration_us()
                .cmp(&a.duration_us())
                .then(a.seq.cmp(&b.seq))
        });
        v
    }
    /// The logs of the recent requests, in time order.
    pub fn recent_logs(&self) -> Vec<LogRecord> {
        let mut v: Vec<LogRecord> = self.recent.iter().flat_map(|r| r.logs()).collect();
        crate::sort::insertion_sort_by(&mut v, |a, b| a.time_us.cmp(&b.time_us));
        v
    }
    /// The live metrics.
    pub fn metrics(&self) -> &Metrics {
        &self.metrics
    }
    /// The scrapes, oldest first.
    pub fn scrapes(&self) -> &VecDeque<Scrape> {
        &self.scrapes
    }

    fn series(&self, f: impl Fn(&Scrape) -> f64) -> Vec<Sample> {
        self.scrapes
            .iter()
            .map(|s| Sample {
                t_ms: i64::try_from(s.t_us / 1000).unwrap_or(i64::MAX),
                value: f(s),
            })
            .collect()
    }
    fn at_ms(&self) -> i64 {
        self.scrapes
            .back()
            .map_or(0, |s| i64::try_from(s.t_us / 1000).unwrap_or(i64::MAX))
    }
    /// `rate(http_requests_total[window])` at the last scrape, requests per second.
    pub fn request_rate(&self, window_us: u64) -> Option<f64> {
        let w = i64::try_from(window_us / 1000).ok()?;
        prometheus::rate(&self.series(|s| s.requests_total), self.at_ms(), w)
    }
    /// Error ratio over the window: `rate(5xx) / rate(all)` at the last scrape.
    pub fn error_ratio(&self, window_us: u64) -> Option<f64> {
        let w = i64::try_from(window_us / 1000).ok()?;
        let all = prometheus::increase(&self.series(|s| s.requests_total), self.at_ms(), w)?;
        let err = prometheus::increase(&self.series(|s| s.errors_total), self.at_ms(), w)?;
        (all > 0.0).then(|| err / all)
    }
    /// The `q` latency quantile of a service over the window ending at the last scrape,
    /// in seconds: `histogram_quantile(q, increase(…_bucket[window]))`, with the increase
    /// taken between the last scrape and the last one at least `window` before it (the
    /// extrapolation factor PromQL would apply is the same for every bucket and cancels).
    pub fn latency_quantile(&self, service: Service, q: f64, window_us: u64) -> Option<f64> {
        let last = self.scrapes.back()?;
        let from = last.t_us.checked_sub(window_us)?;
        let first = self.scrapes.iter().rev().find(|s| s.t_us <= from)?;
        let d = last.latency[service.index()].since(&first.latency[service.index()])?;
        Some(d.quantile(q))
    }

    /// The metrics in the Prometheus text exposition format.
    pub fn exposition(&self) -> String {
        let m = &self.metrics;
        let mut w = TextWriter::new();
        let statuses: Vec<(String, &Counter, Route)> = m
            .requests
            .iter()
            .map(|((r, s), c)| (s.to_string(), c, *r))
            .collect();
        let labels: Vec<[(&str, &str); 3]> = statuses
            .iter()
            .map(|(s, _, r)| {
                [
                    ("method", r.method()),
                    ("path", r.path_label()),
                    ("status", s.as_str()),
                ]
            })
            .collect();
        let series: Vec<(&[(&str, &str)], f64)> = labels
            .iter()
            .zip(&statuses)
            .map(|(l, (_, c, _))| (&l[..], c.get()))
            .collect();
        // The names and labels below are fixed and valid, so the writer cannot refuse them.
        let _ = w.counter(
            "http_requests_total",
            "HTTP requests answered, by route and status.",
            &series,
        );
        let svc: Vec<[(&str, &str); 1]> = Service::ALL
            .iter()
            .map(|s| [("service", s.label())])
            .collect();
        let _ = w.histogram(
            "http_request_duration_seconds",
            "HTTP request latency as each server saw it.",
            &[
                (&svc[0][..], m.latency(Service::Gateway)),
                (&svc[1][..], m.latency(Service::RedirectService)),
            ],
        );
        let _ = w.histogram(
            "db_client_operation_duration_seconds",
            "Latency of calls to the data stores.",
            &[
                (&svc[2][..], m.latency(Service::Redis)),
                (&svc[3][..], m.latency(Service::Postgres)),
            ],
        );
        let _ = w.counter(
            "redirect_cache_hits_total",
            "Redirects answered from Redis.",
            &[(&[], m.cache_hits.get())],
        );
        let _ = w.counter(
            "redirect_cache_misses_total",
            "Redirects that had to ask PostgreSQL.",
            &[(&[], m.cache_misses.get())],
        );
        let _ = w.family(
            "db_utilization_ratio",
            "Database queries in the last second over its capacity.",
            MetricType::Gauge,
        );
        let _ = w.sample("db_utilization_ratio", &[], m.db_utilization);
        w.finish()
    }
}

fn push_bounded(q: &mut VecDeque<Request>, r: Request, cap: usize) {
    if q.len() == cap {
        q.pop_front();
    }
    q.push_back(r);
}
