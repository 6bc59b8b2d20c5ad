//! # Observability: logs, metrics and traces from one system
//!
//! An observable system can be understood from what it emits. Three kinds of telemetry
//! answer three questions:
//!
//! - **logs**: *what happened?* Timestamped, structured (JSON) records of single events,
//!   each carrying the trace id and span id of the operation that wrote it, so a log line
//!   leads to its trace and a trace to its log lines.
//! - **metrics**: *how is the system behaving?* Numbers over time, cheap to keep: counters
//!   (requests, errors) and histograms (latency in buckets), from which rates, error
//!   ratios and percentiles (p50, p95, p99) are computed, and on which alerts fire.
//! - **traces**: *where did the time go?* One request's path through every service as a
//!   tree of spans (an operation with a start, an end, a parent), so the slow hop is
//!   visible at a glance.
//!
//! This module holds the real formats and arithmetic behind the observability widgets:
//!
//! - [`traceparent`]: the W3C Trace Context `traceparent` header that carries a trace
//!   from one service to the next, parsed and validated exactly as the spec says.
//! - [`prometheus`]: counters and cumulative-bucket histograms, `histogram_quantile` and
//!   `increase`/`rate` computed exactly as Prometheus computes them, and the text
//!   exposition format a Prometheus server scrapes.
//! - [`telemetry`]: a seeded, deterministic model of the series' URL shortener (redirect
//!   service, Redis cache, PostgreSQL) whose requests produce all three pillars from the
//!   same events, with faults to inject (missing index, cache outage, error burst, slow
//!   downstream).

pub mod prometheus;
pub mod telemetry;
pub mod traceparent;

pub use traceparent::{Traceparent, TraceparentError};
