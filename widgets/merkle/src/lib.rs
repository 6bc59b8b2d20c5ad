//! # The Merkle tree family
//!
//! The widgets of the post *Merkle Trees: Efficiently Finding What's Different*, built as
//! one wasm module (`families/merkle.js`):
//!
//! - [`construction`]: hash the blocks, pair the hashes, reach the root — step by step;
//! - [`comparison`]: two replicas compared from the root down, skipping equal subtrees;
//! - [`use_cases`]: the same trees at work in Cassandra repair, Git objects, Bitcoin and
//!   Certificate Transparency logs (consistency proofs).
//!
//! Each widget is a folder: the component and its registry entry (`mod.rs`), its view
//! state (`model.rs`, pure and tested natively) and its stylesheet (`style.css`).

pub mod comparison;
pub mod construction;
pub mod out;
pub mod use_cases;

use distlab_kit::Family;

/// This family: its module name, stylesheet and widgets in gallery order.
pub static FAMILY: Family = Family {
    name: "merkle",
    style: include_str!(concat!(env!("OUT_DIR"), "/merkle.min.css")),
    widgets: &[comparison::ENTRY, construction::ENTRY, use_cases::ENTRY],
};

distlab_kit::family_module!(crate::FAMILY);
