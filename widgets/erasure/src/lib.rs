//! # The erasure coding family
//!
//! The widgets of the post *Erasure Coding: Fault Tolerance Without Full Replication*,
//! built as one wasm module (`families/erasure.js`):
//!
//! - [`encode`]: k data chunks, m parity chunks, every byte explained in GF(2^8);
//! - [`recovery`]: lose up to m chunks, invert the survivors' matrix, rebuild the data;
//! - [`vs_replication`]: storage, repair traffic and durability against r copies.
//!
//! Each widget is a folder: the component and its registry entry (`mod.rs`), its view
//! state (`model.rs`, pure and tested natively) and its stylesheet (`style.css`).

pub mod encode;
pub mod recovery;
pub mod vs_replication;

use distlab_kit::Family;

/// This family: its module name, stylesheet and widgets in gallery order.
pub static FAMILY: Family = Family {
    name: "erasure",
    style: include_str!(concat!(env!("OUT_DIR"), "/erasure.min.css")),
    widgets: &[encode::ENTRY, recovery::ENTRY, vs_replication::ENTRY],
};

distlab_kit::family_module!(crate::FAMILY);
