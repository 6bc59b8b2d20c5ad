//! # The kubernetes family
//!
//! The widget of the *Docker & Kubernetes* post, built as one wasm module
//! (`families/kubernetes.js`). The post is nothing but this widget, so [`explainer`]
//! carries the whole explanation in three sections the reader steps through: containers
//! beside virtual machines, an image as layers with Docker's build cache
//! ([`distlab_core::kubernetes::image`]), and a small cluster whose controllers converge
//! observed state to desired state ([`distlab_core::kubernetes::Cluster`]).

pub mod explainer;

use distlab_kit::Family;

/// This family: its module name, stylesheet and widgets in gallery order.
pub static FAMILY: Family = Family {
    name: "kubernetes",
    style: include_str!(concat!(env!("OUT_DIR"), "/kubernetes.min.css")),
    widgets: &[explainer::ENTRY],
};

distlab_kit::family_module!(crate::FAMILY);
