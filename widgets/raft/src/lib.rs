//! # The Raft family
//!
//! The widget of the post *Raft: Consensus Made Understandable*, built as one wasm module
//! (`families/raft.js`):
//!
//! - [`properties`]: a live Raft cluster on the simulation engine — crash nodes, cut the
//!   network, write, rewind — with the five safety properties as live badges.
//!
//! Each widget is a folder: the component and its registry entry (`mod.rs`), its view
//! state (`model.rs`, pure and tested natively), its view and its stylesheet.

pub mod properties;

use distlab_kit::Family;

/// This family: its module name, stylesheet and widgets in gallery order.
pub static FAMILY: Family = Family {
    name: "raft",
    style: include_str!(concat!(env!("OUT_DIR"), "/raft.min.css")),
    widgets: &[properties::ENTRY],
};

distlab_kit::family_module!(crate::FAMILY);
