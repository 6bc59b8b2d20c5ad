//! Prometheus histograms, quantiles, increase/rate and the text format.
//!
//! The `histogram_quantile` known answers are transcribed from Prometheus's own test
//! data, prometheus/prometheus `promql/promqltest/testdata/histograms.test` (the classic
//! `_bucket` cases): series loaded as `0+Nx10` at 5m steps hold `10·N` at 50m, which is
//! the instant those tests evaluate. Behaviour in the edge cases follows
//! `promql/quantile.go` (`bucketQuantile`).

use distlab_core::observability::prometheus::{
    bucket_quantile, format_float, histogram_quantile, increase, rate, Bucket, Counter, Histogram,
    MetricError, Sample, TextWriter, DEFAULT_BUCKETS,
};

const INF: f64 = f64::INFINITY;

fn b(pairs: &[(f64, f64)]) -> Vec<Bucket> {
    pairs
        .iter()
        .map(|&(upper_bound, count)| Bucket { upper_bound, count })
        .collect()
}

fn close(a: f64, b: f64) -> bool {
    a == b || (a - b).abs() <= 1e-9 * b.abs().max(1.0)
}

#[track_caller]
fn q_is(q: f64, buckets: &[Bucket], want: f64) {
    let got = histogram_quantile(q, buckets);
    assert!(
        close(got, want) || (got.is_nan() && want.is_nan()),
        "q={q}: got {got}, want {want}"
    );
}

/// histograms.test: `testhistogram{start="positive"}` at 50m.
fn positive() -> Vec<Bucket> {
    b(&[(0.1, 50.0), (0.2, 70.0), (1.0, 110.0), (INF, 120.0)])
}
/// histograms.test: `testhistogram{start="negative"}` at 50m.
fn negative() -> Vec<Bucket> {
    b(&[(-0.2, 10.0), (-0.1, 20.0), (0.3, 20.0), (INF, 30.0)])
}

#[test]
fn testhistogram() {
    // Quantile too low / too high / invalid.
    for h in [positive(), negative()] {
        q_is(-0.1, &h, f64::NEG_INFINITY);
        q_is(1.01, &h, INF);
        q_is(f64::NAN, &h, f64::NAN);
    }
    // Quantile value in lowest bucket.
    q_is(0.0, &positive(), 0.0);
    q_is(0.0, &negative(), -0.2);
    // Quantile value in highest bucket.
    q_is(1.0, &positive(), 1.0);
    q_is(1.0, &negative(), 0.3);
    // "Finally some useful quantiles."
    q_is(0.2, &positive(), 0.048);
    q_is(0.2, &negative(), -0.2);
    q_is(0.5, &positive(), 0.15);
    q_is(0.5, &negative(), -0.15);
    q_is(0.8, &positive(), 0.72);
    q_is(0.8, &negative(), 0.3);
}

#[test]
fn testhistogram3() {
    let pos = b(&[
        (0.0, 0.0),
        (0.1, 50.0),
        (0.2, 70.0),
        (1.0, 110.0),
        (INF, 110.0),
    ]);
    let neg = b(&[
        (-0.25, 0.0),
        (-0.2, 10.0),
        (-0.1, 20.0),
        (0.3, 20.0),
        (INF, 20.0),
    ]);
    for (q, p, n) in [
        (0.0, 0.0, -0.25),
        (0.25, 0.055, -0.225),
        (0.5, 0.125, -0.2),
        (0.75, 0.45, -0.15),
        (1.0, 1.0, -0.1),
    ] {
        q_is(q, &pos, p);
        q_is(q, &neg, n);
    }
}

/// "q(1/6), q(1/2), and q(5/6) are each in the middle of a bucket" (at 7m: one step).
#[test]
fn testhistogram2_middle_of_buckets() {
    let h = b(&[(0.0, 0.0), (2.0, 1.0), (4.0, 2.0), (6.0, 3.0), (INF, 3.0)]);
    q_is(1.0 / 6.0, &h, 1.0);
    q_is(0.5, &h, 3.0);
    q_is(5.0 / 6.0, &h, 5.0);
}

/// `sum(rate(request_duration_seconds_bucket[10m])) by (le)`: the four series summed
/// (the common 1/600 rate factor cancels), and two of the per-job sums.
#[test]
fn aggregated_request_duration() {
    let all = b(&[(0.1, 10.0), (0.2, 19.0), (INF, 25.0)]);
    q_is(0.3, &all, 0.075);
    q_is(0.5, &all, 0.1277777777777778);
    let job1 = b(&[(0.1, 3.0), (0.2, 8.0), (INF, 10.0)]);
    q_is(0.3, &job1, 0.1);
    q_is(0.5, &job1, 0.14);
    let job2 = b(&[(0.1, 7.0), (0.2, 11.0), (INF, 15.0)]);
    q_is(0.3, &job2, 0.0642857142857143);
    q_is(0.5, &job2, 0.1125);
}

/// `nonmonotonic_bucket`: decreasing cumulative counts are flattened, with an info note.
#[test]
fn nonmonotonic() {
    let h = b(&[
        (0.1, 20.0),
        (1.0, 10.0),
        (10.0, 50.0),
        (100.0, 40.0),
        (1000.0, 90.0),
        (INF, 80.0),
    ]);
    q_is(0.01, &h, 0.0045);
    q_is(0.5, &h, 8.5);
    q_is(0.99, &h, 979.75);
    assert!(bucket_quantile(0.5, &h).forced_monotonic);
    assert!(!bucket_quantile(0.5, &positive()).forced_monotonic);
}

/// `mixed_bucket`: `0.2`, `2e-1` and `2.0e-1` are one bound, coalesced; an all-zero
/// histogram gives NaN.
#[test]
fn mixed_representations_and_empty() {
    let ins1 = b(&[(0.1, 1.0), (0.2, 1.0), (0.2, 1.0), (0.2, 1.0), (INF, 4.0)]);
    q_is(0.5, &ins1, 0.15);
    q_is(0.75, &ins1, 0.2);
    q_is(1.0, &ins1, 0.2);
    let ins2 = b(&[(INF, 0.0), (INF, 0.0)]);
    q_is(0.5, &ins2, f64::NAN);
    // empty_bucket and const_histogram: zero observations → NaN.
    q_is(0.2, &b(&[(0.1, 0.0), (0.2, 0.0), (INF, 0.0)]), f64::NAN);
}

/// quantile.go's special cases: no +Inf bucket, fewer than two buckets, unsorted input.
#[test]
fn special_cases() {
    q_is(0.5, &b(&[(0.1, 1.0), (0.2, 2.0)]), f64::NAN);
    q_is(0.5, &b(&[(INF, 5.0)]), f64::NAN);
    q_is(0.5, &[], f64::NAN);
    let mut shuffled = positive();
    shuffled.reverse();
    q_is(0.5, &shuffled, 0.15);
    // A quantile in the +Inf bucket returns the second-highest bound.
    q_is(0.99, &b(&[(1.0, 1.0), (2.0, 2.0), (INF, 10.0)]), 2.0);
}

/// The post's metrics print two buckets and no `+Inf` bucket: as exposed, Prometheus's
/// histogram_quantile can say nothing (NaN). With the +Inf bucket every histogram has
/// (here the request total the post prints, 1423904), p99 lands in the 10–100 ms bucket
/// and is a straight-line guess inside it.
#[test]
fn the_posts_buckets() {
    let as_printed = b(&[(0.01, 1390000.0), (0.1, 1423500.0)]);
    q_is(0.99, &as_printed, f64::NAN);
    let completed = b(&[(0.01, 1390000.0), (0.1, 1423500.0), (INF, 1423904.0)]);
    let rank = 0.99 * 1423904.0;
    q_is(
        0.99,
        &completed,
        0.01 + 0.09 * (rank - 1390000.0) / (1423500.0 - 1390000.0),
    );
    // p50 falls in the lowest bucket: interpolated from 0.
    q_is(0.5, &completed, 0.01 * (0.5 * 1423904.0) / 1390000.0);
}

#[test]
fn histogram_observe_buckets_sum_count() {
    let mut h = Histogram::new(&[0.01, 0.1, 1.0]).unwrap();
    for v in [0.005, 0.01, 0.05, 0.5, 2.0, 0.1] {
        h.observe(v);
    }
    // `le` is inclusive: 0.01 lands in le=0.01 and 0.1 in le=0.1.
    assert_eq!(
        h.buckets(),
        b(&[(0.01, 2.0), (0.1, 4.0), (1.0, 5.0), (INF, 6.0)])
    );
    assert_eq!(h.count(), 6);
    assert!(close(h.sum(), 2.665));
    assert!(Histogram::new(&[0.1, 0.1]).is_err());
    assert!(Histogram::new(&[0.1, INF]).is_err());
    assert!(Histogram::new(&[f64::NAN]).is_err());
    let d = Histogram::new(&DEFAULT_BUCKETS).unwrap();
    assert_eq!(d.buckets().len(), 12);
    let mut later = h.clone();
    later.observe(0.02);
    let diff = later.since(&h).unwrap();
    assert_eq!(diff.count(), 1);
    assert!(h.since(&later).is_none());
}

#[test]
fn counter_never_decreases() {
    let mut c = Counter::new();
    c.inc();
    assert!(c.add(2.5));
    assert!(!c.add(-1.0));
    assert!(!c.add(f64::NAN));
    assert_eq!(c.get(), 3.5);
}

/// Worked from extrapolatedRate in promql/functions.go, by hand.
#[test]
fn increase_and_rate() {
    let s = |pts: &[(i64, f64)]| -> Vec<Sample> {
        pts.iter()
            .map(|&(t, v)| Sample {
                t_ms: t * 1000,
                value: v,
            })
            .collect()
    };
    // A counter growing 1/s, scraped every 15 s. Window (0, 60 s]: samples at 15..60,
    // raw increase 45 over 45 s; the start extrapolates 15 s (< 1.1 × 15 s, and exactly to
    // the zero point), so increase = 45 × 60/45 = 60 and rate = 1/s.
    let steady = s(&[(0, 0.0), (15, 15.0), (30, 30.0), (45, 45.0), (60, 60.0)]);
    assert!(close(increase(&steady, 60_000, 60_000).unwrap(), 60.0));
    assert!(close(rate(&steady, 60_000, 60_000).unwrap(), 1.0));
    // A reset (20 → 5) adds the value before the drop: 5 + 20 = 25 raw, × 60/45.
    let reset = s(&[(15, 10.0), (30, 20.0), (45, 5.0), (60, 15.0)]);
    assert!(close(
        increase(&reset, 60_000, 60_000).unwrap(),
        25.0 * 60.0 / 45.0
    ));
    // The series starts late: the gap to the window start (40 s) exceeds 1.1 × 10 s, so
    // only half a spacing (5 s) is extrapolated; the zero point (100/10 × 20 s = 200 s
    // back) is further. Raw 10 over 20 s → 10 × (20 + 5 + 0)/20 = 12.5.
    let late = s(&[(40, 100.0), (50, 105.0), (60, 110.0)]);
    assert!(close(increase(&late, 60_000, 60_000).unwrap(), 12.5));
    // The window is left-open: a sample exactly at the start is not in it.
    let edge = s(&[(0, 0.0), (60, 60.0)]);
    assert_eq!(increase(&edge, 60_000, 60_000), None);
    assert_eq!(increase(&[], 60_000, 60_000), None);
    assert_eq!(rate(&steady, 60_000, 0), None);
}

#[test]
fn float_format_matches_go_client() {
    for (v, want) in [
        (1423904.0, "1.423904e+06"),
        (123456.0, "123456"),
        (0.0001, "0.0001"),
        (0.00001, "1e-05"),
        (0.005, "0.005"),
        (2.5, "2.5"),
        (1.0, "1"),
        (0.0, "0"),
        (-0.0, "-0"),
        (-3.25, "-3.25"),
        (1e21, "1e+21"),
        (1.5e-300, "1.5e-300"),
        (INF, "+Inf"),
        (f64::NEG_INFINITY, "-Inf"),
        (f64::NAN, "NaN"),
    ] {
        assert_eq!(format_float(v), want, "{v}");
    }
}

#[test]
fn exposition_text() {
    let mut h = Histogram::new(&[0.01, 0.1]).unwrap();
    h.observe(0.008);
    h.observe(0.05);
    h.observe(3.0);
    let mut w = TextWriter::new();
    w.counter(
        "http_requests_total",
        "Requests served.\nBy path \\ status.",
        &[(
            &[("method", "GET"), ("path", "/r"), ("status", "200")],
            1423904.0,
        )],
    )
    .unwrap();
    w.histogram(
        "http_request_duration_seconds",
        "Latency.",
        &[(&[("service", "a\"b\\c\nd")], &h)],
    )
    .unwrap();
    let want = "\
# HELP http_requests_total Requests served.\\nBy path \\\\ status.
# TYPE http_requests_total counter
http_requests_total{method=\"GET\",path=\"/r\",status=\"200\"} 1.423904e+06
# HELP http_request_duration_seconds Latency.
# TYPE http_request_duration_seconds histogram
http_request_duration_seconds_bucket{service=\"a\\\"b\\\\c\\nd\",le=\"0.01\"} 1
http_request_duration_seconds_bucket{service=\"a\\\"b\\\\c\\nd\",le=\"0.1\"} 2
http_request_duration_seconds_bucket{service=\"a\\\"b\\\\c\\nd\",le=\"+Inf\"} 3
http_request_duration_seconds_sum{service=\"a\\\"b\\\\c\\nd\"} 3.058
http_request_duration_seconds_count{service=\"a\\\"b\\\\c\\nd\"} 3
";
    assert_eq!(w.as_str(), want);

    // Refusals leave the text unchanged.
    let before = w.as_str().to_string();
    assert_eq!(
        w.counter("2xx_total", "", &[]),
        Err(MetricError::BadMetricName("2xx_total".into()))
    );
    assert_eq!(
        w.counter("ok_total", "", &[(&[("__name", "x")], 1.0)]),
        Err(MetricError::BadLabelName("__name".into()))
    );
    assert_eq!(
        w.counter("ok_total", "", &[(&[("a-b", "x")], 1.0)]),
        Err(MetricError::BadLabelName("a-b".into()))
    );
    assert_eq!(
        w.histogram("lat", "", &[(&[("le", "1")], &h)]),
        Err(MetricError::ReservedLabel("le".into()))
    );
    assert_eq!(w.as_str(), before);
    // Colons are allowed in metric names (recording rules), not in label names.
    w.sample("job:requests:rate5m", &[], 0.5).unwrap();
    assert!(w.finish().ends_with("job:requests:rate5m 0.5\n"));
}

mod random {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Any buckets and any q: no panic; for q in [0, 1] with a +Inf bucket and
        /// observations, the answer lies between the lowest bound (or 0) and the
        /// second-highest bound.
        #[test]
        fn quantile_total(bounds in proptest::collection::vec(-1e3f64..1e3, 1..12),
                          counts in proptest::collection::vec(0f64..1e6, 13),
                          q in -0.5f64..1.5) {
            let mut bs: Vec<Bucket> = bounds.iter().zip(&counts)
                .map(|(&upper_bound, &count)| Bucket { upper_bound, count }).collect();
            bs.push(Bucket { upper_bound: INF, count: counts[12] });
            let v = histogram_quantile(q, &bs);
            if (0.0..=1.0).contains(&q) && !v.is_nan() {
                let lo = bounds.iter().copied().fold(f64::INFINITY, f64::min).min(0.0);
                let hi = bounds.iter().copied().fold(f64::NEG_INFINITY, f64::max);
                prop_assert!(v >= lo - 1e-9 && v <= hi + 1e-9, "{v} not in [{lo}, {hi}]");
            }
        }

        /// Label values of any text are escaped onto one line.
        #[test]
        fn label_values_stay_on_one_line(v in "\\PC{0,30}|[\\\\\"\n]{0,10}") {
            let mut w = TextWriter::new();
            w.sample("m", &[("l", &v)], 1.0).unwrap();
            prop_assert_eq!(w.as_str().matches('\n').count(), 1);
        }
    }
}

#[test]
fn default_buckets_histogram_equals_the_checked_one() {
    assert_eq!(
        Histogram::with_default_buckets(),
        Histogram::new(&DEFAULT_BUCKETS).unwrap()
    );
}
