//! # The cdc family
//!
//! The widget of the *Change Data Capture* post, built as one wasm module
//! (`families/cdc.js`): [`dual`], the application dual-writing its downstream stores
//! beside a change-data-capture pipeline fed by PostgreSQL's WAL, both driven by the
//! core's seeded model ([`distlab_core::cdc`]) under one workload and the same faults.
//!
//! Non-interactive parts are written as escaped HTML text (one raw node each): every
//! element of Yew's `html!` costs the module its own construction code.

pub mod dual;

use distlab_kit::Family;

/// This family: its module name, stylesheet and widgets in gallery order.
pub static FAMILY: Family = Family {
    name: "cdc",
    style: include_str!(concat!(env!("OUT_DIR"), "/cdc.min.css")),
    widgets: &[dual::ENTRY],
};

distlab_kit::family_module!(crate::FAMILY);
