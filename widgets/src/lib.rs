//! # distlab-widgets
//!
//! Yew components for every distlab widget, the [`registry`] that maps a placeholder's
//! DOM id to its widget, and the [`mount`] API that fills every
//! `<div class="hn-embed-widget" id="…">` on a page from one wasm module.
//!
//! Layers: a widget turns [`distlab_core`] state into DOM and user input into core
//! calls; it never computes a hash or a protocol step itself.

pub mod controls;
pub mod erasure_encode;
pub mod erasure_recovery;
pub mod erasure_vs_replication;
pub mod merkle_comparison;
pub mod merkle_construction;
pub mod merkle_use_cases;
pub mod mount;
pub mod options;
pub mod raft_properties;
pub mod registry;
pub mod rng;
pub mod theme;

pub use mount::{mount_all, mount_element, MountOutcome};
pub use options::{OptionReader, WidgetOptions};
pub use registry::{find, WidgetEntry, REGISTRY};
