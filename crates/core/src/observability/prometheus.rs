//! # Prometheus metrics: counters, histograms, quantiles and the text format
//!
//! A **counter** only goes up (requests served, errors); what matters is how fast it
//! grows, which PromQL's `rate()` and `increase()` compute from samples scraped over a
//! window. A **histogram** counts observations (request latencies) into buckets fixed in
//! advance. Prometheus buckets are *cumulative*: the bucket `le="0.1"` counts every
//! observation `≤ 0.1`, so counts never decrease as `le` grows, and the last bucket,
//! `le="+Inf"`, counts everything and equals `_count`. `_sum` adds the observed values.
//!
//! A percentile cannot be read back exactly from buckets, only estimated.
//! [`histogram_quantile`] does what PromQL's `histogram_quantile()` does for classic
//! histograms (`promql/quantile.go`, `bucketQuantile`):
//!
//! 1. `q` is NaN → NaN; `q < 0` → `-Inf`; `q > 1` → `+Inf`.
//! 2. Buckets are sorted by `le`; if the highest is not `+Inf` → NaN. Buckets with the
//!    same `le` are merged (counts added); a count within relative `1e-12` of the
//!    previous one is set equal to it (float noise); then any *decrease* in the
//!    cumulative counts is flattened to the running maximum ("forced monotonicity",
//!    which happens when buckets were scraped or summed inconsistently).
//! 3. Fewer than two buckets, or zero observations → NaN.
//! 4. `rank = q · count(+Inf)`; the answer lies in the first bucket whose cumulative
//!    count reaches `rank`. Inside it the observations are *assumed spread evenly*, so
//!    the value is interpolated linearly between the bucket's lower and upper bound.
//! 5. The lowest bucket's lower bound is 0 if its `le` is positive; if its `le ≤ 0`, that
//!    `le` itself is returned. If `rank` falls in the `+Inf` bucket, the upper bound of
//!    the second-highest bucket is returned: nothing better is known.
//!
//! So a p99 is only as precise as the buckets around it: with buckets at 10 ms and
//! 100 ms, every p99 between them is a straight-line guess.
//!
//! [`TextWriter`] writes the text exposition format (version 0.0.4) that a `/metrics`
//! endpoint serves: `# HELP` and `# TYPE` lines, then one sample per line,
//! `name{label="value",…} value`. Names must match `[a-zA-Z_:][a-zA-Z0-9_:]*`, label
//! names `[a-zA-Z_][a-zA-Z0-9_]*` (and not start with `__`, reserved); label values
//! escape `\`, `"` and newline; HELP text escapes `\` and newline. Floats are written as
//! Go's Prometheus client writes them (`+Inf`, `-Inf`, `NaN`, `1.423904e+06`).

use std::fmt::{self, Write as _};

/// One cumulative bucket: how many observations were `≤ upper_bound`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Bucket {
    /// The bucket's `le`; the last bucket of a histogram is `f64::INFINITY`.
    pub upper_bound: f64,
    /// Observations `≤ upper_bound` (cumulative). A float, as after `rate()`.
    pub count: f64,
}

/// A quantile estimate and what had to be repaired to compute it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Quantile {
    /// The estimate (NaN or ±Inf in the special cases of the module docs).
    pub value: f64,
    /// Whether decreasing cumulative counts had to be flattened (PromQL then attaches an
    /// info annotation to the result).
    pub forced_monotonic: bool,
}

/// PromQL's `histogram_quantile(q, buckets)` for a classic histogram; see the module docs.
pub fn histogram_quantile(q: f64, buckets: &[Bucket]) -> f64 {
    bucket_quantile(q, buckets).value
}

/// [`histogram_quantile`], also saying whether monotonicity had to be forced.
pub fn bucket_quantile(q: f64, buckets: &[Bucket]) -> Quantile {
    let plain = |value| Quantile {
        value,
        forced_monotonic: false,
    };
    if q.is_nan() {
        return plain(f64::NAN);
    }
    if q < 0.0 {
        return plain(f64::NEG_INFINITY);
    }
    if q > 1.0 {
        return plain(f64::INFINITY);
    }
    let mut b: Vec<Bucket> = buckets.to_vec();
    crate::sort::insertion_sort_by(&mut b, |x, y| x.upper_bound.total_cmp(&y.upper_bound));
    match b.last() {
        Some(last) if last.upper_bound == f64::INFINITY => {}
        _ => return plain(f64::NAN),
    }
    coalesce(&mut b);
    correct_precision(&mut b, 1e-12);
    let forced = ensure_monotonic(&mut b);
    if b.len() < 2 {
        return plain(f64::NAN);
    }
    let n = b.len();
    let observations = b[n - 1].count;
    if observations == 0.0 {
        return plain(f64::NAN);
    }
    let mut rank = q * observations;
    // First bucket among all but +Inf whose count reaches the rank (Go's sort.Search).
    let i = b[..n - 1].partition_point(|x| x.count < rank);
    let value = if i == n - 1 {
        b[n - 2].upper_bound
    } else if i == 0 && b[0].upper_bound <= 0.0 {
        b[0].upper_bound
    } else {
        let end = b[i].upper_bound;
        let mut count = b[i].count;
        let mut start = 0.0;
        if i > 0 {
            start = b[i - 1].upper_bound;
            count -= b[i - 1].count;
            rank -= b[i - 1].count;
        }
        start + (end - start) * (rank / count)
    };
    Quantile {
        value,
        forced_monotonic: forced,
    }
}

/// Merges adjacent buckets with the same upper bound (input sorted).
fn coalesce(b: &mut Vec<Bucket>) {
    let mut out: Vec<Bucket> = Vec::with_capacity(b.len());
    for x in b.iter() {
        match out.last_mut() {
            Some(last) if last.upper_bound == x.upper_bound => last.count += x.count,
            _ => out.push(*x),
        }
    }
    *b = out;
}

/// Sets a count equal to the previous one when they differ by a relative `tolerance`.
fn correct_precision(b: &mut [Bucket], tolerance: f64) {
    let Some(first) = b.first() else { return };
    let mut prev = first.count;
    for x in b.iter_mut().skip(1) {
        let delta = (x.count - prev).abs();
        if delta == 0.0 {
            continue;
        }
        if delta / x.count <= tolerance {
            x.count = prev;
        } else {
            prev = x.count;
        }
    }
}

/// Flattens decreases to the running maximum; whether anything changed.
fn ensure_monotonic(b: &mut [Bucket]) -> bool {
    let mut forced = false;
    let Some(first) = b.first() else { return false };
    let mut max = first.count;
    for x in b.iter_mut().skip(1) {
        if x.count > max {
            max = x.count;
        } else if x.count < max {
            x.count = max;
            forced = true;
        }
    }
    forced
}

/// The Go client's default buckets (seconds): 5 ms to 10 s.
pub const DEFAULT_BUCKETS: [f64; 11] = [
    0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
];

/// Why a metric definition or sample was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MetricError {
    /// Bucket bounds must be finite and strictly increasing (`+Inf` is implicit).
    BadBuckets(String),
    /// A metric name not matching `[a-zA-Z_:][a-zA-Z0-9_:]*`.
    BadMetricName(String),
    /// A label name not matching `[a-zA-Z_][a-zA-Z0-9_]*`, or starting with `__`.
    BadLabelName(String),
    /// A histogram's own labels may not include `le` (it is the bucket label).
    ReservedLabel(String),
}

impl fmt::Display for MetricError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MetricError::BadBuckets(why) => write!(f, "bad histogram buckets: {why}"),
            MetricError::BadMetricName(n) => {
                write!(f, "metric name {n:?} does not match [a-zA-Z_:][a-zA-Z0-9_:]*")
            }
            MetricError::BadLabelName(n) => write!(
                f,
                "label name {n:?} does not match [a-zA-Z_][a-zA-Z0-9_]* or starts with the reserved \"__\""
            ),
            MetricError::ReservedLabel(n) => {
                write!(f, "label {n:?} is reserved for histogram buckets")
            }
        }
    }
}

impl std::error::Error for MetricError {}

/// A monotonically increasing count.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Counter {
    value: f64,
}

impl Counter {
    /// A counter at 0.
    pub fn new() -> Self {
        Self::default()
    }
    /// Adds one.
    pub fn inc(&mut self) {
        self.value += 1.0;
    }
    /// Adds `v`; refused (returns `false`, nothing changes) if `v` is negative or NaN,
    /// since a counter never goes down.
    pub fn add(&mut self, v: f64) -> bool {
        if v.is_nan() || v < 0.0 {
            return false;
        }
        self.value += v;
        true
    }
    /// The current value.
    pub fn get(&self) -> f64 {
        self.value
    }
}

/// A histogram with fixed upper bounds, kept per bucket (not cumulative) so `observe` is
/// one search and one increment; [`Histogram::buckets`] gives the cumulative view.
///
/// Invariant: `counts.len() == bounds.len() + 1` (the last is the `+Inf` bucket), and
/// `count == counts.iter().sum()`.
#[derive(Clone, Debug, PartialEq)]
pub struct Histogram {
    bounds: Vec<f64>,
    counts: Vec<u64>,
    sum: f64,
    count: u64,
}

impl Histogram {
    /// A histogram with these upper bounds (finite, strictly increasing; `+Inf` is added).
    pub fn new(bounds: &[f64]) -> Result<Self, MetricError> {
        for (i, b) in bounds.iter().enumerate() {
            if !b.is_finite() {
                return Err(MetricError::BadBuckets(format!(
                    "bound {i} is {}; +Inf is implicit and NaN is not a bound",
                    format_float(*b)
                )));
            }
            if i > 0 && *b <= bounds[i - 1] {
                return Err(MetricError::BadBuckets(format!(
                    "bounds must increase, but {} follows {}",
                    format_float(*b),
                    format_float(bounds[i - 1])
                )));
            }
        }
        Ok(Histogram {
            bounds: bounds.to_vec(),
            counts: vec![0; bounds.len() + 1],
            sum: 0.0,
            count: 0,
        })
    }

    /// A histogram with the Go client's [`DEFAULT_BUCKETS`]. Infallible: those bounds are
    /// valid, and skipping [`Histogram::new`]'s checks keeps its error messages (which
    /// print floats) out of a wasm module that only needs the defaults.
    pub fn with_default_buckets() -> Self {
        Histogram {
            bounds: DEFAULT_BUCKETS.to_vec(),
            counts: vec![0; DEFAULT_BUCKETS.len() + 1],
            sum: 0.0,
            count: 0,
        }
    }

    /// Records one observation: it lands in the first bucket with `v ≤ le` (NaN in `+Inf`,
    /// as the Go client does, and `_sum` becomes NaN).
    pub fn observe(&mut self, v: f64) {
        let i = self.bounds.partition_point(|b| *b < v);
        let i = if v.is_nan() { self.bounds.len() } else { i };
        self.counts[i] += 1;
        self.count += 1;
        self.sum += v;
    }

    /// The finite upper bounds.
    pub fn bounds(&self) -> &[f64] {
        &self.bounds
    }
    /// `_count`: the number of observations.
    pub fn count(&self) -> u64 {
        self.count
    }
    /// `_sum`: the sum of the observations.
    pub fn sum(&self) -> f64 {
        self.sum
    }

    /// The cumulative buckets, in increasing `le`, ending with `+Inf`.
    pub fn buckets(&self) -> Vec<Bucket> {
        let mut acc = 0u64;
        let mut out = Vec::with_capacity(self.counts.len());
        for (i, c) in self.counts.iter().enumerate() {
            acc += c;
            let upper_bound = self.bounds.get(i).copied().unwrap_or(f64::INFINITY);
            out.push(Bucket {
                upper_bound,
                count: acc as f64,
            });
        }
        out
    }

    /// `histogram_quantile(q, …)` over this histogram's buckets.
    pub fn quantile(&self, q: f64) -> f64 {
        histogram_quantile(q, &self.buckets())
    }

    /// Adds another histogram's observations (same bounds required; `false` otherwise).
    pub fn merge(&mut self, other: &Histogram) -> bool {
        if self.bounds != other.bounds {
            return false;
        }
        for (a, b) in self.counts.iter_mut().zip(&other.counts) {
            *a += b;
        }
        self.count += other.count;
        self.sum += other.sum;
        true
    }

    /// The difference `self − earlier` (observations made since `earlier` was copied);
    /// `None` if the bounds differ or `earlier` is not an earlier state of this one.
    pub fn since(&self, earlier: &Histogram) -> Option<Histogram> {
        if self.bounds != earlier.bounds || earlier.count > self.count {
            return None;
        }
        let mut counts = Vec::with_capacity(self.counts.len());
        for (a, b) in self.counts.iter().zip(&earlier.counts) {
            counts.push(a.checked_sub(*b)?);
        }
        Some(Histogram {
            bounds: self.bounds.clone(),
            counts,
            sum: self.sum - earlier.sum,
            count: self.count - earlier.count,
        })
    }
}

/// One scraped sample of a counter: a time in milliseconds and a value.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Sample {
    /// Timestamp, milliseconds.
    pub t_ms: i64,
    /// Value.
    pub value: f64,
}

/// PromQL's `increase(counter[range])` evaluated at `at_ms`, from samples in time order.
///
/// As Prometheus computes it (`promql/functions.go`, `extrapolatedRate`):
/// the samples in the left-open window `(at − range, at]` are used; fewer than two →
/// `None` (no result). The raw increase is last − first, plus the value before each drop
/// (a drop is a counter reset: the process restarted from 0). It is then *extrapolated*
/// towards the window's edges, because the samples rarely sit exactly on them: at each
/// end, if the gap to the edge is less than 1.1 × the average sample spacing, all the way
/// to the edge; otherwise by half a spacing. At the start, never further back than the
/// point where the counter would have been 0. So `increase` over whole numbers is often
/// not a whole number.
pub fn increase(samples: &[Sample], at_ms: i64, range_ms: i64) -> Option<f64> {
    extrapolated(samples, at_ms, range_ms, false)
}

/// PromQL's `rate(counter[range])`: [`increase`] divided by the range in seconds.
pub fn rate(samples: &[Sample], at_ms: i64, range_ms: i64) -> Option<f64> {
    extrapolated(samples, at_ms, range_ms, true)
}

fn extrapolated(samples: &[Sample], at_ms: i64, range_ms: i64, is_rate: bool) -> Option<f64> {
    if range_ms <= 0 {
        return None;
    }
    let start_ms = at_ms.saturating_sub(range_ms);
    let lo = samples.partition_point(|s| s.t_ms <= start_ms);
    let hi = samples.partition_point(|s| s.t_ms <= at_ms);
    let w = samples.get(lo..hi)?;
    if w.len() < 2 {
        return None;
    }
    let (first, last) = (w[0], w[w.len() - 1]);
    let mut result = last.value - first.value;
    for pair in w.windows(2) {
        if pair[1].value < pair[0].value {
            result += pair[0].value;
        }
    }
    let mut to_start = (first.t_ms - start_ms) as f64 / 1000.0;
    let mut to_end = (at_ms - last.t_ms) as f64 / 1000.0;
    let sampled = (last.t_ms - first.t_ms) as f64 / 1000.0;
    let avg = sampled / (w.len() - 1) as f64;
    let threshold = avg * 1.1;
    if to_start >= threshold {
        to_start = avg / 2.0;
    }
    let mut to_zero = to_start;
    if result > 0.0 && first.value >= 0.0 {
        to_zero = sampled * (first.value / result);
    }
    if to_zero < to_start {
        to_start = to_zero;
    }
    if to_end >= threshold {
        to_end = avg / 2.0;
    }
    let mut factor = (sampled + to_start + to_end) / sampled;
    if is_rate {
        factor /= range_ms as f64 / 1000.0;
    }
    Some(result * factor)
}

/// A float as the Prometheus text format writes it (Go's `strconv.FormatFloat(v, 'g',
/// -1, 64)` with `+Inf`, `-Inf`, `NaN`): shortest digits that read back exactly; the
/// exponent form when the decimal exponent is below −4 or at least 6.
pub fn format_float(v: f64) -> String {
    let mut s = String::new();
    write_float(&mut s, v);
    s
}

fn write_float(out: &mut String, v: f64) {
    if v.is_nan() {
        out.push_str("NaN");
    } else if v == f64::INFINITY {
        out.push_str("+Inf");
    } else if v == f64::NEG_INFINITY {
        out.push_str("-Inf");
    } else if v == 0.0 {
        out.push_str(if v.is_sign_negative() { "-0" } else { "0" });
    } else {
        let e = format!("{v:e}");
        let (mantissa, exp) = e.split_once('e').unwrap_or((&e, "0"));
        let exp: i32 = exp.parse().unwrap_or(0);
        if (-4..6).contains(&exp) {
            let _ = write!(out, "{v}");
        } else {
            let sign = if exp < 0 { '-' } else { '+' };
            let _ = write!(out, "{mantissa}e{sign}{:02}", exp.unsigned_abs());
        }
    }
}

/// Whether `name` is a valid metric name.
pub fn is_valid_metric_name(name: &str) -> bool {
    let mut chars = name.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_' || c == ':')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == ':')
}

/// Whether `name` is a valid label name for a sample (not reserved `__…`).
pub fn is_valid_label_name(name: &str) -> bool {
    let mut chars = name.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !name.starts_with("__")
}

/// The kind in a `# TYPE` line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MetricType {
    /// `counter`
    Counter,
    /// `gauge`
    Gauge,
    /// `histogram`
    Histogram,
    /// `untyped`
    Untyped,
}

impl MetricType {
    /// The word in the `# TYPE` line.
    pub fn as_str(self) -> &'static str {
        match self {
            MetricType::Counter => "counter",
            MetricType::Gauge => "gauge",
            MetricType::Histogram => "histogram",
            MetricType::Untyped => "untyped",
        }
    }
}

/// Label pairs for one series, in the order they are written.
pub type Labels<'a> = &'a [(&'a str, &'a str)];

/// Writes the Prometheus text exposition format, family by family. Every name is checked
/// before anything of it is written, so a refused call leaves the text unchanged.
#[derive(Clone, Debug, Default)]
pub struct TextWriter {
    out: String,
}

impl TextWriter {
    /// An empty exposition.
    pub fn new() -> Self {
        Self::default()
    }

    /// The `# HELP` and `# TYPE` lines that open a family.
    pub fn family(&mut self, name: &str, help: &str, kind: MetricType) -> Result<(), MetricError> {
        if !is_valid_metric_name(name) {
            return Err(MetricError::BadMetricName(name.to_string()));
        }
        let _ = write!(self.out, "# HELP {name} ");
        for c in help.chars() {
            match c {
                '\\' => self.out.push_str("\\\\"),
                '\n' => self.out.push_str("\\n"),
                c => self.out.push(c),
            }
        }
        let _ = writeln!(self.out, "\n# TYPE {name} {}", kind.as_str());
        Ok(())
    }

    /// One sample line: `name{labels} value` (an untyped sample if no family opened it).
    pub fn sample(&mut self, name: &str, labels: Labels, value: f64) -> Result<(), MetricError> {
        self.sample_with(name, labels, None, value)
    }

    fn sample_with(
        &mut self,
        name: &str,
        labels: Labels,
        extra: Option<(&str, f64)>,
        value: f64,
    ) -> Result<(), MetricError> {
        if !is_valid_metric_name(name) {
            return Err(MetricError::BadMetricName(name.to_string()));
        }
        if let Some((bad, _)) = labels.iter().find(|(n, _)| !is_valid_label_name(n)) {
            return Err(MetricError::BadLabelName(bad.to_string()));
        }
        self.out.push_str(name);
        if !labels.is_empty() || extra.is_some() {
            self.out.push('{');
            for (i, (n, v)) in labels.iter().enumerate() {
                if i > 0 {
                    self.out.push(',');
                }
                self.out.push_str(n);
                self.out.push_str("=\"");
                escape_label_value(&mut self.out, v);
                self.out.push('"');
            }
            if let Some((n, v)) = extra {
                if !labels.is_empty() {
                    self.out.push(',');
                }
                let _ = write!(self.out, "{n}=\"");
                write_float(&mut self.out, v);
                self.out.push('"');
            }
            self.out.push('}');
        }
        self.out.push(' ');
        write_float(&mut self.out, value);
        self.out.push('\n');
        Ok(())
    }

    /// A whole counter family: HELP, TYPE and one sample per series.
    pub fn counter(
        &mut self,
        name: &str,
        help: &str,
        series: &[(Labels, f64)],
    ) -> Result<(), MetricError> {
        self.check(name, series.iter().map(|s| s.0), false)?;
        self.family(name, help, MetricType::Counter)?;
        for (labels, v) in series {
            self.sample(name, labels, *v)?;
        }
        Ok(())
    }

    /// A whole histogram family: per series, `name_bucket{…,le="…"}` in increasing `le`
    /// ending with `+Inf`, then `name_sum` and `name_count`.
    pub fn histogram(
        &mut self,
        name: &str,
        help: &str,
        series: &[(Labels, &Histogram)],
    ) -> Result<(), MetricError> {
        self.check(name, series.iter().map(|s| s.0), true)?;
        self.family(name, help, MetricType::Histogram)?;
        let bucket = format!("{name}_bucket");
        let sum = format!("{name}_sum");
        let count = format!("{name}_count");
        for (labels, h) in series {
            for b in h.buckets() {
                self.sample_with(&bucket, labels, Some(("le", b.upper_bound)), b.count)?;
            }
            self.sample(&sum, labels, h.sum())?;
            self.sample(&count, labels, h.count() as f64)?;
        }
        Ok(())
    }

    fn check<'a>(
        &self,
        name: &str,
        mut series: impl Iterator<Item = Labels<'a>>,
        histogram: bool,
    ) -> Result<(), MetricError> {
        if !is_valid_metric_name(name) {
            return Err(MetricError::BadMetricName(name.to_string()));
        }
        series.try_for_each(|labels| {
            labels.iter().try_for_each(|(n, _)| {
                if !is_valid_label_name(n) {
                    Err(MetricError::BadLabelName(n.to_string()))
                } else if histogram && *n == "le" {
                    Err(MetricError::ReservedLabel(n.to_string()))
                } else {
                    Ok(())
                }
            })
        })
    }

    /// The text so far.
    pub fn as_str(&self) -> &str {
        &self.out
    }

    /// The finished exposition.
    pub fn finish(self) -> String {
        self.out
    }
}

/// Escapes a label value: `\` → `\\`, `"` → `\"`, newline → `\n`.
pub fn escape_label_value(out: &mut String, v: &str) {
    for c in v.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
}
