//! # The observability family
//!
//! The widgets of the *Observability* post, built as one wasm module
//! (`families/observability.js`), all three driven by the core's seeded URL-shortener
//! model ([`distlab_core::observability::telemetry`]), so logs, metrics and traces come
//! from the same requests:
//!
//! - [`pillars`]: one live request stream as a log tail, metric panels (rate, error
//!   ratio, p50/p95/p99 by `histogram_quantile`, the Prometheus exposition text) and a
//!   trace list, with faults to inject;
//! - [`anatomy`]: one trace as a waterfall, span details, and the `traceparent` header
//!   parsed field by field and editable;
//! - [`investigation`]: the post's path from a p99 alert to the root cause, step by step,
//!   on the data the simulation produced.
//!
//! No float is ever printed through `core::fmt` (see [`shared`]): the module stays small.

pub mod anatomy;
pub mod investigation;
pub mod pillars;
pub mod shared;

use distlab_kit::Family;

/// This family: its module name, stylesheet and widgets in gallery order.
pub static FAMILY: Family = Family {
    name: "observability",
    style: include_str!(concat!(env!("OUT_DIR"), "/observability.min.css")),
    widgets: &[pillars::ENTRY, anatomy::ENTRY, investigation::ENTRY],
};

distlab_kit::family_module!(crate::FAMILY);
