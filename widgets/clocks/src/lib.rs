//! # The clocks family
//!
//! The widgets of three posts, *Logical Clocks*, *Lamport Timestamps* and *Vector
//! Clocks*, built as one wasm module (`families/clocks.js`). All three draw the same
//! kind of run on the kit's space-time diagram ([`distlab_kit::spacetime`]) and stamp its
//! events differently, with [`distlab_core::clocks`] doing the stamping:
//!
//! - [`logical`]: wall clocks that drift, and a causal pair they put in the wrong order;
//! - [`lamport`]: Lamport's three rules applied event by event, the total order, and a
//!   pair with L(a) < L(b) that is concurrent;
//! - [`vector`]: vector clocks, comparison of any two events, and the post's Dynamo
//!   example with siblings the reader resolves.
//!
//! [`common`] holds what the three share: the run the reader builds (events, messages,
//! picks, undo, presets, ShiViz import and export) and its controls.

pub mod common;
pub mod lamport;
pub mod logical;
pub mod vector;

use distlab_kit::Family;

/// This family: its module name, stylesheet and widgets in gallery order.
pub static FAMILY: Family = Family {
    name: "clocks",
    style: include_str!(concat!(env!("OUT_DIR"), "/clocks.min.css")),
    widgets: &[logical::ENTRY, lamport::ENTRY, vector::ENTRY],
};

distlab_kit::family_module!(crate::FAMILY);
