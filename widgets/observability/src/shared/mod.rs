//! What the three widgets share, pure (no Yew): the faults, durations as text, windowed
//! percentiles over the scrapes, a trace's spans as a tree, and the Prometheus exposition
//! text written without `core::fmt`'s float printing.
//!
//! Why a second exposition writer: the core's [`Telemetry::exposition`] prints floats the
//! way Go's client does (shortest round-trip digits), which needs `f64`'s `Display` and
//! costs this module about 9 KB gzip. Every value here is an integer count except `_sum`
//! and the utilisation gauge, which are written with fixed decimals (six: microseconds),
//! still text Prometheus accepts. A native test checks it against the core's writer.

pub mod view;

use distlab_core::observability::prometheus::DEFAULT_BUCKETS;
use distlab_core::observability::telemetry::{
    FaultKind, Request, Route, Scrape, Service, Span, Telemetry,
};
use distlab_kit::numfmt::{fixed, grouped};
use std::collections::VecDeque;

/// The four faults, in menu order.
pub const FAULTS: [FaultKind; 4] = [
    FaultKind::MissingIndex,
    FaultKind::CacheOutage,
    FaultKind::ErrorBurst,
    FaultKind::SlowDownstream,
];

/// The fault's `data-*` value.
pub fn fault_key(f: FaultKind) -> &'static str {
    match f {
        FaultKind::MissingIndex => "missing-index",
        FaultKind::CacheOutage => "cache-outage",
        FaultKind::ErrorBurst => "error-burst",
        FaultKind::SlowDownstream => "slow-downstream",
    }
}

/// The fault as a reader reads it.
pub fn fault_name(f: FaultKind) -> &'static str {
    match f {
        FaultKind::MissingIndex => "Missing index",
        FaultKind::CacheOutage => "Cache outage",
        FaultKind::ErrorBurst => "Error burst",
        FaultKind::SlowDownstream => "Slow downstream",
    }
}

/// What the fault does, in one line.
pub fn fault_help(f: FaultKind) -> &'static str {
    match f {
        FaultKind::MissingIndex => {
            "the short_code index is gone: every cache miss scans 50,000,000 rows"
        }
        FaultKind::CacheOutage => "Redis refuses connections: every redirect asks PostgreSQL",
        FaultKind::ErrorBurst => "a quarter of the redirect-service's requests fail with 500",
        FaultKind::SlowDownstream => "the redirect-service stalls 150–450 ms before any work",
    }
}

/// A duration for people: `0.42 ms`, `8.3 ms`, `3,247 ms`.
pub fn ms(us: u64) -> String {
    if us < 1_000 {
        format!("{} ms", fixed(us as f64 / 1000.0, 2))
    } else if us < 100_000 {
        format!("{} ms", fixed(us as f64 / 1000.0, 1))
    } else {
        format!("{} ms", grouped((us + 500) / 1000))
    }
}

/// Seconds (as `histogram_quantile` gives them) as a duration: NaN as "n/a".
pub fn secs(s: f64) -> String {
    if s.is_nan() || s < 0.0 {
        "n/a".into()
    } else {
        ms((s * 1e6).min(1e12) as u64)
    }
}

/// A ratio as a percentage with one decimal: `1.5 %`.
pub fn percent(r: f64) -> String {
    format!("{} %", fixed(r * 100.0, 1))
}

/// The wall-clock time of `t_us` after the simulation began, `14:00:31` (UTC).
pub fn clock(t_us: u64) -> String {
    let mut s = String::new();
    distlab_core::observability::telemetry::logs::write_timestamp(&mut s, t_us);
    s.get(11..19).unwrap_or("").to_string()
}

/// The first `n` hex digits of an id, for lists (the whole id is one click away).
pub fn short(hex: &str, n: usize) -> &str {
    hex.get(..n).unwrap_or(hex)
}

/// `histogram_quantile(q, increase(latency_bucket[window]))` for `service` at scrape `i`:
/// the histogram's growth since the last scrape at least `window_us` earlier. `None`
/// until the window is covered or when nothing was observed (NaN).
pub fn quantile_at(
    scrapes: &VecDeque<Scrape>,
    i: usize,
    service: Service,
    q: f64,
    window_us: u64,
) -> Option<f64> {
    let s = Service::ALL.iter().position(|x| *x == service)?;
    let last = scrapes.get(i)?;
    let from = last.t_us.checked_sub(window_us)?;
    let first = scrapes.range(..=i).rev().find(|x| x.t_us <= from)?;
    let d = last.latency[s].since(&first.latency[s])?;
    let v = d.quantile(q);
    (!v.is_nan()).then_some(v)
}

/// Requests and 5xx answered in the window ending at scrape `i`: `(all, errors, seconds)`.
pub fn counts_at(scrapes: &VecDeque<Scrape>, i: usize, window_us: u64) -> Option<(f64, f64, f64)> {
    let last = scrapes.get(i)?;
    let from = last.t_us.checked_sub(window_us)?;
    let first = scrapes.range(..=i).rev().find(|x| x.t_us <= from)?;
    let secs = (last.t_us - first.t_us) as f64 / 1e6;
    Some((
        last.requests_total - first.requests_total,
        last.errors_total - first.errors_total,
        secs,
    ))
}

/// One trace's spans as a tree (the core lists parents before children, depth first).
#[derive(Clone, Debug)]
pub struct Tree {
    /// The request.
    pub request: Request,
    /// Its spans, parents first.
    pub spans: Vec<Span>,
    /// Index of each span's parent.
    pub parent: Vec<Option<usize>>,
    /// Nesting depth (the root is 0).
    pub depth: Vec<usize>,
    /// Time spent in the span itself, outside its children (µs).
    pub self_us: Vec<u64>,
}

impl Tree {
    /// The tree of one request.
    pub fn new(request: &Request) -> Self {
        let spans = request.spans();
        let parent: Vec<Option<usize>> = spans
            .iter()
            .map(|s| {
                s.parent_span_id
                    .and_then(|p| spans.iter().position(|x| x.span_id == p))
            })
            .collect();
        let mut depth = vec![0; spans.len()];
        for i in 0..spans.len() {
            // Parents come first, so their depth is known.
            depth[i] = parent[i].map_or(0, |p| depth.get(p).copied().unwrap_or(0) + 1);
        }
        let self_us = (0..spans.len())
            .map(|i| {
                let children: u64 = (0..spans.len())
                    .filter(|&c| parent[c] == Some(i))
                    .map(|c| spans[c].duration_us())
                    .sum();
                spans[i].duration_us().saturating_sub(children)
            })
            .collect();
        Tree {
            request: *request,
            spans,
            parent,
            depth,
            self_us,
        }
    }
    /// Whether span `i` has children.
    pub fn has_children(&self, i: usize) -> bool {
        self.parent.contains(&Some(i))
    }
    /// Whether `d` lies under `a`.
    pub fn is_descendant(&self, d: usize, a: usize) -> bool {
        let mut p = self.parent.get(d).copied().flatten();
        while let Some(x) = p {
            if x == a {
                return true;
            }
            p = self.parent.get(x).copied().flatten();
        }
        false
    }
    /// How many spans lie under `i`.
    pub fn descendants(&self, i: usize) -> usize {
        (0..self.spans.len())
            .filter(|&d| self.is_descendant(d, i))
            .count()
    }
    /// The span with the most time of its own: where the time went.
    pub fn slowest(&self) -> usize {
        (0..self.spans.len())
            .max_by_key(|&i| (self.self_us[i], std::cmp::Reverse(i)))
            .unwrap_or(0)
    }
    /// The deepest span whose status is an error (where a failure started).
    pub fn error_origin(&self) -> Option<usize> {
        (0..self.spans.len())
            .filter(|&i| {
                !matches!(
                    self.spans[i].status,
                    distlab_core::observability::telemetry::SpanStatus::Unset
                )
            })
            .max_by_key(|&i| self.depth[i])
    }
    /// The trace's start and length (µs), for drawing.
    pub fn extent(&self) -> (u64, u64) {
        let t0 = self.spans.first().map_or(0, |s| s.start_us);
        let len = self.spans.first().map_or(1, |s| s.duration_us().max(1));
        (t0, len)
    }
}

/// A short label of a request for lists: `GET /r/x7Kp2 302`.
pub fn request_label(r: &Request) -> String {
    format!("{} {} {}", r.route.method(), r.url_path(), r.status)
}

/// Whether a redirect or create request; the `path` label.
pub fn route_path(r: Route) -> &'static str {
    r.path_label()
}

/// `le` values of [`DEFAULT_BUCKETS`] as Go prints them, then `+Inf`.
const LE: [&str; 12] = [
    "0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1", "2.5", "5", "10", "+Inf",
];

/// A non-negative float with up to six decimals, trailing zeros dropped.
fn dec(v: f64) -> String {
    let s = fixed(v, 6);
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    }
}

fn family(out: &mut String, name: &str, help: &str, kind: &str) {
    out.push_str("# HELP ");
    out.push_str(name);
    out.push(' ');
    out.push_str(help);
    out.push_str("\n# TYPE ");
    out.push_str(name);
    out.push(' ');
    out.push_str(kind);
    out.push('\n');
}

fn histogram(
    out: &mut String,
    name: &str,
    help: &str,
    series: &[(Service, &distlab_core::observability::prometheus::Histogram)],
) {
    family(out, name, help, "histogram");
    for (s, h) in series {
        let label = s.label();
        for (i, b) in h.buckets().iter().enumerate() {
            let le = if h.bounds().len() == DEFAULT_BUCKETS.len() {
                LE.get(i).copied().unwrap_or("+Inf")
            } else {
                "?"
            };
            out.push_str(&format!(
                "{name}_bucket{{service=\"{label}\",le=\"{le}\"}} {}\n",
                b.count as u64
            ));
        }
        out.push_str(&format!(
            "{name}_sum{{service=\"{label}\"}} {}\n{name}_count{{service=\"{label}\"}} {}\n",
            dec(h.sum()),
            h.count()
        ));
    }
}

/// The live metrics in the Prometheus text format (what `/metrics` serves), as
/// [`Telemetry::exposition`] writes them but with integer counts and fixed decimals.
pub fn exposition(t: &Telemetry) -> String {
    let m = t.metrics();
    let mut out = String::with_capacity(4096);
    family(
        &mut out,
        "http_requests_total",
        "HTTP requests answered, by route and status.",
        "counter",
    );
    for ((route, status), c) in &m.requests {
        out.push_str(&format!(
            "http_requests_total{{method=\"{}\",path=\"{}\",status=\"{status}\"}} {}\n",
            route.method(),
            route.path_label(),
            c.get() as u64
        ));
    }
    histogram(
        &mut out,
        "http_request_duration_seconds",
        "HTTP request latency as each server saw it.",
        &[
            (Service::Gateway, m.latency(Service::Gateway)),
            (
                Service::RedirectService,
                m.latency(Service::RedirectService),
            ),
        ],
    );
    histogram(
        &mut out,
        "db_client_operation_duration_seconds",
        "Latency of calls to the data stores.",
        &[
            (Service::Redis, m.latency(Service::Redis)),
            (Service::Postgres, m.latency(Service::Postgres)),
        ],
    );
    for (name, help, c) in [
        (
            "redirect_cache_hits_total",
            "Redirects answered from Redis.",
            &m.cache_hits,
        ),
        (
            "redirect_cache_misses_total",
            "Redirects that had to ask PostgreSQL.",
            &m.cache_misses,
        ),
    ] {
        family(&mut out, name, help, "counter");
        out.push_str(&format!("{name} {}\n", c.get() as u64));
    }
    family(
        &mut out,
        "db_utilization_ratio",
        "Database queries in the last second over its capacity.",
        "gauge",
    );
    out.push_str(&format!("db_utilization_ratio {}\n", dec(m.db_utilization)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use distlab_core::observability::telemetry::Config;

    fn run(fault: Option<FaultKind>) -> Telemetry {
        let mut t = Telemetry::new(7, Config::default()).unwrap();
        if let Some(f) = fault {
            t.inject(f, 2_000_000, 10_000_000);
        }
        t.run_until(12_000_000);
        t
    }

    #[test]
    fn exposition_matches_the_cores_writer() {
        for fault in [None, Some(FaultKind::CacheOutage)] {
            let t = run(fault);
            let ours = exposition(&t);
            let core = t.exposition();
            let a: Vec<&str> = ours.lines().collect();
            let b: Vec<&str> = core.lines().collect();
            assert_eq!(a.len(), b.len());
            for (x, y) in a.iter().zip(&b) {
                if x == y {
                    continue;
                }
                // Only the float values may be written differently.
                let (kx, vx) = x.rsplit_once(' ').unwrap();
                let (ky, vy) = y.rsplit_once(' ').unwrap();
                assert_eq!(kx, ky);
                let (vx, vy): (f64, f64) = (vx.parse().unwrap(), vy.parse().unwrap());
                assert!((vx - vy).abs() < 1e-6, "{x} vs {y}");
            }
        }
    }

    #[test]
    fn durations_read_well() {
        assert_eq!(ms(420), "0.42 ms");
        assert_eq!(ms(8_300), "8.3 ms");
        assert_eq!(ms(3_247_400), "3,247 ms");
        assert_eq!(secs(f64::NAN), "n/a");
        assert_eq!(clock(31_000_000), "14:00:31");
    }

    #[test]
    fn windowed_quantiles_see_the_missing_index() {
        let t = run(Some(FaultKind::MissingIndex));
        let n = t.scrapes().len() - 1;
        let p99 = quantile_at(t.scrapes(), n, Service::Gateway, 0.99, 5_000_000).unwrap();
        let p50 = quantile_at(t.scrapes(), n, Service::Gateway, 0.5, 5_000_000).unwrap();
        assert!(p99 > 1.0, "p99 {p99}");
        assert!(p50 < 0.025, "p50 {p50}");
        assert!(quantile_at(t.scrapes(), 0, Service::Gateway, 0.99, 5_000_000).is_none());
    }

    #[test]
    fn the_tree_finds_the_slow_span() {
        let t = run(Some(FaultKind::MissingIndex));
        let r = t
            .slow_traces(0, u64::MAX)
            .into_iter()
            .next()
            .copied()
            .unwrap();
        let tree = Tree::new(&r);
        assert_eq!(tree.depth[0], 0);
        assert_eq!(tree.spans[tree.slowest()].name, "SELECT links");
        assert_eq!(tree.descendants(0), tree.spans.len() - 1);
        assert!(tree.error_origin().is_none());
    }
}
