//! # The gossip family
//!
//! The widget of the *Gossip Protocol* post, built as one wasm module
//! (`families/gossip.js`): [`protocol`], a rumour spreading through 10 to 1,000 nodes
//! round by round on the engine ([`distlab_core::gossip`]), its curve beside the post's
//! `log_k(N)` and beside hundreds of seeded runs, and a heartbeat cluster whose
//! phi-accrual detectors suspect the node the reader kills.

pub mod protocol;

use distlab_kit::Family;

/// This family: its module name, stylesheet and widgets in gallery order.
pub static FAMILY: Family = Family {
    name: "gossip",
    style: include_str!(concat!(env!("OUT_DIR"), "/gossip.min.css")),
    widgets: &[protocol::ENTRY],
};

distlab_kit::family_module!(crate::FAMILY);
