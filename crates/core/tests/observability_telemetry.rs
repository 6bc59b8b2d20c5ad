//! The instrumented URL shortener: determinism, the pillars agreeing with each other,
//! and the injected faults showing where the post says they show.

use distlab_core::observability::telemetry::{
    AttrValue, CacheOutcome, Config, FaultKind, Request, Service, SpanKind, Telemetry,
};
use distlab_core::observability::Traceparent;
use std::collections::BTreeSet;

const S: u64 = 1_000_000;

fn sim(seed: u64) -> Telemetry {
    Telemetry::new(seed, Config::default()).unwrap()
}

fn fingerprint(t: &Telemetry) -> (String, Vec<String>, Vec<String>) {
    let logs = t.recent_logs().iter().map(|l| l.to_json()).collect();
    let spans = t
        .kept()
        .flat_map(|r| r.spans())
        .map(|s| format!("{s:?}"))
        .collect();
    (t.exposition(), logs, spans)
}

#[test]
fn same_seed_same_output() {
    let run = |seed| {
        let mut t = sim(seed);
        t.inject(FaultKind::MissingIndex, 2 * S, 2 * S);
        t.step(3 * S);
        t.step(2 * S);
        fingerprint(&t)
    };
    assert_eq!(run(7), run(7));
    assert_ne!(run(7).0, run(8).0);
    // Stepping in pieces or at once gives the same run.
    let mut a = sim(3);
    let mut b = sim(3);
    a.run_until(4 * S);
    for _ in 0..40 {
        b.step(S / 10);
    }
    assert_eq!(fingerprint(&a), fingerprint(&b));
}

#[test]
fn logs_point_at_existing_spans_and_traces_are_trees() {
    let mut t = sim(1);
    t.inject(FaultKind::CacheOutage, S, S);
    t.inject(FaultKind::ErrorBurst, 2 * S, S);
    t.inject(FaultKind::MissingIndex, 3 * S, S);
    t.run_until(6 * S);
    let mut n_logs = 0;
    for r in t.recent().chain(t.kept()) {
        let spans = r.spans();
        let ids: BTreeSet<[u8; 8]> = spans.iter().map(|s| s.span_id).collect();
        assert_eq!(ids.len(), spans.len(), "span ids distinct");
        assert_eq!(
            spans.iter().filter(|s| s.parent_span_id.is_none()).count(),
            1
        );
        for s in &spans {
            assert_eq!(s.trace_id, r.trace_id);
            assert!(s.start_us <= s.end_us);
            if let Some(p) = s.parent_span_id {
                let parent = spans
                    .iter()
                    .find(|x| x.span_id == p)
                    .expect("parent exists");
                assert!(parent.start_us <= s.start_us && s.end_us <= parent.end_us);
            }
        }
        // The redirect-service's server span is the child named by the gateway's header.
        let client = spans
            .iter()
            .find(|s| s.kind == SpanKind::Client && s.service == "api-gateway")
            .unwrap();
        let header = client.outgoing_traceparent().unwrap().to_string();
        let tp = Traceparent::parse(&header).unwrap();
        let server = spans
            .iter()
            .find(|s| s.kind == SpanKind::Server && s.service == "redirect-service")
            .unwrap();
        assert_eq!(server.parent_span_id, Some(tp.parent_id));
        assert_eq!(tp.trace_id, r.trace_id);
        for l in r.logs() {
            n_logs += 1;
            assert_eq!(l.trace_id, r.trace_id);
            assert!(
                ids.contains(&l.span_id),
                "log {} names a span of its trace",
                l.to_json()
            );
            // And the trace can be found from the log's trace id.
            assert!(t.find_trace(&l.trace_id).is_some());
        }
    }
    assert!(n_logs > 0);
}

#[test]
fn histogram_count_equals_requests() {
    let mut t = sim(2);
    t.run_until(5 * S);
    let m = t.metrics();
    assert_eq!(m.latency(Service::Gateway).count(), t.completed());
    assert_eq!(m.latency(Service::RedirectService).count(), t.completed());
    assert_eq!(m.requests_total(), t.completed() as f64);
    let text = t.exposition();
    let count_line = text
        .lines()
        .find(|l| l.starts_with("http_request_duration_seconds_count{service=\"api-gateway\"}"))
        .unwrap();
    let n: f64 = count_line.rsplit(' ').next().unwrap().parse().unwrap();
    assert_eq!(n, t.completed() as f64);
    assert!(
        text.contains("http_request_duration_seconds_bucket{service=\"api-gateway\",le=\"+Inf\"}")
    );
    // ~500 rps for 5 s, minus those still in flight.
    assert!((2000..3000).contains(&t.completed()), "{}", t.completed());
    let rate = t.request_rate(3 * S).unwrap();
    assert!((400.0..600.0).contains(&rate), "{rate}");
}

#[test]
fn missing_index_raises_db_spans_and_p99() {
    let run = |fault: bool| {
        let mut t = sim(5);
        if fault {
            t.inject(FaultKind::MissingIndex, 0, 60 * S);
        }
        t.run_until(30 * S);
        t
    };
    let (ok, bad) = (run(false), run(true));
    let db_max = |t: &Telemetry| {
        t.kept()
            .chain(t.recent())
            .flat_map(|r| r.spans())
            .filter(|s| s.name == "SELECT links")
            .map(|s| s.duration_us())
            .max()
            .unwrap_or(0)
    };
    assert!(db_max(&ok) < 100_000, "{}", db_max(&ok));
    assert!(db_max(&bad) >= 2_800_000, "{}", db_max(&bad));
    let p = |t: &Telemetry, q| t.latency_quantile(Service::Gateway, q, 20 * S).unwrap();
    assert!(p(&ok, 0.99) < 0.025, "healthy p99 {}", p(&ok, 0.99));
    assert!(
        p(&bad, 0.99) > 1.0,
        "p99 with the missing index {}",
        p(&bad, 0.99)
    );
    // The post's "dashboard green": the median hardly moves.
    assert!(p(&bad, 0.5) < 0.01, "p50 {}", p(&bad, 0.5));
    // PostgreSQL serves inserts too (unaffected), so the fault shows in its upper half.
    let db = |t: &Telemetry| t.latency_quantile(Service::Postgres, 0.9, 20 * S).unwrap();
    assert!(
        db(&bad) > 2.5 && db(&ok) < 0.025,
        "{} {}",
        db(&bad),
        db(&ok)
    );
    // The slow trace is kept and its slowest span is the query.
    let slow = bad.slow_traces(0, 30 * S);
    let spans = slow[0].spans();
    let leaf = spans
        .iter()
        .filter(|s| s.kind == SpanKind::Client && s.service == "redirect-service")
        .max_by_key(|s| s.duration_us())
        .unwrap();
    assert_eq!(leaf.name, "SELECT links");
    let logs = slow[0].logs();
    assert!(logs
        .iter()
        .any(|l| l.message == "Slow query" && l.span_id == leaf.span_id));
}

#[test]
fn cache_outage_error_burst_and_slow_downstream() {
    let mut t = sim(9);
    t.inject(FaultKind::CacheOutage, 0, 10 * S);
    t.run_until(10 * S);
    assert!(t
        .recent()
        .filter(|r| r.route == distlab_core::observability::telemetry::Route::Redirect)
        .all(|r| r.cache == CacheOutcome::Down && r.db_us > 0 && r.cache_set_us == 0));
    assert_eq!(t.metrics().cache_hits.get(), 0.0);
    assert!(t.metrics().db_utilization > 0.1);

    let mut t = sim(9);
    t.inject(FaultKind::ErrorBurst, 0, 10 * S);
    t.run_until(10 * S);
    let ratio = t.error_ratio(5 * S).unwrap();
    assert!((0.18..0.32).contains(&ratio), "{ratio}");
    assert!(t.exposition().contains("status=\"500\""));

    let mut t = sim(9);
    t.inject(FaultKind::SlowDownstream, 0, 10 * S);
    t.run_until(10 * S);
    let gw = t.latency_quantile(Service::Gateway, 0.5, 5 * S).unwrap();
    let db = t.latency_quantile(Service::Redis, 0.5, 5 * S).unwrap();
    assert!(gw > 0.1 && db < 0.005, "{gw} {db}");
}

#[test]
fn log_json_shape() {
    let mut t = sim(4);
    t.run_until(S);
    let r = t.recent().find(|r| r.cache == CacheOutcome::Hit).unwrap();
    let json = r.logs().last().unwrap().to_json();
    assert!(
        json.starts_with("{\"timestamp\":\"2025-06-01T14:00:00."),
        "{json}"
    );
    assert!(json.contains("\"level\":\"INFO\",\"service\":\"redirect-service\""));
    assert!(json.contains(&format!(
        "\"trace_id\":\"{}\"",
        distlab_core::hash::to_hex(&r.trace_id)
    )));
    assert!(json.contains("\"message\":\"Redirect completed\""));
    assert!(json.contains("\"cache_hit\":true"));
}

#[test]
fn config_bounds() {
    let c = Config {
        requests_per_second: 0,
        ..Config::default()
    };
    assert!(Telemetry::new(1, c)
        .unwrap_err()
        .to_string()
        .contains("requests_per_second"));
    let c = Config {
        cache_hit_permille: 1001,
        ..Config::default()
    };
    assert!(Telemetry::new(1, c).is_err());
}

/// The post's trace: total 3,247 ms in the redirect-service; DNS 1 ms, Redis 8 ms (a
/// miss), PostgreSQL 3,230 ms scanning 50,000,000 rows for `x7Kp2` with no index.
#[test]
fn the_posts_trace_comes_out_as_printed() {
    let r = Request::posts_example();
    assert_eq!(r.duration_us(), 3_247_000);
    assert_eq!(r.service_us(), 3_247_000);
    let spans = r.spans();
    let ms = |name_has: &str| -> Vec<u64> {
        spans
            .iter()
            .filter(|s| s.name.contains(name_has))
            .map(|s| s.duration_us() / 1000)
            .collect()
    };
    let root = spans.iter().find(|s| s.parent_span_id.is_none()).unwrap();
    assert_eq!(root.duration_us(), 3_247_000);
    let server = spans
        .iter()
        .find(|s| s.service == "redirect-service" && s.kind == SpanKind::Server)
        .unwrap();
    assert_eq!(server.duration_us(), 3_247_000);
    let db = spans
        .iter()
        .find(|s| s.attr("db.system") == Some(&AttrValue::from("postgresql")))
        .unwrap();
    assert_eq!(db.duration_us(), 3_230_000);
    assert_eq!(
        db.attr("app.db.rows_scanned"),
        Some(&AttrValue::from(50_000_000i64))
    );
    let redis: Vec<_> = spans
        .iter()
        .filter(|s| s.attr("db.system") == Some(&AttrValue::from("redis")))
        .collect();
    assert_eq!(redis.len(), 1, "a GET and no SET");
    assert_eq!(redis[0].duration_us(), 8_000);
    assert_eq!(
        redis[0].attr("app.cache.hit"),
        Some(&AttrValue::from(false))
    );
    assert_eq!(ms("DNS"), vec![1]);
    assert_eq!(r.code.as_str(), "x7Kp2");
    assert_eq!(
        Traceparent::parse("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
            .unwrap()
            .trace_id,
        r.trace_id
    );
}
